"""The RTKD document (DOCX + XLSX): outline, official table codes, no NaN/None, sources,
kab/kota variant. Each document is generated once per module."""
from __future__ import annotations

import re

import openpyxl
import pytest
from docx import Document

from sinergi.documents.docx_utils import iter_text
from sinergi.documents.rtkd import build_rtkd
from sinergi.documents.rtkd.catalog import PROVINCE_ONLY, TABLES, tables_for

ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII")
BAD = re.compile(r"\b(nan|NaN|NAN|None|inf|NaT)\b")


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    d = tmp_path_factory.mktemp("rtkd64")
    out = build_rtkd("64", 2024, 2029, d / "RTKD.docx")
    return out, Document(str(out.docx_path))


@pytest.fixture(scope="module")
def samarinda(tmp_path_factory):
    d = tmp_path_factory.mktemp("rtkd6472")
    out = build_rtkd("6472", 2024, 2029, d / "RTKD-6472.docx")
    return out, Document(str(out.docx_path))


def captions(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == "Judul Tabel"]


def codes_in(doc) -> set[str]:
    out = set()
    for cap in captions(doc):
        m = re.match(r"Tabel (\d\.[A-Z]\.\d|\d\.\d+) ", cap)
        if m:
            out.add(m.group(1))
    return out


def test_catalogue_has_the_77_official_tables():
    assert len(TABLES) == 77
    assert len({t.code for t in TABLES}) == 77
    assert TABLES[0].code == "2.A.1" and TABLES[-1].code == "5.D.2"
    assert PROVINCE_ONLY == {"2.C.4", "2.D.4", "2.E.4", "2.F.8", "2.G.7", "2.G.8", "3.A.4", "3.B.4", "3.C.4",
                             "4.C.8", "5.D.1", "5.D.2"}


@pytest.mark.parametrize("which", ["province", "samarinda"])
def test_every_chapter_heading(which, request):
    _, doc = request.getfixturevalue(which)
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    for r in ROMANS:
        assert any(t.startswith(f"BAB {r} ") for t in h1), f"BAB {r} missing from {h1}"
    order = [next(i for i, t in enumerate(h1) if t.startswith(f"BAB {r} ")) for r in ROMANS]
    assert order == sorted(order)
    for front in ("KATA PENGANTAR", "RINGKASAN EKSEKUTIF", "DAFTAR ISI", "DAFTAR TABEL", "DAFTAR PUSTAKA"):
        assert front in h1


def test_province_has_every_official_table_code(province):
    out, doc = province
    have = codes_in(doc)
    missing = [t.code for t in TABLES if t.code not in have]
    assert not missing
    assert not out.document.warnings


def test_kabkota_lacks_province_only_tables(samarinda):
    out, doc = samarinda
    have = codes_in(doc)
    assert not (have & PROVINCE_ONLY)
    assert [t.code for t in tables_for(False) if t.code not in have] == []
    assert len(tables_for(False)) == 65


@pytest.mark.parametrize("which", ["province", "samarinda"])
def test_no_nan_none_or_empty_cells(which, request):
    _, doc = request.getfixturevalue(which)
    for text in iter_text(doc):
        assert not BAD.search(text), text
    for t in doc.tables:
        for row in t.rows[1:]:
            for cell in row.cells:
                assert cell.text.strip() != "", "an empty table cell (missing values must be said)"


def test_placeholder_tables_say_where_to_get_the_data(province):
    out, doc = province
    tables = {t.code: t for t in out.document.tables}
    for code, provider in (("2.B.1", "Dinas Pendidikan"), ("2.J.1", "Penempatan"), ("2.B.2", "DPMPTSP")):
        t = tables[code]
        assert t.placeholder
        assert "data belum tersedia — perlu dilengkapi dari" in t.rows[0][0] and provider in t.rows[0][0]
    # 2.L.1 has some data (WLKP companies) and says what is missing
    assert any("pengawas" in str(r[0]).lower() and r[1] is None for r in tables["2.L.1"].rows)


