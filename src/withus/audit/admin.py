from django.contrib import admin

from withus.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organisation", "actor_label", "action", "summary"]
    list_filter = ["action", "organisation"]
    search_fields = ["summary", "actor_label", "object_label"]

    def get_queryset(self, request):
        return AuditEvent.unscoped.select_related("organisation")

    # The trail is append-only, in the admin too.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
