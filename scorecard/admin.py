from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["ref", "short_name", "theme", "unit", "polarity", "measure_type", "display_order", "is_active"]
    list_filter = ["theme", "unit", "polarity", "measure_type", "is_active"]
    search_fields = ["ref", "short_name", "description"]
    ordering = ["display_order"]
    inlines = [TargetInline]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "financial_year", "quarter", "start_date", "end_date"]
    readonly_fields = ["start_date", "end_date"]


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    list_display = [
        "indicator",
        "period",
        "numerator",
        "denominator",
        "value",
        "published_value",
        "status",
        "updated_at",
    ]
    list_filter = ["period", "status", "indicator__theme"]
    list_select_related = ["indicator", "period"]
    search_fields = ["indicator__ref", "indicator__short_name"]
    readonly_fields = ["value", "updated_at", "updated_by"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "financial_year", "quarter", "value", "tolerance", "tolerance_kind"]
    list_filter = ["financial_year"]
    list_select_related = ["indicator"]


@admin.register(Comparator)
class ComparatorAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "statistic", "display_order"]


@admin.register(ComparatorValue)
class ComparatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "comparator", "year", "value", "status"]
    list_filter = ["comparator", "year", "status"]
    list_select_related = ["indicator", "comparator"]


class DemographicShareInline(admin.TabularInline):
    model = DemographicShare
    extra = 0


@admin.register(DemographicSeries)
class DemographicSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "display_order", "in_charts"]
    inlines = [DemographicShareInline]
