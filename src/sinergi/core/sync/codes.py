"""Planning codes ``U.BB.PP.L.KK.SSSS`` and the older shapes still in circulation.

Shapes (KEWENANGAN.md §1):

=============  ======================  =====================
level          shape                   example
=============  ======================  =====================
urusan         ``U``                   ``2``
bidang         ``U.BB``                ``2.07``
program        ``U.BB.PP``             ``2.07.04``
kegiatan       ``U.BB.PP.L.KK``        ``2.07.04.2.01``
sub_kegiatan   ``U.BB.PP.L.KK.SSSS``   ``2.07.04.2.01.0002``
=============  ======================  =====================

``L`` is 1 for a province, 2 for a regency/city (3–8 are special-autonomy variants that do
not apply in Kalimantan Timur). Program 01 (PENUNJANG) is published once for every urusan as
``X.XX.01``; in a budget ``X.XX`` becomes the urusan's own code (``2.07.01.1.01.0001``).

Older shapes are normalised when unambiguous, and the change is reported:

* sub-kegiatan numbers of 1–3 digits (Permendagri 90/2019 used 2: ``….2.01.07``) → 4 digits;
* one-digit bidang, program or kegiatan numbers (``2.7.4.2.1.2``) → two digits;
* spaces, a trailing dot, commas or dashes used as separators.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sinergi.core.regions import KABKOTA, PROVINSI

LEVELS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
SEGMENTS = {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}
WIDTHS = (1, 2, 2, 1, 2, 4)  # U BB PP L KK SSSS
SUPPORTED_BIDANG = ("2.07", "3.32")
GENERIC_PREFIX = "X.XX"

LEVEL_DIGIT = {PROVINSI: "1", KABKOTA: "2"}
DIGIT_LEVEL = {"1": PROVINSI, "2": KABKOTA}
LEVEL_LABEL = {PROVINSI: "provinsi", KABKOTA: "kabupaten/kota", "both": "provinsi dan kabupaten/kota"}

SPECIAL_L = {
    "3": "Papua",
    "4": "Papua Barat",
    "5": "DI Yogyakarta",
    "6": "DKI Jakarta",
    "7": "Aceh",
    "8": "Bali",
}

_SEGMENT = re.compile(r"^(\d+|X|XX)$")
_LEADING_CODE = re.compile(r"^\s*([0-9Xx]+(?:[.,][0-9Xx]+)*)\.?(?:\s+|\s*[-–:]\s*|$)(.*)$", re.S)


@dataclass(frozen=True)
class CodeInfo:
    """A code after normalisation.

    ``code`` is the normalised code ('' when the text is not a code at all), ``kind`` its level
    (``None`` when the shape is not valid), ``notes`` says in Indonesian what was changed and
    ``problem`` why the shape is not valid.
    """

    raw: str
    code: str
    kind: str | None
    notes: tuple[str, ...] = field(default_factory=tuple)
    problem: str = ""

    @property
    def valid(self) -> bool:
        return self.kind is not None

    @property
    def normalised(self) -> bool:
        return bool(self.notes)

    @property
    def segments(self) -> list[str]:
        return self.code.split(".") if self.code else []

    @property
    def bidang(self) -> str:
        return ".".join(self.segments[:2]) if len(self.segments) >= 2 else ""

    @property
    def program(self) -> str:
        return ".".join(self.segments[:3]) if len(self.segments) >= 3 else ""

    @property
    def kegiatan(self) -> str:
        return ".".join(self.segments[:5]) if len(self.segments) >= 5 else ""

    @property
    def l_digit(self) -> str:
        return self.segments[3] if len(self.segments) >= 4 else ""

    @property
    def authority(self) -> str | None:
        """``provinsi``/``kabkota`` from the L digit; ``None`` for L 3–8 or shapes without L."""
        return DIGIT_LEVEL.get(self.l_digit)


def _clean_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value).strip()


def parse_code(value) -> CodeInfo:
    """Normalise a code written by a person or an older system; never raises."""
    return _parse_text(_clean_text(value))


@lru_cache(maxsize=1 << 14)
def _parse_text(raw: str) -> CodeInfo:
    # a round repeats a few hundred codes over thousands of rows; CodeInfo is immutable
    text = raw.replace("\u00a0", " ").strip()
    notes: list[str] = []
    if not text:
        return CodeInfo(raw, "", None, (), "kode kosong")
    squeezed = re.sub(r"\s+", "", text)
    if squeezed != text:
        if re.fullmatch(r"[0-9Xx]+(?:\s*[.]\s*[0-9Xx]+)*\.?", text):
            notes.append("spasi di dalam kode dihapus")
        elif re.fullmatch(r"[0-9Xx]+(?:\s+[0-9Xx]+)+", text):
            squeezed = ".".join(text.split())
            notes.append("spasi sebagai pemisah diganti titik")
        else:
            return CodeInfo(raw, "", None, (), "kode memuat spasi atau teks lain")
    text = squeezed
    if re.search(r"[,\-–/]", text) and re.fullmatch(r"[0-9Xx]+(?:[.,\-–/][0-9Xx]+)+\.?", text):
        text = re.sub(r"[,\-–/]", ".", text)
        notes.append("pemisah selain titik diganti titik")
    if text.endswith("."):
        text = text.rstrip(".")
        notes.append("titik di akhir kode dihapus")
    parts = text.split(".")
    if not all(_SEGMENT.match(p.upper()) for p in parts):
        return CodeInfo(raw, "", None, (), "kode hanya boleh berisi angka dan titik")
    parts = [p.upper() for p in parts]
    kind = SEGMENTS.get(len(parts))
    if kind is None:
        return CodeInfo(raw, text, None, tuple(notes), f"kode terdiri atas {len(parts)} bagian; bentuk yang sah U.BB.PP.L.KK.SSSS")
    out = []
    for i, p in enumerate(parts):
        width = WIDTHS[i]
        if p in ("X", "XX"):
            if i == 0 and p == "X":
                out.append(p)
                continue
            if i == 1 and p == "XX" and parts[0] == "X":
                out.append(p)
                continue
            return CodeInfo(raw, text, None, tuple(notes), "huruf X hanya dipakai pada kode generik X.XX")
        if len(p) == width:
            out.append(p)
            continue
        if len(p) < width:
            if i == 5:
                notes.append(f"nomor sub-kegiatan {len(p)} digit '{p}' dinormalkan menjadi '{p.zfill(width)}' (bentuk lama)")
            elif i in (1, 2, 4):
                name = {1: "bidang", 2: "program", 4: "kegiatan"}[i]
                notes.append(f"nomor {name} '{p}' dinormalkan menjadi '{p.zfill(width)}'")
            out.append(p.zfill(width))
            continue
        stripped = p.lstrip("0")
        if len(stripped) <= width and i in (1, 2, 4, 5):
            notes.append(f"angka nol di depan '{p}' dinormalkan menjadi '{stripped.zfill(width)}'")
            out.append(stripped.zfill(width))
            continue
        return CodeInfo(raw, text, None, tuple(notes), f"bagian ke-{i + 1} '{p}' terlalu panjang (seharusnya {width} digit)")
    if len(out) >= 4 and out[3] == "0":
        return CodeInfo(raw, ".".join(out), None, tuple(notes), "digit tingkat (L) tidak boleh 0")
    return CodeInfo(raw, ".".join(out), kind, tuple(notes))


def split_code_and_name(value) -> tuple[str, str]:
    """``"2.07.04.2.01 Pelayanan antar Kerja"`` → ``("2.07.04.2.01", "Pelayanan antar Kerja")``.

    Cells of the official spreadsheet often hold the code and the name together. Text that
    does not start with a code returns ``("", text)``.
    """
    text = _clean_text(value)
    m = _LEADING_CODE.match(text)
    if not m:
        return "", text
    return m.group(1), m.group(2).strip()


def lookup_key(code: str) -> str:
    """The key under which a code is published: program 01 of any urusan is ``X.XX.01…``."""
    parts = code.split(".")
    if len(parts) >= 3 and parts[2] == "01" and parts[0] != "X":
        return ".".join([GENERIC_PREFIX, *parts[2:]])
    return code


def swap_level(code: str, authority: str) -> str:
    """The same code with its L digit set for ``authority`` (the candidate mirror)."""
    parts = code.split(".")
    if len(parts) < 4:
        return code
    parts[3] = LEVEL_DIGIT[authority]
    return ".".join(parts)


def pattern_matches(pattern: str, code: str) -> bool:
    """Whether ``code`` matches a pattern of segments where ``*`` matches any one segment and a
    shorter pattern matches as a prefix (``2.07.03.*.01`` matches ``2.07.03.2.01.0009``)."""
    p = pattern.split(".")
    c = code.split(".")
    if len(p) > len(c):
        return False
    return all(a == "*" or a == b for a, b in zip(p, c, strict=False))
