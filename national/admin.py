from django.contrib import admin

from national.models import Council, CouncilValue, IndicatorSource, NationalImport, Neighbour


@admin.register(IndicatorSource)
class IndicatorSourceAdmin(admin.ModelAdmin):
    list_display = ["indicator", "file_kind", "value_column", "updated_at"]
    list_select_related = ["indicator"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "old_code", "new_code", "region"]
    search_fields = ["name", "old_code", "new_code"]
    list_filter = ["region"]


@admin.register(Neighbour)
class NeighbourAdmin(admin.ModelAdmin):
    list_display = ["council", "group_year", "position", "neighbour", "closeness"]
    list_filter = ["group_year"]
    list_select_related = ["council", "neighbour"]
    search_fields = ["council__name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Loaded from DfE's files only: read here, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NationalImport)
class NationalImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "imported_at", "imported_by", "rows_read", "values_created", "values_changed"]


@admin.register(CouncilValue)
class CouncilValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "year", "name", "level", "value", "numerator", "denominator", "status"]
    list_filter = ["year", "level", "indicator"]
    list_select_related = ["indicator"]
    search_fields = ["name", "area_code"]
