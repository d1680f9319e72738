"""Funding of a proposal by several sources (co-funding) and each office's total against its
ceiling (pagu indikatif).

A proposal's funding is a list of :class:`FundingLine` — source, amount and the office that
pays it. Written in one cell (column ``rincian_dana`` of a proposal file, and how the web layer
hands a co-funded proposal to the checks) it reads::

    APBD provinsi (64) = 1.200.000.000; APBD kabupaten/kota (6472) = 450.000.000

entries separated by ``;`` (or new lines), each ``SOURCE [(OFFICE CODE)] = AMOUNT`` (``:``
works too). The office is optional: without it the line is the proposer's own. Without
``rincian_dana`` the single ``pagu`` and ``sumber_dana`` of the row are its one line.

Ceilings: :func:`ceilings_from_frame` validates a table with the columns exactly
``wilayah_kode,plafon`` (all problems at once, with row, column and fix);
:func:`office_totals` compares each office's share of the proposals with its ceiling.
Pure: no Django, no file I/O.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from sinergi.core.columns import spellings, with_spellings
from sinergi.core.numbers import NotANumber, is_blank, parse_number
from sinergi.core.problems import Problem, ValidationFailed

from .reference import FundingSources, Regions

CEILING_COLUMNS = ("wilayah_kode", "plafon")
OVER = "melebihi plafon"
WITHIN = "dalam plafon"
NO_CEILING = "plafon belum ditetapkan"
TOTALS_COLUMNS = ["Kode wilayah", "Pengusul", "Jumlah usulan", "Pagu usulan (Rp)", "Plafon (Rp)", "Selisih (Rp)", "Status plafon"]

_ENTRY = re.compile(r"^\s*(?P<source>.+?)\s*(?:\((?P<office>[^()]*)\))?\s*[=:]\s*(?P<amount>.+?)\s*$")


@dataclass(frozen=True)
class FundingLine:
    """One source of a proposal's money: ``source`` is the key of the funding list ('' when
    the text names no known source), ``name`` its name as shown, ``office`` the paying office."""

    source: str
    name: str
    office: str
    amount: float


def parse_breakdown(text: str, funding: FundingSources, regions: Regions, office: str) -> tuple[list[FundingLine], str]:
    """The lines of a ``rincian_dana`` cell; ``(lines, problem)`` with ``problem`` '' when
    every entry was read (an Indonesian sentence naming the entry otherwise)."""
    lines: list[FundingLine] = []
    for part in [p for p in re.split(r"[;\n]+", text or "") if p.strip()]:
        m = _ENTRY.match(part)
        if not m:
            return [], f"bagian '{part.strip()}' tidak berbentuk 'SUMBER = JUMLAH'"
        payer = office
        if m.group("office"):
            payer, problem = regions.normalise_office(m.group("office"))
            if problem:
                return [], f"bagian '{part.strip()}': {problem}"
        key = funding.match(m.group("source"), regions.authority(payer))
        if not key:
            return [], f"sumber dana '{m.group('source')}' tidak dikenal (pilih: {', '.join(funding.names())})"
        try:
            amount = parse_number(m.group("amount"), thousands_dot=True)
        except NotANumber:
            return [], f"jumlah '{m.group('amount')}' untuk {funding.name(key)} bukan angka"
        if amount <= 0:
            return [], f"jumlah untuk {funding.name(key)} harus lebih dari 0"
        lines.append(FundingLine(key, funding.name(key), payer, float(amount)))
    if not lines:
        return [], "rincian kosong"
    return lines, ""


def _rupiah(x: float) -> str:
    text = f"{x:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text[:-3] if text.endswith(",00") else text


def format_breakdown(lines: Iterable[FundingLine]) -> str:
    """The lines written so :func:`parse_breakdown` reads them back (office code always given)."""
    return "; ".join(f"{ln.name} ({ln.office}) = {_rupiah(ln.amount)}" for ln in lines)


def describe(lines: Iterable[FundingLine], regions: Regions) -> str:
    """For people: 'APBD provinsi (Provinsi Kalimantan Timur) Rp 1.200.000.000 + …'."""
    return " + ".join(f"{ln.name} ({office_label(ln.office, regions)}) Rp {_rupiah(ln.amount)}" for ln in lines)


def office_label(code: str, regions: Regions) -> str:
    if not code:
        return ""
    name = regions.name(code)
    return f"Provinsi {name}" if code == regions.province else name


def is_cofunded(lines: Iterable[FundingLine]) -> bool:
    """Funded by more than one office, or by more than one source."""
    lines = list(lines)
    return len({ln.office for ln in lines}) > 1 or len({ln.source for ln in lines}) > 1


# ---------------------------------------------------------------------- ceilings
def ceilings_from_frame(frame: pd.DataFrame, regions: Regions, file: str = "", sheet: str = "",
                        rows: list[int] | None = None) -> dict[str, float]:
    """The ceiling of each office from a table with the columns exactly ``wilayah_kode,plafon``
    (``rows`` are the spreadsheet rows of the data; header = row 1). Every problem is raised
    at once as :class:`ValidationFailed`; nothing is returned unless all rows are valid.
    ``region_code`` and ``kode_wilayah`` are read as ``wilayah_kode`` (:mod:`sinergi.core.columns`)."""
    frame = with_spellings(frame, spellings("wilayah_kode"))
    cols = [str(c).strip().lower() for c in frame.columns]
    problems: list[Problem] = []
    missing = [c for c in CEILING_COLUMNS if c not in cols]
    extra = [c for c in cols if c not in CEILING_COLUMNS and c and not c.startswith("unnamed")]
    if missing or extra:
        what = []
        if missing:
            what.append("kolom " + ", ".join(f"'{c}'" for c in missing) + " tidak ada")
        if extra:
            what.append("kolom " + ", ".join(f"'{c}'" for c in extra) + " tidak dikenal")
        raise ValidationFailed([Problem("KOLOM_PLAFON", "Berkas plafon: " + "; ".join(what) + ".",
                                        "Baris judul harus tepat 'wilayah_kode,plafon' (kode BPS wilayah dan pagu indikatif dalam rupiah).",
                                        file=file, sheet=sheet, row=1)])
    frame = frame.copy()
    frame.columns = cols
    rows = list(rows) if rows is not None else list(range(2, len(frame) + 2))
    out: dict[str, float] = {}
    seen: dict[str, int] = {}
    for (code_cell, amount_cell), row in zip(frame[list(CEILING_COLUMNS)].itertuples(index=False, name=None), rows, strict=False):
        if is_blank(code_cell) and is_blank(amount_cell):
            continue
        code, problem = regions.normalise_office(code_cell) if not is_blank(code_cell) else ("", "kosong")
        if problem:
            problems.append(Problem("WILAYAH_TIDAK_DIKENAL", f"Kode wilayah tidak sah: {problem}.",
                                    f"Isi {regions.province} untuk provinsi atau kode BPS 4 digit kabupaten/kota (mis. 6472 Samarinda).",
                                    file=file, sheet=sheet, row=row, column="wilayah_kode", value=str(code_cell)[:40]))
            continue
        if code in seen:
            problems.append(Problem("WILAYAH_GANDA", f"Plafon {office_label(code, regions)} ({code}) tertulis dua kali (juga di baris {seen[code]}).",
                                    "Sisakan satu baris untuk setiap wilayah.", file=file, sheet=sheet, row=row, column="wilayah_kode",
                                    value=code))
            continue
        seen[code] = row
        try:
            if is_blank(amount_cell):
                raise NotANumber("")
            amount = float(parse_number(amount_cell, thousands_dot=True))
        except NotANumber:
            problems.append(Problem("PLAFON_TIDAK_VALID", f"Plafon '{'' if is_blank(amount_cell) else amount_cell}' bukan angka.",
                                    "Tulis pagu indikatif dalam rupiah tanpa 'Rp', mis. 2500000000 atau 2.500.000.000.",
                                    file=file, sheet=sheet, row=row, column="plafon", value=str(amount_cell)[:40]))
            continue
        if amount < 0:
            problems.append(Problem("PLAFON_TIDAK_VALID", f"Plafon tidak boleh negatif ({amount_cell}).",
                                    "Tulis pagu indikatif 0 atau lebih.", file=file, sheet=sheet, row=row, column="plafon",
                                    value=str(amount_cell)[:40]))
            continue
        out[code] = amount
    if problems:
        raise ValidationFailed(problems)
    return out


def office_totals(proposals: pd.DataFrame, ceilings: Mapping[str, float] | None, regions: Regions) -> pd.DataFrame:
    """Each office's share of the proposals against its ceiling (:data:`TOTALS_COLUMNS`).

    ``proposals`` carry a ``dana`` column (list of :class:`FundingLine`, from
    :func:`~sinergi.core.sync.proposals.prepare_proposals`); a co-funded proposal counts in
    every office that pays part of it, with that office's part. Offices are listed when they
    propose or have a ceiling; a JUMLAH row closes the table."""
    ceilings = dict(ceilings or {})
    totals: dict[str, float] = {}
    counts: dict[str, int] = {}
    if len(proposals) and "dana" in proposals:
        for lines in proposals["dana"]:
            for office in {ln.office for ln in lines or ()}:
                counts[office] = counts.get(office, 0) + 1
            for ln in lines or ():
                totals[ln.office] = totals.get(ln.office, 0.0) + ln.amount
    order = [regions.province, *regions.kabkota()]
    codes = [c for c in order if c in totals or c in ceilings] + sorted(c for c in {*totals, *ceilings} if c not in order)
    rows = []
    for code in codes:
        total = totals.get(code, 0.0)
        ceiling = ceilings.get(code)
        if ceiling is None:
            status, diff = NO_CEILING, None
        else:
            diff = ceiling - total
            status = OVER if total > ceiling + 0.005 else WITHIN
        rows.append({"Kode wilayah": code, "Pengusul": office_label(code, regions), "Jumlah usulan": counts.get(code, 0),
                     "Pagu usulan (Rp)": total, "Plafon (Rp)": ceiling, "Selisih (Rp)": diff, "Status plafon": status})
    frame = pd.DataFrame(rows, columns=TOTALS_COLUMNS)
    if len(frame):
        over = int((frame["Status plafon"] == OVER).sum())
        frame = pd.concat([frame, pd.DataFrame([{
            "Kode wilayah": "JUMLAH", "Pengusul": "", "Jumlah usulan": None,
            "Pagu usulan (Rp)": float(frame["Pagu usulan (Rp)"].sum()),
            "Plafon (Rp)": float(sum(ceilings.values())) if ceilings else None, "Selisih (Rp)": None,
            "Status plafon": f"{over} pengusul melebihi plafon" if over else "",
        }])], ignore_index=True)
    return frame


def over_ceiling(totals: pd.DataFrame) -> pd.DataFrame:
    """The offices of :func:`office_totals` whose proposals exceed their ceiling."""
    if not len(totals):
        return totals
    return totals[totals["Status plafon"] == OVER].reset_index(drop=True)
