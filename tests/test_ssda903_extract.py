"""Reading and checking a 903 extract: each CSV recognised by its header, the XML file,
every problem by file, row and column, nothing computed from a broken extract; and the
synthetic extracts' known answers."""

from __future__ import annotations

from datetime import date

import pytest

from ssda903.pipeline import compute_from_files
from ssda903.synthetic import synthetic_extract

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
D = date(2024, 3, 31)


def _files(header_rows: str, episode_rows: str) -> list[tuple[str, bytes]]:
    return [("header.csv", (HEADER + header_rows).encode()), ("episodes.csv", (EPISODES + episode_rows).encode())]


GOOD_HEADER = "A1,1,01/05/2012,WBRI,,,\nA2,2,01/05/2010,WBRI,,,\n"
GOOD_EPISODES = "A1,01/01/2022,S,C2,N1,U1,PR1,01/06/2023,X1,,,,\nA1,01/06/2023,P,C2,N1,U1,PR1,,,,,,\nA2,01/01/2023,S,C2,N1,U1,PR1,,,,,,\n"


def _problems(computation) -> list[str]:
    return [str(p) for p in computation.problems]


def test_files_are_recognised_by_their_header_in_any_order_and_case():
    columns = EPISODES.strip().split(",")
    reordered = ",".join(c.lower() for c in reversed(columns)) + "\n"
    rows = "".join(",".join(reversed(r.split(","))) + "\n" for r in GOOD_EPISODES.strip().split("\n"))
    computation = compute_from_files(
        [("a.csv", (reordered + rows).encode()), ("b.csv", (HEADER + GOOD_HEADER).encode())], as_at=D
    )
    assert computation.problems == []
    assert computation.outcomes["1"].numerator == 2
    assert computation.summary[0] == "2 children; 3 episodes of 2 children, from 01/01/2022 to 01/06/2023."


def test_a_file_missing_a_column_is_named_with_what_it_lacks():
    header = EPISODES.replace(",DEC,", ",")
    computation = compute_from_files([("episodes.csv", (header + "A1,01/01/2022\n").encode())], as_at=D)
    assert _problems(computation) == [
        "episodes.csv: This looks like the Episodes table but has no “DEC” column. Its columns are: CHILD, DECOM, "
        "RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN."
    ]
    assert computation.outcomes == {}


def test_a_file_that_is_no_903_table_says_so():
    computation = compute_from_files([("notes.csv", b"name,age\nx,1\n")], as_at=D)
    assert "notes.csv: This is not a 903 table" in _problems(computation)[0]


@pytest.mark.parametrize(
    "episode_rows, expected",
    [
        (
            "A1,32/01/2022,S,C2,N1,U1,PR1,,,,,,\n",
            "episodes.csv: Row 2, column B (DECOM): “32/01/2022” is not a date (dd/mm/yyyy).",
        ),
        (
            "A1,2022-01-01,S,C2,N1,U1,PR1,,,,,,\n",
            "episodes.csv: Row 2, column B (DECOM): “2022-01-01” is not a date (dd/mm/yyyy).",
        ),
        (
            "A1,01/01/2022,S,C2,N1,U1,PR1,31/12/2021,E8,,,,\n",
            "episodes.csv: Row 2, column H (DEC): The episode ends (DEC 31/12/2021) before it starts (DECOM 01/01/2022).",
        ),
        (
            "A1,01/01/2022,Q,C2,N1,U1,PR1,,,,,,\n",
            "episodes.csv: Row 2, column C (RNE): “Q” is not a RNE code; it must be one of B, L, P, S, T, U.",
        ),
        (
            "A1,01/01/2022,S,C2,N1,U1,PR1,01/02/2022,,,,,\n",
            "episodes.csv: Row 2, column I (REC): The episode has an end date (DEC) but no reason it ended (REC).",
        ),
        (
            "A1,01/01/2022,S,C2,N1,U1,PR1,,,,,,\nA1,01/03/2022,P,C2,N1,U1,PR1,,,,,,\n",
            "episodes.csv: Row 3, column B (DECOM): Child A1's episode starting 01/03/2022 overlaps the one in row 2, "
            "which started 01/01/2022 and is still open.",
        ),
        (
            "A1,01/01/2022,S,C2,N1,U1,PR1,01/06/2022,X1,,,,\nA1,01/05/2022,P,C2,N1,U1,PR1,,,,,,\n",
            "episodes.csv: Row 3, column B (DECOM): Child A1's episode starting 01/05/2022 overlaps the one in row 2, "
            "which started 01/01/2022 and ends on 01/06/2022.",
        ),
        (
            "B9,01/01/2022,S,C2,N1,U1,PR1,,,,,,\n",
            "episodes.csv: Row 2, column A (CHILD): Child B9 is not in the Header table.",
        ),
    ],
)
def test_each_problem_is_reported_by_file_row_and_column_and_nothing_is_computed(episode_rows, expected):
    computation = compute_from_files(_files(GOOD_HEADER, episode_rows), as_at=D)
    assert expected in _problems(computation)
    assert computation.outcomes == {} and computation.summary == []


