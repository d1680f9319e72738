"""An IPK method as data: one row per sub-indicator, plus category thresholds.

Columns (header names as in the method sheet; Indonesian aliases are accepted)::

    indicator_code, indicator_name, indicator_weight, sub_code, sub_name, sub_weight,
    min, max, direction (positive|negative), unit, data_source,
    status (verified|inferred|provisional), rationale

Optional finer statuses ``name_status``, ``weight_status``, ``goalpost_status`` say which part
of a row is known; the row ``status`` may not claim more than its weakest part.

Weights are fractions (``0.25``) or percents (``25%``); a level written as plain numbers that
sum to 100 is read as percents (with a warning). Indicator code, name and weight may be
written on the first row of each indicator only (merged cells): blanks below are filled from
the row above, with a warning.

:meth:`Method.from_frame` collects every problem (weights not summing to 1 at either level,
``min = max``, a sub-indicator listed twice, an unknown direction, text where a number is
expected, …) with its spreadsheet row and raises :class:`ValidationFailed` with all of them.
"""
from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from sinergi.core.numbers import NotANumber, is_blank, parse_number
from sinergi.core.problems import ProblemList, ValidationFailed
from sinergi.core.rules import Column, Refusal, apply_rules, cell_code, cell_text, choice_parser

from .labels import PROVISIONAL_LABEL

#: Tolerance on weight sums (0.1 percentage point): ``3 × 33.3 %`` is accepted, computed as given.
WEIGHT_TOLERANCE = 1e-3

COLUMNS = (
    "indicator_code",
    "indicator_name",
    "indicator_weight",
    "sub_code",
    "sub_name",
    "sub_weight",
    "min",
    "max",
    "direction",
    "unit",
    "data_source",
    "status",
    "rationale",
)
DETAIL_STATUS_COLUMNS = ("name_status", "weight_status", "goalpost_status")
REQUIRED_COLUMNS = ("indicator_code", "indicator_weight", "sub_code", "sub_weight", "min", "max", "direction")

COLUMN_ALIASES = {
    "kode_indikator": "indicator_code",
    "indikator_kode": "indicator_code",
    "nama_indikator": "indicator_name",
    "indikator": "indicator_name",
    "bobot_indikator": "indicator_weight",
    "kode_sub_indikator": "sub_code",
    "kode_subindikator": "sub_code",
    "kode_sub": "sub_code",
    "nama_sub_indikator": "sub_name",
    "nama_subindikator": "sub_name",
    "nama_sub": "sub_name",
    "sub_indikator": "sub_name",
    "bobot_sub_indikator": "sub_weight",
    "bobot_subindikator": "sub_weight",
    "bobot_sub": "sub_weight",
    "minimum": "min",
    "nilai_minimum": "min",
    "batas_bawah": "min",
    "goalpost_min": "min",
    "maximum": "max",
    "maksimum": "max",
    "nilai_maksimum": "max",
    "batas_atas": "max",
    "goalpost_max": "max",
    "arah": "direction",
    "satuan": "unit",
    "sumber_data": "data_source",
    "alasan": "rationale",
    "rasional": "rationale",
    "keterangan": "rationale",
    "status_nama": "name_status",
    "status_bobot": "weight_status",
    "status_batas": "goalpost_status",
}

DIRECTIONS = {
    "positive": "positive",
    "positif": "positive",
    "pos": "positive",
    "+": "positive",
    "naik": "positive",
    "higher_is_better": "positive",
    "negative": "negative",
    "negatif": "negative",
    "neg": "negative",
    "-": "negative",
    "turun": "negative",
    "lower_is_better": "negative",
}

STATUSES = ("verified", "inferred", "provisional")  # strongest first
STATUS_ALIASES = {
    "verified": "verified",
    "terverifikasi": "verified",
    "verifikasi": "verified",
    "resmi": "verified",
    "official": "verified",
    "inferred": "inferred",
    "disimpulkan": "inferred",
    "inferensi": "inferred",
    "diduga": "inferred",
    "provisional": "provisional",
    "sementara": "provisional",
}


@dataclass(frozen=True)
class Category:
    """A category band: scores ``>= min_score`` (and below the next band) get ``name``."""

    name: str
    min_score: float


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("rendah", 0.0),
    Category("menengah bawah", 50.0),
    Category("menengah atas", 66.0),
    Category("tinggi", 80.0),
)


