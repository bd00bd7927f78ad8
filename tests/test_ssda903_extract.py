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


def _issues(computation) -> list[str]:
    return [str(i) for i in computation.issues]


def test_a_file_missing_a_column_is_read_with_it_blank_quoting_the_files_own_header():
    header = EPISODES.replace(",DEC,", ",").lower()
    computation = compute_from_files(
        [("episodes.csv", (header + "A1,01/01/2022,S,C2,N1,U1,PR1,,,,,\n").encode())], as_at=D
    )
    assert computation.problems == []
    assert _issues(computation) == [
        "episodes.csv, Episodes, DEC: The file has no DEC column, so it is read as blank (the file's header row: "
        "“child,decom,rne,ls,cin,place,place_provider,rec,reason_place_change,home_post,pl_post,urn”)."
    ]
    # the figures that read DEC say why they are not computed; nothing else is lost
    assert "no DEC column" in computation.outcomes["1"].reason
    assert computation.outcomes["9"].reason == "No OC2 table was given."


def test_a_file_that_is_no_903_table_says_so_quoting_its_header():
    computation = compute_from_files([("notes.csv", b"name,age\nx,1\n")], as_at=D)
    assert "notes.csv: This is not a 903 table: its header row (“name,age”)" in _problems(computation)[0]
    assert computation.outcomes == {}


@pytest.mark.parametrize(
    "episode_rows, expected, affects",
    [
        (
            "A1,32/01/2022,S,C2,N1,U1,PR1,,,,,,\nA2,01/01/2023,S,C2,N1,U1,PR1,,,,,,\n",
            "Rule 141: episodes.csv, Episodes row 2, column B (DECOM): “32/01/2022” is not a date (dd/mm/yyyy).",
            ["1", "3", "5", "6", "13", "14"],
        ),
        (
            "A1,01/01/2022,S,C2,N1,U1,PR1,31/12/2021,E8,,,,\n",
            "Rule 356: episodes.csv, Episodes row 2, column H (DEC): The episode ends (DEC 31/12/2021) before it "
            "starts (DECOM 01/01/2022).",
            ["1", "3", "5", "6", "11", "12", "13", "14"],
        ),
        (
            "A1,01/01/2022,Q,C2,N1,U1,PR1,,,,,,\n",
            "Rule 143: episodes.csv, Episodes row 2, column C (RNE): “Q” is not a RNE code in 2023-24; it must be one "
            "of B, L, P, S, T, U.",
            ["1", "3", "5", "6", "13", "14"],
        ),
        (
            "A1,01/01/2022,S,C2,N1,U1,PR1,01/02/2022,,,,,\n",
            "Rule 148: episodes.csv, Episodes row 2, column I (REC): The episode has an end date (DEC) but no reason "
            "it ended (REC).",
            ["11", "12"],
        ),
        (
            "A1,01/01/2022,S,C2,N1,U1,PR1,,,,,,\nA1,01/03/2022,P,C2,N1,U1,PR1,,,,,,\n",
            "Rule 501: episodes.csv, Episodes row 3, column B (DECOM): Child A1's episode starting 01/03/2022 "
            "overlaps the one in row 2, which started 01/01/2022 and is still open.",
            ["1", "3", "5", "6", "11", "12", "13", "14"],
        ),
        (
            "A1,01/01/2022,S,C2,N1,U1,PR1,01/06/2022,X1,,,,\nA1,01/05/2022,P,C2,N1,U1,PR1,,,,,,\n",
            "Rule 501: episodes.csv, Episodes row 3, column B (DECOM): Child A1's episode starting 01/05/2022 "
            "overlaps the one in row 2, which started 01/01/2022 and ends on 01/06/2022.",
            ["1", "3", "5", "6", "11", "12", "13", "14"],
        ),
        (
            "B9,01/01/2022,S,C2,N1,U1,PR1,,,,,,\n",
            "Rule INT03: episodes.csv, Episodes row 2, column A (CHILD): Child B9 is not in the Header table.",
            ["6"],
        ),
        (
            "A1,01/01/2022,S,C2,N1,Q9,PR1,,,,,,\n",
            "Rule 146: episodes.csv, Episodes row 2, column F (PLACE): “Q9” is not a PLACE code in 2023-24; it must "
            "be one of A3, A4, A5, A6, H5, K1, K2, P1, P2, P3, R1, R2, R3, R5, S1, T0, T1, T2, T3, T4, U1, U2, U3, "
            "U4, U5, U6, Z1.",
            [],
        ),
    ],
)
def test_each_issue_carries_its_rule_and_the_figures_it_touches_and_the_rest_are_computed(
    episode_rows, expected, affects
):
    computation = compute_from_files(_files(GOOD_HEADER, episode_rows), as_at=D)
    assert computation.problems == []
    issue = next(i for i in computation.issues if str(i) == expected)
    assert issue.affects == affects
    assert issue.child in ("A1", "B9")
    assert computation.outcomes["1"].numerator is not None  # computed despite the issue
    for ref in affects:
        if ref in computation.left_out:
            assert issue.child in computation.left_out[ref].children
    untouched = {"1", "3", "5", "6", "11", "12", "13", "14"} - set(affects)
    assert not untouched & set(computation.left_out)


