"""Notifications in the app: one row per person and event (a proposal sent back for a fix,
accepted, merged, submitted for review …). Written by :func:`sinergi.web.notifications.actions.notify`
inside the transaction of the change it reports; read in the header (unread count) and on the
list page (``/notifikasi/``)."""
from django.conf import settings
from django.db import models


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="penerima", on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField("isi", max_length=500)
    url = models.CharField("tautan", max_length=300, blank=True)
    event = models.CharField("peristiwa", max_length=60, help_text="nama aksi di jejak audit, mis. minta_perbaikan_usulan")
    region_code = models.CharField("wilayah", max_length=8, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("dibaca", null=True, blank=True)
    emailed = models.BooleanField("dikirim lewat surel", default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.text[:60]}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
