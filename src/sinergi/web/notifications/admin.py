from django.contrib import admin

from sinergi.web.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "text", "event", "created_at", "read_at", "emailed")
    list_filter = ("event",)
    search_fields = ("text", "user__username")