def test_children_left_out_are_counted_per_indicator_with_the_reason():
    """A1's two episodes overlap (rule 501): A1 is left out of every figure that reads the
    episodes, and the others are computed from A2 alone; the Header's bad SEX code changes
    no figure."""
    episodes = (
        "A1,01/01/2022,S,C2,N1,U1,PR1,,,,,,\nA1,01/03/2022,P,C2,N1,U1,PR1,,,,,,\nA2,01/01/2023,S,C2,N1,U1,PR1,,,,,,\n"
    )
    computation = compute_from_files(_files(GOOD_HEADER.replace("A2,2,", "A2,7,"), episodes), as_at=D)
    assert computation.outcomes["1"].numerator == 1 and computation.outcomes["1"].children == ("A2",)
    left = computation.left_out["1"]
    assert (left.count, left.children, left.text) == (1, ("A1",), "1 child left out: overlapping episodes (rule 501)")
    sex = next(i for i in computation.issues if i.field == "SEX")
    assert (sex.rule, sex.affects) == ("101", [])
    assert "1" not in computation.left_out or "SEX" not in computation.left_out["1"].text


def test_issues_in_several_files_are_all_listed():
    computation = compute_from_files(
        _files("A1,3,01/05/2012,WBRI,,,\nA1,1,01/05/2012,WBRI,,,\n", GOOD_EPISODES), as_at=D
    )
    assert _issues(computation) == [
        "Rule 101: header.csv, Header row 2, column B (SEX): “3” is not a SEX code in 2023-24; it must be one of 1, 2.",
        "Rule INT32: header.csv, Header row 3, column A (CHILD): Child A1 is in this table more than once.",
        "Rule INT03: episodes.csv, Episodes row 4, column A (CHILD): Child A2 is not in the Header table.",
    ]


def test_a_date_column_unreadable_in_every_row_stops_the_computation():
    computation = compute_from_files(_files(GOOD_HEADER, "A1,2022-01-01,S,C2,N1,U1,PR1,,,,,,\n"), as_at=D)
    assert _problems(computation) == [
        "episodes.csv: column B (DECOM): No row's DECOM can be read as a date (dd/mm/yyyy): the first reads "
        "“2022-01-01”. Export the dates as dd/mm/yyyy."
    ]
    assert computation.outcomes == {}


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


def test_xml_issues_name_the_record():
    computation = compute_from_files([("return.xml", XML.replace("<RNE>P</RNE>", "<RNE>Z</RNE>").encode())], as_at=D)
    assert _issues(computation) == [
        "Rule 143: return.xml, Episodes EPISODE 2, RNE: “Z” is not a RNE code in 2023-24; it must be one of B, L, P, "
        "S, T, U."
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
    assert computation.problems == [] and _issues(computation) == []
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
        "Rule 356: episodes.csv, Episodes row 2, column H (DEC): The episode ends (DEC 01/08/2021) before it starts "
        "(DECOM 01/09/2021)." in _issues(ended_early)
    )
    missing = "CHILD,DOB,MISSING,MIS_START,MIS_END\nA1,01/05/2012,M,03/02/2023,02/01/2023\n"
    backwards = compute_from_files([*_files(GOOD_HEADER, GOOD_EPISODES), ("missing.csv", missing.encode())], as_at=D)
    assert any("The missing episode ends (02/01/2023) before it starts (03/02/2023)." in p for p in _issues(backwards))


# --- DfE's code lists by collection year -------------------------------------------------------

OC3_COLUMNS = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"


