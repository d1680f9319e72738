"""Files of the inclusion view (who the proposals reach): the group gaps from the embedded
statistics, the CLI's CSV, the matrix sheet and the document section.

The computation is :func:`sinergi.core.sync.analyse_inclusion`; this module reads the embedded
statistics and writes. :func:`add_inclusion_section` writes the section into any python-docx
document (the summary for the ministry, the Berita Acara).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from sinergi.core.numbers import format_id
from sinergi.core.sync import InclusionResult, analyse_inclusion, catalogue_gaps
from sinergi.core.sync.inclusion import (
    CSV_COLUMNS,
    FLAG_NOTHING,
    FLAG_SUGGESTED_ONLY,
    LARGE_GAP_RATIO,
)


def embedded_gaps(regions, year: int | None = None) -> dict:
    """The target-group gaps of ``regions`` from the embedded Kaltim statistics (preferred
    values), latest year ≤ ``year``."""
    from sinergi.documents.stats_files import embedded_observations

    obs = embedded_observations()
    obs = obs[obs["preferred"]]
    records = obs[["region_code", "year", "month", "indicator", "value", "source_url"]].to_dict("records")
    return catalogue_gaps(records, regions, year)


def inclusion_of(proposals: pd.DataFrame, regions, year: int | None = None) -> InclusionResult:
    """The inclusion view of checked proposals with the embedded statistics' gaps;
    ``regions`` is a :class:`~sinergi.core.sync.Regions`."""
    codes = [regions.province, *regions.kabkota()]
    return analyse_inclusion(proposals, embedded_gaps(codes, year), codes, {c: regions.name(c) for c in codes})


def write_inclusion_csv(path: str | Path, result: InclusionResult) -> Path:
    """The CLI contract: ``wilayah_kode,kelompok,jumlah_usulan,pagu,porsi_pagu,sumber``."""
    path = Path(path)
    frame = result.rows[CSV_COLUMNS].astype(object)
    frame["pagu"] = pd.Series([int(v) if float(v).is_integer() else float(v) for v in frame["pagu"]], index=frame.index, dtype=object)
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


SHEET_COLUMNS = {
    "wilayah_kode": "Kode wilayah",
    "wilayah": "Wilayah",
    "nama_kelompok": "Kelompok sasaran",
    "kelompok": "Kode kelompok",
    "indikator": "Indikator celah",
    "periode": "Periode data",
    "nilai": "Nilai kelompok",
    "pembanding": "Nilai pembanding",
    "celah": "Celah (poin)",
    "usulan_kolom": "Usulan (kolom)",
    "usulan_saran": "Usulan (saran)",
    "jumlah_usulan": "Jumlah usulan",
    "pagu": "Pagu (Rp)",
    "porsi_pagu": "Porsi pagu",
    "sasaran_perempuan": "Sasaran perempuan (orang)",
    "tanda": "Tanda",
    "sumber_data": "Sumber data",
    "catatan": "Catatan",
}
PERCENT_COLUMNS = frozenset({"Porsi pagu"})
NUMBER_COLUMNS = frozenset({"Usulan (kolom)", "Usulan (saran)", "Sasaran perempuan (orang)", "Nilai kelompok", "Nilai pembanding", "Celah (poin)"})


def inclusion_sheet(result: InclusionResult) -> pd.DataFrame:
    """The view as the matrix workbook's 'Inklusi' sheet (numbers stay numbers; a missing gap is
    an empty cell, and the indicator column says 'belum ada data')."""
    return result.view[list(SHEET_COLUMNS)].rename(columns=SHEET_COLUMNS)


def sheet_notes(result: InclusionResult) -> list[str]:
    return list(result.notes)


def _rows_for_document(result: InclusionResult) -> list[list]:
    v = result.view
    keep = v[(v["jumlah_usulan"] > 0) | v["celah"].notna()]
    rows = []
    for r in keep.itertuples(index=False):
        rows.append([
            f"{r.wilayah_kode} {r.wilayah}".strip(), r.nama_kelompok,
            r.celah if r.celah is not None and r.celah == r.celah else None,
            int(r.usulan_kolom), int(r.usulan_saran), r.pagu,
            None if r.porsi_pagu is None or r.porsi_pagu != r.porsi_pagu else 100 * r.porsi_pagu,
            r.tanda or "—",
        ])
    return rows


def add_inclusion_section(doc, result: InclusionResult, heading: str = "Jangkauan kelompok sasaran (inklusi)",
                          level: int = 2, table_code: str = "I.1") -> None:
    """Write the inclusion section (heading, reading, table of regions × groups with a gap or
    a proposal, flags, notes) into a python-docx ``doc`` made by :mod:`docx_utils`."""
    from sinergi.documents import docx_utils as dx

    dx.add_heading(doc, heading, level=level)
    flagged = result.flagged()
    nothing = flagged[flagged["tanda"] == FLAG_NOTHING]
    dx.add_paragraph(
        doc,
        "Untuk setiap wilayah pengusul, celah indikator setiap kelompok sasaran (nilai kelompok dikurangi nilai pembandingnya) "
        "dijajarkan dengan jumlah usulan dan pagu yang menyasar kelompok itu. Kelompok sasaran diambil dari kolom kelompok_sasaran "
        "usulan; bila kosong, disarankan dari uraian (ditandai 'saran', belum dinyatakan pengusul).",
    )
    if len(nothing):
        dx.add_paragraph(doc, f"{format_id(len(nothing), 0)} kelompok dengan celah besar belum disasar satu usulan pun: "
                              + "; ".join(f"{r.nama_kelompok} di {r.wilayah or r.wilayah_kode} (celah {format_id(r.celah, 2)} poin)"
                                          for r in nothing.itertuples(index=False)) + ".")
    else:
        dx.add_paragraph(doc, "Tidak ada kelompok dengan celah besar yang sama sekali tidak disasar usulan.")
    rows = _rows_for_document(result)
    if rows:
        sources = sorted({s.strip() for cell in result.view["sumber_data"] for s in str(cell or "").split(";") if s.strip()})
        dx.add_captioned_table(doc, dx.CaptionedTable(
            table_code, "Celah kelompok sasaran dan usulan yang menyasarnya",
            [dx.Column("Wilayah", "text", 3.0), dx.Column("Kelompok", "text", 2.6), dx.Column("Celah (poin)", "dec2", 1.6),
             dx.Column("Usulan isian", "int", 1.5), dx.Column("Usulan saran", "int", 1.5), dx.Column("Pagu (Rp)", "rp", 2.5),
             dx.Column("Porsi pagu (%)", "pct", 1.5), dx.Column("Tanda", "text", 2.4)],
            rows, sources=sources, notes=list(result.notes),
        ))
    else:
        dx.add_paragraph(doc, "Belum ada usulan yang menyasar kelompok tertentu dan belum ada data celah kelompok.")
    if len(flagged[flagged["tanda"] == FLAG_SUGGESTED_ONLY]):
        dx.add_paragraph(doc, f"'{FLAG_SUGGESTED_ONLY}': kelompok dengan celah besar yang hanya disasar usulan menurut saran dari "
                              "uraian; minta pengusul menyatakan kelompok sasarannya.", italic=True)
    dx.add_paragraph(doc, f"Celah besar: kelompok tertinggal sedikitnya {format_id(100 * LARGE_GAP_RATIO, 0)}% dari nilai pembandingnya.",
                     italic=True)
