"""Writing workbooks safely.

Any text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a leading apostrophe-equivalent: it is
stored as a plain string prefixed with ``'`` so Excel and LibreOffice show it as text.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from sinergi.core.units import unit_decimals

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Make a cell value safe to open in a spreadsheet; numbers pass through untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        try:
            float(value.replace(",", "."))
            return value  # a signed number written as text, e.g. "-2.85"
        except ValueError:
            return "'" + value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


# Columns whose numbers are counts or money: written as numbers with a thousands separator
# (Excel shows it in the reader's locale: 1.200.000.000 on an Indonesian Windows).
MAX_WIDTH = 30
THOUSANDS_COLUMNS = frozenset({"Pagu (Rp)", "Total pagu (Rp)", "Target", "Jumlah usulan", "Jumlah temuan", "Usulan dengan galat", "Galat", "Peringatan"})


def _number(v):
    """A cell's number (Python or numpy), or None when the cell is not a number."""
    if isinstance(v, bool) or isinstance(v, np.bool_):
        return None
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v)
    return None


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text needs in a column ``width`` characters wide (row heights are set
    so that LibreOffice, which does not grow rows by itself, shows every line)."""
    per_line = max(1, int(width) - 1)
    return max(1, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))


def _missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, (float, np.floating)) and (math.isnan(v) or math.isinf(v))


def write_sheets(
    path: str | Path,
    sheets: dict[str, pd.DataFrame],
    notes: dict[str, list[str]] | None = None,
    thousands: frozenset[str] | set[str] = THOUSANDS_COLUMNS,
    details: dict[str, set[str]] | None = None,
    percent: frozenset[str] | set[str] = frozenset(),
    unit_columns: dict[str, str] | None = None,
) -> Path:
    """Write DataFrames to one .xlsx, one sheet each, with a bold header, frozen header row,
    filters and sensible column widths. ``notes`` adds lines of text (sources, method,
    'perkiraan' labels) under a sheet's table. Numbers (Python or numpy) are written as numbers,
    those of the ``thousands`` columns with a thousands separator; a missing value is an empty
    cell, never "nan" or "<NA>". Every sheet prints on A4 landscape, fitted to the page width,
    with the header row repeated on every page; long text wraps in columns at most
    :data:`MAX_WIDTH` characters wide. ``details`` names, per sheet, columns of detail that are
    grouped and collapsed (Excel's [+] above the header shows them; they do not print while
    collapsed), so a wide table still prints legibly on one page width. Fractions (0–1) in the
    ``percent`` columns are shown as percentages (0.25 → 25,0%) and stay numbers. ``unit_columns``
    maps a value column to the column naming its unit (``{"value": "unit"}``): its numbers stay
    numbers with the unit's number format (persons ``#,##0``, percentages ``#,##0.00``; see
    :mod:`sinergi.core.units`), never General."""
    import xlsxwriter

    path = Path(path)
    # in_memory: the sheets' XML is zipped from memory, not through one temporary file per part
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False,
                                           "in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"})
    italic = book.add_format({"italic": True, "font_color": "#555555"})
    whole = book.add_format({"num_format": "#,##0", "valign": "top"})
    fraction = book.add_format({"num_format": "#,##0.00", "valign": "top"})
    share = book.add_format({"num_format": "0.0%", "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top = book.add_format({"valign": "top"})
    by_decimals: dict[int, object] = {}

    def decimals_format(decimals: int):
        if decimals not in by_decimals:
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            by_decimals[decimals] = book.add_format({"num_format": pattern, "valign": "top"})
        return by_decimals[decimals]

    for name, frame in sheets.items():
        sheet = book.add_worksheet(_sheet_name(name))
        cols = [str(c) for c in frame.columns]
        grouped = [c in thousands for c in cols]
        shares = [c in percent for c in cols]
        unit_of = {cols.index(v): cols.index(u) for v, u in (unit_columns or {}).items() if v in cols and u in cols}
        # the cells once, as Python objects (itertuples slices the frame column by column)
        rows = frame.to_numpy(dtype=object).tolist()
        widths = []
        for j, c in enumerate(cols):
            longest = max([0] + [len(str(row[j])) for row in rows[:200] if not _missing(row[j])])
            # headers wrap, so a long header needs no wide column
            widths.append(min(max(8, longest + 2, min(len(c), 14) + 2), MAX_WIDTH))
        for j, c in enumerate(cols):
            sheet.write_string(0, j, c, bold)
        sheet.set_row(0, 15 * max(_lines(c, w) for c, w in zip(cols, widths, strict=False)))
        for i, row in enumerate(rows, start=1):
            lines = max([1] + [_lines(str(v), w) for v, w in zip(row, widths, strict=False) if isinstance(v, str)])
            if lines > 1:
                sheet.set_row(i, 15 * min(lines, 20))
            for j, v in enumerate(row):
                if _missing(v):
                    continue
                v = neutralise(v)
                number = _number(v)
                if isinstance(v, (bool, np.bool_)):
                    sheet.write_boolean(i, j, bool(v))
                elif number is not None and j in unit_of:
                    unit = row[unit_of[j]]
                    sheet.write_number(i, j, number, decimals_format(unit_decimals(None if _missing(unit) else str(unit), float(number))))
                elif number is not None:
                    fmt = share if shares[j] else (whole if float(number).is_integer() else fraction) if grouped[j] else top
                    sheet.write_number(i, j, number, fmt)
                else:
                    sheet.write_string(i, j, str(v), wrap if widths[j] >= MAX_WIDTH else top)
        hidden = (details or {}).get(name, set())
        for j, width in enumerate(widths):
            if cols[j] in hidden:
                sheet.set_column(j, j, width, None, {"level": 1, "hidden": True})
            else:
                sheet.set_column(j, j, width)
        if hidden:
            sheet.outline_settings(True, False, True, False)
        if len(frame):
            sheet.autofilter(0, 0, len(frame), max(0, len(cols) - 1))
        sheet.freeze_panes(1, 0)
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        sheet.set_footer("&L&A&RHalaman &P dari &N")
        for k, line in enumerate((notes or {}).get(name, []), start=len(frame) + 2):
            sheet.write_string(k, 0, str(neutralise(line)), italic)
    book.close()
    return path


def _sheet_name(name: str) -> str:
    bad = '[]:*?/\\'
    clean = "".join("_" if ch in bad else ch for ch in name)
    return clean[:31] or "Sheet"
