"""The database itself refuses what must never be stored (run on SQLite and PostgreSQL)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from scorecard.models import DemographicSeries, DemographicShare, Figure, Period


def _refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_one_figure_per_indicator_and_period(make_indicator, make_period, make_figure):
    indicator, period = make_indicator(), make_period()
    make_figure(indicator, period, 1, 2)
    _refused(lambda: make_figure(indicator, period, 3, 4))


def test_numerator_above_denominator_is_refused(make_indicator, make_period):
    _refused(
        lambda: Figure.objects.create(
            indicator=make_indicator(), period=make_period(), numerator=5, denominator=4, value=Decimal("125")
        )
    )


def test_zero_denominator_is_refused(make_indicator, make_period):
    _refused(
        lambda: Figure.objects.create(
            indicator=make_indicator(), period=make_period(), numerator=0, denominator=0, value=Decimal("0")
        )
    )


def test_numerator_without_denominator_is_refused(make_indicator, make_period):
    _refused(lambda: Figure.objects.create(indicator=make_indicator(), period=make_period(), numerator=3, value=1))


def test_negative_counts_are_refused(make_indicator, make_period):
    _refused(
        lambda: Figure.objects.create(
            indicator=make_indicator(), period=make_period(), numerator=-1, denominator=4, value=Decimal("0")
        )
    )


def test_negative_value_is_refused(make_indicator, make_period):
    _refused(lambda: Figure.objects.create(indicator=make_indicator(), period=make_period(), value=Decimal("-1")))


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_must_be_1_to_4(db, quarter):
    # bulk_create skips save(), which would fail first on the dates of quarter 5.
    _refused(
        lambda: Period.objects.bulk_create(
            [Period(financial_year=2024, quarter=quarter, start_date="2024-04-01", end_date="2024-06-30")]
        )
    )


def test_one_period_per_quarter_and_one_outturn_per_year(db):
    Period.objects.create(financial_year=2023, quarter=1)
    Period.objects.create(financial_year=2023, quarter=None)
    _refused(lambda: Period.objects.create(financial_year=2023, quarter=1))
    _refused(lambda: Period.objects.create(financial_year=2023, quarter=None))


def test_period_dates_and_label_come_from_year_and_quarter(db):
    period = Period.objects.create(financial_year=2023, quarter=4)
    assert (str(period.start_date), str(period.end_date), period.label, period.slug) == (
        "2024-01-01",
        "2024-03-31",
        "Q4 2023-24",
        "2023-24-q4",
    )


def test_one_target_per_quarter_and_one_per_year(make_indicator, make_target):
    indicator = make_indicator()
    make_target(indicator, 90)
    make_target(indicator, 2.5, quarter=1)
    _refused(lambda: make_target(indicator, 95))
    _refused(lambda: make_target(indicator, 5, quarter=1))
    _refused(lambda: make_target(indicator, 5, quarter=7))


def test_comparator_value_is_present_only_when_published(make_indicator, make_comparator_value):
    indicator = make_indicator()
    make_comparator_value(indicator, value=75)
    make_comparator_value(indicator, comparator_name="England", status="not_published")
    _refused(lambda: make_comparator_value(indicator, value=None, year=2022))
    _refused(lambda: make_comparator_value(indicator, value=70, year=2023, status="not_applicable"))
    _refused(lambda: make_comparator_value(indicator, value=76))  # same comparator and year


def test_demographic_percentage_within_0_to_100(db):
    series = DemographicSeries.objects.create(name="Harrow latest")
    _refused(
        lambda: DemographicShare.objects.create(series=series, breakdown="age", category="Under 1", percentage=101)
    )


def test_saving_a_figure_computes_its_value(make_indicator, make_period, make_figure):
    figure = make_figure(make_indicator(), make_period(), 92, 112)
    figure.refresh_from_db()
    assert figure.value == Decimal("82.142857")
    figure.numerator = 100
    figure.save()
    figure.refresh_from_db()
    assert figure.value == Decimal("89.285714")


def test_a_count_keeps_its_value(make_indicator, make_period, make_figure):
    figure = make_figure(make_indicator(unit="count", decimals=0), make_period(), value=192)
    figure.refresh_from_db()
    assert figure.value == Decimal("192")


def test_clean_explains_bad_counts_by_field(make_indicator, make_period):
    figure = Figure(indicator=make_indicator(), period=make_period(), numerator=113, denominator=112)
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert error.value.message_dict["numerator"] == ["The numerator (113) cannot be more than the denominator (112)."]


def test_clean_wants_a_value_or_counts(make_indicator, make_period):
    figure = Figure(indicator=make_indicator(unit="count", decimals=0), period=make_period())
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "Enter a value, or a numerator and denominator." in error.value.message_dict["value"]


def test_changes_to_figures_and_targets_are_kept_in_history(make_indicator, make_period, make_figure, make_target):
    figure = make_figure(make_indicator(), make_period(), 1, 2)
    figure.numerator = 2
    figure.save()
    assert [h.numerator for h in figure.history.order_by("history_date")] == [1, 2]
    target = make_target(figure.indicator, 90)
    target.value = Decimal("95")
    target.save()
    assert [h.value for h in target.history.order_by("history_date")] == [Decimal("90"), Decimal("95")]


def test_migrations_match_the_models(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