def categorise(scores, categories: Sequence[Category] = DEFAULT_CATEGORIES) -> np.ndarray:
    """Category name for each score (``None`` where the score is NaN)."""
    scores = np.asarray(scores, dtype=float)
    bounds = np.array([c.min_score for c in categories])
    names = np.array([c.name for c in categories] + [None], dtype=object)
    idx = np.searchsorted(bounds, scores, side="right") - 1
    idx = np.where(np.isnan(scores) | (idx < 0), len(categories), idx)
    return names[idx]


def next_category(score: float, categories: Sequence[Category] = DEFAULT_CATEGORIES) -> Category | None:
    """The first category above ``score`` (``None`` in the top band or for NaN)."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return None
    for c in categories:
        if c.min_score > score:
            return c
    return None


def normalise_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Lower-case, underscore headers and map Indonesian aliases to the canonical names."""
    out = frame.copy()
    names = []
    for c in out.columns:
        key = " ".join(str(c).replace("\ufeff", "").strip().lower().split()).replace(" ", "_").replace("-", "_")
        names.append(COLUMN_ALIASES.get(key, key))
    out.columns = names
    return out


def parse_weight(value) -> tuple[float, bool]:
    """``(fraction_or_number, written_as_percent)``; ``"25%"`` → ``(0.25, True)``.

    Raises :class:`NotANumber` for text that is not a number.
    """
    if isinstance(value, str) and value.strip().endswith("%"):
        return parse_number(value.strip()[:-1]) / 100.0, True
    return parse_number(value), False


def _weakest(statuses: Iterable[str]) -> str:
    ranks = [STATUSES.index(s) for s in statuses if s in STATUSES]
    return STATUSES[max(ranks)] if ranks else "provisional"