def test_problems_in_several_files_are_all_reported():
    computation = compute_from_files(
        _files("A1,3,01/05/2012,WBRI,,,\nA1,1,01/05/2012,WBRI,,,\n", GOOD_EPISODES), as_at=D
    )
    assert _problems(computation) == [
        "header.csv: Row 2, column B (SEX): “3” is not a SEX code; it must be one of 1, 2.",
        "header.csv: Row 3, column A (CHILD): Child A1 is in this table more than once.",
    ]


def test_a_table_given_twice_or_no_episodes_table_is_refused():
    twice = compute_from_files(
        [*_files(GOOD_HEADER, GOOD_EPISODES), ("again.csv", (HEADER + GOOD_HEADER).encode())], as_at=D
    )
    assert _problems(twice) == [
        "again.csv: This is a second Header table (the first is in header.csv). Give each once."
    ]
    alone = compute_from_files([("header.csv", (HEADER + GOOD_HEADER).encode())], as_at=D)
    assert _problems(alone) == [
        "header.csv: There is no Episodes table among the files. Tables found: Header (header.csv)."
    ]


def test_an_excel_or_empty_file_is_refused():
    assert "Excel file" in _problems(compute_from_files([("x.xlsx", b"PK\x03\x04rest")], as_at=D))[0]
    assert _problems(compute_from_files([("x.csv", b"  ")], as_at=D)) == ["x.csv: The file is empty."]


XML = """<?xml version="1.0" encoding="utf-8"?>
<EXPSSDA903>
  <CHILD>
    <HEADER><CHILDID>A1</CHILDID><SEX>1</SEX><DOB>01/05/2012</DOB><ETHNIC>WBRI</ETHNIC><UPN/><MOTHER/><MC_DOB/>
      <AMISSING><MISSING>M</MISSING><MIS_START>01/06/2023</MIS_START><MIS_END/></AMISSING>
      <OC2><SDQ_SCORE/><SDQ_REASON/><CONVICTED>0</CONVICTED><HEALTH_CHECK>1</HEALTH_CHECK><IMMUNISATIONS>1</IMMUNISATIONS>
        <TEETH_CHECK>0</TEETH_CHECK><HEALTH_ASSESSMENT>1</HEALTH_ASSESSMENT><SUBSTANCE_MISUSE>0</SUBSTANCE_MISUSE>
        <INTERVENTION_RECEIVED/><INTERVENTION_OFFERED/></OC2>
    </HEADER>
    <EPISODE><DECOM>01/01/2022</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER>
      <DEC>01/06/2023</DEC><REC>X1</REC><REASON_PLACE_CHANGE/><HOME_POST/><PL_POST/><URN/></EPISODE>
    <EPISODE><DECOM>01/06/2023</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER>
      <DEC/><REC/><REASON_PLACE_CHANGE/><HOME_POST/><PL_POST/><URN/></EPISODE>
  </CHILD>
  <CHILD>
    <HEADER><CHILDID>A2</CHILDID><SEX>2</SEX><DOB>01/05/2010</DOB><ETHNIC>WBRI</ETHNIC></HEADER>
    <EPISODE><DECOM>01/01/2023</DECOM><RNE>S</RNE><LS>C2</LS><DEC>01/02/2023</DEC><REC>E11</REC></EPISODE>
  </CHILD>
</EXPSSDA903>
"""


