"""Input values for the IPK: long form ``region_code, year, sub_code, value``.

Optional columns kept with the values: ``quality`` (``real``, ``derived``, ``illustrative``;
Indonesian ``nyata``, ``turunan``, ``ilustratif``), ``source_url``, ``note``, ``region_name``.

Rules:
- region codes are text (BPS codes ``64``, ``6401`` …); ``6401.0`` from a spreadsheet is read
  as ``6401``;
- values may be written the Indonesian way (``4,72``, ``1.234,5``) or with a ``%`` sign;
- a blank value, ``NA``, ``n/a`` or ``...`` means *missing* — never zero. A lone ``-`` is
  refused because BPS tables use it for "nil": write ``0`` or leave the cell blank;
- every problem (unknown sub-indicator, text that is not a number, a region-year-sub listed
  twice, an unknown quality word) is reported at once with its row and column.
"""
from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sinergi.core.columns import spellings
from sinergi.core.links import MAX_URL_CHARS, is_web_url
from sinergi.core.numbers import NotANumber, parse_number
from sinergi.core.problems import ProblemList
from sinergi.core.rules import Column, Refusal, apply_rules, cell_code, cell_text, choice_parser, year_parser

from .method import Method

INPUT_COLUMNS = ("region_code", "year", "sub_code", "value")
OPTIONAL_COLUMNS = ("quality", "source_url", "note", "region_name")

QUALITIES = ("real", "derived", "illustrative")
QUALITY_ALIASES = {
    "real": "real",
    "nyata": "real",
    "resmi": "real",
    "derived": "derived",
    "turunan": "derived",
    "illustrative": "illustrative",
    "ilustratif": "illustrative",
    "ilustrasi": "illustrative",
    "contoh": "illustrative",
}
MISSING_MARKERS = {"na", "n/a", "nan", "...", "…", "tidak tersedia", "belum tersedia", "tidak ada data"}

_ALIASES = {
    **spellings("region_code", "year"),  # wilayah_kode, kode_wilayah, tahun (the synchronisation files' names)
    "kode_bps": "region_code",
    "kode_sub_indikator": "sub_code",
    "kode_sub": "sub_code",
    "sub_indikator": "sub_code",
    "nilai": "value",
    "kualitas": "quality",
    "sumber": "source_url",
    "catatan": "note",
    "nama_wilayah": "region_name",
    "wilayah": "region_name",
}


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    names = []
    for c in out.columns:
        key = " ".join(str(c).replace("\ufeff", "").strip().lower().split()).replace(" ", "_")
        names.append(_ALIASES.get(key, key))
    out.columns = names
    return out


def _is_prepared(frame: pd.DataFrame) -> bool:
    return (
        all(c in frame.columns for c in INPUT_COLUMNS)
        and "quality" in frame.columns
        and pd.api.types.is_float_dtype(frame["value"])
        and pd.api.types.is_integer_dtype(frame["year"])
        and frame.attrs.get("sinergi_ipk_inputs", False)
    )


_BLANK_YEAR = ("IPK_TAHUN_TIDAK_SAH", "Tahun '' bukan tahun yang sah.", "Tulis tahun data empat angka, misalnya 2023.")


def _value(cell) -> float:
    """A value cell: a number, or NaN for the words that mean *missing*; a lone dash is refused."""
    text = cell.strip() if isinstance(cell, str) else None
    if text is not None and text.lower() in MISSING_MARKERS:
        return float("nan")
    if text in ("-", "–", "—"):
        raise Refusal(
            "IPK_NILAI_STRIP",
            "Nilai '-' tidak jelas: dalam tabel BPS tanda ini berarti nol, tetapi bisa juga berarti data tidak ada.",
            "Tulis 0 bila nilainya memang nol, atau kosongkan sel bila data belum tersedia.",
            value=cell,
        )
    try:
        return parse_number(cell)
    except NotANumber:
        raise Refusal(
            "IPK_NILAI_BUKAN_ANGKA",
            f"Nilai '{cell}' bukan angka.",
            "Tulis angka saja, misalnya 5,31 atau 1.234,5 (tanpa satuan); kosongkan bila data belum tersedia.",
            value=str(cell),
        ) from None


def _source_url(cell) -> str:
    src = cell_text(cell)
    if len(src) > MAX_URL_CHARS:
        raise Refusal(
            "TEKS_TERLALU_PANJANG",
            f"Alamat sumber sepanjang {len(src)} karakter, melebihi batas {MAX_URL_CHARS} karakter.",
            "Gunakan alamat halaman publikasi yang lebih pendek (tanpa parameter pelacakan); keterangan masuk kolom note.",
            value=src[:40] + "…",
        )
    if src and not is_web_url(src):
        raise Refusal(
            "SUMBER_BUKAN_ALAMAT_WEB",
            f"Sumber '{src[:60]}' bukan alamat web http(s).",
            "Isi alamat publikasi yang diawali https:// atau http://, atau kosongkan; alamat lain (javascript:, data:, teks biasa) tidak diterima.",
            value=src[:60],
        )
    return src


def _sub_code(known: set[str] | None):
    def parse(cell) -> str:
        code = cell_code(cell)
        if known is not None and code not in known:
            hint = difflib.get_close_matches(code, sorted(known), n=1)
            raise Refusal(
                "IPK_SUB_TIDAK_DIKENAL",
                f"Sub-indikator '{code}' tidak ada dalam metode.",
                (f"Mungkin maksudnya '{hint[0]}'? " if hint else "")
                + "Gunakan kode sub-indikator dari lembar metode: "
                + ", ".join(sorted(known)[:30])
                + ("…" if len(known) > 30 else "")
                + ".",
                value=code,
            )
        return code

    return parse