def _with_oc3(rows: str, as_at: date = D):
    header = GOOD_HEADER + "L1,1,01/05/2004,WBRI,,,\nL2,1,01/05/2004,WBRI,,,\n"
    return compute_from_files([*_files(header, GOOD_EPISODES), ("oc3.csv", (OC3_COLUMNS + rows).encode())], as_at=as_at)


def test_zero_in_activ_and_accom_is_dfes_code_for_not_known():
    computation = _with_oc3("L1,01/05/2004,DIED,0,0\nL2,01/05/2004,NO,0,0\n")
    assert _issues(computation) == []
    assert (computation.outcomes["7"].numerator, computation.outcomes["7"].denominator) == (0, 1)


def test_blank_activ_is_refused_as_dfe_refuses_it_and_leaves_the_leaver_out_of_neet_only():
    computation = _with_oc3("L1,01/05/2004,YES,,U1\nL2,01/05/2004,YES,G4,U1\n")
    assert _issues(computation) == [
        "Rule 132: oc3.csv, OC3 row 2, column D (ACTIV): The ACTIV code is blank; it must be one of 0, F1, F2, F4, "
        "F5, G4, G5, G6, P1, P2, P4, P5."
    ]
    assert computation.left_out["8"].text == "1 child left out: ACTIV code not DfE's (rule 132)"
    assert (computation.outcomes["8"].numerator, computation.outcomes["8"].denominator) == (1, 1)
    assert "7" not in computation.left_out
    assert (computation.outcomes["7"].numerator, computation.outcomes["7"].denominator) == (2, 2)


def test_codes_in_lower_case_are_dfes_codes_and_leading_zeros_are_not():
    lower = _with_oc3("L1,01/05/2004,yes,g4,u1\nL2,01/05/2004,rhom,0,0\n")
    assert _issues(lower) == []
    assert (lower.outcomes["8"].numerator, lower.outcomes["8"].denominator) == (1, 1)
    oc2 = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
    padded = compute_from_files(
        [*_files(GOOD_HEADER, GOOD_EPISODES), ("oc2.csv", (oc2 + "A1,01/05/2012,,,0,1,1,01,1,0,,\n").encode())],
        as_at=D,
    )
    assert [i.rule for i in padded.issues] == ["181"]
    assert "“01” is not a TEETH_CHECK code" in padded.issues[0].message
    assert padded.issues[0].affects == ["9"]


@pytest.mark.parametrize(
    "sex, as_at, rule_hit",
    [("1", date(2024, 3, 31), False), ("M", date(2024, 3, 31), True), ("M", date(2024, 6, 30), False),
     ("1", date(2024, 6, 30), True)],
)  # fmt: skip
def test_a_code_valid_in_one_collection_year_only(sex, as_at, rule_hit):
    """SEX is 1 or 2 to 2023-24, M, F or U from 2024-25: the year whose 31 March is on or after D."""
    other = "2" if as_at.month == 3 else "F"
    header = f"A1,{sex},01/05/2012,WBRI,,,\nA2,{other},01/05/2010,WBRI,,,\n"
    computation = compute_from_files(_files(header, GOOD_EPISODES), as_at=as_at)
    assert [i.rule for i in computation.issues] == (["101"] if rule_hit else [])
    assert computation.collection_year == ("2023-24" if as_at.month == 3 else "2024-25")


def test_placement_codes_follow_the_collection_year():
    k3 = GOOD_EPISODES.replace("A2,01/01/2023,S,C2,N1,U1,", "A2,01/01/2023,S,C2,N1,K3,")
    assert [i.rule for i in compute_from_files(_files(GOOD_HEADER, k3), as_at=D).issues] == ["146"]  # 2023-24
    later = GOOD_HEADER.replace(",1,", ",M,").replace(",2,", ",F,")
    assert compute_from_files(_files(later, k3), as_at=date(2024, 12, 31)).issues == []  # DfE's new code in 2024-25


def test_an_extract_older_than_the_known_code_lists_uses_the_oldest_saying_so():
    computation = compute_from_files(_files(GOOD_HEADER, GOOD_EPISODES), as_at=date(2021, 3, 31))
    assert computation.collection_year == "2022-23"
    assert (
        "DfE's code lists for 2020-21 are not kept here; the oldest known year's (2022-23) are used."
        in (computation.summary[-1])
    )


