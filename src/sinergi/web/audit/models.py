from django.conf import settings
from django.db import models


class AppendOnly(Exception):
    pass


class AuditEvent(models.Model):
    """An append-only record of one change: who, when, what, before and after."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_username = models.CharField(max_length=150, blank=True)
    # The actor's user id, kept when the account is deleted (``actor`` then becomes empty): with
    # ``actor_username`` it tells a deleted account's rows from those of a later namesake.
    actor_pk = models.BigIntegerField(null=True, blank=True)
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

    @property
    def actor_deleted(self) -> bool:
        return self.actor_pk is not None and self.actor_id is None

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("Jejak audit tidak boleh diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Jejak audit tidak boleh dihapus.")


class ChangeMark(models.Model):
    """One row per audited change of a domain whose pages are cached (``statistik``, ``ipk``,
    ``nomenklatur``, ``usulan``, ``rtk``); the number of rows of a domain is its cache generation
    (see :mod:`sinergi.web.caching`). Append-only like the audit trail; not part of backups (a
    restore carries the counts over, so a generation never goes back)."""

    domain = models.CharField(max_length=20, db_index=True)

    class Meta:
        verbose_name = "tanda perubahan (cache)"
        verbose_name_plural = "tanda perubahan (cache)"
