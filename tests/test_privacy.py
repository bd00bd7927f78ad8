"""Privacy by construction: nothing a public reader is served lets a count of 1 to 5
be read or worked out, whatever the figures; the server decides the audience."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scorecard import figures as figure_rules
from scorecard import services
from scorecard.models import Comparator, ComparatorValue, Figure, Indicator, Period, ReportKeyPoint, Target
from scorecard.suppression import figure_is_suppressed
from tests.test_permissions import MATRIX, _url

PERIODS = [(2022, None), (2023, 1), (2023, 2), (2023, 3)]
CURRENT = "2023-24-q3"


@st.composite
def figure_sets(draw):
    """Indicators with figures of small counts, their complements and ordinary ones."""
    indicators = []
    for i in range(draw(st.integers(1, 3))):
        unit = draw(st.sampled_from(["percentage", "count", "rate_per_10000"]))
        figures = {}
        for key in PERIODS:
            if key != (2023, 3) and not draw(st.booleans()):
                continue
            if unit == "count":
                figures[key] = (None, None, draw(st.integers(0, 40)))
            elif unit == "rate_per_10000":  # children per 10,000 of the borough's child population
                figures[key] = (draw(st.sampled_from([0, 1, 2, 5, 6, 8, 120])), 60452, None)
            else:
                denominator = draw(st.integers(1, 40))
                small = list(range(min(8, denominator) + 1))
                numerator = draw(st.sampled_from(small + [denominator - k for k in small] + [denominator // 2]))
                figures[key] = (numerator, denominator, None)
        indicators.append(
            {
                "ref": f"P{i}",
                "unit": unit,
                "measure": draw(st.sampled_from(["snapshot", "cumulative"])),
                "polarity": draw(st.sampled_from(["higher", "lower", "none"])),
                "figures": figures,
                "target": draw(st.sampled_from([None, Decimal("50"), Decimal("10")])),
                "average": draw(st.sampled_from([None, Decimal("40.0"), Decimal("3.0")])),
                "commentary": draw(st.sampled_from(["", "Only 3 children, two of them siblings (3 of 29)."])),
            }
        )
    return indicators


def _build(indicators: list[dict]) -> list[dict]:
    """The indicators in the database; returns each suppressed figure's facts."""
    sn, _ = Comparator.objects.get_or_create(name="Statistical neighbours", defaults={"short_name": "SN"})
    secrets = []
    shown_elsewhere: set[tuple[str, str]] = set()
    for order, spec in enumerate(indicators):
        indicator = Indicator.objects.create(
            ref=spec["ref"], short_name=f"Indicator {spec['ref']}", description=f"Indicator {spec['ref']}",
            theme="health", unit=spec["unit"], polarity=spec["polarity"], measure_type=spec["measure"], decimals=1,
            display_order=order,
        )  # fmt: skip
        if spec["target"] is not None:
            Target.objects.create(indicator=indicator, financial_year=2023, value=spec["target"])
        if spec["average"] is not None:
            ComparatorValue.objects.create(indicator=indicator, comparator=sn, year=2022, value=spec["average"])
        for (year, quarter), (numerator, denominator, value) in spec["figures"].items():
            period = Period.objects.get_or_create(financial_year=year, quarter=quarter)[0]
            figure = Figure(indicator=indicator, period=period, numerator=numerator, denominator=denominator,
                            value=value, commentary=spec["commentary"])  # fmt: skip
            figure.save()
            shown = figure_rules.shown_value(figure.value, None, 1)
            text = figure_rules.format_number(shown, 1)
            if figure_is_suppressed(shown, numerator, denominator, spec["unit"]):
                secrets.append({"ref": spec["ref"], "label": period.label, "slug": period.slug, "n": numerator,
                                "d": denominator, "value": text, "unit": spec["unit"]})  # fmt: skip
            else:
                shown_elsewhere.add((period.label, text))
    for secret in secrets:
        # Another indicator's figure, shown, may be the same number in the same period: its own
        # direction of travel then says 'from 0.0 in Q2 2023-24' with every right to.
        secret["value_shown_elsewhere"] = (secret["label"], secret["value"]) in shown_elsewhere
    return secrets


