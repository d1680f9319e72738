"""Small, reusable helpers for Word (.docx) documents written with python-docx.

What is here is generic (no RTK knowledge), so any Sinergi document — the RTKD, an IPK
report, a synchronisation package — can share it:

* :func:`new_document` — A4 page, one body font everywhere (theme fonts removed, so Word and
  LibreOffice render the same face), Indonesian proofing language, heading/caption styles.
* :func:`add_heading`, :func:`add_paragraph`, :func:`add_bullets`, :func:`add_page_break`.
* :class:`Column` / :class:`CaptionedTable` and :func:`add_captioned_table` — a numbered table
  whose caption carries its official code ("Tabel 3.C.1 …"), with its source lines underneath.
  Values are formatted the Indonesian way (``1.234.567``, ``5,14``) by
  :func:`sinergi.core.numbers.format_id`; a missing value is written "data belum tersedia",
  never 0, ``nan`` or ``None``. :meth:`CaptionedTable.to_frame` gives the same table for a
  workbook.
* :func:`add_figure` — a PNG with a caption ("Gambar 2.1 …") and its source.
* :func:`add_toc` — a Word TOC field whose cached result is a static list of entries, so the
  document shows a usable table of contents even before the field is updated (LibreOffice
  shows the cached list; Word refreshes it on opening because of :func:`update_fields_on_open`).
* :func:`start_section`, :func:`set_page_numbers` — sections with their own page-number format
  (roman for front matter, arabic for the body) and a centred footer.
"""
from __future__ import annotations

import copy
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.document import CT_Body
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Row
from docx.text.run import Run

from sinergi.core.numbers import format_id

MISSING = "data belum tersedia"

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# Styles created by new_document(); other modules refer to them by these names.
STYLE_TABLE_CAPTION = "Judul Tabel"
STYLE_FIGURE_CAPTION = "Judul Gambar"
STYLE_SOURCE = "Sumber Tabel"
STYLE_TABLE_TEXT = "Isi Tabel"
STYLE_LIST_ENTRY = "Entri Daftar"


# ---------------------------------------------------------------------------
# low-level XML helpers
# ---------------------------------------------------------------------------

def _insert_before(parent, child, successors: Sequence[str]) -> None:
    """Insert ``child`` before the first existing successor (WordprocessingML is ordered;
    Word refuses files whose property elements are out of schema order)."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def _set_rfonts(rpr, name: str) -> None:
    """Force one font face on a run/style property element, dropping theme fonts
    (Word prefers ``w:asciiTheme`` over ``w:ascii`` when both are present)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _set_lang(rpr, lang: str) -> None:
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        _insert_before(rpr, el, ("w:eastAsianLayout", "w:specVanish", "w:oMath"))
    el.set(qn("w:val"), lang)


def _style_font(style, name: str, size: float | None = None, bold: bool | None = None,
                italic: bool | None = None, color: str | None = "000000") -> None:
    style.font.name = name
    _set_rfonts(style.element.get_or_add_rPr(), name)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if color is not None:
        style.font.color.rgb = RGBColor.from_string(color)


def _get_or_add_style(doc, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, base: str = "Normal"):
    try:
        return doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, kind)
        if base:
            style.base_style = doc.styles[base]
        style.quick_style = True
        return style


def set_cell_shading(cell, fill_hex: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = tcpr.find(qn("w:shd"))
    if shd is None:
        shd = OxmlElement("w:shd")
        _insert_before(tcpr, shd, ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                                   "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange"))
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill_hex)


_NUMBER_TEXT = re.compile(r"[−+-]?[\d.]+(,\d+)?( ?%)?")


def set_no_wrap(cell) -> None:
    """``w:noWrap`` on a cell, in schema order within ``w:tcPr``."""
    tcpr = cell._tc.get_or_add_tcPr()
    if tcpr.find(qn("w:noWrap")) is None:
        _insert_before(tcpr, OxmlElement("w:noWrap"), ("w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                                                        "w:hideMark", "w:headers", "w:cellIns", "w:cellDel",
                                                        "w:cellMerge", "w:tcPrChange"))


