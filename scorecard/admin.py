from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scorecard.models import (
    ChangeMeans,
    Comparator,
    ComparatorValue,
    DemographicSeries,
    DemographicShare,
    Figure,
    Indicator,
    Period,
    Target,
)


class RecordedInlinesMixin:
    """Inline changes (targets on an indicator, shares on a series) are kept in history as made 'by admin'."""

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance._change_reason = ChangeMeans.ADMIN
            inline_form.instance._history_user = request.user
        super().save_formset(request, form, formset, change)


class RecordedAdmin(SimpleHistoryAdmin):
    """Changes made here are kept in history as made 'by admin'."""

    def save_model(self, request, obj, form, change):
        obj._change_reason = ChangeMeans.ADMIN
        super().save_model(request, obj, form, change)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(RecordedInlinesMixin, admin.ModelAdmin):
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
class FigureAdmin(RecordedAdmin):
    def save_model(self, request, obj, form, change):
        # Moving the version on tells an officer's open entry page that this figure changed.
        obj.version += 1
        obj.updated_by = request.user
        if "commentary" in form.changed_data:
            obj.commentary_checked = False  # new words are checked for publication on the indicator page
        super().save_model(request, obj, form, change)

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
    # The publication tick is given on the indicator page, after the small numbers in the text are listed.
    readonly_fields = ["version", "updated_at", "updated_by", "commentary_checked"]


@admin.register(Target)
class TargetAdmin(RecordedAdmin):
    list_display = ["indicator", "financial_year", "quarter", "value", "tolerance", "tolerance_kind"]
    list_filter = ["financial_year"]
    list_select_related = ["indicator"]


@admin.register(Comparator)
class ComparatorAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "statistic", "display_order"]


@admin.register(ComparatorValue)
class ComparatorValueAdmin(RecordedAdmin):
    list_display = ["indicator", "comparator", "year", "value", "status", "source"]
    list_filter = ["comparator", "year", "status"]
    list_select_related = ["indicator", "comparator"]


class DemographicShareInline(admin.TabularInline):
    model = DemographicShare
    extra = 0


@admin.register(DemographicSeries)
class DemographicSeriesAdmin(RecordedInlinesMixin, admin.ModelAdmin):
    list_display = ["name", "display_order", "in_charts"]
    inlines = [DemographicShareInline]