def test_the_903_xml_file_gives_every_table():
    computation = compute_from_files([("return.xml", XML.encode())], as_at=D)
    assert computation.problems == []
    assert computation.outcomes["1"].children == ("A1",)
    assert (computation.outcomes["14"].numerator, computation.outcomes["14"].denominator) == (1, 1)
    assert (computation.outcomes["10"].numerator, computation.outcomes["10"].denominator) == (1, 1)


def test_xml_problems_name_the_record():
    computation = compute_from_files([("return.xml", XML.replace("<RNE>P</RNE>", "<RNE>Z</RNE>").encode())], as_at=D)
    assert _problems(computation) == [
        "return.xml, EPISODE 2, RNE: “Z” is not a RNE code; it must be one of B, L, P, S, T, U."
    ]


def test_xml_with_a_dtd_is_refused():
    hostile = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><EXPSSDA903>&a;</EXPSSDA903>'
    assert "could not be read" in _problems(compute_from_files([("bad.xml", hostile.encode())], as_at=D))[0]


@pytest.mark.parametrize(
    "as_at, seed", [(date(2024, 3, 31), 1), (date(2023, 12, 31), 2), (date(2024, 2, 29), 3), (date(2023, 6, 30), 4)]
)
def test_synthetic_extracts_give_their_known_answers(as_at, seed):
    synthetic = synthetic_extract(episodes=2500, as_at=as_at, seed=seed)
    computation = compute_from_files(
        list(synthetic.files.items()), as_at=as_at, population=60452, postcodes=("postcodes.csv", synthetic.postcodes)
    )
    assert computation.problems == []
    got = {ref: (o.numerator, o.denominator) for ref, o in computation.outcomes.items() if ref in synthetic.expected}
    assert got == synthetic.expected
    assert set(synthetic.expected) >= {"1", "5", "6", "11", "12", "13", "14"}


def test_codes_are_read_whatever_their_case():
    computation = compute_from_files(_files(GOOD_HEADER, GOOD_EPISODES.replace(",P,C2,", ",p,c2,")), as_at=D)
    assert computation.problems == []
    assert computation.outcomes["1"].numerator == 2


def test_files_past_the_caps_are_refused_before_they_are_read(monkeypatch):
    monkeypatch.setattr("ssda903.readers.MAX_ROWS", 2)
    rows = GOOD_EPISODES  # three rows
    assert _problems(compute_from_files(_files(GOOD_HEADER, rows), as_at=D)) == [
        "episodes.csv: The file has more than 2 rows."
    ]
    monkeypatch.setattr("ssda903.readers.MAX_FILE_BYTES", 100)
    assert "episodes.csv: The file is larger than 0 MB." in _problems(
        compute_from_files(_files(GOOD_HEADER, rows), as_at=D)
    )
    wide = ",".join(f"C{n}" for n in range(61)) + "\n"
    monkeypatch.setattr("ssda903.readers.MAX_FILE_BYTES", 10_000)
    assert "a 903 table has at most 13" in _problems(compute_from_files([("wide.csv", wide.encode())], as_at=D))[0]