def _texts_revealing(secret: dict) -> list[str]:
    """The ways a suppressed figure could be read: as counts, or as the value an
    earlier-period sentence would quote ('from 3.8 in Q2 2023-24')."""
    texts = []
    if not secret["value_shown_elsewhere"]:
        texts += [f"from {secret['value']} in {secret['label']}", f"from {secret['value']}% in {secret['label']}"]
    if secret["n"] is not None:
        n, d = secret["n"], secret["d"]
        texts += [f"{n}/{d}", f"{n:,} of {d:,}", f"{secret['value']} ({n}/{d}", f"{secret['value']}% ({n}"]
    return texts


def _row_html(html: str, ref: str) -> str:
    """One indicator's row of the scorecard table."""
    return next(part for part in html.split("<tr") if f'href="/indicators/{ref}/"' in part)


def _sheet_text(response) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return "\n".join(",".join("" if c is None else str(c) for c in row) for row in sheet.iter_rows(values_only=True))


def _pdf_text(response) -> str:
    from pypdf import PdfReader

    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"Page \d+ of \d+", " ", text)  # each page's footer (scorecard/pdf.py) is no count of children


def _public_outputs(client, public: str, *, pdf: bool = False) -> dict[str, str]:
    """Every output, as an anonymous visitor gets it (public = '') or as an officer
    previews the public version (public = 'version=public'); the report's PDF too if asked
    (Chromium prints it: seconds, not milliseconds)."""
    outputs = {
        "scorecard": client.get(f"/?period={CURRENT}&{public}").content.decode(),
        "csv": client.get(f"/?period={CURRENT}&_export=csv&{public}").content.decode("utf-8-sig"),
        "xlsx": _sheet_text(client.get(f"/?period={CURRENT}&_export=xlsx&{public}")),
        "feed": client.get(f"/api/scorecard/{CURRENT}.json?{public}").content.decode(),
        "feed csv": client.get(f"/api/scorecard/{CURRENT}.csv?{public}").content.decode("utf-8-sig"),
        "report": client.get(f"/reports/{CURRENT}/?{public}").content.decode(),
        "report xlsx": _sheet_text(client.get(f"/reports/{CURRENT}/scorecard.xlsx?{public}")),
    }
    for ref in Indicator.objects.values_list("ref", flat=True):
        outputs[f"indicator {ref}"] = client.get(f"/indicators/{ref}/?{public}").content.decode()
    if pdf:
        response = client.get(f"/reports/{CURRENT}/report.pdf?{public}")
        assert response.status_code == 200
        outputs["report pdf"] = _pdf_text(response)
    return outputs