def test_sources_under_every_table(province):
    out, doc = province
    paras = doc.paragraphs
    idx = [i for i, p in enumerate(paras) if p.style.name == "Judul Tabel"]
    for t in out.document.tables:
        assert t.sources, t.code
    for t in out.document.tables:
        if t.code.startswith(("3.", "5.A", "5.B", "5.C", "5.D", "4.C", "4.D", "4.A")) and not t.placeholder:
            assert any(s.startswith("Hasil perkiraan, metode") and "skenario" in s for s in t.sources), t.code
    source_paras = [p.text for p in paras if p.style.name == "Sumber Tabel"]
    assert len(source_paras) >= len(idx)
    assert any(re.search(r"\[\d+\]", s) for s in source_paras)
    # sources ranked: BPS publications, then government offices, then the media quoting them
    for s in source_paras:
        if "publikasi BPS [" in s and "dikutip melalui" in s:
            assert s.index("publikasi BPS [") < s.index("dikutip melalui")
    assert any("dikutip melalui" in s for s in source_paras)
    paras = [p.text for p in doc.paragraphs]
    start = paras.index("DAFTAR PUSTAKA")
    headings = [t for t in paras[start:] if t in ("Publikasi BPS", "Instansi pemerintah",
                                                     "Media dan salinan yang mengutip BPS atau instansi pemerintah")]
    assert headings[0] == "Publikasi BPS" and headings[-1].startswith("Media")


def test_indonesian_numbers_and_assumption_statements(province):
    _, doc = province
    text = "\n".join(iter_text(doc))
    assert "5,14 persen" in text  # TPT Agustus 2024
    assert "1.976.447" in text  # penduduk bekerja Agustus 2024
    assert "BUKAN target resmi RPJMD" in text  # scenario growth is an assumption
    assert "ilustratif" in text and "asumsi" in text  # IKN parameters and the TPT target
    assert "data belum tersedia" in text


def test_toc_field_static_fallback_and_page_numbers(province):
    out, doc = province
    xml = doc.element.xml
    assert 'TOC \\o "1-2"' in xml
    assert "Judul Tabel" in xml
    toc = [p.text for p in doc.paragraphs if p.style.name == "toc 1"]
    assert "BAB I PENDAHULUAN" in toc and "BAB VII PENUTUP" in toc
    footer_xml = doc.sections[-1].footer._element.xml
    assert "PAGE" in footer_xml
    assert 'w:fmt="lowerRoman"' in doc.sections[1]._sectPr.xml


def test_charts_are_embedded(province):
    _, doc = province
    assert len(doc.inline_shapes) >= 6
    figs = [p.text for p in doc.paragraphs if p.style.name == "Judul Gambar"]
    assert figs and all(f.startswith("Gambar ") for f in figs)


@pytest.mark.parametrize("which", ["province", "samarinda"])
def test_workbook_has_a_sheet_per_table(which, request):
    out, _ = request.getfixturevalue(which)
    book = openpyxl.load_workbook(out.xlsx_path, read_only=True)
    names = set(book.sheetnames)
    for t in out.document.tables:
        assert t.code in names
    assert "Daftar Tabel" in names and "Rujukan" in names
    if which == "samarinda":
        assert not (names & PROVINCE_ONLY)
    sheet = book["2.E.1" if which == "province" else "2.B.1"]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert not any(isinstance(v, str) and BAD.search(v) for v in values)
    if which == "province":
        assert 2083469 in values  # numbers stay numbers in the workbook
        assert "data belum tersedia" in values


def test_sparse_kabkota_projects_with_a_named_method(samarinda):
    """Samarinda lacks its own series for most years: the regency ladder still projects it, and every
    projected table names the method of each figure; what the runner reported goes to the annex."""
    out, doc = samarinda
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = {t.code: t for t in out.document.tables}
    for code in ("3.C.1", "4.C.1", "5.A.2"):  # AK, KK, TPT: projected for every regency
        t = tables[code]
        assert not t.placeholder, code
        method = next(r for r in t.rows if r[0] == "Metode")
        assert all(m not in ("", "–") for m in method[2:]), (code, method)
        assert any(n.startswith("Metode per angka: ") for n in t.notes), code
    annex = text[text.index("LAMPIRAN CATATAN TEKNIS"):]
    assert "Sinergi" in annex
    assert not out.document.engine_problems
    # BAB II still shows the Samarinda figures that exist
    assert "5,75" in "\n".join(iter_text(doc))  # TPT Samarinda Agustus 2024


