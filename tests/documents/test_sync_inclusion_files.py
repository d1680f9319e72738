"""The inclusion section written into any python-docx document (the summary, the Berita Acara)
and the CLI's CSV writer."""
from __future__ import annotations

import csv

import pandas as pd
from docx import Document

from sinergi.core.sync import analyse_inclusion
from sinergi.documents import docx_utils as dx
from sinergi.documents.sync_inclusion import (
    add_inclusion_section,
    embedded_gaps,
    write_inclusion_csv,
)

PROPOSALS = pd.DataFrame([
    {"row": 1, "wilayah_kode": "64", "uraian": "Pelatihan menjahit", "sasaran": "", "kelompok_sasaran": "perempuan", "pagu": 300_000_000.0},
    {"row": 2, "wilayah_kode": "64", "uraian": "Job fair", "sasaran": "", "kelompok_sasaran": "", "pagu": 200_000_000.0},
    {"row": 3, "wilayah_kode": "6472", "uraian": "Pelatihan bagi lulusan SMK", "sasaran": "", "kelompok_sasaran": "", "pagu": 50_000_000.5},
])


def test_section_goes_into_a_document_of_docx_utils(tmp_path):
    gaps = embedded_gaps(["64", "6472"], 2026)
    result = analyse_inclusion(PROPOSALS, gaps, ["64", "6472"], {"64": "Kalimantan Timur", "6472": "Samarinda"})
    doc = dx.new_document(title="Berita Acara")
    dx.add_heading(doc, "Berita Acara Rapat Koordinasi", level=1)
    add_inclusion_section(doc, result, heading="III. Inklusi", level=2, table_code="3.1")
    path = tmp_path / "ba.docx"
    doc.save(path)
    back = Document(path)
    text = "\n".join(p.text for p in back.paragraphs)
    assert "III. Inklusi" in text and "Tabel 3.1 Celah kelompok sasaran" in text
    rows = [[c.text for c in r.cells] for t in back.tables for r in t.rows]
    kaltim = next(r for r in rows if r[0].startswith("64 ") and r[1] == "perempuan")
    assert kaltim[2] == f"{gaps['64']['perempuan']['gap']:.2f}".replace(".", ",") and kaltim[3] == "1" and kaltim[6] == "60,00"
    # Samarinda's women: a large gap in the statistics and no proposal → named in the reading
    assert "perempuan di Samarinda" in text


def test_csv_writes_whole_rupiah_without_decimals(tmp_path):
    result = analyse_inclusion(PROPOSALS, {}, ["64", "6472"])
    path = write_inclusion_csv(tmp_path / "i.csv", result)
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["wilayah_kode"], r["kelompok"], r["pagu"], r["porsi_pagu"], r["sumber"]) for r in rows] == [
        ("64", "perempuan", "300000000", "0.6", "kolom"),
        ("6472", "pemuda", "50000000.5", "1.0", "saran"),
        ("6472", "lulusan_baru", "50000000.5", "1.0", "saran"),
    ]
