"""A page's SQL queries do not grow with the number of indicators or periods."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecard import data_version, security
from scorecard.models import (
    Comparator,
    ComparatorValue,
    DemographicSeries,
    DemographicShare,
    Figure,
    Indicator,
    Period,
    Target,
)


def _grow(indicators: int, years: int):
    """Indicators with figures for every quarter and outturn of `years` years, targets and averages."""
    comparator = Comparator.objects.get_or_create(name="Statistical neighbours", short_name="SN")[0]
    periods = [Period.objects.get_or_create(financial_year=2015 + y, quarter=q)[0]
               for y in range(years) for q in (1, 2, 3, 4, None)]  # fmt: skip
    start = Indicator.objects.count()
    for n in range(start, start + indicators):
        indicator = Indicator.objects.create(
            ref=f"Q{n}", short_name=f"Q{n}", description=f"Indicator {n}", theme="health", unit="percentage",
            polarity="higher", measure_type="snapshot", display_order=n,
        )  # fmt: skip
        Figure.objects.bulk_create(
            [Figure(indicator=indicator, period=p, numerator=n % 7, denominator=10, value=n % 7 * 10) for p in periods]
        )
        Target.objects.bulk_create(
            [Target(indicator=indicator, financial_year=2015 + y, value=50) for y in range(years)]
        )
        ComparatorValue.objects.create(indicator=indicator, comparator=comparator, year=2015, value=40)
    return periods


def _queries(client, url: str) -> int:
    """The page's queries, without the session save SessionIdleMiddleware makes once a minute."""
    session = client.session
    if session.session_key:
        session[security._SEEN] = int(time.time())
        session.save()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_scorecard_queries_are_fixed(officer_client):
    _grow(indicators=2, years=2)
    few = _queries(officer_client, "/")
    _grow(indicators=25, years=5)
    many = _queries(officer_client, "/")
    # session, user, permissions x2, data version, periods (with whether each has a published report),
    # indicators, figures, targets, averages, comparators; no report is published, so none is looked up
    assert few == many <= 11
    assert _queries(officer_client, "/?period=2016-17-q2") == many
    assert _queries(officer_client, "/?_export=xlsx") == many + 1  # and one write: the export, in the security log


def test_indicator_page_queries_are_fixed(officer_client):
    _grow(indicators=1, years=1)
    few = _queries(officer_client, "/indicators/Q0/")
    _grow(indicators=1, years=8)  # the same indicator gains periods through its siblings' periods
    Figure.objects.bulk_create(
        [Figure(indicator_id=Indicator.objects.get(ref="Q0").pk, period=p, value=5)
         for p in Period.objects.exclude(figures__indicator__ref="Q0")]
    )  # fmt: skip
    many = _queries(officer_client, "/indicators/Q0/")
    assert Figure.objects.filter(indicator__ref="Q0").count() == 40
    assert few == many <= 12  # with the data version, and the national statistics section (source, values)


def test_demographics_queries_are_fixed(officer_client, deck):
    few = _queries(officer_client, "/demographics/")
    for n in range(5):
        series = DemographicSeries.objects.create(name=f"Snapshot {n}", display_order=10 + n)
        DemographicShare.objects.bulk_create(
            [DemographicShare(series=series, breakdown="age", category=f"Band {b}", percentage=10) for b in range(8)]
        )
    data_version.bump()  # bulk_create sends no signal; a new version makes the page be built again
    assert _queries(officer_client, "/demographics/") == few <= 7  # with the data version