def _as_xml(synthetic) -> bytes:
    """The synthetic CSV tables written as one DfE 903 XML file."""
    import csv
    import io
    from xml.sax.saxutils import escape

    def rows(name):
        return list(csv.DictReader(io.StringIO(synthetic.files[name].decode()))) if name in synthetic.files else []

    def leaves(row, skip=("CHILD",), rename=None):
        rename = rename or {}
        return "".join(f"<{rename.get(k, k)}>{escape(v)}</{rename.get(k, k)}>" for k, v in row.items() if k not in skip)

    by_child = {}
    for table in ("episodes.csv", "missing.csv", "oc2.csv", "oc3.csv"):
        for row in rows(table):
            by_child.setdefault((table, row["CHILD"]), []).append(row)
    out = ['<?xml version="1.0" encoding="utf-8"?><EXPSSDA903>']
    for head in rows("header.csv"):
        child = head["CHILD"]
        oc3 = by_child.get(("oc3.csv", child), [])
        out.append(f"<CHILD><HEADER><CHILDID>{child}</CHILDID>{leaves(head)}")
        out += [leaves(r, skip=("CHILD", "DOB")) for r in oc3]
        out += [
            f"<AMISSING>{leaves(r, skip=('CHILD', 'DOB'))}</AMISSING>" for r in by_child.get(("missing.csv", child), [])
        ]
        out += [f"<OC2>{leaves(r, skip=('CHILD', 'DOB'))}</OC2>" for r in by_child.get(("oc2.csv", child), [])]
        out.append("</HEADER>")
        out += [
            f"<EPISODE>{leaves(r, rename={'PLACE': 'PL'})}</EPISODE>" for r in by_child.get(("episodes.csv", child), [])
        ]
        out.append("</CHILD>")
    out.append("</EXPSSDA903>")
    return "".join(out).encode()


def test_the_xml_file_gives_the_same_figures_as_the_csv_files():
    synthetic = synthetic_extract(episodes=1200, as_at=D, seed=7)
    from_csv = compute_from_files(list(synthetic.files.items()), as_at=D, population=60452)
    from_xml = compute_from_files([("return.xml", _as_xml(synthetic))], as_at=D, population=60452)
    assert from_xml.problems == []
    assert from_xml.outcomes == from_csv.outcomes


def test_an_episodes_table_without_episodes_gives_no_figures():
    computation = compute_from_files(_files(GOOD_HEADER, ""), as_at=D)
    assert _problems(computation) == ["episodes.csv: The Episodes table has a header row but no episodes."]


def test_the_postcode_lookup_reads_the_ons_directory_headings():
    from ssda903.postcodes import read_postcodes

    lookup, problems = read_postcodes("nspl.csv", b"pcd,pcds,oseast1m,osnrth1m\nHA11AA,HA1 1AA,515000,188000\n")
    assert problems == []
    assert lookup.to_dict("records") == [{"postcode": "HA11AA", "easting": 515000.0, "northing": 188000.0}]


def test_a_postcode_lookup_problem_stops_the_computation():
    bad = ("postcodes.csv", b"postcode,easting,northing\nHA1 1AA,five,188000\n")
    computation = compute_from_files(_files(GOOD_HEADER, GOOD_EPISODES), as_at=D, postcodes=bad)
    assert _problems(computation) == ["postcodes.csv: Row 2, column B (easting): “five” is not a number of metres."]
    assert computation.outcomes == {}


def test_dates_in_messages_are_shown_day_first_as_the_file_wrote_them():
    """A day of 12 or less must not be read month first: 01/09/2021 is 1 September."""
    ended_early = compute_from_files(_files(GOOD_HEADER, "A1,01/09/2021,S,C2,N1,U1,PR1,01/08/2021,E8,,,,\n"), as_at=D)
    assert (
        "episodes.csv: Row 2, column H (DEC): The episode ends (DEC 01/08/2021) before it starts (DECOM 01/09/2021)."
        in _problems(ended_early)
    )
    missing = "CHILD,DOB,MISSING,MIS_START,MIS_END\nA1,01/05/2012,M,03/02/2023,02/01/2023\n"
    backwards = compute_from_files([*_files(GOOD_HEADER, GOOD_EPISODES), ("missing.csv", missing.encode())], as_at=D)
    assert any(
        "The missing episode ends (02/01/2023) before it starts (03/02/2023)." in p for p in _problems(backwards)
    )
