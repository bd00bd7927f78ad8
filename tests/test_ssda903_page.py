"""The officer's "Compute from the 903 extract" page: upload, compare with what is saved,
see the children behind each figure, accept some or all as provisional, in history."""

from __future__ import annotations

import logging
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scorecard.models import Figure
from tests.test_ssda903_extract import EPISODES, HEADER

Q3 = "2023-24-q3"
URL = f"/periods/{Q3}/compute-903/"
ACCEPT = f"/periods/{Q3}/compute-903/accept/"
LOOKUP = b"postcode,easting,northing\nHA1 1AA,0,0\nMK1 1AA,0,40000\n"


def extract() -> list[SimpleUploadedFile]:
    """180 children looked after at 31 December 2023, as the deck has: 31 placed far
    away, 115 near, 34 without a placement postcode (the deck's 31/146)."""
    header, episodes = [HEADER], [EPISODES]
    for n in range(180):
        child = f"SYN{n:03d}"
        placed = "MK1 1AA" if n < 31 else "HA1 1AA" if n < 146 else ""
        header.append(f"{child},1,01/01/2012,WBRI,,,\n")
        episodes.append(f"{child},01/01/2020,S,C2,N1,U1,PR1,,,,HA1 1AA,{placed},\n")
    return [
        SimpleUploadedFile("header.csv", "".join(header).encode(), "text/csv"),
        SimpleUploadedFile("episodes.csv", "".join(episodes).encode(), "text/csv"),
    ]


def _compute(client, **extra):
    data = {"files": extract(), "population": "60452", "postcodes": SimpleUploadedFile("pc.csv", LOOKUP), **extra}
    return client.post(URL, data)


def _row(html: str, name: str) -> str:
    match = re.search(rf"<tr>\s*<th scope=\"row\">\d+\. {re.escape(name)}</th>(.*?)</tr>", html, re.S)
    assert match, name
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_the_entry_page_links_to_the_compute_page(officer_client, deck):
    response = officer_client.get(f"/periods/{Q3}/figures/")
    assert f'href="{URL}"' in response.content.decode()


