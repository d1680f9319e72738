"""Target groups of a proposal (``kelompok_sasaran``): the codes, reading a cell, and the
suggestions drawn from a proposal's description.

Codes (exactly these; a cell may hold several separated by ``;``): :data:`TARGET_GROUPS`.
A cell is read case-insensitively, spaces and hyphens counting as ``_`` (``Lulusan baru`` =
``lulusan_baru``); an unknown code is an error that lists the allowed codes.

**Suggestions** (:func:`suggest_groups`) are made only for a proposal whose cell is empty, from
its description (``uraian``) and its beneficiaries text (``sasaran``), by the word rules of
:data:`RULES`. They are shown as suggestions with the words that triggered them and never
stored on their own. The judgement calls:

* "lulusan SMK/SMA/SLTA/sekolah" → ``lulusan_baru`` **and** ``pemuda``: school leavers are
  17–20 years old, inside the 15–24 youth band of BPS; "lulusan perguruan tinggi", "sarjana",
  "fresh graduate" or "lulusan baru" → ``lulusan_baru`` only (graduates may be older than 24);
* "siswa"/"pelajar SMK" → ``pemuda`` (not yet graduates);
* transmigration: only words about people or settlements of transmigration (``transmigran``,
  "warga/kawasan/permukiman transmigrasi") → ``transmigran``; the word *transmigrasi* alone
  names the affair (urusan 3.32), not a group;
* ``masyarakat_lokal_ikn`` needs both a local-people phrase ("masyarakat/warga/penduduk/tenaga
  kerja lokal", "setempat", "putra daerah") and IKN ("IKN", "Nusantara", "Sepaku");
* ``umum`` is suggested only for "masyarakat umum"/"umum" — no group is the usual case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sinergi.core.numbers import is_blank

from .text import fold

# code → Indonesian label
TARGET_GROUPS: dict[str, str] = {
    "perempuan": "perempuan",
    "disabilitas": "penyandang disabilitas",
    "pemuda": "pemuda (15–24 tahun)",
    "lulusan_baru": "lulusan baru",
    "korban_phk": "korban PHK",
    "pmi": "pekerja migran Indonesia (PMI)",
    "transmigran": "transmigran",
    "masyarakat_lokal_ikn": "masyarakat lokal IKN",
    "umum": "umum (tanpa kelompok khusus)",
}
CODES = tuple(TARGET_GROUPS)
SEPARATOR = ";"
ALLOWED_TEXT = ", ".join(CODES)


def label(code: str) -> str:
    return TARGET_GROUPS.get(code, code)


@dataclass(frozen=True)
class ParsedGroups:
    codes: tuple[str, ...]
    unknown: tuple[str, ...] = ()


def parse_groups(value) -> ParsedGroups:
    """The codes of a cell (``"perempuan; disabilitas"``), in the order of :data:`CODES`,
    without repeats, and the parts that are not codes. A blank cell has no codes."""
    if is_blank(value):
        return ParsedGroups(())
    found, unknown = set(), []
    for part in re.split(r"[;,|\n]", str(value)):
        text = part.strip()
        if not text:
            continue
        key = "_".join(text.lower().replace("-", " ").replace("_", " ").split())
        if key in TARGET_GROUPS:
            found.add(key)
        else:
            unknown.append(text)
    return ParsedGroups(tuple(c for c in CODES if c in found), tuple(unknown))


def join_groups(codes) -> str:
    """Codes as the cell text ``a;b`` in the order of :data:`CODES`."""
    chosen = set(codes or ())
    return SEPARATOR.join(c for c in CODES if c in chosen)


def split_groups(text) -> tuple[str, ...]:
    """Stored codes (``a;b``) back to a tuple; unknown parts are dropped."""
    return parse_groups(text).codes


# ----------------------------------------------------------------------------- suggestions
@dataclass(frozen=True)
class Rule:
    group: str
    pattern: str  # a regular expression on the folded text (lower-case ASCII, single spaces)
    reason: str
    also: tuple[str, ...] = ()  # further groups the same words suggest
    requires: str = ""  # a second pattern that must also match


_LOCAL = r"\b(masyarakat|warga|penduduk|tenaga kerja|pekerja|pencari kerja) (lokal|setempat)\b|\bputra putri daerah\b|\bputra daerah\b"
RULES: tuple[Rule, ...] = (
    Rule("perempuan", r"\b(perempuan|wanita|ibu ibu|ibu rumah tangga|kaum ibu|gender|srikandi)\b", "menyebut perempuan"),
    Rule("disabilitas", r"\b(disabilitas|difabel|penyandang cacat|tuna ?(rungu|netra|daksa|wicara|grahita)|uld)\b",
         "menyebut penyandang disabilitas / Unit Layanan Disabilitas"),
    Rule("lulusan_baru", r"\blulusan (smk|sma|slta|sekolah|madrasah|ma)\b|\btamatan (smk|sma|slta)\b|\balumni smk\b",
         "lulusan sekolah menengah: lulusan baru, umumnya 17–20 tahun (pemuda)", also=("pemuda",)),
    Rule("lulusan_baru", r"\b(lulusan baru|fresh graduates?|lulusan perguruan tinggi|lulusan (d3|d4|s1|diploma|sarjana)|sarjana baru|wisudawan)\b",
         "menyebut lulusan baru"),
    Rule("pemuda", r"\b(pemuda|pemudi|remaja|generasi muda|anak muda|usia muda|milenial|gen z|karang taruna|neet|siswa smk|pelajar smk|santri)\b",
         "menyebut pemuda"),
    Rule("korban_phk", r"\b(phk|ter ?phk|pemutusan hubungan kerja|dirumahkan)\b", "menyebut korban PHK"),
    Rule("pmi", r"\b(pmi|cpmi|pekerja migran|tki|tkw|buruh migran)\b", "menyebut pekerja migran (PMI)"),
    Rule("transmigran", r"\b(transmigran|(warga|masyarakat|peserta|penduduk|kawasan|permukiman|pemukiman|lokasi|satuan permukiman|upt) transmigrasi)\b",
         "menyebut transmigran atau permukiman transmigrasi"),
    Rule("masyarakat_lokal_ikn", _LOCAL, "menyebut masyarakat lokal di sekitar IKN", requires=r"\b(ikn|nusantara|sepaku)\b"),
    Rule("umum", r"\b(masyarakat umum|untuk umum|bagi umum)\b", "menyebut masyarakat umum"),
)
_COMPILED = [(r, re.compile(r.pattern), re.compile(r.requires) if r.requires else None) for r in RULES]


@dataclass(frozen=True)
class GroupSuggestion:
    code: str
    reason: str
    words: str  # the words that triggered it, as found in the folded text

    @property
    def label(self) -> str:
        return label(self.code)

    def text(self) -> str:
        return f"{self.code} ({self.reason}: '{self.words}')"


def suggest_groups(*texts) -> list[GroupSuggestion]:
    """Target groups suggested by the words of a description (and beneficiaries text), in the
    order of :data:`CODES`, each with its reason. Never stored by itself."""
    folded = " ".join(fold(t) for t in texts if not is_blank(t))
    if not folded:
        return []
    out: dict[str, GroupSuggestion] = {}
    for rule, pattern, required in _COMPILED:
        m = pattern.search(folded)
        if m is None or (required is not None and required.search(folded) is None):
            continue
        for code in (rule.group, *rule.also):
            out.setdefault(code, GroupSuggestion(code, rule.reason, m.group(0)))
    return [out[c] for c in CODES if c in out]
