"""Reference data the checks need besides the nomenclature: regions, funding sources, units.

All of it is built from rows (the embedded CSV files are read by
:mod:`sinergi.documents.sync_files`; the web layer may build the same objects from its
database), so this module does no I/O.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sinergi.core.regions import region_level

from .codes import PROVINSI
from .text import fold


# ---------------------------------------------------------------------- regions
@dataclass(frozen=True)
class Location:
    """A location resolved to codes: ``code`` as given in digits (kab/kota or kecamatan),
    ``kabkota`` its 4-digit regency/city (or the province code for province-wide)."""

    code: str
    kabkota: str
    note: str = ""


class Regions:
    """The province and its regencies/cities (BPS codes), with names and short names."""

    def __init__(self, province: str, names: Mapping[str, str], aliases: Mapping[str, str] | None = None) -> None:
        self.province = province
        self.names = dict(names)
        self._lookup: dict[str, str] = {}
        for code, name in self.names.items():
            folded = fold(name)
            self._lookup[folded] = code
            if code != province:
                for prefix in ("kabupaten", "kab", "kota"):
                    self._lookup[f"{prefix} {folded}"] = code
            else:
                self._lookup[f"provinsi {folded}"] = code
                self._lookup[f"prov {folded}"] = code
        for alias, code in (aliases or {}).items():
            self._lookup[fold(alias)] = code
        self._offices: dict[str, tuple[str, str]] = {}
        self._locations: dict[str, tuple[Location | None, str]] = {}

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping], aliases: Mapping[str, str] | None = None) -> Regions:
        rows = list(rows)
        province = next((str(r["code"]) for r in rows if str(r.get("type", "")).lower() == "provinsi"), None)
        if province is None:
            province = min((str(r["code"]) for r in rows), key=len)
        return cls(province, {str(r["code"]): str(r["name"]) for r in rows}, aliases)

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def kabkota(self) -> list[str]:
        return [c for c in self.names if c != self.province]

    def authority(self, code: str) -> str | None:
        """:func:`~sinergi.core.regions.region_level` of a listed region; ``None`` for a code not in the list."""
        return region_level(code) if code in self.names else None

    def normalise_office(self, value) -> tuple[str, str]:
        """The proposing office's code from a cell (``64``, ``6472``, ``64.72``, ``6472.0``,
        "Kota Samarinda"); returns ``(code, problem)`` with ``code`` '' when unreadable."""
        text = _cell_text(value)
        known = self._offices.get(text)
        if known is None:
            known = _remember(self._offices, text, self._office(text))
        return known

    def _office(self, text: str) -> tuple[str, str]:
        if not text:
            return "", "kosong"
        digits = _digits(text)
        if digits:
            if digits in self.names:
                return digits, ""
            return "", f"kode wilayah '{text}' tidak dikenal (yang sah: {self.province} untuk provinsi, {', '.join(self.kabkota())} untuk kabupaten/kota)"
        code = self._lookup.get(fold(text))
        if code:
            return code, ""
        return "", f"wilayah '{text}' tidak dikenal"

    def resolve_location(self, value) -> tuple[Location | None, str]:
        """A location cell as codes. Accepts BPS codes of the province, a regency/city or a
        kecamatan/desa under it (``6472``, ``6472010``, ``64.72.01``) and names ("Samarinda",
        "Kab. Paser", "Kukar"). Returns ``(location, problem)``."""
        text = _cell_text(value)
        known = self._locations.get(text)
        if known is None:
            known = _remember(self._locations, text, self._location(text))
        return known

    def _location(self, text: str) -> tuple[Location | None, str]:
        if not text:
            return None, "kosong"
        digits = _digits(text)
        if digits:
            if digits == self.province:
                return Location(digits, digits), ""
            if len(digits) >= 4:
                return Location(digits, digits[:4]), ""
            return None, f"kode lokasi '{text}' tidak dapat dibaca"
        code = self._lookup.get(fold(text))
        if code:
            return Location(code, code, f"nama '{text}' dibaca sebagai kode {code}"), ""
        for part in re.split(r"[,;/]", text):
            code = self._lookup.get(fold(part))
            if code:
                return Location(code, code, f"'{text}' dibaca sebagai kode {code}"), ""
        return None, f"lokasi '{text}' tidak dikenal"

    def within(self, location: Location, office: str) -> bool:
        """Whether a location lies inside the office's territory."""
        if office == self.province:
            return location.kabkota == self.province or location.kabkota.startswith(self.province)
        return location.kabkota == office