def _assert_nothing_revealed(client, secrets: list[dict], public: str = "", *, pdf: bool = False) -> None:
    outputs = _public_outputs(client, public, pdf=pdf)
    for name, text in outputs.items():
        for secret in secrets:
            for revealing in _texts_revealing(secret):
                # whole numbers only: '0/10' does not reveal '0/1'
                pattern = r"(?<![\d.,])" + re.escape(revealing) + r"(?![\d,]*\d)"
                assert not re.search(pattern, text), f"{name} reveals {secret} as {revealing!r}"
        unchecked = re.search(r"(?<![\d.,])3 of 29(?![\d,]*\d)|two of them", text)  # whole numbers, as above
        assert not unchecked, f"{name} publishes unchecked commentary"
    feed = json.loads(outputs["feed"])
    by_ref = {record["ref"]: record for record in feed["indicators"]}
    for secret in [s for s in secrets if s["slug"] == CURRENT]:
        record = by_ref[secret["ref"]]
        assert record["state"] == "suppressed" and record["value"] is None and record["numerator"] is None
        assert record["rag"] is None and record["direction"] is None
        row = _row_html(outputs["scorecard"], secret["ref"])
        assert "c" in re.findall(r'<span class="figure[^"]*">([^<]*)</span>', row)[-1]
    csv_rows = {row["ref"]: row for row in csv.DictReader(io.StringIO(outputs["feed csv"]))}
    for secret in [s for s in secrets if s["slug"] == CURRENT]:
        assert csv_rows[secret["ref"]]["value"] == "" and csv_rows[secret["ref"]]["numerator"] == ""
    for secret in secrets:
        page = outputs[f"indicator {secret['ref']}"]
        chart = json.loads(re.search(r'<script type="application/json" data-chart="trend-chart">(.*?)</script>',
                                     page, re.S).group(1))  # fmt: skip
        # The council's lines (one, or for a cumulative indicator full years and each year to
        # date); each point's period is the first item of its hover data.
        for council in [t for t in chart["data"] if t["name"].startswith("Harrow")]:
            labels = [data[0] for data in council["customdata"]]
            values = council["y"] if isinstance(council["y"], list) else None
            if values is not None and secret["label"] in labels:
                assert values[labels.index(secret["label"])] is None, f"the chart plots {secret}"


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=int(os.environ.get("PRIVACY_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(indicators=figure_sets())
@example(  # a count of 0 shown, the same number as a percentage of 0/1 withheld in the same quarter
    indicators=[
        {"ref": "P0", "unit": "percentage", "measure": "snapshot", "polarity": "higher",
         "figures": {(2023, 2): (0, 1, None), (2023, 3): (0, 1, None)}, "target": None, "average": None,
         "commentary": ""},
        {"ref": "P1", "unit": "count", "measure": "snapshot", "polarity": "higher",
         "figures": {(2023, 2): (None, None, 0), (2023, 3): (None, None, 0)}, "target": None, "average": None,
         "commentary": ""},
    ]
)  # fmt: skip
@example(  # 23 of 29 shown in a key point: not the unchecked commentary's '3 of 29'
    indicators=[
        {"ref": "P0", "unit": "percentage", "measure": "snapshot", "polarity": "higher",
         "figures": {(2023, 3): (23, 29, None)}, "target": None, "average": None, "commentary": ""},
    ]
)  # fmt: skip
def test_no_public_output_reveals_a_small_count(client, settings, officer, indicators):
    settings.PUBLIC_SCORECARD = True
    with transaction.atomic():
        secrets = _build(indicators)
        report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
        for point in ReportKeyPoint.objects.filter(report=report):
            services.publication_check(item=point, checked=True, by=officer)  # even checked text is kept safe
        client.force_login(officer)
        _assert_nothing_revealed(client, secrets, "version=public")  # the draft, previewed by an officer
        services.report_publish(report=report, by=officer)
        client.logout()
        _assert_nothing_revealed(client, secrets)  # everything, frozen report included, for anyone
        transaction.set_rollback(True)


@pytest.mark.django_db
@hypothesis_settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(indicators=figure_sets())
@example(  # a withheld 1 of 3, and the PDF's footer 'Page 1 of 3'
    indicators=[
        {"ref": "P0", "unit": "percentage", "measure": "snapshot", "polarity": "higher",
         "figures": {(2023, 3): (1, 3, None)}, "target": None, "average": None, "commentary": ""},
    ]
)  # fmt: skip
def test_the_public_pdf_reveals_no_small_count(client, settings, officer, indicators):
    """The same property for the text of the public report's PDF, as printed at publishing."""
    settings.PUBLIC_SCORECARD = True
    settings.REPORT_PDFS_AT_PUBLISH = True
    with transaction.atomic():
        secrets = _build(indicators)
        report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
        for point in ReportKeyPoint.objects.filter(report=report):
            services.publication_check(item=point, checked=True, by=officer)
        services.report_publish(report=report, by=officer)
        _assert_nothing_revealed(client, secrets, pdf=True)
        transaction.set_rollback(True)


# The fixture data, crawled as an anonymous visitor of a public site.

SMALL_IN_FIXTURES = ["1/21", "2/53", "4/53", "2/21", "28/29", "61/63", "1 of 21", "2 of 53", "4 of 53", "28 of 29"]


@pytest.fixture
def published_deck(deck, officer):
    for quarter in (2, 3):
        report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=quarter), by=officer)
        services.report_publish(report=report, by=officer)


