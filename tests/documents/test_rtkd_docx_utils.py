"""Generic Word helpers used by the RTKD: coded captioned tables, missing values, widths, TOC."""
from __future__ import annotations

import math

from docx import Document

from sinergi.documents import docx_utils as dx
from sinergi.documents.docx_utils import MISSING, CaptionedTable, Column


def small_table(**kw) -> CaptionedTable:
    return CaptionedTable(
        code="3.C.1", title="Perkiraan Angkatan Kerja",
        columns=[Column("Uraian"), Column("2024", "int"), Column("2025", "int"), Column("2026", "int"), Column("2027", "pct")],
        rows=[["Rincian menurut umur", None, float("nan"), None, None],
              ["Jumlah", 2083469.4, 2175178.46, None, 5.14159]],
        sources=["Hasil proyeksi Sinergi"], **kw)


def test_format_value_never_prints_nan_or_zero_for_missing():
    for v in (None, float("nan"), math.inf, "nan", "None", ""):
        assert dx.format_value(v, "int") == MISSING
    assert dx.format_value(2083469.4, "int") == "2.083.469"
    assert dx.format_value(5.14159, "pct") == "5,14"
    assert dx.format_value(287.44, "dec1") == "287,4"
    assert dx.format_value(0, "int") == "0"


def test_workbook_frame_rounds_like_the_document_and_says_missing():
    t = small_table()
    f = t.to_frame()
    assert f.iloc[1].tolist() == ["Jumlah", 2083469, 2175178, MISSING, 5.14]
    assert f.iloc[0, 1] == MISSING
    assert t.status == "sebagian"
    t.rows[0] = ["x", 1, 2, 3, 4]
    t.rows[1] = ["y", 1, 2, 3, 4]
    assert t.status == "berisi data"


def test_row_kind_override_formats_a_count_row_under_percentages():
    t = CaptionedTable(code="2.F.1", title="x", columns=[Column("LU"), Column("2024", "dec2")],
                       rows=[["A (%)", 12.345], ["Jumlah (orang)", 1976447.0]], row_kinds={1: "int"})
    assert t.formatted_rows() == [["A (%)", "12,35"], ["Jumlah (orang)", "1.976.447"]]


def test_captioned_table_merges_missing_runs_and_keeps_code(tmp_path):
    doc = dx.new_document()
    dx.add_captioned_table(doc, small_table())
    path = tmp_path / "t.docx"
    doc.save(path)
    d = Document(path)
    assert d.paragraphs[0].text == "Tabel 3.C.1 Perkiraan Angkatan Kerja"
    table = d.tables[0]
    first = table.rows[1]
    # four missing cells merged into one
    assert len(first._tr.tc_lst) == 2 and first._tr.tc_lst[1].grid_span == 4
    assert first.cells[1].text == MISSING
    second = [c.text for c in table.rows[2].cells]
    assert second[:3] == ["Jumlah", "2.083.469", "2.175.178"] and second[3] == MISSING and second[4] == "5,14"
    assert any(p.text == "Sumber: Hasil proyeksi Sinergi" for p in d.paragraphs)


def test_number_columns_are_wide_enough_for_the_longest_number():
    t = small_table()
    widths = dx.column_widths(t, 15.5, 8.5)
    assert abs(sum(widths) - 15.5) < 1e-6
    needed = dx._text_cm("2.175.178", 8.5)
    assert all(w > needed for w in widths[1:])
    # nine wide columns do not fit at 8.5 pt: the helper asks for a smaller font
    wide = CaptionedTable(code="x", title="x", columns=[Column("U")] + [Column(str(y), "rp") for y in range(2019, 2028)],
                          rows=[["UMK Kabupaten Penajam Paser Utara"] + [3579313.77] * 9])
    assert dx.column_widths(wide, 15.5, 8.5) is None
    w, size = dx._default_widths(wide, 15.5, 8.5)
    assert size < 8.5 and abs(sum(w) - 15.5) < 0.01


def test_toc_field_carries_a_static_list(tmp_path):
    doc = dx.new_document()
    dx.add_toc(doc, [(1, "BAB I PENDAHULUAN"), (2, "A. Latar Belakang")])
    dx.update_fields_on_open(doc)
    path = tmp_path / "toc.docx"
    doc.save(path)
    d = Document(path)
    assert [p.text for p in d.paragraphs] == ["BAB I PENDAHULUAN", "A. Latar Belakang"]
    xml = d.element.xml
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml and "TOC \\o" in xml
    assert "updateFields" in d.settings.element.xml


def _table_xml(table: CaptionedTable, monkeypatch=None) -> bytes:
    from lxml import etree

    doc = dx.new_document(title="t")
    if monkeypatch is not None:  # the element-by-element way
        monkeypatch.setattr(dx, "_body_rows_xml", lambda *a, **k: None)
    t = dx.add_captioned_table(doc, table)
    return etree.tostring(t._tbl)


def test_table_rows_written_as_text_equal_the_element_by_element_way(monkeypatch):
    """The data rows are written as one XML text (fast); the XML must be exactly what the
    python-docx element-by-element way writes: merged missing runs, a placeholder row, bold
    rows, numbers kept on one line, text with spaces at the ends and XML's special characters."""
    tables = [
        small_table(),
        small_table(placeholder=True),
        CaptionedTable(code="2.1", title="T", columns=[Column("Uraian"), Column("A", "dec1"), Column("B", "pct"), Column("C", "text")],
                       rows=[[" Laki-laki & <perempuan> ", 1.25, None, "ya"], ["Jumlah", None, None, None],
                             ["x", 12.0, 3.5, " "]] * 10, bold_rows={1}),
    ]
    for table in tables:
        fast = _table_xml(table)
        with monkeypatch.context() as m:
            slow = _table_xml(table, m)
        assert fast == slow


def test_a_tab_in_a_cell_takes_the_element_way():
    table = CaptionedTable(code="2.2", title="T", columns=[Column("Uraian"), Column("A", "int")], rows=[["a\tb", 1]])
    assert dx._body_rows_xml(table, table.formatted_rows(), [5.0, 3.0], 8.5, "IsiTabel", True) is None
    assert b"<w:tab/>" in _table_xml(table)