@dataclass(eq=False)
class Method:
    """A validated IPK method. Build it with :meth:`from_frame`, :meth:`from_rows` or
    :meth:`from_dict`; serialise with :meth:`to_frame`, :meth:`to_rows`, :meth:`to_dict`,
    :meth:`to_json`.

    ``table`` holds one row per sub-indicator in the canonical columns (:data:`COLUMNS`),
    weights as fractions, rows grouped by indicator in order of first appearance.
    ``version`` is whatever the store assigns (the web app numbers versions); results
    record ``name``, ``version`` and :attr:`fingerprint` (a hash of every parameter), so the
    exact parameters behind any number can be found again.
    """

    table: pd.DataFrame
    name: str = "Metode IPK"
    version: str = ""
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    description: str = ""
    warnings: tuple[str, ...] = ()
    _arrays: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        t = self.table.reset_index(drop=True)
        self.table = t
        self.categories = tuple(self.categories)
        ind_codes = list(dict.fromkeys(t["indicator_code"]))
        ind_pos = {c: i for i, c in enumerate(ind_codes)}
        groups = [np.flatnonzero((t["indicator_code"] == c).to_numpy()) for c in ind_codes]
        first = t.drop_duplicates("indicator_code").set_index("indicator_code")
        W = first.loc[ind_codes, "indicator_weight"].to_numpy(float)
        w = t["sub_weight"].to_numpy(float)
        ind_of_sub = t["indicator_code"].map(ind_pos).to_numpy()
        lo = t["min"].to_numpy(float)
        hi = t["max"].to_numpy(float)
        neg = (t["direction"] == "negative").to_numpy()
        # points per unit of normalised score: 100 × indicator weight × sub weight
        f = 100.0 * W[ind_of_sub] * w
        self._arrays = {
            "sub_codes": t["sub_code"].tolist(),
            "indicator_codes": ind_codes,
            "groups": groups,
            "ind_of_sub": ind_of_sub,
            "W": W,
            "w": w,
            "lo": lo,
            "hi": hi,
            "negative": neg,
            "f": f,
        }

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        name: str = "Metode IPK",
        version: str = "",
        categories: Sequence[Category] | pd.DataFrame | None = None,
        description: str = "",
        *,
        rows: Sequence[int] | None = None,
        file: str = "",
        sheet: str = "",
        columns: Mapping[str, str] | None = None,
    ) -> Method:
        """Validate a method table (cells as typed by a user) and build a Method.

        ``rows`` gives the spreadsheet row number of each frame row (default: header on row
        1, data from row 2); ``file``/``sheet``/``columns`` locate problems the way the user
        sees the file. Raises :class:`~sinergi.core.problems.ValidationFailed` listing every
        problem found.
        """
        problems = ProblemList()
        warnings: list[str] = []
        frame = normalise_columns(frame)
        rows = list(rows) if rows is not None else [i + 2 for i in range(len(frame))]
        place = _Place(rows, file, sheet, dict(columns or {}))
        _check_method_columns(frame, place, problems, warnings)
        frame, filled = _fill_merged_indicators(frame, rows)
        if filled:
            warnings.append(
                "Kode/nama/bobot indikator yang kosong diisi dari baris di atasnya (sel gabungan) pada baris "
                + ", ".join(map(str, filled[:20]))
                + ("…" if len(filled) > 20 else "")
                + "."
            )
        read = apply_rules(frame, _method_rules(frame), problems, rows=rows, file=file, sheet=sheet, shown_names=place.columns)
        records = _method_records(frame, read, place, problems, warnings)
        _check_duplicate_subs(records, place, problems)
        by_ind = _check_indicator_groups(records, place, problems, warnings)

        cats = DEFAULT_CATEGORIES
        try:
            if isinstance(categories, pd.DataFrame):
                cats = categories_from_frame(categories, file=file)
            elif categories is not None:
                cats = tuple(categories)
                check_categories(cats, file=file)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
        problems.raise_if_any()

        order = []
        for recs in by_ind.values():
            order.extend(recs)
        table = pd.DataFrame(
            [{c: r[c] for c in COLUMNS + DETAIL_STATUS_COLUMNS} for r in order],
            columns=list(COLUMNS + DETAIL_STATUS_COLUMNS),
        )
        for c in ("indicator_weight", "sub_weight", "min", "max"):
            table[c] = table[c].astype(float)
        return cls(
            table=table,
            name=name,
            version=str(version or ""),
            categories=cats,
            description=description,
            warnings=tuple(warnings),
        )

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping], **kwargs) -> Method:
        """Build from a list of dicts (e.g. database rows); same validation as :meth:`from_frame`."""
        return cls.from_frame(pd.DataFrame(list(rows), dtype=object), **kwargs)

    @classmethod
    def from_dict(cls, data: Mapping) -> Method:
        """Inverse of :meth:`to_dict`."""
        cats = [Category(c["name"], float(c["min_score"])) for c in data.get("categories", [])] or None
        return cls.from_rows(
            data["rows"],
            name=data.get("name", "Metode IPK"),
            version=data.get("version", ""),
            categories=cats,
            description=data.get("description", ""),
        )

    @classmethod
    def from_json(cls, text: str) -> Method:
        return cls.from_dict(json.loads(text))

    # ----------------------------------------------------------------- serialisation
    def to_frame(self, percent: bool = False) -> pd.DataFrame:
        """The method table in canonical columns. Finer status columns appear only when used.
        With ``percent=True`` weights are written as text like ``"25%"``."""
        t = self.table.copy()
        cols = list(COLUMNS) + [c for c in DETAIL_STATUS_COLUMNS if (t[c] != "").any()]
        t = t[cols]
        if percent:
            for c in ("indicator_weight", "sub_weight"):
                t[c] = [f"{100 * x:.10g}%" for x in t[c]]
        return t

    def to_rows(self) -> list[dict]:
        return self.to_frame().to_dict(orient="records")

    def categories_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"category": [c.name for c in self.categories], "min_score": [c.min_score for c in self.categories]})

    def to_dict(self) -> dict:
        """JSON-ready: name, version, description, categories, rows, fingerprint, provisional."""
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "fingerprint": self.fingerprint,
            "provisional": self.provisional,
            "categories": [{"name": c.name, "min_score": c.min_score} for c in self.categories],
            "rows": self.to_rows(),
        }

    def to_json(self, **kwargs) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @property
    def fingerprint(self) -> str:
        """First 16 hex digits of a SHA-256 over every parameter and the categories (not the
        name, version or free-text rationale): equal fingerprints compute equal results."""
        t = self.table
        payload = {
            "rows": [
                [r.indicator_code, repr(float(r.indicator_weight)), r.sub_code, repr(float(r.sub_weight)),
                 repr(float(r.min)), repr(float(r.max)), r.direction]
                for r in t.itertuples(index=False)
            ],
            "categories": [[c.name, repr(float(c.min_score))] for c in self.categories],
        }
        return hashlib.sha256(json.dumps(payload).encode()).hexdigest()[:16]

    # ----------------------------------------------------------------- views
    @property
    def provisional(self) -> bool:
        """True when any row's status is not ``verified`` (results must carry the label)."""
        return bool((self.table["status"] != "verified").any())

    @property
    def label(self) -> str:
        return PROVISIONAL_LABEL if self.provisional else ""

    @property
    def sub_codes(self) -> list[str]:
        return list(self._arrays["sub_codes"])

    @property
    def indicator_codes(self) -> list[str]:
        return list(self._arrays["indicator_codes"])

    @property
    def n_subs(self) -> int:
        return len(self.table)

    def status_counts(self) -> dict[str, int]:
        counts = self.table["status"].value_counts()
        return {s: int(counts.get(s, 0)) for s in STATUSES}

    def status_text(self) -> str:
        """One line in Indonesian: official, or how many rows are not verified."""
        counts = self.status_counts()
        n = self.n_subs
        if not self.provisional:
            return f"metode dengan semua {n} sub-indikator berstatus terverifikasi"
        text = (
            f"{PROVISIONAL_LABEL}: {n - counts['verified']} dari {n} sub-indikator belum terverifikasi "
            f"({counts['inferred']} disimpulkan, {counts['provisional']} sementara)"
        )
        parts = []
        for col, word in (("name_status", "nama"), ("weight_status", "bobot"), ("goalpost_status", "batas")):
            k = int((self.table[col] == "verified").sum())
            if k:
                parts.append(f"{word} {k} sub-indikator terverifikasi")
        return text + ("; " + ", ".join(parts) if parts else "")

    def indicators(self) -> pd.DataFrame:
        """One row per indicator: code, name, weight, number of sub-indicators, max points."""
        if "indicators" not in self._arrays:
            self._arrays["indicators"] = self._indicators()
        return self._arrays["indicators"].copy()

    def _indicators(self) -> pd.DataFrame:
        t = self.table
        g = t.groupby("indicator_code", sort=False)
        out = g.agg(indicator_name=("indicator_name", "first"), indicator_weight=("indicator_weight", "first"), n_subs=("sub_code", "size")).reset_index()
        out["max_points"] = [float(self._arrays["f"][grp].sum()) for grp in self._arrays["groups"]]
        return out

    def sub(self, code: str) -> dict:
        """The row of one sub-indicator as a dict."""
        i = self._arrays["sub_codes"].index(code)
        return self.table.iloc[i].to_dict()

    def max_points(self) -> np.ndarray:
        """Points each sub-indicator scores at its best (100 × W × w), in table order."""
        return self._arrays["f"].copy()

    def with_version(self, version: str) -> Method:
        return replace(self, version=str(version), _arrays={})

    def with_name(self, name: str) -> Method:
        return replace(self, name=name, _arrays={})

    def __repr__(self) -> str:  # pragma: no cover - convenience
        v = f" v{self.version}" if self.version else ""
        return f"<Method '{self.name}'{v}: {len(self.indicator_codes)} indikator, {self.n_subs} sub-indikator, {self.fingerprint}{' — ' + PROVISIONAL_LABEL if self.provisional else ''}>"