def _body(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return "\n".join(",".join("" if c is None else str(c) for c in r) for r in sheet.iter_rows(values_only=True))
    if response.get("Content-Type") == "application/pdf":
        from pypdf import PdfReader

        content = b"".join(response.streaming_content) if response.streaming else response.content
        # Whitespace as one space: a table cell may wrap '4.8 (1/21)' over two lines.
        return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig", errors="replace")


def test_an_anonymous_crawl_of_every_url_finds_no_small_count(client, settings, published_deck):
    settings.PUBLIC_SCORECARD = True
    seen = 0
    for name, (method, kwargs, _) in MATRIX.items():
        if method != "get" or name.endswith("pdf"):
            continue  # PDFs: test_the_public_report_pdf_has_no_small_count
        url = _url(name, kwargs)
        for query in ("", "?version=member", "?version=officer", "?_export=csv", "?_export=xlsx"):
            response = client.get(url + query)
            body = _body(response)
            for small in SMALL_IN_FIXTURES:
                assert small not in body, f"{url}{query} shows {small}"
            seen += 1
    assert seen > 50


def test_the_public_report_pdf_has_no_small_count(client, settings, published_deck):
    settings.PUBLIC_SCORECARD = True
    for url in ("/reports/2023-24-q3/report.pdf", "/reports/2023-24-q3/v1/report.pdf"):
        body = _body(client.get(url))
        assert "c (c/53)" in body
        for small in SMALL_IN_FIXTURES:
            assert small not in body


# The audience is the server's decision.


def test_anonymous_visitors_get_the_public_version_and_cannot_widen_it(client, settings, deck):
    settings.PUBLIC_SCORECARD = True
    for query in ("", "&version=member", "&version=officer", "&version=full"):
        html = client.get(f"/?period=2023-24-q1{query}").content.decode()
        assert "c (c/21)" in html and "(1/21)" not in html


def test_panel_members_see_small_numbers_unless_the_council_decides_otherwise(panel_client, settings, deck):
    assert "4.8 (1/21)" in panel_client.get("/?period=2023-24-q1").content.decode()
    assert "(1/21)" not in panel_client.get("/?period=2023-24-q1&version=public").content.decode()
    settings.PANEL_MEMBERS_SEE_SMALL_NUMBERS = False
    html = panel_client.get("/?period=2023-24-q1&version=member").content.decode()
    assert "(1/21)" not in html and "c (c/21)" in html


def test_officers_preview_the_public_version(officer_client, deck):
    html = officer_client.get("/?period=2023-24-q1&version=public").content.decode()
    assert "Public version." in html and "c (c/21)" in html and "Data-quality warnings" not in html
    assert "4.8 (1/21)" in officer_client.get("/?period=2023-24-q1").content.decode()


def test_a_complement_of_one_is_suppressed(client, settings, deck):
    settings.PUBLIC_SCORECARD = True
    html = client.get("/?period=2023-24-q2").content.decode()
    assert "c (c/29)" in html and "c (c/63)" in html and "(28/29)" not in html


def test_a_direction_quoting_a_suppressed_earlier_figure_is_withheld(client, settings, deck):
    settings.PUBLIC_SCORECARD = True
    row = _row_html(client.get("/?period=2023-24-q3").content.decode(), "11")  # Q3 2/53 after Q2 2/53
    assert "from 3.8 in" not in row and "withheld" in row


# Free text reaches the public only once checked.


@pytest.fixture
def commented(deck):
    figure = Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)
    figure.commentary = "Three children refused checks; 2 more are booked."
    figure.save()
    return figure


