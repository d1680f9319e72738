"""Writing workbooks safely.

Any text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a leading apostrophe-equivalent: it is
stored as a plain string prefixed with ``'`` so Excel and LibreOffice show it as text.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

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


def write_sheets(path: str | Path, sheets: dict[str, pd.DataFrame], notes: dict[str, list[str]] | None = None) -> Path:
    """Write DataFrames to one .xlsx, one sheet each, with a bold header, frozen header row,
    filters and sensible column widths. ``notes`` adds lines of text (sources, method,
    'perkiraan' labels) under a sheet's table."""
    import xlsxwriter

    path = Path(path)
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False})
    bold = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"})
    italic = book.add_format({"italic": True, "font_color": "#555555"})
    for name, frame in sheets.items():
        sheet = book.add_worksheet(_sheet_name(name))
        cols = [str(c) for c in frame.columns]
        for j, c in enumerate(cols):
            sheet.write_string(0, j, c, bold)
        for i, row in enumerate(frame.itertuples(index=False, name=None), start=1):
            for j, v in enumerate(row):
                v = neutralise(v)
                if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
                    continue
                if isinstance(v, bool):
                    sheet.write_boolean(i, j, v)
                elif isinstance(v, (int, float)):
                    sheet.write_number(i, j, v)
                else:
                    sheet.write_string(i, j, str(v))
        for j, c in enumerate(cols):
            longest = max([len(c)] + [len(str(v)) for v in frame.iloc[:200, j].tolist()]) if len(frame) else len(c)
            sheet.set_column(j, j, min(max(10, longest + 2), 60))
        if len(frame):
            sheet.autofilter(0, 0, len(frame), max(0, len(cols) - 1))
        sheet.freeze_panes(1, 0)
        for k, line in enumerate((notes or {}).get(name, []), start=len(frame) + 2):
            sheet.write_string(k, 0, str(neutralise(line)), italic)
    book.close()
    return path


def _sheet_name(name: str) -> str:
    bad = '[]:*?/\\'
    clean = "".join("_" if ch in bad else ch for ch in name)
    return clean[:31] or "Sheet"