CATEGORY_ALIASES = {
    "kategori": "category",
    "nama": "category",
    "name": "category",
    "status": "category",
    "min_score": "min_score",
    "skor_minimum": "min_score",
    "batas_bawah": "min_score",
    "nilai_minimum": "min_score",
    "min": "min_score",
    "minimum": "min_score",
    "lower": "min_score",
}


def check_categories(categories: Sequence[Category], file: str = "", sheet: str = "", rows: Sequence[int] | None = None) -> None:
    """Names unique and non-empty; lower bounds strictly increasing within [0, 100], the first at 0."""
    problems = ProblemList()
    rows = list(rows) if rows is not None else [i + 2 for i in range(len(categories))]
    if not categories:
        problems.add("IPK_KATEGORI_KOSONG", "Tidak ada kategori.", "Isi minimal satu kategori dengan batas bawah 0.", file=file, sheet=sheet)
    names = set()
    for i, c in enumerate(categories):
        loc = {"file": file, "sheet": sheet, "row": rows[i]}
        if not c.name:
            problems.add("IPK_KATEGORI_TANPA_NAMA", "Nama kategori kosong.", "Isi nama kategori.", column="category", **loc)
        elif c.name in names:
            problems.add("IPK_KATEGORI_GANDA", f"Kategori '{c.name}' tercantum dua kali.", "Hapus salah satunya.", column="category", **loc)
        names.add(c.name)
        if math.isnan(c.min_score) or not 0 <= c.min_score <= 100:
            problems.add("IPK_KATEGORI_BATAS", f"Batas bawah {c.min_score:g} di luar 0–100.", "Isi angka 0–100.", column="min_score", **loc)
        if i == 0 and c.min_score != 0:
            problems.add(
                "IPK_KATEGORI_BATAS",
                f"Kategori terendah '{c.name}' harus mulai dari 0 (sekarang {c.min_score:g}).",
                "Isi 0 sebagai batas bawah kategori pertama agar setiap skor punya kategori.",
                column="min_score",
                **loc,
            )
        if i > 0 and not c.min_score > categories[i - 1].min_score:
            problems.add(
                "IPK_KATEGORI_URUTAN",
                f"Batas bawah '{c.name}' ({c.min_score:g}) tidak lebih besar dari kategori sebelumnya ({categories[i - 1].min_score:g}).",
                "Urutkan kategori dari terendah ke tertinggi dengan batas bawah yang naik.",
                column="min_score",
                **loc,
            )
    problems.raise_if_any()