def test_commentary_is_public_only_once_checked(client, officer, settings, commented):
    settings.PUBLIC_SCORECARD = True
    assert "Three children refused" not in client.get("/indicators/9/").content.decode()
    services.publication_check(item=commented, checked=True, by=officer)
    assert "Three children refused" in client.get("/indicators/9/").content.decode()


def test_checking_commentary_lists_its_small_numbers_first(officer_client, commented):
    html = officer_client.get(f"/figures/{commented.pk}/check-commentary/").content.decode()
    assert "<mark>Three</mark>, <mark>2</mark>" in html
    response = officer_client.post(f"/figures/{commented.pk}/check-commentary/", {"decision": "publish"})
    assert response.status_code == 302
    commented.refresh_from_db()
    assert commented.commentary_checked
    record = commented.history.first()
    assert record.history_change_reason == "commentary checked for publication" and record.history_user is not None


def test_changing_the_commentary_clears_the_check(officer, commented):
    services.publication_check(item=commented, checked=True, by=officer)
    entry = commented.as_entry()
    changed = type(entry)(entry.numerator, entry.denominator, entry.value, entry.status, "New words.")
    services.figures_save(period_key=commented.period.key, entries={"9": (changed, commented.version + 1)},
                          by=officer, means="form")  # fmt: skip
    commented.refresh_from_db()
    assert commented.commentary == "New words." and not commented.commentary_checked


def test_report_words_reach_the_public_version_only_once_checked(client, officer, settings, deck):
    settings.PUBLIC_SCORECARD = True
    report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    report.summary, report.responsible_officer = "Only (2 of 53) children were adopted.", "A. Officer"
    report.save()
    ReportKeyPoint.objects.create(report=report, position=99, text="Three children left care this quarter.")
    services.report_publish(report=report, by=officer)
    html = client.get("/reports/2023-24-q3/").content.decode()
    assert "2 of 53" not in html and "A. Officer" not in html and "Three children left" not in html
    assert "This information report sets out activity" in html


# Publishing asks first; an amendment keeps the earlier version readable.


def test_publishing_shows_what_will_be_frozen_and_suppressed(officer_client, officer, deck):
    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    html = officer_client.get("/reports/2023-24-q3/publish/").content.decode()
    assert "What will be frozen" in html and "Adopted" in html and "Q2 2023-24, Q3 2023-24" in html
    assert not Period.objects.get(financial_year=2023, quarter=3).report.is_published
    assert officer_client.post("/reports/2023-24-q3/publish/").status_code == 302
    assert Period.objects.get(financial_year=2023, quarter=3).report.is_published


def test_an_amendment_is_a_new_version_with_its_reason(client, admin_user, officer, deck):
    report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    services.report_publish(report=report, by=officer)
    figure = Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)
    entry = figure.as_entry()
    corrected = type(entry)(95, 110, None, entry.status, entry.commentary)
    services.figures_save(period_key=figure.period.key, entries={"9": (corrected, figure.version)}, by=officer,
                          means="form")  # fmt: skip
    client.force_login(admin_user)
    assert client.post("/reports/2023-24-q3/amend/", {"reason": " "}).status_code == 200  # a reason is needed
    response = client.post("/reports/2023-24-q3/amend/", {"reason": "Dental checks corrected to 95 of 110."})
    assert response.status_code == 302
    latest = client.get("/reports/2023-24-q3/").content.decode()
    assert "Dental checks corrected to 95 of 110." in latest and "86.4 (95/110)" in latest
    first = client.get("/reports/2023-24-q3/v1/").content.decode()
    assert "80.9 (89/110)" in first and "86.4 (95/110)" not in first


def test_officers_cannot_amend(officer_client, officer, deck):
    report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)
    services.report_publish(report=report, by=officer)
    assert officer_client.post("/reports/2023-24-q3/amend/", {"reason": "x"}).status_code == 403
