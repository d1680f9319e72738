"""Input rules as data: each column of an uploaded table states how its cells are read.

A :class:`Column` names the column, the parser that turns a cell into a value (or refuses it with
a :class:`Refusal` carrying a registered problem code and the fix), whether a blank cell is
allowed, and whether the column is part of the row's identity. :func:`apply_rules` reads every
cell of every row, collects every refusal as a :class:`~sinergi.core.problems.Problem` at the
place the user sees it (file, sheet, spreadsheet row, column), and returns the parsed columns with
which rows are usable; the importer adds only what rules cannot say cell by cell (a row listed
twice, weights that must sum to one) and raises once with everything.

The cell helpers here (:func:`cell_text`, :func:`cell_code`) are the one way the core reads a
spreadsheet cell as text.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from sinergi.core.numbers import NotANumber, is_blank, parse_int, parse_number
from sinergi.core.problems import KEPT, Problem, ProblemList


def cell_text(value) -> str:
    """A cell as trimmed text; blank, NaN and None become ``""``."""
    return "" if is_blank(value) else str(value).strip()


def cell_code(value) -> str:
    """A code cell as text: ``6401.0`` from a spreadsheet becomes ``"6401"``."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return str(int(value)) if float(value).is_integer() else format(float(value), "g")
    return str(value).strip()


_NOT_KEPT = object()


class Refusal(Exception):
    """A cell that cannot be read: the problem code (registered), the message and the fix.
    ``also``: further refusals of the same cell (a list cell with several unknown words).
    ``kept``: the value the column still takes although the cell is refused (a year that is not
    the round's, an amount that is not positive); without it the column takes its ``blank``."""

    def __init__(self, code: str, message: str, fix: str = "", value: str = "", also: Sequence[Refusal] = (),
                 kept: Any = _NOT_KEPT):
        super().__init__(message)
        self.code, self.message, self.fix, self.value = code, message, fix, value
        self.also = tuple(also)
        self.kept = kept


@dataclass(frozen=True)
class Column:
    """How one column's cells are read.

    ``parse`` receives a non-blank cell and returns its value or raises :class:`Refusal`.
    A blank cell gives ``blank`` when ``required`` is false; when it is true, the blank is refused
    with ``blank_refusal`` (code, message, fix). ``key`` columns identify the row: a refusal there
    means the row cannot be compared with others (no duplicate check)."""

    name: str
    parse: Callable[[Any], Any]
    required: bool = False
    blank_refusal: tuple[str, str, str] = ("WAJIB_KOSONG", "", "")
    blank: Any = None
    key: bool = False


@dataclass
class RuleResult:
    values: dict[str, list] = field(default_factory=dict)
    ok: list[bool] = field(default_factory=list)  # no refusal on the row
    key_ok: list[bool] = field(default_factory=list)  # no refusal in a key column


def apply_rules(
    frame: pd.DataFrame,
    columns: Sequence[Column],
    problems: ProblemList,
    *,
    rows: Sequence[int] | None = None,
    file: str = "",
    sheet: str = "",
    shown_names: Mapping[str, str] | None = None,
) -> RuleResult:
    """Read every cell of the ``columns`` present in ``frame``; refusals go into ``problems``.

    ``rows`` are the spreadsheet row numbers of the frame's rows (default: header is row 1);
    ``shown_names`` maps a canonical column name to the header the user wrote."""
    n = len(frame)
    rows = list(rows) if rows is not None else [i + 2 for i in range(n)]
    shown = dict(shown_names or {})
    result = RuleResult(ok=[True] * n, key_ok=[True] * n)
    refused: list[tuple[int, int, Refusal, str]] = []  # (row index, column order, refusal, column)
    for order, rule in enumerate(columns):
        if rule.name not in frame.columns:
            continue
        cells = frame[rule.name].tolist()
        parsed = [rule.blank] * n
        for i, cell in enumerate(cells):
            try:
                if is_blank(cell):
                    if rule.required:
                        code, message, fix = rule.blank_refusal
                        raise Refusal(code, message or f"Kolom '{shown.get(rule.name, rule.name)}' wajib diisi tetapi kosong.", fix)
                    continue
                parsed[i] = rule.parse(cell)
            except Refusal as refusal:
                if refusal.kept is not _NOT_KEPT:
                    parsed[i] = refusal.kept
                refused.extend((i, order, r, shown.get(rule.name, rule.name)) for r in (refusal, *refusal.also))
                result.ok[i] = False
                if rule.key:
                    result.key_ok[i] = False
        result.values[rule.name] = parsed
    # reported row by row, as the user reads the file
    for i, _order, refusal, column in sorted(refused, key=lambda item: (item[0], item[1])):
        problems.add(refusal.code, refusal.message, refusal.fix, value=refusal.value, file=file, sheet=sheet, row=rows[i], column=column)
    return result


def in_row_order(lists: Sequence[ProblemList], rows: Sequence[int], rank: Callable[[Problem], int]) -> ProblemList:
    """Merge problem lists whose ``row`` is the position of the row (``apply_rules(..., rows=range(n))``
    and the importer's own checks across columns and rows) into one list in the order of the rows,
    within a row by ``rank`` (then list, then order found); each problem leaves with its
    spreadsheet row ``rows[position]``. Each list keeps its first problems in row order, so the
    first :data:`~sinergi.core.problems.KEPT` of the merge are exactly those a single list keeps."""
    merged = sorted(
        ((p.row, rank(p), k, n, p) for k, problems in enumerate(lists) for n, p in enumerate(problems)),
        key=lambda item: item[:4],
    )
    out = ProblemList()
    out.extend(replace(p, row=rows[p.row]) for *_, p in merged[:KEPT])
    out.more = len(merged) - len(out) + sum(problems.more for problems in lists)
    return out


# -- parsers shared by importers ----------------------------------------------------------------


def year_parser(code: str, fix: str = "Tulis tahun empat angka, misalnya 2023.", low: int = 1900, high: int = 2200):
    """A four-digit year within ``low``–``high``."""

    def parse(cell) -> int:
        try:
            year = parse_int(cell)
        except NotANumber:
            year = None
        if year is None or not low <= year <= high:
            raise Refusal(code, f"Tahun '{cell}' bukan tahun yang sah.", fix, value=str(cell))
        return year

    return parse


def number_parser(code: str, fix: str, *, missing_words: frozenset[str] = frozenset()):
    """A number written the Indonesian or the international way (``4,72``, ``1.234,5``, ``25%``);
    the words in ``missing_words`` (lower case) mean *missing* and give NaN."""

    def parse(cell) -> float:
        if isinstance(cell, str) and cell.strip().lower() in missing_words:
            return float("nan")
        try:
            return parse_number(cell)
        except NotANumber:
            raise Refusal(code, f"Nilai '{cell}' bukan angka.", fix, value=str(cell)) from None

    return parse


def choice_parser(code: str, aliases: Mapping[str, str], fix: str, what: str):
    """One word of a fixed list (compared in lower case) mapped to its canonical value."""

    def parse(cell) -> str:
        word = cell_text(cell).lower()
        if word not in aliases:
            raise Refusal(code, f"{what} '{cell}' tidak dikenal.", fix, value=str(cell))
        return aliases[word]

    return parse