def test_the_code_lists_are_data_one_file_per_collection_year():
    from ssda903 import codes

    assert codes.known_years() == ["2022-23", "2023-24", "2024-25", "2025-26", "2026-27"]
    assert codes.collection_year(date(2024, 3, 31)) == "2023-24"
    assert codes.collection_year(date(2024, 4, 1)) == "2024-25"
    place = codes.lists_for(date(2025, 12, 31)).fields[("Episodes", "PLACE")]
    assert {"Z11", "K3"} <= place.codes and not {"Z1", "H5", "P2"} & place.codes


# --- every table of the return -------------------------------------------------------------------

NEW_TABLES = {
    "uasc.csv": ("UASC", "CHILD,SEX,DOB,DUC\nA1,1,01/05/2012,01/05/2030\n"),
    "ad1.csv": ("AD1", "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n"
                "A2,01/05/2010,01/02/2023,01/03/2023,0,2,MF,L0\n"),
    "placed.csv": ("PlacedAdoption", "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n"
                   "A2,01/05/2010,01/01/2023,,\n"),
    "prevperm.csv": ("PrevPerm", "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\nA1,01/05/2012,Z1,,\n"),
    "sw.csv": ("SWEpisodes", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nA1,01/05/2012,SW1,01/01/2022,,MANAGE\n"),
    "reviews.csv": ("Reviews", "CHILD,DOB,REVIEW,REVIEW_CODE\nA1,01/05/2012,01/07/2023,PN1\n"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(NEW_TABLES))
def test_every_table_of_the_return_is_recognised_and_listed_as_read_and_not_needed(name):
    table, content = NEW_TABLES[name]
    computation = compute_from_files([*_files(GOOD_HEADER, GOOD_EPISODES), (name, content.encode())], as_at=D)
    assert computation.problems == [] and _issues(computation) == []
    assert f"{table}: 1 rows (read; no figure uses it)." in computation.summary
    assert computation.outcomes["1"].numerator == 2


def test_the_uasc_table_is_not_taken_for_the_header_and_a_header_with_a_uasc_column_is_the_header():
    uasc = ("uasc.csv", NEW_TABLES["uasc.csv"][1].encode())
    computation = compute_from_files([*_files(GOOD_HEADER, GOOD_EPISODES), uasc], as_at=D)
    assert computation.rows == {"Header": 2, "Episodes": 3, "UASC": 1}
    with_uasc = HEADER.strip() + ",UASC\n" + "".join(r + ",0\n" for r in GOOD_HEADER.strip().split("\n"))
    computation = compute_from_files(
        [("header.csv", with_uasc.encode()), ("episodes.csv", (EPISODES + GOOD_EPISODES).encode())], as_at=D
    )
    assert computation.problems == [] and computation.rows["Header"] == 2


def test_the_xml_gives_the_adoption_permanence_and_uasc_tables():
    xml = XML.replace(
        "<MC_DOB/>",
        "<MC_DOB/><UASC>0</UASC><DUC/><DATE_INT>01/02/2023</DATE_INT><DATE_MATCH/><FOSTER_CARE>0</FOSTER_CARE>"
        "<NB_ADOPTR>1</NB_ADOPTR><SEX_ADOPTR>M1</SEX_ADOPTR><LS_ADOPTR>L0</LS_ADOPTR>"
        "<AD_PLACED><DATE_PLACED>01/03/2023</DATE_PLACED><DATE_PLACED_CEASED/><REASON_PLACED_CEASED/></AD_PLACED>"
        "<PERMANENCE><PREV_PERM>Z1</PREV_PERM><LA_PERM/><DATE_PERM/></PERMANENCE>",
    )
    computation = compute_from_files([("return.xml", xml.encode())], as_at=D)
    assert computation.problems == [] and _issues(computation) == []
    assert {k: computation.rows[k] for k in ("UASC", "AD1", "PlacedAdoption", "PrevPerm")} == {
        "UASC": 1, "AD1": 1, "PlacedAdoption": 1, "PrevPerm": 1
    }  # fmt: skip


@pytest.mark.parametrize(
    "name, content, rule, affects",
    [
        ("header.csv", HEADER + "A1,1,31/13/2012,WBRI,,,\nA2,2,01/05/2010,WBRI,,,\n", "102", ["6"]),
        ("missing.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END\nA1,01/05/2012,M,1/6/2023,\nA2,,M,x,\n", "1004", ["14"]),
        ("missing.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END\nA1,01/05/2012,Q,01/06/2023,\n", "1006", ["14"]),
        ("oc3.csv", OC3_COLUMNS + "A1,01/05/2012,YES,F1,U1\nA1,01/05/2012,YES,F1,U1\n", "INT34", ["7", "8"]),
        ("oc3.csv", OC3_COLUMNS + "A1,01/05/2012,YES,F1,X1\n", "133", ["7"]),
        ("reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nA1,01/05/2012,01/07/2023,PN9\n", "167", []),
        ("reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nZ9,01/05/2012,01/07/2023,PN1\n", "INT08", ["6"]),
    ],
)
def test_one_issue_of_each_kind_in_each_table_says_which_indicators_it_touches(name, content, rule, affects):
    header = (HEADER + GOOD_HEADER).encode()
    given = {"header.csv": header, "episodes.csv": (EPISODES + GOOD_EPISODES).encode(), name: content.encode()}
    computation = compute_from_files(list(given.items()), as_at=D)
    assert computation.problems == []
    assert [(i.rule, i.affects) for i in computation.issues] == [(rule, affects)]
    assert computation.outcomes["1"].numerator == 2  # computed all the same


def test_a_file_with_few_of_a_tables_columns_is_not_taken_for_it():
    computation = compute_from_files([*_files(GOOD_HEADER, GOOD_EPISODES), ("notes.csv", b"CHILD,LS,NOTE\nA1,C2,x\n")],
                                     as_at=D)  # fmt: skip
    assert _problems(computation) == [
        "notes.csv: This is not a 903 table: its header row (“CHILD,LS,NOTE”) has too few of any DfE table's column "
        "names (for episodes: CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, "
        "HOME_POST, PL_POST, URN)."
    ]


def test_a_dfe_shaped_return_with_every_table_and_a_handful_of_issues_computes_every_quarter():
    synthetic = synthetic_extract(episodes=1500, as_at=D, seed=21)
    files = dict(synthetic.files)
    episodes = files["episodes.csv"].decode().split("\n")
    first = episodes[1].split(",")
    # an overlap: the first child's first episode again, a day later; and a bad legal status
    overlap = ",".join([first[0], first[1].replace(first[1][:2], "02" if first[1][:2] != "02" else "03"), *first[2:]])
    bad_ls = episodes[2].split(",")
    bad_ls[3] = "Q7"
    files["episodes.csv"] = "\n".join([*episodes[:2], ",".join(bad_ls), *episodes[3:-1], overlap, ""]).encode()
    files.update({name: content.encode() for name, (_, content) in NEW_TABLES.items()})
    computation = compute_from_files(
        list(files.items()), as_at=D, population=60452, postcodes=("postcodes.csv", synthetic.postcodes), history=True
    )
    assert computation.problems == []
    rules = sorted({i.rule for i in computation.issues})
    assert {"144", "501"} <= set(rules)
    # the new tables' children (A1, A2) are not in this Header: listed, and they touch no figure but 6
    assert {"INT01", "INT02", "INT07", "INT08", "INT09"} <= set(rules)
    assert all(i.affects == ["6"] for i in computation.issues if i.rule.startswith("INT"))
    for table in ("UASC", "AD1", "PlacedAdoption", "PrevPerm", "SWEpisodes", "Reviews"):
        assert any(line.startswith(f"{table}: ") and "no figure uses it" in line for line in computation.summary)
    assert len(computation.dates) == 12
    looked_after = computation.outcomes["1"]
    assert computation.left_out["1"].count >= 1
    assert looked_after.numerator >= synthetic.expected["1"][0] - computation.left_out["1"].count
    for ref in ("9", "10"):  # OC2 read no episode field with an issue: exactly as built
        outcome = computation.outcomes[ref]
        assert (outcome.numerator, outcome.denominator) == synthetic.expected[ref] and ref not in computation.left_out
    assert "OC2" in computation.dates[4].outcomes["9"].reason  # 31 March 2023: another collection year


def test_episodes_without_a_child_identifier_are_left_out_and_said_so():
    computation = compute_from_files([("e.csv", (EPISODES + ",01/01/2022,S,C2,N1,U1,PR1,,,,,,\n").encode())], as_at=D)
    assert _issues(computation) == [
        "e.csv, Episodes row 2, column A (CHILD): The child's identifier (CHILD) is blank: the row is left out."
    ]
    assert computation.summary[0] == "0 children; 0 episodes of 0 children."
    assert computation.outcomes["1"].numerator == 0
