from django.conf import settings
from django.db import models


class AppendOnly(Exception):
    pass


class AuditEvent(models.Model):
    """An append-only record of one change: who, when, what, before and after."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    region_code = models.CharField(max_length=8, blank=True)
    summary = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=36, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "peristiwa audit"
        verbose_name_plural = "jejak audit"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("Jejak audit tidak boleh diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Jejak audit tidak boleh dihapus.")