def input_rules(method: Method | None = None) -> tuple[Column, ...]:
    """The rules of the IPK input columns; with ``method``, sub-indicator codes must be its own."""
    known = set(method.sub_codes) if method is not None else None
    return (
        Column("region_code", cell_code, required=True, key=True, blank="",
               blank_refusal=("IPK_WILAYAH_KOSONG", "Kode wilayah kosong.", "Isi kode wilayah BPS, misalnya 64 atau 6401.")),
        Column("year", year_parser("IPK_TAHUN_TIDAK_SAH", "Tulis tahun data empat angka, misalnya 2023."),
               required=True, key=True, blank=0, blank_refusal=_BLANK_YEAR),
        Column("sub_code", _sub_code(known), required=True, key=True, blank="",
               blank_refusal=("IPK_SUB_KOSONG", "Kode sub-indikator kosong.", "Isi kode sub-indikator sesuai lembar metode.")),
        Column("value", _value, blank=float("nan")),
        Column("quality", choice_parser(
            "IPK_KUALITAS_TIDAK_DIKENAL", QUALITY_ALIASES,
            "Isi real (data nyata), derived (turunan) atau illustrative (ilustratif), atau kosongkan.", "Kualitas"), blank=""),
        Column("source_url", _source_url, blank=""),
        Column("note", cell_text, blank=""),
        Column("region_name", cell_text, blank=""),
    )


def prepare_inputs(
    frame: pd.DataFrame,
    method: Method | None = None,
    *,
    rows: Sequence[int] | None = None,
    file: str = "",
    sheet: str = "",
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Check and clean a long-form input table; raise ValidationFailed with every problem.

    Returns a frame with ``region_code`` (str), ``year`` (int), ``sub_code`` (str), ``value``
    (float, NaN = missing), ``quality`` (``real``/``derived``/``illustrative`` or ``""`` when
    not stated) and the optional text columns that were present. With ``method`` given,
    sub-indicator codes are checked against it. The cell rules are :func:`input_rules`; this
    function adds the column check and the one rule across rows (a region-year-sub twice).
    """
    if _is_prepared(frame) and (method is None or set(pd.unique(frame["sub_code"].to_numpy(object))).issubset(method.sub_codes)):
        return frame
    frame = _normalise(frame)
    rows = list(rows) if rows is not None else [i + 2 for i in range(len(frame))]
    columns = dict(columns or {})
    problems = ProblemList()
    for c in INPUT_COLUMNS:
        if c not in frame.columns:
            problems.add(
                "IPK_KOLOM_HILANG",
                f"Kolom '{c}' tidak ada pada data masukan.",
                "Data IPK berbentuk panjang dengan kolom region_code, year, sub_code, value (boleh ditambah quality, source_url, note).",
                file=file, sheet=sheet, row=1, column=columns.get(c, c),
            )
    problems.raise_if_any()

    read = apply_rules(frame, input_rules(method), problems, rows=rows, file=file, sheet=sheet, shown_names=columns)
    region, years, subs = read.values["region_code"], read.values["year"], read.values["sub_code"]
    seen: dict[tuple, int] = {}
    for i in range(len(frame)):
        if not read.key_ok[i]:
            continue
        key = (region[i], years[i], subs[i])
        if key in seen:
            problems.add(
                "IPK_DATA_GANDA",
                f"Wilayah {region[i]}, tahun {years[i]}, sub-indikator {subs[i]} sudah ada di baris {rows[seen[key]]}.",
                "Setiap wilayah-tahun-sub-indikator hanya boleh satu baris; hapus salah satunya.",
                file=file, sheet=sheet, row=rows[i], column=columns.get("sub_code", "sub_code"),
            )
        else:
            seen[key] = i
    problems.raise_if_any()
    n = len(frame)
    out = pd.DataFrame(
        {
            "region_code": pd.Series(region, dtype=object),
            "year": pd.Series(years, dtype="int64"),
            "sub_code": pd.Series(subs, dtype=object),
            "value": np.asarray(read.values["value"], dtype=float),
            "quality": pd.Series(read.values.get("quality", [""] * n), dtype=object),
        }
    )
    for c in ("source_url", "note", "region_name"):
        if c in read.values:
            out[c] = read.values[c]
    out.attrs["sinergi_ipk_inputs"] = True
    return out


def inputs_from_arrays(region_codes: Sequence[str], years: Sequence[int], sub_codes: Sequence[str], values: np.ndarray) -> pd.DataFrame:
    """Long-form inputs from a ``(units × subs)`` matrix, without any parsing (fast path for
    large synthetic inputs, e.g. the benchmark). NaN = missing."""
    values = np.asarray(values, dtype=float)
    u, j = values.shape
    out = pd.DataFrame(
        {
            "region_code": np.repeat(np.asarray([str(r) for r in region_codes], dtype=object), j),
            "year": np.repeat(np.asarray(years, dtype="int64"), j),
            "sub_code": np.tile(np.asarray(list(sub_codes), dtype=object), u),
            "value": values.reshape(-1),
            "quality": "",
        }
    )
    out.attrs["sinergi_ipk_inputs"] = True
    return out


def to_wide(inputs: pd.DataFrame, method: Method | None = None) -> pd.DataFrame:
    """One row per region-year, one column per sub-indicator (method order when given)."""
    wide = inputs.pivot_table(index=["region_code", "year"], columns="sub_code", values="value", aggfunc="first", dropna=False)
    if method is not None:
        wide = wide.reindex(columns=method.sub_codes)
    wide.columns.name = None
    return wide

