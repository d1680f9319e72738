"""Rendering a composed RTKD (:class:`RtkdDocument`) to Word and to the companion workbook.

The composition (what is said, which tables and figures, in which order) is built by
:mod:`sinergi.documents.rtkd`; this module only lays it out: cover, front matter with roman
page numbers, table of contents / list of tables / list of figures (Word fields whose cached
content is a static list), then the body with arabic page numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sinergi.documents import docx_utils as dx
from sinergi.documents.docx_utils import CaptionedTable
from sinergi.documents.rtkd.sources import SourceBook
from sinergi.documents.xlsx import write_sheets


@dataclass
class Block:
    kind: str  # h1 h2 h3 p bullets numbered table figure pagebreak rich
    text: str = ""
    items: list = field(default_factory=list)
    table: CaptionedTable | None = None
    image: bytes | None = None
    source: str = ""
    width_cm: float = 15.0


@dataclass
class RtkdDocument:
    """Everything the document says, in order, before any layout."""

    region_code: str
    region_label: str
    base_year: int
    end_year: int
    is_province: bool
    title_period: str
    agency: str
    cover_note: str
    front: list[tuple[str, list[Block]]] = field(default_factory=list)  # (title, blocks)
    body: list[Block] = field(default_factory=list)
    sources: SourceBook = field(default_factory=SourceBook)
    table_urls: dict[str, list[str]] = field(default_factory=dict)
    extra_sheets: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    engine_problems: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[CaptionedTable]:
        return [b.table for b in self.body if b.kind == "table" and b.table is not None]

    @property
    def figures(self) -> list[str]:
        return [b.text for b in self.body if b.kind == "figure"]

    def toc_entries(self) -> list[tuple[int, str]]:
        entries = [(1, t) for t, _ in self.front if t != "DAFTAR ISI"]
        entries += [(1 if b.kind == "h1" else 2, b.text) for b in self.body if b.kind in ("h1", "h2")]
        return entries


def _render_blocks(doc, blocks: list[Block]) -> None:
    for b in blocks:
        if b.kind == "h1":
            dx.add_heading(doc, b.text, 1, page_break_before=True)
        elif b.kind == "h2":
            dx.add_heading(doc, b.text, 2)
        elif b.kind == "h3":
            dx.add_heading(doc, b.text, 3)
        elif b.kind == "p":
            dx.add_paragraph(doc, b.text)
        elif b.kind == "note":
            dx.add_paragraph(doc, b.text, italic=True, size=9.5)
        elif b.kind == "bullets":
            dx.add_bullets(doc, b.items)
        elif b.kind == "numbered":
            for i, item in enumerate(b.items, start=1):
                p = dx.add_paragraph(doc, f"{i}. {item}")
                p.paragraph_format.left_indent = dx.Cm(0.6)
                p.paragraph_format.first_line_indent = dx.Cm(-0.6)
        elif b.kind == "table" and b.table is not None:
            dx.add_captioned_table(doc, b.table)
        elif b.kind == "figure" and b.image is not None:
            dx.add_figure(doc, b.image, b.text, width_cm=b.width_cm, source=b.source)
        elif b.kind == "refs":
            for item in b.items:
                dx.styled_paragraph(doc, item, dx.STYLE_LIST_ENTRY)
        elif b.kind == "pagebreak":
            dx.add_page_break(doc)
        elif b.kind == "signature":
            for line in b.items:
                dx.add_paragraph(doc, line, align="right", space_after=0)


def _agency_lines(agency: str, region: str) -> list[str]:
    """'Dinas … Provinsi Kalimantan Timur' → two cover lines, office then region."""
    if agency.endswith(" " + region):
        return [agency[: -len(region) - 1].upper(), region.upper()]
    return [agency.upper()]


def write_docx(rd: RtkdDocument, path: str | Path) -> Path:
    path = Path(path)
    doc = dx.new_document(title=f"Rencana Tenaga Kerja Daerah {rd.region_label} {rd.title_period}",
                          author=rd.agency)
    dx.update_fields_on_open(doc)
    # -- cover (no page number)
    dx.clear_footer(doc.sections[0])
    dx.add_cover(doc, [
        ("RENCANA TENAGA KERJA DAERAH", 22, True),
        ("(RTKD)", 16, True),
        (rd.region_label.upper(), 18, True),
        (f"TAHUN {rd.title_period}", 16, True),
        (f"Tahun dasar {rd.base_year} · proyeksi {rd.base_year + 1}–{rd.end_year}", 11, False),
        (rd.cover_note, 10, False),
    ], bottom_lines=_agency_lines(rd.agency, rd.region_label) + [str(pd.Timestamp.today().year)], top_space_cm=4.0)
    # -- front matter (roman numerals)
    sec = dx.start_section(doc)
    dx.set_page_numbers(sec, "lowerRoman", start=1)
    for i, (title, blocks) in enumerate(rd.front):
        dx.add_heading(doc, title, 1, page_break_before=i > 0)
        if title == "DAFTAR ISI":
            dx.add_toc(doc, rd.toc_entries())
        elif title == "DAFTAR TABEL":
            dx.add_toc(doc, [(1, t.caption) for t in rd.tables], entry_style=dx.STYLE_LIST_ENTRY,
                       instruction=f'TOC \\h \\z \\t "{dx.STYLE_TABLE_CAPTION},1"')
        elif title == "DAFTAR GAMBAR":
            dx.add_toc(doc, [(1, f) for f in rd.figures], instruction=f'TOC \\h \\z \\t "{dx.STYLE_FIGURE_CAPTION},1"',
                       empty_note="Tidak ada gambar.", entry_style=dx.STYLE_LIST_ENTRY)
        _render_blocks(doc, blocks)
    # -- body (arabic numerals from 1)
    sec = dx.start_section(doc)
    dx.set_page_numbers(sec, "decimal", start=1, footer_text=f"RTKD {rd.region_label} {rd.title_period}")
    body = list(rd.body)
    if body and body[0].kind == "h1":
        dx.add_heading(doc, body[0].text, 1)
        body = body[1:]
    _render_blocks(doc, body)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def write_workbook(rd: RtkdDocument, path: str | Path) -> Path:
    """Every table of the document, one sheet per table code, plus an index and the references."""
    path = Path(path)
    index_rows, sheets, notes = [], {}, {}
    for t in rd.tables:
        name = t.code
        index_rows.append({"kode": t.code, "judul": t.title, "sheet": name, "status": t.status})
        sheets[name] = t.to_frame()
        lines = t.note_lines()
        refs = rd.table_urls.get(t.code, [])
        if refs:
            lines.append("Alamat sumber:")
            lines += [f"[{n}] {u}" for n, u in sorted((rd.sources.number(u), u) for u in dict.fromkeys(refs))]
        notes[name] = lines
    ordered = {"Daftar Tabel": pd.DataFrame(index_rows, columns=["kode", "judul", "sheet", "status"])}
    ordered.update(sheets)
    for name, frame in rd.extra_sheets.items():
        ordered[name] = frame
    ordered["Rujukan"] = pd.DataFrame({"no": range(1, len(rd.sources.urls) + 1),
                                       "alamat": rd.sources.urls}, columns=["no", "alamat"])
    notes["Daftar Tabel"] = [f"Rencana Tenaga Kerja Daerah {rd.region_label} {rd.title_period} — tabel pendamping dokumen.",
                             "Sel 'data belum tersedia' belum memiliki data; jangan dibaca sebagai nol."]
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_sheets(path, ordered, notes)
