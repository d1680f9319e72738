"""Saving an uploaded file to a temporary path so importers can read it like any file."""
from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from django.conf import settings

from sinergi.core.problems import Problem, ValidationFailed


@contextlib.contextmanager
def uploaded_path(upload, allowed=(".csv", ".xlsx")):
    """Yield a temporary Path holding the upload (checked for size and type); removed after."""
    path, name = keep_upload(upload, allowed)
    try:
        yield path, name
    finally:
        path.unlink(missing_ok=True)


def keep_upload(upload, allowed=(".csv", ".xlsx")) -> tuple[Path, str]:
    """Save the upload (checked for size and type) under MEDIA_ROOT/tmp and return its path and
    display name; the caller removes it (e.g. after a preview has been confirmed)."""
    name = Path(upload.name).name
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise ValidationFailed([Problem("FORMAT_TIDAK_DIDUKUNG", f"Format '{suffix or '(tanpa akhiran)'}' tidak didukung.", f"Unggah berkas {' atau '.join(allowed)}.", file=name)])
    if upload.size > settings.SINERGI_MAX_UPLOAD_BYTES:
        mb = settings.SINERGI_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationFailed([Problem("BERKAS_TERLALU_BESAR", f"Berkas berukuran {upload.size / 1e6:.1f} MB, melebihi batas {mb} MB.", "Pecah berkas menjadi beberapa bagian atau hubungi admin.", file=name)])
    with tempfile.NamedTemporaryFile(dir=upload_dir(), suffix=suffix, delete=False) as f:
        for chunk in upload.chunks():
            f.write(chunk)
        return Path(f.name), name


def upload_dir() -> Path:
    tmpdir = Path(settings.MEDIA_ROOT) / "tmp"
    tmpdir.mkdir(parents=True, exist_ok=True)
    return tmpdir