MEMO_LIMIT = 1 << 15  # distinct cell values remembered per object (a hostile file cannot grow it further)


def _remember(memo: dict, key, value):
    """Store ``value`` under ``key`` while the memo is small; return ``value``. The same few
    hundred office, location and funding cells come back on every row of a round."""
    if len(memo) < MEMO_LIMIT:
        memo[key] = value
    return value


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return " ".join(str(value).split())


def _digits(text: str) -> str:
    """Digits of a code written as ``6472``, ``64.72``, ``64 72 01`` or ``6472.0``; '' if the
    text has letters."""
    t = text.strip()
    if re.fullmatch(r"\d+\.0", t):
        t = t[:-2]
    if re.fullmatch(r"\d+(?:[.\s]\d+)*", t):
        return re.sub(r"[.\s]", "", t)
    return ""


# ---------------------------------------------------------------------- funding sources
@dataclass(frozen=True)
class FundingSource:
    key: str
    name: str
    synonyms: tuple[str, ...] = ()
    note: str = ""


class FundingSources:
    """The list of sumber dana values with the ways people write them.

    A value matches a source when, folded, it equals or contains one of the source's synonyms
    as whole words; sources are tried in list order, so specific ones (DAK, tugas pembantuan)
    come before general ones (APBD). Plain "APBD" is read as the proposer's own APBD.
    """

    def __init__(self, sources: Iterable[FundingSource]) -> None:
        self.sources = tuple(sources)
        self._by_key = {s.key: s for s in self.sources}
        self._patterns = [
            (s, [re.compile(r"(?:^| )" + re.escape(fold(p)) + r"(?: |$)") for p in (s.name, s.key.replace("_", " "), *s.synonyms) if fold(p)])
            for s in self.sources
        ]
        self._matches: dict[tuple[str, str | None], str] = {}

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping]) -> FundingSources:
        out = []
        for r in rows:
            syn = tuple(x.strip() for x in str(r.get("sinonim", "") or "").split("|") if x.strip())
            out.append(FundingSource(str(r["kunci"]).strip(), str(r["nama"]).strip(), syn, str(r.get("keterangan", "") or "")))
        return cls(out)

    def names(self) -> list[str]:
        return [s.name for s in self.sources]

    def name(self, key: str) -> str:
        s = self._by_key.get(key)
        return s.name if s else key

    def match(self, value, authority: str | None = None) -> str:
        """The key of the source ``value`` names, or '' when none matches."""
        text = fold(value)
        known = self._matches.get((text, authority))
        if known is None:
            known = _remember(self._matches, (text, authority), self._match(text, authority))
        return known

    def _match(self, text: str, authority: str | None) -> str:
        if not text:
            return ""
        for s, _patterns in self._patterns:
            if fold(s.name) == text or s.key == text.replace(" ", "_"):
                return s.key
        if text == "apbd" and authority:
            return "apbd_provinsi" if authority == PROVINSI and "apbd_provinsi" in self._by_key else (
                "apbd_kabkota" if "apbd_kabkota" in self._by_key else ""
            )
        for s, patterns in self._patterns:
            if any(p.search(text) for p in patterns):
                return s.key
        return ""


# ---------------------------------------------------------------------- units
DEFAULT_UNIT_SYNONYMS: dict[str, str] = {
    "org": "orang",
    "jiwa": "orang",
    "peserta": "orang",
    "kk": "kepalakeluarga",
    "ha": "hektar",
    "hektare": "hektar",
    "dok": "dokumen",
    "pkt": "paket",
    "keg": "kegiatan",
    "lap": "laporan",
    "perush": "perusahaan",
    "orangbln": "orangbulan",
    "ob": "orangbulan",
}


def unit_key(value, synonyms: Mapping[str, str] | None = None) -> str:
    """A unit folded for comparison: case, spaces and slashes do not matter ("Orang/ Bulan" =
    "orang/bulan"), and common abbreviations are expanded ("KK" = "Kepala Keluarga")."""
    key = fold(value).replace(" ", "")
    syn = DEFAULT_UNIT_SYNONYMS if synonyms is None else synonyms
    return syn.get(key, key)


@dataclass
class SyncReference:
    """Everything the synchronisation functions need, in one object the web layer can build
    once per round: the nomenclature version, regions, funding sources, the reviewed alias
    table for code suggestions and the need map for the gap analysis."""

    nomenclature: object
    regions: Regions
    funding: FundingSources
    aliases: object = None
    needs: object = None
    unit_synonyms: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_UNIT_SYNONYMS))