def test_property_elements_in_schema_order(province):
    """Word refuses a file whose table/section properties are out of schema order."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    order = {
        "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign".split(),
        "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc".split(),
        "tblPr": ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
                  "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook").split(),
        "sectPr": ("headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
                   "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid").split(),
    }
    out, _ = province
    root = etree.fromstring(zipfile.ZipFile(out.docx_path).read("word/document.xml"))
    for tag, seq in order.items():
        for el in root.iter(w + tag):
            idx = [seq.index(etree.QName(k).localname) for k in el if etree.QName(k).localname in seq]
            assert idx == sorted(idx), (tag, [etree.QName(k).localname for k in el])


SOFTWARE = re.compile(r"(?<![\w-])--[a-z]|\bsinergi (rtk|data|stats)\b|region_code|\.csv\b|\.xlsx\b|METHOD\.md|data/rtk|"
                      r"\bdiimpor\b|\bimpor dari\b|\bjalankan\b|mesin proyeksi|templat", re.IGNORECASE)


@pytest.mark.parametrize("which", ["province", "samarinda"])
def test_body_has_no_software_instructions(which, request):
    """Commands, flags and file columns belong in the technical annex, in planners' words, not in the body."""
    _, doc = request.getfixturevalue(which)
    texts = list(iter_text(doc))
    paras = [p.text for p in doc.paragraphs]
    start = next(i for i, t in enumerate(paras) if t == "LAMPIRAN CATATAN TEKNIS")
    body = [t for t in texts if t not in set(paras[start:])]
    hits = [t for t in body if SOFTWARE.search(t)]
    assert hits == []
    assert any("aplikasi" in t for t in paras[start:])


def test_summary_counts_tables_with_detail_total_or_nothing(province):
    out, doc = province
    text = "\n".join(p.text for p in doc.paragraphs)
    m = re.search(r"Dari (\d+) tabel resmi dalam dokumen ini, (\d+) berisi rincian, (\d+) hanya berisi angka total "
                  r"\(rinciannya belum tersedia\) dan (\d+) belum berisi angka sama sekali", text)
    assert m, "the executive summary must count the official tables by content"
    n, detail, total, empty = map(int, m.groups())
    assert n == 77 == detail + total + empty
    assert empty == sum(1 for t in out.document.tables if t.placeholder)
    tables = {t.code: t for t in out.document.tables}
    assert total >= 1 and tables["3.C.1"].rows[0][1] is None  # 3.C.1 by age: only the total is projected


def test_numbers_never_break_inside_their_cells(province):
    """Numeric cells carry w:noWrap (Word and LibreOffice keep '2.548.847' on one line); text cells may wrap."""
    from docx.oxml.ns import qn

    _, doc = province
    numeric, wrapped_numbers, text_nowrap = 0, [], 0
    for t in doc.tables:
        for row in t.rows[1:]:
            for cell in row.cells:
                nowrap = cell._tc.tcPr is not None and cell._tc.tcPr.find(qn("w:noWrap")) is not None
                if re.fullmatch(r"[−+-]?\d{1,3}(\.\d{3})*(,\d+)?", cell.text.strip()):
                    numeric += 1
                    if not nowrap:
                        wrapped_numbers.append(cell.text)
                elif nowrap and re.search(r"[a-z]{4}", cell.text):
                    text_nowrap += 1
    assert numeric > 500 and wrapped_numbers == [] and text_nowrap == 0


def test_summary_says_how_much_of_the_base_year_is_sourced(province):
    """The real-data meter in the executive summary and the technical annex: the base-year inputs
    of the statistics the document was built from, counted by their quality."""
    from sinergi.core.stats.meter import rtk_base_meter

    out, doc = province
    text = "\n".join(p.text for p in doc.paragraphs)
    m = re.search(r"Data tahun dasar (?:Provinsi )?Kalimantan Timur (\d{4}): (\d) dari 6 masukan tahun dasar bersumber", text)
    assert m, "the summary must carry the real-data meter"
    year, sourced = int(m.group(1)), int(m.group(2))
    from sinergi.documents.rtkd.history import Observations

    assert sourced == rtk_base_meter(Observations.embedded().data, "64", year).sourced >= 4
    assert len(re.findall(r"Data tahun dasar (?:Provinsi )?Kalimantan Timur \d{4}: ", text)) == 2  # summary and annex