def set_repeat_header(row) -> None:
    """Repeat this table row at the top of every page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    _insert_before(trpr, el, ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"))


def set_cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    _insert_before(trpr, el, ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins",
                              "w:del", "w:trPrChange"))


def set_column_widths(table, widths_cm: Sequence[float]) -> None:
    """Fixed column widths that both Word (tcW) and LibreOffice (tblGrid) respect; a merged
    cell gets the sum of the columns it spans."""
    table.autofit = False
    tbl = table._tbl
    tblpr = tbl.tblPr
    layout = tblpr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        _insert_before(tblpr, layout, ("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"))
    layout.set(qn("w:type"), "fixed")
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        _insert_before(tblpr, tblw, ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
                                     "w:tblCellMar", "w:tblLook"))
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(sum(widths_cm) * 567)))
    grid = tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=False):
        gc.set(qn("w:w"), str(int(w * 567)))
    tcw_tag, cnf_tag = qn("w:tcW"), qn("w:cnfStyle")
    for tr in tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            w = sum(widths_cm[col:col + span])
            tcpr = tc.get_or_add_tcPr()
            tcw = tcpr.find(tcw_tag)
            if tcw is None:
                # w:tcW comes first in w:tcPr, after w:cnfStyle only (python-docx's
                # get_or_add_tcW searches for each possible successor per cell)
                tcw = OxmlElement("w:tcW")
                tcpr.insert(1 if len(tcpr) and tcpr[0].tag == cnf_tag else 0, tcw)
            tcw.set(qn("w:type"), "dxa")
            tcw.set(qn("w:w"), str(int(w * 567)))
            col += span


def keep_with_next(paragraph, on: bool = True) -> None:
    paragraph.paragraph_format.keep_with_next = on


def add_field(paragraph, instruction: str, cached_text: str = "", dirty: bool = False):
    """Append a complex field (``PAGE``, ``NUMPAGES``, ``TOC …``) to ``paragraph``."""
    def fld(kind):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin" and dirty:
            el.set(qn("w:dirty"), "true")
        run._r.append(el)
        return run

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld("separate")
    result = paragraph.add_run(cached_text)
    fld("end")
    return result


def update_fields_on_open(doc) -> None:
    """Ask Word to refresh fields (TOC, page numbers) when the file is opened."""
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        _insert_before(settings, el, (
            "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
            "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
            "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
            "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator"))
    el.set(qn("w:val"), "true")


# ---------------------------------------------------------------------------
# document and styles
# ---------------------------------------------------------------------------

def new_document(font: str = "Arial", size: float = 11, language: str = "id-ID",
                 margins_cm: tuple[float, float, float, float] = (2.5, 2.5, 3.0, 2.5),
                 title: str = "", author: str = ""):
    """A4 document with consistent fonts and the styles used by the helpers below.

    ``margins_cm`` = (top, bottom, left, right); the wider left margin leaves room for binding.
    """
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (Cm(m) for m in margins_cm)
    sec.header_distance = Cm(1.2)
    sec.footer_distance = Cm(1.2)

    # document defaults (rPrDefault) so that text outside any style also uses the font
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_rfonts(rpr, font)
            _set_lang(rpr, language)

    normal = doc.styles["Normal"]
    _style_font(normal, font, size)
    _set_lang(normal.element.get_or_add_rPr(), language)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.15

    for level, (sz, align, before, after) in {
        1: (14, WD_ALIGN_PARAGRAPH.CENTER, 0, 18),
        2: (12, WD_ALIGN_PARAGRAPH.LEFT, 12, 6),
        3: (11, WD_ALIGN_PARAGRAPH.LEFT, 10, 4),
    }.items():
        st = doc.styles[f"Heading {level}"]
        _style_font(st, font, sz, bold=True, italic=False)
        st.paragraph_format.alignment = align
        st.paragraph_format.space_before = Pt(before)
        st.paragraph_format.space_after = Pt(after)
        st.paragraph_format.keep_with_next = True
    title_style = doc.styles["Title"]
    _style_font(title_style, font, 20, bold=True)
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # the default template draws a blue rule under Title; remove it
    ppr = title_style.element.get_or_add_pPr()
    for el in ppr.findall(qn("w:pBdr")):
        ppr.remove(el)

    cap = _get_or_add_style(doc, STYLE_TABLE_CAPTION)
    _style_font(cap, font, 10, bold=True)
    cap.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.space_before = Pt(10)
    cap.paragraph_format.space_after = Pt(4)
    cap.paragraph_format.keep_with_next = True

    fig = _get_or_add_style(doc, STYLE_FIGURE_CAPTION)
    _style_font(fig, font, 10, bold=True)
    fig.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fig.paragraph_format.space_before = Pt(2)
    fig.paragraph_format.space_after = Pt(2)

    src = _get_or_add_style(doc, STYLE_SOURCE)
    _style_font(src, font, 8, italic=True, color="333333")
    src.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    src.paragraph_format.space_before = Pt(0)
    src.paragraph_format.space_after = Pt(1)
    src.paragraph_format.line_spacing = 1.0

    cell = _get_or_add_style(doc, STYLE_TABLE_TEXT)
    _style_font(cell, font, 8.5)
    cell.paragraph_format.space_before = Pt(1)
    cell.paragraph_format.space_after = Pt(1)
    cell.paragraph_format.line_spacing = 1.0

    for lvl, indent in ((1, 0.0), (2, 0.6), (3, 1.2)):
        st = _get_or_add_style(doc, f"toc {lvl}")
        _style_font(st, font, size, bold=(lvl == 1))
        st.paragraph_format.left_indent = Cm(indent)
        st.paragraph_format.space_after = Pt(2)
        st.paragraph_format.space_before = Pt(4 if lvl == 1 else 0)

    entry = _get_or_add_style(doc, STYLE_LIST_ENTRY)
    _style_font(entry, font, size - 1)
    entry.paragraph_format.left_indent = Cm(1.2)
    entry.paragraph_format.first_line_indent = Cm(-1.2)
    entry.paragraph_format.space_after = Pt(2)
    entry.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    for name in ("List Bullet", "List Number"):
        try:
            _style_font(doc.styles[name], font, size)
        except KeyError:  # pragma: no cover - present in python-docx's default template
            pass

    if title:
        doc.core_properties.title = title
    if author:
        doc.core_properties.author = author
    doc.core_properties.language = language
    return doc


# speed: python-docx finds the body's closing sectPr by scanning every element of the body
# before each new paragraph or table (quadratic in the document's length), and finds a style
# by name by scanning every style. The body's sectPr is always its last child, and a style's
# id is looked up once per document.


def _insert_before_sectPr(body, element):
    last = body[-1] if len(body) else None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(element)
    else:
        body.append(element)
    return element


if hasattr(CT_Body, "_insert_p") and hasattr(CT_Body, "_insert_tbl"):
    CT_Body._insert_p = _insert_before_sectPr
    CT_Body._insert_tbl = _insert_before_sectPr


def style_id(doc, name: str) -> str:
    """The id of the style called ``name`` (looked up once per document)."""
    cache = doc.part.__dict__.setdefault("_sinergi_style_ids", {})
    if name not in cache:
        cache[name] = doc.styles[name].style_id
    return cache[name]


def table_style_id(doc, name: str) -> str | None:
    """What ``table.style = name`` writes (``None`` for the default table style), looked up
    once per document: python-docx scans every style for the default on each assignment."""
    cache = doc.part.__dict__.setdefault("_sinergi_style_ids", {})
    key = ("table", name)
    if key not in cache:
        cache[key] = doc.part.get_style_id(doc.styles[name], WD_STYLE_TYPE.TABLE)
    return cache[key]


def add_run(p, text: str = ""):
    """``p.add_run(text)``; plain text (no tab or line break) goes into one ``w:t`` directly —
    python-docx walks the text character by character to find them."""
    if not text or "\t" in text or "\n" in text or "\r" in text:
        return p.add_run(text)
    r = p._p.add_r()
    r.add_t(text)
    return Run(r, p)


def styled_paragraph(doc, text: str = "", style: str | None = None):
    """``doc.add_paragraph(text, style=style)`` with the style set by its id."""
    p = doc.add_paragraph()
    if text:
        add_run(p, text)
    if style:
        p._p.get_or_add_pPr().get_or_add_pStyle().val = style_id(doc, style)
    return p


def content_width_cm(doc) -> float:
    sec = doc.sections[-1]
    return (sec.page_width - sec.left_margin - sec.right_margin) / 360000


# ---------------------------------------------------------------------------
# text blocks
# ---------------------------------------------------------------------------

def add_heading(doc, text: str, level: int = 1, page_break_before: bool = False):
    p = styled_paragraph(doc, text, f"Heading {level}")
    if page_break_before:
        p.paragraph_format.page_break_before = True
    return p


def add_paragraph(doc, text: str = "", align: str = "justify", bold: bool = False, italic: bool = False,
                  size: float | None = None, style: str | None = None, space_after: float | None = None,
                  first_line_indent_cm: float | None = None):
    p = styled_paragraph(doc, "", style)
    if text:
        run = add_run(p, text)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
    p.alignment = ALIGN[align]
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    if first_line_indent_cm is not None:
        p.paragraph_format.first_line_indent = Cm(first_line_indent_cm)
    return p


def add_bullets(doc, items: Iterable[str], numbered: bool = False):
    style = "List Number" if numbered else "List Bullet"
    out = []
    for item in items:
        p = styled_paragraph(doc, item, style)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.space_after = Pt(3)
        out.append(p)
    return out


def add_page_break(doc):
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


# ---------------------------------------------------------------------------
# sections, page numbers, table of contents
# ---------------------------------------------------------------------------

def start_section(doc, landscape: bool = False):
    """Start a new page section (optionally landscape) and return it."""
    prev = doc.sections[-1]
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    want_w, want_h = (prev.page_height, prev.page_width) if (landscape != (prev.page_width > prev.page_height)) \
        else (prev.page_width, prev.page_height)
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = want_w, want_h
    return sec


def set_page_numbers(section, fmt: str = "decimal", start: int | None = None, footer_text: str = "",
                     font_size: float = 9) -> None:
    """Centred footer ``footer_text — page``; ``fmt`` is ``decimal`` or ``lowerRoman``."""
    sectpr = section._sectPr
    pg = sectpr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        _insert_before(sectpr, pg, ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
                                    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"))
    pg.set(qn("w:fmt"), fmt)
    if start is not None:
        pg.set(qn("w:start"), str(start))
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if footer_text:
        r = p.add_run(footer_text + "  |  ")
        r.font.size = Pt(font_size)
    res = add_field(p, "PAGE", "1")
    res.font.size = Pt(font_size)


def clear_footer(section) -> None:
    footer = section.footer
    footer.is_linked_to_previous = False
    for p in footer.paragraphs:
        for r in list(p.runs):
            r._r.getparent().remove(r._r)


def add_toc(doc, entries: Sequence[tuple[int, str]], instruction: str = 'TOC \\o "1-2" \\h \\z \\u',
            empty_note: str = "", entry_style: str | None = None) -> None:
    """A TOC field whose cached result is ``entries`` (level, text) as a static list.

    Word replaces the cached list with page-numbered entries when fields are updated (on
    opening, see :func:`update_fields_on_open`, or F9); LibreOffice shows the cached list
    until *Alat › Perbarui › Semua* is used.
    """
    entries = list(entries) or [(1, empty_note or "(daftar kosong)")]
    paragraphs = []
    for level, text in entries:
        p = styled_paragraph(doc, "", entry_style or f"toc {min(max(level, 1), 3)}")
        paragraphs.append((p, text))
    first = paragraphs[0][0]
    # begin + instruction + separate go before the first entry's text
    def fldchar(p, kind, dirty=False):
        run = p.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if dirty:
            el.set(qn("w:dirty"), "true")
        run._r.append(el)

    fldchar(first, "begin", dirty=True)
    run = first.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fldchar(first, "separate")
    for p, text in paragraphs:
        p.add_run(text)
    fldchar(paragraphs[-1][0], "end")


# ---------------------------------------------------------------------------
# numbered, captioned tables
# ---------------------------------------------------------------------------

KINDS = ("text", "int", "dec1", "dec2", "pct", "rp", "rpjt")


@dataclass
class Column:
    """One table column. ``kind`` chooses the formatting of its values:

    ``text`` as is · ``int`` ``1.234.567`` · ``dec1`` ``12,3`` · ``dec2``/``pct`` ``5,14`` ·
    ``rp`` whole rupiah ``3.579.314`` · ``rpjt`` ``4,44`` (millions, two decimals).
    """

    name: str
    kind: str = "text"
    width_cm: float | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        pass
    return isinstance(value, str) and value.strip().lower() in ("", "nan", "none", "nat")


def format_value(value, kind: str) -> str:
    """Indonesian text for one cell; a missing value becomes "data belum tersedia"."""
    if is_missing(value):
        return MISSING
    if kind == "text" or isinstance(value, str):
        return str(value)
    v = float(value)
    if kind in ("int", "rp"):
        return format_id(round(v), 0)
    if kind == "dec1":
        return format_id(v, 1)
    return format_id(v, 2)


@dataclass
class CaptionedTable:
    """A table as a document shows it: code, title, columns, rows, sources, notes.

    ``code`` is the official table code where one applies (``"3.C.1"``) or a local number
    (``"5.1"``). ``rows`` hold raw values (numbers, text, ``None`` for missing).
    ``placeholder`` marks a table that has no data at all (its single row says what to import).
    """

    code: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    placeholder: bool = False
    bold_rows: set[int] = field(default_factory=set)
    row_kinds: dict[int, str] = field(default_factory=dict)

    @property
    def caption(self) -> str:
        return f"Tabel {self.code} {self.title}"

    def kind(self, i: int, j: int) -> str:
        """Formatting of cell (row ``i``, column ``j``): a row override applies to the
        non-text columns (e.g. a 'jumlah orang' row under percentage rows)."""
        col = self.columns[j].kind
        if col != "text" and i in self.row_kinds:
            return self.row_kinds[i]
        return col

    def formatted_rows(self) -> list[list[str]]:
        out = []
        for i, row in enumerate(self.rows):
            cells = list(row) + [None] * (len(self.columns) - len(row))
            out.append([format_value(v, self.kind(i, j)) for j, v in enumerate(cells[:len(self.columns)])])
        return out

    def to_frame(self) -> pd.DataFrame:
        """The table for a workbook: numbers stay numbers (rounded as the document shows
        them); missing cells say so in words."""
        data = []
        for i, row in enumerate(self.rows):
            cells = list(row) + [None] * (len(self.columns) - len(row))
            out = []
            for j, v in enumerate(cells[:len(self.columns)]):
                if is_missing(v):
                    out.append(MISSING)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    kind = self.kind(i, j)
                    out.append(int(round(v)) if kind in ("int", "rp") else round(float(v), 1 if kind == "dec1" else 2))
                else:
                    out.append(v)
            data.append(out)
        return pd.DataFrame(data, columns=[c.name for c in self.columns], dtype=object)

    @property
    def status(self) -> str:
        """'berisi data', 'sebagian' (some cells missing) or 'data belum tersedia'."""
        if self.placeholder:
            return MISSING
        values = [v for r in self.rows for v in r[1:]]
        return "sebagian" if any(is_missing(v) for v in values) else "berisi data"

    def note_lines(self) -> list[str]:
        return [self.caption] + list(self.notes) + [f"Sumber: {s}" for s in self.sources]

    def has_text(self, needle: str) -> bool:
        needle = needle.lower()
        return any(needle in str(c).lower() for r in self.formatted_rows() for c in r)


_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def _cell_text(cell, text: str, align: str, bold: bool = False, italic: bool = False,
               size: float | None = None, color: str | None = None, style_id: str | None = None) -> None:
    """Text of a fresh table cell (its one empty paragraph), with paragraph style, alignment,
    run formatting and vertical centring. The paragraph is a copy of one built per look
    (:func:`_cell_paragraph`): python-docx's property setters search each element's possible
    successors on every call, which made tables the slowest part of writing a document."""
    tc = cell._tc
    p = tc.find(qn("w:p"))
    if p.find(qn("w:pPr")) is not None or p.find(qn("w:r")) is not None or not style_id:
        _cell_text_slow(cell, text, align, bold, italic, size, color, style_id)
        return
    new = copy.deepcopy(_cell_paragraph(cell.part, style_id, align, bold, italic, size, color))
    tc.replace(p, new)
    r = new[-1]
    if "\n" in text or "\t" in text:
        r.text = text  # python-docx writes tabs and line breaks as their own elements
    else:
        r.add_t(text)
    tcpr = tc.tcPr
    if tcpr is None:
        tcpr = OxmlElement("w:tcPr")
        tcpr.append(OxmlElement("w:vAlign", {qn("w:val"): "center"}))
        tc.insert(0, tcpr)
    elif tcpr.find(qn("w:vAlign")) is None:
        _insert_before(tcpr, OxmlElement("w:vAlign", {qn("w:val"): "center"}), ("w:hideMark", "w:headers", "w:cellIns",
                                                                               "w:cellDel", "w:cellMerge", "w:tcPrChange"))


def _cell_paragraph(part, style_id: str, align: str, bold: bool, italic: bool, size: float | None, color: str | None):
    """A table cell's paragraph without its text — style, alignment, an empty run with its
    properties, in schema order — built once per look and document (kept with the document
    part: lxml trees are not shared between the web server's threads)."""
    cache = part.__dict__.setdefault("_sinergi_cell_paragraphs", {})
    key = (style_id, align, bool(bold), bool(italic), size, color)
    if key not in cache:
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ppr.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
        ppr.append(OxmlElement("w:jc", {qn("w:val"): _JC[align]}))
        p.append(ppr)
        r = OxmlElement("w:r")
        props = []
        if bold:
            props.append(OxmlElement("w:b"))
        if italic:
            props.append(OxmlElement("w:i"))
        if color:
            props.append(OxmlElement("w:color", {qn("w:val"): color.upper()}))
        if size:
            props.append(OxmlElement("w:sz", {qn("w:val"): str(int(Pt(size).pt * 2))}))
        if props:
            rpr = OxmlElement("w:rPr")
            for el in props:
                rpr.append(el)
            r.append(rpr)
        p.append(r)
        cache[key] = p
    return cache[key]


def _add_row(t):
    """``t.add_row()`` for a table whose rows have one plain cell per grid column: the new
    row's cells are copies of one fresh cell (python-docx parses XML for every cell and
    sets widths that :func:`set_column_widths` overwrites anyway)."""
    tbl = t._tbl
    fresh = CT_Tc.new()
    tr = OxmlElement("w:tr")
    for _ in tbl.tblGrid.gridCol_lst:
        tr.append(copy.deepcopy(fresh))
    tbl.append(tr)
    return _Row(tr, t)


def _merge_across(cells, j: int, k: int):
    """Merge the fresh (empty) cells ``j`` … ``k`` of one row into cell ``j`` (a grid span),
    as python-docx's ``merge`` does, without its table-wide searches."""
    first = cells[j]._tc
    span = first.grid_span
    for c in cells[j + 1:k + 1]:
        span += c._tc.grid_span
        c._tc.getparent().remove(c._tc)
    first.grid_span = span
    return cells[j]


def _keep_next(p) -> None:
    """``keepNext`` on a paragraph element (right after its style, in schema order)."""
    ppr = p.get_or_add_pPr()
    if ppr.find(qn("w:keepNext")) is not None:
        return
    el = OxmlElement("w:keepNext")
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(el)
    else:
        ppr.insert(0, el)


def _cell_text_slow(cell, text: str, align: str, bold: bool = False, italic: bool = False,
                    size: float | None = None, color: str | None = None, style_id: str | None = None) -> None:
    p = cell.paragraphs[0]
    if style_id:
        # setting the style id directly: python-docx's name lookup scans every style per call
        p._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
    else:
        p.style = STYLE_TABLE_TEXT
    p.alignment = ALIGN[align]
    run = p.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _text_cm(text: str, font_size: float) -> float:
    """Rough printed width of ``text`` in Arial at ``font_size`` points."""
    return len(text) * font_size * 0.0195


def column_widths(table: CaptionedTable, total_cm: float, font_size: float) -> list[float] | None:
    """Number columns as wide as their longest number (so ``2.083.469`` never wraps), the
    label column takes the rest. ``None`` when the numbers do not fit beside a 3 cm label."""
    given = [c.width_cm for c in table.columns]
    if all(w is not None for w in given):
        return [float(w) for w in given]
    n = len(table.columns)
    if n == 1:
        return [total_cm]
    rows = table.formatted_rows()
    pad = 0.32
    widths = []
    for j, col in enumerate(table.columns):
        if j == 0:
            widths.append(0.0)
            continue
        texts = [r[j] for i, r in enumerate(rows) if not is_missing(table.rows[i][j] if j < len(table.rows[i]) else None)]
        longest_word = max((len(w) for w in col.name.split()), default=0)
        # header words are bold and must not break inside ("denga/n"): measured wider than body text
        need = max([_text_cm(t, font_size) for t in texts] + [longest_word * font_size * 0.025 + 0.12, 1.05]) + pad
        widths.append(col.width_cm if col.width_cm else need)
    label = total_cm - sum(widths[1:])
    label_text = max([len(table.columns[0].name)] + [len(str(r[0])) for r in rows]) if rows else 10
    natural = _text_cm("x" * label_text, font_size) + pad
    if label < 3.0:
        return None
    if label > natural and table.columns[0].kind == "text":
        # spread what the label does not need over the number columns
        spare = label - max(natural, 3.0)
        label -= spare
        free = [j for j in range(1, n) if not table.columns[j].width_cm]
        for j in free:
            widths[j] += spare / len(free)
    widths[0] = label
    return widths


def _default_widths(table: CaptionedTable, total_cm: float, font_size: float = 8.5) -> tuple[list[float], float]:
    for size in (font_size, font_size - 1, font_size - 1.5):
        w = column_widths(table, total_cm, size)
        if w is not None:
            return w, size
    n = len(table.columns)
    first = 3.0
    return [first] + [(total_cm - first) / (n - 1)] * (n - 1), font_size - 1.5


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\t\n\r]")


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_xml(text: str, width: int, span: int, align: str, sid: str, keep: bool, bold: bool = False,
              italic: bool = False, size: float | None = None, color: str | None = None, no_wrap: bool = False) -> str:
    """One ``w:tc`` as :func:`_cell_text`, :func:`_merge_across`, :func:`set_no_wrap`,
    :func:`set_column_widths` and :func:`_keep_next` together write it, in schema order."""
    tcpr = (f'<w:tcW w:type="dxa" w:w="{width}"/>' + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
            + ("<w:noWrap/>" if no_wrap else "") + '<w:vAlign w:val="center"/>')
    ppr = f'<w:pStyle w:val="{sid}"/>' + ("<w:keepNext/>" if keep else "") + f'<w:jc w:val="{_JC[align]}"/>'
    rpr = (("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + (f'<w:color w:val="{color.upper()}"/>' if color else "")
           + (f'<w:sz w:val="{int(Pt(size).pt * 2)}"/>' if size else ""))
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return (f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:pPr>{ppr}</w:pPr><w:r>" + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
            + f"<w:t{space}>{_xml_text(text)}</w:t></w:r></w:p></w:tc>")


def _body_rows_xml(table: CaptionedTable, formatted: list[list[str]], widths_cm: Sequence[float], font_size: float,
                   sid: str, keep: bool) -> list | None:
    """The data rows of :func:`add_captioned_table` as ``w:tr`` elements, written as one XML
    text and parsed once (building them element by element with python-docx took most of the
    time of writing a document). ``None`` when a cell holds a tab, line break or control
    character: those take the element-by-element way."""
    ncols = len(table.columns)
    twips = [int(w * 567) for w in widths_cm]
    span_w = [[int(sum(widths_cm[j:k + 1]) * 567) for k in range(ncols)] for j in range(ncols)]
    rows = []
    last = len(table.rows) - 1
    for i, (raw, cells) in enumerate(zip(table.rows, formatted, strict=False)):
        if any(_CONTROL.search(c) for c in cells):
            return None
        k_next = keep and i < last
        raw = list(raw) + [None] * (ncols - len(raw))
        out = ['<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>']
        if table.placeholder and ncols > 1:
            out.append(_cell_xml(cells[0], span_w[0][ncols - 1], ncols, "left", sid, k_next, italic=True, size=font_size))
        else:
            bold = i in table.bold_rows
            j = 0
            while j < ncols:
                if j > 0 and is_missing(raw[j]):
                    k = j
                    while k + 1 < ncols and is_missing(raw[k + 1]):
                        k += 1
                    out.append(_cell_xml(MISSING, span_w[j][k], k - j + 1, "center", sid, k_next, italic=True,
                                         size=font_size - 1, color="666666"))
                    j = k + 1
                    continue
                align = "left" if table.columns[j].kind == "text" else "right"
                no_wrap = align == "right" and _NUMBER_TEXT.fullmatch(str(cells[j]).strip()) is not None
                out.append(_cell_xml(cells[j], twips[j], 1, align, sid, k_next, bold=bold, size=font_size, no_wrap=no_wrap))
                j += 1
        out.append("</w:tr>")
        rows.append("".join(out))
    try:
        tbl = parse_xml(f'<w:tbl xmlns:w="{_W_NS}">{"".join(rows)}</w:tbl>')
    except SyntaxError:  # lxml.etree.XMLSyntaxError: a character XML cannot hold
        return None
    return list(tbl)


def add_captioned_table(doc, table: CaptionedTable, width_cm: float | None = None,
                        header_fill: str = "D9E2F3", font_size: float = 8.5,
                        source_prefix: str = "Sumber: ") -> object:
    """Caption above, the table, then notes and sources below (small italic).

    Consecutive missing cells in a row are merged into one "data belum tersedia" cell, so a
    sparse table stays readable. Column widths follow the content; a table too wide for the
    page gets a smaller font rather than wrapped numbers.
    """
    cap = styled_paragraph(doc, table.caption, STYLE_TABLE_CAPTION)
    keep_with_next(cap)
    ncols = len(table.columns)
    total = width_cm or content_width_cm(doc)
    widths, font_size = _default_widths(table, total, font_size)
    sid = style_id(doc, STYLE_TABLE_TEXT)
    t = doc.add_table(rows=1, cols=ncols)
    t._tbl.tblStyle_val = table_style_id(doc, "Table Grid")
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    hdr = t.rows[0]
    set_repeat_header(hdr)
    hdr_cells = hdr.cells
    for j, col in enumerate(table.columns):
        c = hdr_cells[j]
        _cell_text(c, col.name, "center", bold=True, size=font_size, style_id=sid)
        set_cell_shading(c, header_fill)
    formatted = table.formatted_rows()
    keep = 1 + len(table.rows) <= 24
    body = _body_rows_xml(table, formatted, widths, font_size, sid, keep)
    if body is not None:
        set_column_widths(t, widths)
        if keep and body:
            for p in hdr._tr.iter(qn("w:p")):
                _keep_next(p)
        t._tbl.extend(body)
        _add_notes(doc, table, source_prefix)
        return t
    for i, (raw, cells) in enumerate(zip(table.rows, formatted, strict=False)):
        row = _add_row(t)
        set_cant_split(row)
        bold = i in table.bold_rows
        raw = list(raw) + [None] * (ncols - len(raw))
        # the row's cells once (python-docx rebuilds the list on every ``row.cells``); a merge
        # removes the cells it absorbs, so only cells after it are used afterwards
        rc = row.cells
        if table.placeholder and ncols > 1:
            merged = _merge_across(rc, 0, ncols - 1)
            _cell_text(merged, cells[0], "left", italic=True, size=font_size, style_id=sid)
            continue
        j = 0
        while j < ncols:
            col = table.columns[j]
            missing = is_missing(raw[j])
            if missing and j > 0:
                k = j
                while k + 1 < ncols and is_missing(raw[k + 1]):
                    k += 1
                cell = _merge_across(rc, j, k) if k > j else rc[j]
                _cell_text(cell, MISSING, "center", italic=True, size=font_size - 1, color="666666", style_id=sid)
                j = k + 1
                continue
            align = "left" if col.kind == "text" else "right"
            _cell_text(rc[j], cells[j], align, bold=bold, size=font_size, style_id=sid)
            if align == "right" and _NUMBER_TEXT.fullmatch(str(cells[j]).strip()):
                set_no_wrap(rc[j])  # a number never breaks inside its cell, in Word or LibreOffice
            j += 1
    set_column_widths(t, widths)
    if len(t.rows) <= 24:
        # keep a short table on one page (and with its caption): Word and LibreOffice both
        # honour keep-with-next on the paragraphs of every row but the last
        for row in t.rows[:-1]:
            for tc in row._tr.tc_lst:
                for p in tc.iter(qn("w:p")):
                    _keep_next(p)
    _add_notes(doc, table, source_prefix)
    return t


def _add_notes(doc, table: CaptionedTable, source_prefix: str) -> None:
    for note in table.notes:
        styled_paragraph(doc, f"Catatan: {note}", STYLE_SOURCE)
    for s in table.sources:
        styled_paragraph(doc, f"{source_prefix}{s}", STYLE_SOURCE)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(4)


# ---------------------------------------------------------------------------
# figures and cover
# ---------------------------------------------------------------------------

def add_figure(doc, image, caption: str, width_cm: float = 15.0, source: str = ""):
    """Insert a PNG (path, bytes or file-like) centred, then its caption and source."""
    if isinstance(image, (bytes, bytearray)):
        image = io.BytesIO(image)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    keep_with_next(p)
    p.add_run().add_picture(image if not isinstance(image, Path) else str(image), width=Cm(width_cm))
    cap = styled_paragraph(doc, caption, STYLE_FIGURE_CAPTION)
    if source:
        keep_with_next(cap)
        s = styled_paragraph(doc, f"Sumber: {source}", STYLE_SOURCE)
        s.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    return p


def add_cover(doc, lines: Sequence[tuple[str, float, bool]], bottom_lines: Sequence[str] = (),
              top_space_cm: float = 5.0, image=None, image_width_cm: float = 4.0) -> None:
    """A cover page: centred ``(text, size_pt, bold)`` lines, optional image, and lines for
    the publisher/year at the bottom. The caller starts the next section afterwards."""
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_before = Cm(top_space_cm)
    if image is not None:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run().add_picture(image, width=Cm(image_width_cm))
    for text, size, bold in lines:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(size * 0.6)
        r = p.add_run(text)
        r.font.size = Pt(size)
        r.bold = bold or None
    if bottom_lines:
        gap = doc.add_paragraph()
        gap.paragraph_format.space_before = Cm(6)
        for text in bottom_lines:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(2)
            r = p.add_run(text)
            r.bold = True
            r.font.size = Pt(13)


# ---------------------------------------------------------------------------
# reading back (tests, checks)
# ---------------------------------------------------------------------------

def iter_text(doc) -> Iterable[str]:
    """Every paragraph text in body, tables, headers and footers (for checks and tests)."""
    for p in doc.paragraphs:
        yield p.text
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                yield cell.text
    for sec in doc.sections:
        for part in (sec.header, sec.footer):
            for p in part.paragraphs:
                yield p.text