def categories_from_frame(frame: pd.DataFrame, *, rows: Sequence[int] | None = None, file: str = "", sheet: str = "") -> tuple[Category, ...]:
    """Categories from a table with columns ``category, min_score`` (or ``kategori, batas_bawah``)."""
    f = frame.copy()
    f.columns = [CATEGORY_ALIASES.get(c, c) for c in normalise_columns(frame).columns]
    problems = ProblemList()
    rows = list(rows) if rows is not None else [i + 2 for i in range(len(f))]
    for c in ("category", "min_score"):
        if c not in f.columns:
            problems.add("IPK_KOLOM_HILANG", f"Kolom '{c}' tidak ada pada sheet kategori.", "Gunakan kolom 'category' dan 'min_score'.", file=file, sheet=sheet, row=1, column=c)
    problems.raise_if_any()
    cats = []
    for i, (name, low) in enumerate(zip(f["category"], f["min_score"], strict=False)):
        try:
            value = parse_number(low)
        except NotANumber:
            problems.add("IPK_KATEGORI_BATAS", f"Batas bawah '{low}' bukan angka.", "Isi angka 0–100.", file=file, sheet=sheet, row=rows[i], column="min_score", value=str(low))
            value = math.nan
        cats.append(Category(cell_text(name).lower(), value))
    problems.raise_if_any()
    check_categories(cats, file=file, sheet=sheet, rows=rows)
    return tuple(cats)


# ---------------------------------------------------------------------------------------------
# Reading a method sheet, stage by stage (Method.from_frame): the columns are there; merged
# indicator cells are filled; every cell is read by its rule (core/rules.py); each row's
# goalposts and statuses agree; no sub-indicator twice; each indicator's rows agree and the
# weights sum to one at both levels.


@dataclass(frozen=True)
class _Place:
    rows: list[int]
    file: str
    sheet: str
    columns: dict[str, str]

    def __call__(self, i: int | None, column: str = "") -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.rows[i] if i is not None else 1,
            "column": self.columns.get(column, column),
        }