def test_the_page_asks_for_the_extract_and_is_never_cached(officer_client, deck):
    response = officer_client.get(URL)
    assert response.status_code == 200
    assert "Compute from the 903 extract: Q3 2023-24" in response.content.decode()
    assert "as at 31 December 2023" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_each_computed_figure_is_shown_beside_the_saved_one(officer_client, deck):
    response = _compute(officer_client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "180 children; 180 episodes of 180 children, from 01/01/2020 to 01/01/2020." in html
    assert _row(html, "Children looked after").startswith("180 180 Provisional Match")
    assert "180 children" in _row(html, "Children looked after")
    # the deck published 21.4 for 31/146, which is 21.2
    assert _row(html, "Placed more than 20 miles from home").startswith(
        "21.2 (31/146) 21.4 (31/146) Provisional Differs"
    )
    assert "31 children" in _row(html, "Placed more than 20 miles from home")
    assert "34 without a distance" in _row(html, "Placed more than 20 miles from home")
    assert _row(html, "Rate of children looked after").startswith("29.8 (180/60,452) 30.6 Provisional Differs")
    assert _row(html, "Reviews on time").startswith("– 89.4 (161/180) Provisional Not computed The 903 Reviews table")
    assert "Year-end only" in _row(html, "Dental checks")
    # the children behind each figure, for this upload only
    assert "SYN000, SYN001" in html and "SYN030" in html


def test_the_session_holds_aggregates_only(officer_client, deck):
    _compute(officer_client)
    session = officer_client.session
    pending = next(v for k, v in session.items() if k.startswith("ssda903-"))
    assert pending["files"] == ["header.csv", "episodes.csv"]
    assert pending["figures"][f"{Q3}:13"] == {
        "unit": "percentage", "numerator": 31, "denominator": 146, "version": 1, "left_out": 0, "confirm": []
    }  # fmt: skip
    assert "SYN" not in str(dict(session.items()))


def test_children_never_reach_the_logs(officer_client, deck, caplog):
    with caplog.at_level(logging.DEBUG):
        _compute(officer_client)
    assert "SYN0" not in caplog.text


def test_the_upload_is_never_written_to_disk(officer_client, deck, settings, tmp_path):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django would spill anything larger to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    response = _compute(officer_client)
    assert response.status_code == 200 and "Children looked after" in response.content.decode()
    assert list(tmp_path.iterdir()) == []


def test_an_upload_over_the_cap_is_refused_unread(officer_client, deck, monkeypatch):
    monkeypatch.setattr("ssda903.views.MAX_REQUEST_BYTES", 1000)
    response = _compute(officer_client)
    assert response.status_code == 413
    assert "The files are too large: nothing has been read" in response.content.decode()


def test_an_unreadable_extract_is_listed_and_nothing_is_computed(officer_client, deck):
    bad = SimpleUploadedFile("episodes.csv", (EPISODES + "A1,31/02/2023,S,C2,N1,U1,PR1,,,,,,\n").encode())
    response = officer_client.post(URL, {"files": [bad]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "The 903 extract was not computed: nothing has been saved" in html
    assert "episodes.csv: column B (DECOM): No row&#x27;s DECOM can be read as a date (dd/mm/yyyy)" in html
    assert not any(k.startswith("ssda903-") for k in officer_client.session.keys())


def test_no_file_chosen_says_so(officer_client, deck):
    response = officer_client.post(URL, {})
    assert response.status_code == 400
    assert "Choose the 903 extract&#x27;s files: at least the Episodes table." in response.content.decode()


def _token(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_accepted_figures_are_saved_as_provisional_with_history(officer_client, deck, officer):
    figure = Figure.objects.get(indicator__ref="6", period__financial_year=2023, period__quarter=3)
    figure.commentary = "Two sibling groups placed together out of borough."
    figure.save()
    response = _compute(officer_client)
    assert _row(response.content.decode(), "Long-term placement stability").startswith("100.0 (180/180) 79.5 (31/39)")
    chosen = [f"{Q3}:6", f"{Q3}:3"]
    asked = officer_client.post(ACCEPT, {"token": _token(response), "accept": chosen})
    assert "Long-term placement stability: computed 100.0 (180/180), saved now 79.5 (31/39)" in asked.content.decode()
    saved = officer_client.post(ACCEPT, {"token": _token(asked), "accept": chosen, "confirmed": chosen}, follow=True)
    assert saved.redirect_chain[-1][0] == f"/?period={Q3}"
    assert "Q3 2023-24: 2 figures computed from the 903 extract saved as provisional: 0 added, 2 changed" in (
        saved.content.decode()
    )
    figure.refresh_from_db()
    assert (figure.numerator, figure.denominator, figure.status) == (180, 180, "provisional")
    assert figure.commentary == "Two sibling groups placed together out of borough."
    latest = figure.history.first()
    assert latest.history_change_reason == "computed from 903 extract (header.csv, episodes.csv)"
    assert latest.history_user == officer
    assert (latest.prev_record.numerator, latest.prev_record.denominator) == (31, 39)
    rate = Figure.objects.get(indicator__ref="3", period__financial_year=2023, period__quarter=3)
    assert (rate.numerator, rate.denominator, round(rate.value, 1)) == (180, 60452, Decimal("29.8"))
    untouched = Figure.objects.get(indicator__ref="5", period__financial_year=2023, period__quarter=3)
    assert (untouched.numerator, untouched.denominator) == (6, 180)


def test_the_same_computation_cannot_be_accepted_twice(officer_client, deck):
    token = _token(_compute(officer_client))
    officer_client.post(ACCEPT, {"token": token, "accept": [f"{Q3}:3"]})
    again = officer_client.post(ACCEPT, {"token": token, "accept": [f"{Q3}:3"]}, follow=True)
    assert "already been saved or have expired" in again.content.decode()


def test_choosing_nothing_saves_nothing(officer_client, deck):
    response = officer_client.post(ACCEPT, {"token": _token(_compute(officer_client))}, follow=True)
    assert "No figure was chosen, so nothing was saved." in response.content.decode()
    assert Figure.objects.get(indicator__ref="13", period__quarter=3, period__financial_year=2023).numerator == 31


def test_a_final_figure_cannot_be_accepted_over(officer_client, deck):
    Figure.objects.filter(indicator__ref="1", period__quarter=3, period__financial_year=2023).update(status="final")
    response = _compute(officer_client)
    assert "Final: locked" in _row(response.content.decode(), "Children looked after")
    chosen = [f"{Q3}:1", f"{Q3}:6"]
    officer_client.post(ACCEPT, {"token": _token(response), "accept": chosen, "confirmed": chosen})
    assert Figure.objects.get(indicator__ref="1", period__quarter=3, period__financial_year=2023).version == 1


def test_a_figure_changed_since_computing_is_not_overwritten(officer_client, deck):
    response = _compute(officer_client)
    figure = Figure.objects.get(indicator__ref="6", period__quarter=3, period__financial_year=2023)
    figure.version += 1
    figure.save()
    chosen = [f"{Q3}:6", f"{Q3}:3"]
    refused = officer_client.post(
        ACCEPT, {"token": _token(response), "accept": chosen, "confirmed": chosen}, follow=True
    )
    assert "Indicator 6:" in refused.content.decode() and "Nothing was saved" in refused.content.decode()
    figure.refresh_from_db()
    assert (figure.numerator, figure.denominator) == (31, 39)
    assert Figure.objects.get(indicator__ref="3", period__quarter=3, period__financial_year=2023).numerator is None


def test_panel_members_cannot_compute(panel_client, deck):
    assert panel_client.post(URL, {"files": extract()}).status_code == 403


@pytest.mark.parametrize("ref, words", [("9", "TEETH_CHECK 1"), ("5", "3 or more placements"), ("4", "Not computed")])
def test_the_indicator_page_shows_its_903_definition(officer_client, deck, ref, words):
    html = officer_client.get(f"/indicators/{ref}/").content.decode()
    assert "From the 903 extract" in html and words in html


def test_the_comparison_queries_do_not_grow_with_indicators(officer_client, deck):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scorecard.models import Indicator, Period

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _compute(officer_client).status_code == 200
        return len(captured)

    few = queries()
    q3 = Period.objects.get(financial_year=2023, quarter=3)
    for n in range(20):
        extra = Indicator.objects.create(ref=f"X{n}", short_name=f"X{n}", description="x", theme="health",
                                         unit="percentage", polarity="higher", measure_type="snapshot")  # fmt: skip
        Figure.objects.create(indicator=extra, period=q3, numerator=1, denominator=2)
    assert queries() == few


def test_the_upload_is_checked_for_csrf(deck, officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.post(URL, {"files": extract()}).status_code == 403


def test_the_memory_handler_stops_an_upload_past_its_limit():
    from django.core.files.uploadhandler import StopUpload

    from ssda903.uploads import BoundedMemoryUploadHandler

    handler = BoundedMemoryUploadHandler(limit=10)
    handler.new_file("files", "episodes.csv", "text/csv", 20)
    handler.receive_data_chunk(b"12345", 0)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"678901", 5)
    assert handler.too_large


def test_the_memory_handler_keeps_the_file_in_memory():
    from django.core.files.uploadedfile import InMemoryUploadedFile

    from ssda903.uploads import BoundedMemoryUploadHandler

    handler = BoundedMemoryUploadHandler(limit=100)
    handler.new_file("files", "episodes.csv", "text/csv", 5)
    handler.receive_data_chunk(b"CHILD", 0)
    uploaded = handler.file_complete(5)
    assert isinstance(uploaded, InMemoryUploadedFile) and uploaded.read() == b"CHILD"


def test_the_population_starts_as_the_one_the_rate_was_last_saved_with(officer_client, deck):
    Figure.objects.filter(indicator__ref="3", period__financial_year=2023, period__quarter=2).update(
        numerator=191, denominator=60_452
    )
    assert 'value="60452"' in officer_client.get(URL).content.decode()


def test_only_the_latest_computation_waits_in_the_session(officer_client, deck):
    first = _token(_compute(officer_client))
    second = _token(_compute(officer_client))
    keys = [k for k in officer_client.session.keys() if k.startswith("ssda903-")]
    assert keys == [f"ssda903-{second}"] and first != second


def test_accepting_counts_that_match_corrects_a_published_value_they_contradict(officer_client, deck):
    """The deck published 21.4 (31/146); 31/146 is 21.2. The extract gives 31/146: accepting
    it puts the value its counts give in place of the one that was published, in history."""
    figure = Figure.objects.get(indicator__ref="13", period__quarter=3, period__financial_year=2023)
    assert (figure.numerator, figure.denominator, figure.published_value) == (31, 146, Decimal("21.4"))
    response = officer_client.post(
        ACCEPT, {"token": _token(_compute(officer_client)), "accept": [f"{Q3}:13"]}, follow=True
    )
    assert "0 added, 1 changed" in response.content.decode()
    figure.refresh_from_db()
    assert figure.published_value is None and round(figure.value, 1) == Decimal("21.2")
    assert figure.history.first().prev_record.published_value == Decimal("21.4")


def _box(html: str, ref: str) -> str:
    match = re.search(rf'<input type="checkbox" name="accept" value="{Q3}:{ref}"[^>]*>', html)
    assert match, ref
    return match.group(0)


def _partial(n: int = 3) -> list[SimpleUploadedFile]:
    header, episodes = [HEADER], [EPISODES]
    for k in range(n):
        header.append(f"P{k},1,01/01/2012,WBRI,,,\n")
        episodes.append(f"P{k},01/01/2020,S,C2,N1,U1,PR1,,,,,,\n")
    return [
        SimpleUploadedFile("h.csv", "".join(header).encode()),
        SimpleUploadedFile("e.csv", "".join(episodes).encode()),
    ]


def test_nothing_is_pre_ticked_where_the_computed_figure_differs_or_matches(officer_client, deck):
    html = _compute(officer_client).content.decode()
    assert "Differs" in _row(html, "Placed more than 20 miles from home")
    assert "checked" not in _box(html, "13")
    assert "Match" in _row(html, "Children looked after")
    assert "checked" not in _box(html, "1")
    assert 'class="checkboxes__input"' in _box(html, "6")  # GOV.UK's large checkboxes


def test_a_figure_where_nothing_is_stored_is_pre_ticked(officer_client, deck):
    Figure.objects.filter(indicator__ref="6", period__financial_year=2023, period__quarter=3).delete()
    html = _compute(officer_client).content.decode()
    assert "Nothing stored" in _row(html, "Long-term placement stability")
    assert "checked" in _box(html, "6")


def test_accepting_a_figure_far_from_the_saved_one_asks_again_naming_both(officer_client, deck):
    response = officer_client.post(URL, {"files": _partial(3)})
    assert _row(response.content.decode(), "Children looked after").startswith("3 180 Provisional Differs")
    token = _token(response)
    asked = officer_client.post(ACCEPT, {"token": token, "accept": [f"{Q3}:1"]})
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "Check before saving" in html
    assert "Children looked after: computed 3, saved now 180" in html
    assert "more than the indicator&#x27;s change threshold of 10" in html
    figure = Figure.objects.get(indicator__ref="1", period__financial_year=2023, period__quarter=3)
    assert figure.value == 180  # nothing saved yet
    saved = officer_client.post(
        ACCEPT, {"token": _token(asked), "accept": [f"{Q3}:1"], "confirmed": [f"{Q3}:1"]}, follow=True
    )
    assert "1 figure computed from the 903 extract saved as provisional" in saved.content.decode()
    figure.refresh_from_db()
    assert figure.value == 3


def test_a_figure_within_the_threshold_is_saved_without_asking(officer_client, deck):
    token = _token(_compute(officer_client))
    saved = officer_client.post(ACCEPT, {"token": token, "accept": [f"{Q3}:3"]}, follow=True)  # 30.6 to 29.8
    assert "1 figure computed from the 903 extract saved as provisional" in saved.content.decode()


def _with_overlap() -> list[SimpleUploadedFile]:
    """The deck's 180 children, two of whom (SYN000, SYN001) have a second, overlapping episode."""
    header, episodes = extract()
    rows = episodes.read().decode() + "SYN000,01/06/2021,P,C2,N1,U1,PR1,,,,HA1 1AA,HA1 1AA,\n"
    rows += "SYN001,01/06/2021,P,C2,N1,U1,PR1,,,,HA1 1AA,HA1 1AA,\n"
    return [header, SimpleUploadedFile("episodes.csv", rows.encode())]


def test_issues_are_listed_with_their_rule_and_the_children_each_figure_leaves_out(officer_client, deck):
    response = officer_client.post(URL, {"files": _with_overlap(), "population": "60452"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 issues found" in html
    assert "<td>501</td><td>episodes.csv, Episodes row 182, column B (DECOM)</td><td>SYN000</td>" in html
    looked_after = _row(html, "Children looked after")
    assert looked_after.startswith("178 180 Provisional Differs")
    assert "2 children left out: overlapping episodes (rule 501)" in looked_after
    assert "SYN000, SYN001" in looked_after
    assert "SYN0" not in str(dict(officer_client.session.items()))


def test_accepting_a_figure_with_children_left_out_asks_and_history_records_how_many(officer_client, deck):
    response = officer_client.post(URL, {"files": _with_overlap(), "population": "60452"})
    chosen = [f"{Q3}:3"]  # 29.4 against 30.6: within the threshold, but 2 children left out
    asked = officer_client.post(ACCEPT, {"token": _token(response), "accept": chosen})
    assert "Q3 2023-24, Rate of children looked after: 2 children left out: overlapping episodes (rule 501)." in (
        asked.content.decode()
    )
    officer_client.post(ACCEPT, {"token": _token(asked), "accept": chosen, "confirmed": chosen})
    rate = Figure.objects.get(indicator__ref="3", period__financial_year=2023, period__quarter=3)
    assert (rate.numerator, rate.denominator) == (178, 60452)
    assert rate.history.first().history_change_reason == (
        "computed from 903 extract, 2 children left out (header.csv, episodes.csv)"
    )


def test_every_past_quarter_is_computed_from_one_extract_and_accepted_all_or_none(officer_client, deck):
    """The deck's 180 children started on 01/01/2020: 180 looked after at every quarter end
    since. Q2 and Q1 2023-24 are stored (Q1 as 183); 2022-23 is stored as a year end."""
    Figure.objects.filter(indicator__ref="1", period__financial_year=2023, period__quarter=1).update(value=183)
    response = _compute(officer_client, history="on")
    html = response.content.decode()
    assert "Past quarters from the same extract" in html
    assert "4 computed figures differ from what is saved and 0 are new" in html  # the quarter's own figures
    history = re.search(r'<caption id="history-caption".*?</table>', html, re.S).group(0)
    periods = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>1\. Children looked after</td>', history)
    assert periods == ["Q2 2023-24", "Q1 2023-24", "Q4 2022-23", "2022-23", "Q3 2022-23", "Q2 2022-23",
                       "Q1 2022-23", "Q4 2021-22", "2021-22", "Q3 2021-22", "Q2 2021-22", "Q1 2021-22",
                       "Q4 2020-21", "2020-21"]  # fmt: skip
    assert 'value="2023-24-q1:1"' in history and "checked" not in _box(history.replace("2023-24-q1", Q3), "1")
    choices = [f"{Q3}:3", "2023-24-q1:1", "2022-23-q4:1"]
    saved = officer_client.post(ACCEPT, {"token": _token(response), "accept": choices}, follow=True)
    assert "Check before saving" not in saved.content.decode()  # 180 against 183 is within the threshold
    assert "3 figures computed from the 903 extract saved as provisional: 1 added, 2 changed" in saved.content.decode()
    q1 = Figure.objects.get(indicator__ref="1", period__financial_year=2023, period__quarter=1)
    assert q1.value == 180 and q1.history.first().history_change_reason.startswith("computed from 903 extract")
    assert Figure.objects.get(indicator__ref="1", period__financial_year=2022, period__quarter=4).value == 180


def test_past_quarters_are_never_accepted_over_a_final_figure_and_all_or_none(officer_client, deck):
    Figure.objects.filter(indicator__ref="1", period__financial_year=2023, period__quarter=2).update(status="final")
    response = _compute(officer_client, history="on")
    history = re.search(r'<caption id="history-caption".*?</table>', response.content.decode(), re.S).group(0)
    assert 'value="2023-24-q2:1"' not in history and "Final: locked" in history
    q1 = Figure.objects.get(indicator__ref="1", period__financial_year=2023, period__quarter=1)
    q1.version += 1  # changed by someone since: nothing of the choice is saved
    q1.save()
    officer_client.post(ACCEPT, {"token": _token(response), "accept": [f"{Q3}:3", "2023-24-q1:1"]})
    assert Figure.objects.get(indicator__ref="3", period__financial_year=2023, period__quarter=3).numerator is None


def test_the_history_queries_do_not_grow_with_periods(officer_client, deck):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        _compute(officer_client)
    with CaptureQueriesContext(connection) as many:
        _compute(officer_client, history="on")
    assert len(many) == len(one)


def test_last_years_return_is_given_in_its_own_field_for_dfes_rules_that_compare(officer_client, deck):
    last = SimpleUploadedFile("last_header.csv", (HEADER + "SYN000,1,02/01/2012,WBRI,,,\n").encode())
    response = _compute(officer_client, previous=[last])
    html = response.content.decode()
    assert "Last year&#x27;s return: Header 1 rows (last_header.csv)." in html
    assert "<td>203</td><td>header.csv, Header row 2, column C (DOB)</td><td>SYN000</td>" in html
    assert "1 child left out: date of birth differs from last year&#x27;s (rule 203)" in _row(
        html, "Long-term placement stability"
    )
