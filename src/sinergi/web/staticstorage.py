"""Static files for production (``SINERGI_STATIC_MANIFEST=1`` after ``collectstatic``):
WhiteNoise's compressed, content-hashed storage. References inside JavaScript files are left
alone: the vendored minified libraries name source maps that are not shipped."""
from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class SinergiStaticStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(p for p in CompressedManifestStaticFilesStorage.patterns if p[0] != "*.js")