def _check_method_columns(frame: pd.DataFrame, where: _Place, problems: ProblemList, warnings: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    for c in missing:
        problems.add(
            "IPK_KOLOM_HILANG",
            f"Kolom '{c}' tidak ada pada lembar metode.",
            "Baris judul harus memuat: " + ", ".join(COLUMNS) + " (unit, data_source, status, rationale boleh kosong).",
            **where(None, c),
        )
    problems.raise_if_any()
    if len(frame) == 0:
        problems.add(
            "IPK_METODE_KOSONG",
            "Lembar metode tidak berisi satu pun sub-indikator.",
            "Isi satu baris untuk setiap sub-indikator di bawah baris judul.",
            **where(None),
        )
        problems.raise_if_any()
    if "status" not in frame.columns:
        warnings.append("Kolom 'status' tidak ada: semua parameter dianggap 'provisional' (sementara) dan hasil diberi label perkiraan.")


def _fill_merged_indicators(frame: pd.DataFrame, rows: Sequence[int]) -> tuple[pd.DataFrame, list[int]]:
    """Indicator code, name and weight may be written on the first row of each group only (merged
    cells): a blank code continues the indicator above; a blank name or weight is taken from the
    row above only when it belongs to the same indicator. Returns the filled frame and the rows filled."""
    out = frame.copy()
    for col in ("indicator_name", "indicator_weight"):
        if col not in out.columns:
            out[col] = None
    codes = out["indicator_code"].tolist()
    names = out["indicator_name"].tolist()
    weights = out["indicator_weight"].tolist()
    filled: list[int] = []
    for i in range(1, len(out)):
        code = cell_code(codes[i])
        if not code and cell_code(codes[i - 1]):
            codes[i] = code = cell_code(codes[i - 1])
            filled.append(rows[i])
        for cells in (names, weights):
            if is_blank(cells[i]) and code and code == cell_code(codes[i - 1]) and not is_blank(cells[i - 1]):
                cells[i] = cells[i - 1]
                if rows[i] not in filled:
                    filled.append(rows[i])
    out["indicator_code"], out["indicator_name"], out["indicator_weight"] = codes, names, weights
    return out, filled


def _weight(cell) -> tuple[float, bool]:
    try:
        value, pct = parse_weight(cell)
    except NotANumber:
        raise Refusal("IPK_BOBOT_BUKAN_ANGKA", f"Bobot '{cell}' bukan angka.", "Tulis bobot sebagai pecahan (0,25) atau persen (25%).", value=str(cell)) from None
    if value < 0:
        raise Refusal("IPK_BOBOT_NEGATIF", f"Bobot {cell} negatif.", "Bobot harus 0 atau lebih.", value=str(cell))
    return value, pct


def _goalpost(cell) -> float:
    try:
        return parse_number(cell)
    except NotANumber:
        raise Refusal("IPK_BATAS_BUKAN_ANGKA", f"Batas '{cell}' bukan angka.", "Tulis angka saja dalam satuan sub-indikator, misalnya 4,5 atau 100.", value=str(cell)) from None


def _direction(cell) -> str:
    word = cell_text(cell).lower().replace(" ", "_")
    if word not in DIRECTIONS:
        raise Refusal("IPK_ARAH_TIDAK_DIKENAL", f"Arah '{cell}' tidak dikenal.",
                      "Isi 'positive' (makin tinggi makin baik) atau 'negative' (makin rendah makin baik).", value=cell_text(cell))
    return DIRECTIONS[word]


def _status(fix: str):
    return choice_parser("IPK_STATUS_TIDAK_DIKENAL", STATUS_ALIASES, fix, "Status")


_WEIGHT_FIX = "Isi bobot sebagai pecahan (0,25) atau persen (25%)."
_GOALPOST_FIX = "Isi batas minimum dan maksimum (goalpost) dalam satuan sub-indikator."


def _method_rules(frame: pd.DataFrame) -> tuple[Column, ...]:
    """The cell rules of a method sheet."""
    rules = [
        Column("indicator_code", cell_code, required=True, blank="",
               blank_refusal=("IPK_KODE_KOSONG", "Kode indikator kosong.", "Isi kode indikator (misalnya I3) pada baris ini atau baris pertama kelompoknya.")),
        Column("sub_code", cell_code, required=True, blank="",
               blank_refusal=("IPK_KODE_KOSONG", "Kode sub-indikator kosong.", "Isi kode sub-indikator yang unik (misalnya I3.1).")),
        Column("indicator_name", cell_text, blank=""),
        Column("sub_name", cell_text, blank=""),
        Column("indicator_weight", _weight, required=True, blank=(math.nan, False),
               blank_refusal=("IPK_BOBOT_KOSONG", "Kolom 'indicator_weight' (bobot indikator) kosong.", _WEIGHT_FIX)),
        Column("sub_weight", _weight, required=True, blank=(math.nan, False),
               blank_refusal=("IPK_BOBOT_KOSONG", "Kolom 'sub_weight' (bobot sub-indikator) kosong.", _WEIGHT_FIX)),
        Column("min", _goalpost, required=True, blank=math.nan,
               blank_refusal=("IPK_BATAS_KOSONG", "Kolom 'min' (batas minimum) kosong.", _GOALPOST_FIX)),
        Column("max", _goalpost, required=True, blank=math.nan,
               blank_refusal=("IPK_BATAS_KOSONG", "Kolom 'max' (batas maksimum) kosong.", _GOALPOST_FIX)),
        Column("direction", _direction, required=True, blank="",
               blank_refusal=("IPK_ARAH_TIDAK_DIKENAL", "Arah '' tidak dikenal.",
                              "Isi 'positive' (makin tinggi makin baik) atau 'negative' (makin rendah makin baik).")),
        Column("unit", cell_text, blank=""),
        Column("data_source", cell_text, blank=""),
        Column("rationale", cell_text, blank=""),
        Column("status", _status("Isi verified (dari sumber resmi), inferred (disimpulkan) atau provisional (sementara)."), blank=None),
    ]
    rules += [Column(c, _status("Isi verified, inferred atau provisional (terverifikasi, disimpulkan, sementara)."), blank="") for c in DETAIL_STATUS_COLUMNS]
    return tuple(rules)


def _method_records(frame: pd.DataFrame, read, where: _Place, problems: ProblemList, warnings: list[str]) -> list[dict]:
    """One record per row from the read cells, with the checks within a row (goalposts, status)."""
    v = read.values
    n = len(frame)
    has_status = "status" in frame.columns
    raw_status = frame["status"].tolist() if has_status else [None] * n
    records = []
    for i in range(n):
        rec: dict[str, object] = {"_i": i}
        rec["indicator_code"] = v["indicator_code"][i]
        rec["sub_code"] = v["sub_code"][i]
        rec["indicator_name"] = v["indicator_name"][i] or rec["indicator_code"]
        rec["sub_name"] = v["sub_name"][i] if "sub_name" in v and v["sub_name"][i] else rec["sub_code"]
        rec["indicator_weight"], rec["indicator_weight_pct"] = v["indicator_weight"][i]
        rec["sub_weight"], rec["sub_weight_pct"] = v["sub_weight"][i]
        rec["min"], rec["max"], rec["direction"] = v["min"][i], v["max"][i], v["direction"][i]
        for col in ("unit", "data_source", "rationale"):
            rec[col] = v[col][i] if col in v else ""
        _check_goalposts(rec, i, where, problems)
        details = {c: v[c][i] for c in DETAIL_STATUS_COLUMNS if c in v and v[c][i]}
        rec["status"] = _row_status(v["status"][i] if has_status else None, raw_status[i], details, i, has_status, where, problems, warnings)
        for col in DETAIL_STATUS_COLUMNS:
            rec[col] = details.get(col, "")
        records.append(rec)
    return records


def _check_goalposts(rec: dict, i: int, where: _Place, problems: ProblemList) -> None:
    lo, hi = rec["min"], rec["max"]
    if math.isnan(lo) or math.isnan(hi):
        return
    if lo == hi:
        problems.add(
            "IPK_MIN_SAMA_MAX",
            f"Batas minimum dan maksimum sama ({lo:g}); skor tidak dapat dinormalisasi.",
            "Isi batas minimum yang lebih kecil dari batas maksimum.",
            value=f"{lo:g}",
            **where(i, "max"),
        )
    elif lo > hi:
        problems.add(
            "IPK_MIN_LEBIH_BESAR",
            f"Batas minimum ({lo:g}) lebih besar dari batas maksimum ({hi:g}).",
            "Tukar kedua angka: 'min' selalu angka yang lebih kecil; arah baik/buruk diatur kolom 'direction'.",
            value=f"{lo:g}",
            **where(i, "min"),
        )


def _row_status(status, raw, details: dict, i: int, has_status: bool, where: _Place, problems: ProblemList, warnings: list[str]) -> str:
    """A row's status: as written, or the weakest of its parts when blank; never stronger than its parts."""
    if is_blank(raw):
        if has_status and not details:
            warnings.append(f"Baris {where.rows[i]}: status kosong, dianggap 'provisional'.")
        return _weakest(details.values()) if details else "provisional"
    if status is None:  # refused by its rule (unknown word)
        return "provisional"
    if details and STATUSES.index(status) < STATUSES.index(_weakest(details.values())):
        problems.add(
            "IPK_STATUS_TERLALU_KUAT",
            f"Status baris '{status}' lebih kuat daripada status bagiannya ({', '.join(f'{k}={v}' for k, v in details.items())}).",
            "Status baris tidak boleh melebihi bagian terlemahnya; isi status yang terlemah.",
            value=str(raw),
            **where(i, "status"),
        )
    return status


def _check_duplicate_subs(records: list[dict], where: _Place, problems: ProblemList) -> None:
    seen: dict[str, int] = {}
    for rec in records:
        code = rec["sub_code"]
        if not code:
            continue
        if code in seen:
            problems.add(
                "IPK_SUB_GANDA",
                f"Sub-indikator '{code}' tercantum dua kali (juga di baris {where.rows[seen[code]]}).",
                "Setiap sub-indikator hanya boleh muncul sekali; hapus atau beri kode lain salah satunya.",
                value=code,
                **where(rec["_i"], "sub_code"),
            )
        else:
            seen[code] = rec["_i"]


def _check_indicator_groups(records: list[dict], where: _Place, problems: ProblemList, warnings: list[str]) -> dict[str, list[dict]]:
    """Rows of one indicator agree on its name and weight; weights sum to one within each
    indicator and across indicators (plain numbers summing to 100 are read as percents, with a
    warning). Returns the records grouped by indicator, in order of first appearance."""
    by_ind: dict[str, list[dict]] = {}
    for rec in records:
        if rec["indicator_code"]:
            by_ind.setdefault(rec["indicator_code"], []).append(rec)
    for code, recs in by_ind.items():
        _check_indicator_rows(code, recs, where, problems)
        _check_sub_weights(code, recs, where, problems, warnings)
    _check_indicator_weights(by_ind, records, where, problems, warnings)
    return by_ind


def _check_indicator_rows(code: str, recs: list[dict], where: _Place, problems: ProblemList) -> None:
    head = recs[0]
    for rec in recs[1:]:
        a, b = head["indicator_weight"], rec["indicator_weight"]
        if not (math.isnan(a) or math.isnan(b)) and abs(a - b) > 1e-12:
            problems.add(
                "IPK_BOBOT_INDIKATOR_BERBEDA",
                f"Bobot indikator '{code}' berbeda dari baris {where.rows[head['_i']]} ({rec['indicator_weight']:g} vs {head['indicator_weight']:g}).",
                "Tulis bobot indikator yang sama pada semua baris indikator itu (atau hanya pada baris pertamanya).",
                **where(rec["_i"], "indicator_weight"),
            )
        if rec["indicator_name"] != head["indicator_name"] and rec["indicator_name"] != code:
            problems.add(
                "IPK_NAMA_INDIKATOR_BERBEDA",
                f"Nama indikator '{code}' berbeda dari baris {where.rows[head['_i']]} ('{rec['indicator_name']}' vs '{head['indicator_name']}').",
                "Tulis nama indikator yang sama pada semua barisnya, atau beri kode indikator yang berbeda.",
                **where(rec["_i"], "indicator_name"),
            )


def _check_sub_weights(code: str, recs: list[dict], where: _Place, problems: ProblemList, warnings: list[str]) -> None:
    subs = [r["sub_weight"] for r in recs]
    if any(math.isnan(x) for x in subs):
        return
    total = sum(subs)
    if abs(total - 1.0) <= WEIGHT_TOLERANCE:
        return
    if not any(r["sub_weight_pct"] for r in recs) and abs(total - 100.0) <= 100 * WEIGHT_TOLERANCE:
        for r in recs:
            r["sub_weight"] = r["sub_weight"] / 100.0
        warnings.append(f"Bobot sub-indikator '{code}' berjumlah 100 tanpa tanda %: dibaca sebagai persen.")
        return
    shown = " + ".join(f"{x:g}" for x in subs)
    problems.add(
        "IPK_BOBOT_SUB_TIDAK_1",
        f"Bobot sub-indikator dalam indikator '{code}' berjumlah {total:g} ({shown}), bukan 1 (100%). Baris: "
        + ", ".join(str(where.rows[r["_i"]]) for r in recs)
        + ".",
        "Perbaiki bobot sub-indikator agar jumlahnya dalam satu indikator tepat 1 (atau 100%).",
        value=f"{total:g}",
        **where(recs[0]["_i"], "sub_weight"),
    )


def _check_indicator_weights(by_ind: dict[str, list[dict]], records: list[dict], where: _Place, problems: ProblemList, warnings: list[str]) -> None:
    weights = {code: recs[0]["indicator_weight"] for code, recs in by_ind.items()}
    if not weights or any(math.isnan(x) for x in weights.values()):
        return
    total = sum(weights.values())
    if abs(total - 1.0) <= WEIGHT_TOLERANCE:
        return
    if not any(recs[0]["indicator_weight_pct"] for recs in by_ind.values()) and abs(total - 100.0) <= 100 * WEIGHT_TOLERANCE:
        for recs in by_ind.values():
            for r in recs:
                r["indicator_weight"] = r["indicator_weight"] / 100.0
        warnings.append("Bobot indikator berjumlah 100 tanpa tanda %: dibaca sebagai persen.")
        return
    shown = ", ".join(f"{c}={x:g}" for c, x in weights.items())
    first_rows = ", ".join(str(where.rows[recs[0]["_i"]]) for recs in by_ind.values())
    problems.add(
        "IPK_BOBOT_INDIKATOR_TIDAK_1",
        f"Bobot indikator berjumlah {total:g} ({shown}), bukan 1 (100%). Baris pertama tiap indikator: {first_rows}.",
        "Perbaiki bobot indikator agar jumlah seluruh indikator tepat 1 (atau 100%).",
        value=f"{total:g}",
        **where(records[0]["_i"] if records else None, "indicator_weight"),
    )
