"""RTK input rows checked in core, as the IPK and statistics inputs are.

The long form of a ``--data`` file (``region_code, year, variable, sector, value``; optional
``kelompok``, ``source``, ``note``) is read by :func:`long_rules` (one rule per column,
:mod:`sinergi.core.rules`) and :func:`check_long_rows` (the rules across columns and rows: a
sector on a variable without sectors, a head count written ``574.000``, a value out of range, a
group on a variable other than TPAK, a row listed twice). The cells of the BPS import template
are checked by :func:`template_values`. Reading the file stays in :mod:`sinergi.documents.rtk_files`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pandas as pd

from sinergi.core.numbers import NotANumber, is_blank, parse_int, parse_number
from sinergi.core.problems import ProblemList
from sinergi.core.rules import (
    Column,
    Refusal,
    apply_rules,
    cell_text,
    in_row_order,
    number_parser,
)
from sinergi.core.stats.groups import group_code

from .model import INPUT_VARIABLES, SectorScheme

LONG_COLUMNS = ("region_code", "year", "variable", "sector", "value")
COUNT_VARIABLES = ("PUK", "AK", "KK", "PENGANGGUR", "PUK_PROYEKSI")
NO_SECTOR_VARIABLES = ("PUK", "AK", "PENGANGGUR", "TPAK", "PUK_PROYEKSI")
SEX_GROUPS = ("semua", "laki_laki", "perempuan")
_AMBIGUOUS = re.compile(r"^\s*[+-]?\d{1,3}\.\d{3}\s*$")
_VARIABLE_FIX = f"Gunakan salah satu: {', '.join(INPUT_VARIABLES)}."
# problems of a row in the order the columns are read; the rules across rows come last
_RANK = {"TAHUN_TIDAK_SAH": 0, "VARIABEL_TIDAK_DIKENAL": 1, "SEKTOR_TIDAK_DIKENAL": 2, "SEKTOR_TIDAK_BERLAKU": 2,
         "NILAI_KOSONG": 3, "BUKAN_ANGKA": 3, "ANGKA_RAGU": 3, "NILAI_TIDAK_SAH": 3, "KELOMPOK_TIDAK_BERLAKU": 4, "BARIS_GANDA": 5}


def ambiguous_count(variable: str, raw) -> bool:
    """``574.000`` for a head count: 574 (decimal point) or 574 thousand (Indonesian grouping)?"""
    return variable in COUNT_VARIABLES and isinstance(raw, str) and bool(_AMBIGUOUS.match(raw))


def _year(cell) -> int:
    try:
        year = parse_int(cell)
        if not 1900 <= year <= 2100:
            raise NotANumber(str(year))
    except NotANumber:
        raise Refusal("TAHUN_TIDAK_SAH", f"Tahun '{cell}' tidak sah.", "Isi tahun empat angka, mis. 2024.", value=str(cell)) from None
    return year


def _variable(cell) -> str:
    var = cell_text(cell).upper()
    if var not in INPUT_VARIABLES:
        raise Refusal("VARIABEL_TIDAK_DIKENAL", f"Variabel '{cell}' tidak dikenal.", _VARIABLE_FIX, value=str(cell))
    return var


def _sector(scheme: SectorScheme):
    def parse(cell) -> str:
        raw = cell_text(cell)
        sector = scheme.normalise(raw)
        if sector is None:
            raise Refusal("SEKTOR_TIDAK_DIKENAL", f"Kode sektor '{raw}' tidak dikenal.",
                          "Kosongkan untuk total, atau isi huruf seksi KBLI 2020 (A–U), kategori PDRB (mis. M-N, R-U) atau kode 9 sektor (mis. KONSTRUKSI).",
                          value=raw)
        return sector

    return parse


def long_rules(scheme: SectorScheme) -> tuple[Column, ...]:
    """The rules of the long-form columns (cell by cell)."""
    return (
        Column("year", _year, required=True, blank_refusal=("TAHUN_TIDAK_SAH", "Tahun '' tidak sah.", "Isi tahun empat angka, mis. 2024.")),
        Column("variable", _variable, required=True, blank="", blank_refusal=("VARIABEL_TIDAK_DIKENAL", "Variabel '' tidak dikenal.", _VARIABLE_FIX)),
        Column("sector", _sector(scheme), blank=""),
        Column("value", number_parser("BUKAN_ANGKA", "Tulis angka saja, mis. 2083469 atau 67,07 (tanpa satuan)."), required=True,
               blank_refusal=("NILAI_KOSONG", "Nilai kosong.", "Isi angkanya, atau hapus baris bila datanya tidak ada (jangan diisi 0).")),
    )


def check_long_rows(
    frame: pd.DataFrame,
    region_code: str,
    scheme: SectorScheme,
    *,
    rows: Sequence[int],
    file: str = "",
    sheet: str = "",
    columns: dict[str, str] | None = None,
    name: str = "",
) -> tuple[list[dict], list[dict]]:
    """The rows of ``region_code`` in a long-form table (rows of other regions are ignored):
    ``(rows, group_rows)`` — totals and sectors, and TPAK by sex (``kelompok`` laki_laki or
    perempuan). ``rows``: spreadsheet row numbers; ``name``: the file's name for the ``source``
    of rows that state none. Raises ValidationFailed with every problem, row by row."""
    code = str(region_code).strip()
    mine = [i for i, rc in enumerate(frame["region_code"].tolist()) if cell_text(rc).removesuffix(".0") == code]
    frame = frame.iloc[mine].reset_index(drop=True)
    rows = [rows[i] for i in mine]
    shown = dict(columns or {})
    cell_problems, row_problems = ProblemList(), ProblemList()
    read = apply_rules(frame, long_rules(scheme), cell_problems, rows=range(len(frame)), file=file, sheet=sheet, shown_names=shown)
    out, group_rows, seen = [], [], {}
    for i, rec in enumerate(frame.to_dict("records")):
        def where(column: str, i: int = i) -> dict:
            return {"file": file, "sheet": sheet, "row": i, "column": shown.get(column, column)}

        var, sector_raw = cell_text(rec["variable"]).upper(), cell_text(rec["sector"])
        sector, value = read.values["sector"][i], read.values["value"][i]  # a refused sector reads as ""
        if sector and var in NO_SECTOR_VARIABLES:
            row_problems.add("SEKTOR_TIDAK_BERLAKU", f"Variabel {var} tidak dirinci menurut sektor.",
                             "Kosongkan kolom sector untuk PUK, AK, PENGANGGUR dan TPAK; rincian sektor hanya untuk KK dan PDRB.",
                             **where("sector"), value=sector_raw)
        value_ok = value is None or _value_in_range(var, value, rec["value"], where("value"), row_problems)
        group = group_code(cell_text(rec.get("kelompok")))
        if group not in SEX_GROUPS or (group != "semua" and var != "TPAK"):
            row_problems.add("KELOMPOK_TIDAK_BERLAKU", f"Kelompok '{rec.get('kelompok')}' tidak berlaku untuk {var or 'variabel ini'}.",
                             "Isi kelompok laki_laki atau perempuan hanya pada baris TPAK (TPAK menurut jenis kelamin); kosongkan untuk total.",
                             **where("kelompok"), value=str(rec.get("kelompok")))
            continue
        if not (read.ok[i] and value_ok):
            continue
        year = read.values["year"][i]
        key = (year, var, sector_raw.upper(), group)
        if key in seen:
            row_problems.add("BARIS_GANDA", f"{var} {sector_raw or 'total'} tahun {year} sudah ada di baris {seen[key]}.",
                             "Sisakan satu baris untuk setiap tahun, variabel dan sektor.", **where("variable"))
            continue
        seen[key] = rows[i]
        extra = {"source": str(rec.get("source") or f"{name} baris {rows[i]}"), "note": "" if is_blank(rec.get("note")) else str(rec.get("note"))}
        if group != "semua":
            group_rows.append({"dimension": "jenis_kelamin", "group": group, "year": year, "variable": "TPAK", "value": value, **extra})
        else:
            out.append({"region_code": code, "year": year, "variable": var, "sector": sector, "value": value, **extra})
    problems = in_row_order([cell_problems, row_problems], rows, lambda p: _RANK.get(p.code, 5))
    if not out and not problems:
        problems.add("WILAYAH_TIDAK_ADA_DI_DATA", f"Tidak ada baris untuk wilayah {code} di berkas ini.",
                     f"Isi kolom region_code dengan {code} pada baris data wilayah ini.", file=name, column="region_code", value=code)
    problems.raise_if_any()
    return out, group_rows


def _value_in_range(variable: str, value: float, raw, where: dict, problems: ProblemList) -> bool:
    """A read number that is still refused: an ambiguous head count or a value out of range."""
    if ambiguous_count(variable, raw):
        problems.add("ANGKA_RAGU", f"Nilai '{raw}' meragukan: bisa dibaca {value:g} atau {value * 1000:,.0f} orang.".replace(",", "."),
                     "Tulis jumlah orang tanpa pemisah ribuan (mis. 574000) atau dengan dua titik atau lebih (1.574.000).",
                     **where, value=str(raw))
        return False
    if value < 0 or (variable == "TPAK" and value > 100):
        problems.add("NILAI_TIDAK_SAH", f"Nilai {raw} di luar rentang.",
                     "Nilai tidak boleh negatif; TPAK dalam persen 0–100.", **where, value=str(raw))
        return False
    return True


def template_values(frame: pd.DataFrame, keycol: str, variable: str | None, year_cols: Sequence[tuple[str, int]],
                    scheme: SectorScheme, problems: ProblemList, where: Callable[[int, str], dict]) -> list[tuple[int, str, str, int, float]]:
    """The numbers of one sheet of the import template: ``(row index, variable, sector, year, value)``.

    ``keycol`` holds the variable (``variable`` None: the Total sheet) or the sector code (the
    sector sheets of ``variable``); ``year_cols`` are ``(column, year)``; ``where(i, column)``
    locates a cell for a problem. A row with numbers but no code, an unknown code, and every
    number cell that is refused are added to ``problems``."""
    out = []
    for i, rec in enumerate(frame.to_dict("records")):
        label = cell_text(rec.get(keycol))
        values = [(c, y, rec.get(c)) for c, y in year_cols if not is_blank(rec.get(c))]
        if not label:
            if values:
                problems.add("KODE_KOSONG", f"Baris berisi angka tetapi kolom '{keycol}' kosong.",
                             f"Isi {keycol} atau hapus baris.", **where(i, keycol))
            continue
        if variable is None:
            var, sector = label.upper(), ""
            if var not in INPUT_VARIABLES:
                problems.add("VARIABEL_TIDAK_DIKENAL", f"Variabel '{label}' tidak dikenal.", _VARIABLE_FIX, **where(i, keycol), value=label)
                continue
        else:
            var, sector = variable, scheme.normalise(label)
            if not sector:
                problems.add("SEKTOR_TIDAK_DIKENAL", f"Kode lapangan usaha '{label}' tidak dikenal.",
                             "Gunakan kode 17 kategori (A … R-U) atau huruf seksi KBLI 2020.", **where(i, keycol), value=label)
                continue
        for c, y, v in values:
            value = template_value(var, v, where(i, c), problems)
            if value is not None:
                out.append((i, var, sector, y, value))
    return out


def template_value(variable: str, raw, where: dict, problems: ProblemList) -> float | None:
    """A number cell of the import template, or None with the problem recorded."""
    try:
        value = parse_number(raw)
        if ambiguous_count(variable, raw):
            problems.add("ANGKA_RAGU", f"Nilai '{raw}' meragukan: bisa dibaca {value:g} atau {value * 1000:,.0f} orang.".replace(",", "."),
                         "Tulis jumlah orang tanpa pemisah ribuan (mis. 574000) atau sebagai angka sel biasa.",
                         **where, value=str(raw))
            return None
    except NotANumber:
        problems.add("BUKAN_ANGKA", f"Nilai '{raw}' bukan angka.", "Tulis angka saja (mis. 1.234.567 atau 67,07).", **where, value=str(raw))
        return None
    if value < 0:
        problems.add("NILAI_TIDAK_SAH", f"Nilai {raw} negatif.", "Periksa angkanya; data jumlah orang dan PDRB tidak negatif.", **where, value=str(raw))
        return None
    return value
