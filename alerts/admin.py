from django.contrib import admin

from alerts.models import AlertPreference, SentAlert


@admin.register(AlertPreference)
class AlertPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "figures_due", "changes", "published", "frequency", "updated_at"]
    search_fields = ["user__username", "user__email"]


@admin.register(SentAlert)
class SentAlertAdmin(admin.ModelAdmin):
    """What was sent, to whom, and what failed: read only (the rows are what stops a second send)."""

    list_display = ["created_at", "kind", "email", "subject_key", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["kind", "status"]
    search_fields = ["email", "subject_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
