from django.contrib import admin

from accounts.models import AuditEvent, Invitation


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: entries are never added, changed or deleted by hand."""

    list_display = ["at", "kind", "username", "ip_address", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "created_at", "expires_at", "accepted_at", "withdrawn_at"]
    readonly_fields = ["key_hash"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the product's Users page, which emails the key
