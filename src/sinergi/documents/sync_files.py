"""Files of the proposal round: reference data, proposal uploads, nomenclature imports, the
per-office Excel template, the consolidated matrix (.xlsx) and the summary for the ministry
(.docx).

The computation lives in :mod:`sinergi.core.sync`; this module only reads and writes.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sinergi.core.columns import spellings, with_spellings
from sinergi.core.numbers import format_id
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.core.sync import (
    FINDING_CODES,
    KABKOTA,
    PROVINSI,
    REQUIRED,
    TARGET_GROUPS,
    VERDICT_UNJUDGED,
    AliasTable,
    CheckResult,
    FundingSources,
    GapResult,
    MatrixResult,
    NeedMap,
    Nomenclature,
    NomenclatureImport,
    Regions,
    SyncReference,
    check_proposals,
    is_sipd_layout,
    legend,
    nomenclature_from_rows,
    rows_from_sipd,
)
from sinergi.core.sync.codes import LEVEL_LABEL
from sinergi.core.sync.proposals import LABELS, canonical_columns
from sinergi.data import data_path
from sinergi.documents.tables import Table, pick_table, read_tables
from sinergi.documents.xlsx import THOUSANDS_COLUMNS, neutralise, write_sheets

EMBEDDED_VERSION = "bawaan"
EMBEDDED_SOURCE = (
    "Nomenklatur bawaan Sinergi: baris 2.07 dan 3.32 yang terkonfirmasi dari sumber publik "
    "(kolom source tiap baris). Belum lengkap di tingkat provinsi."
)


# ---------------------------------------------------------------------- reference data
def _csv_rows(*parts: str) -> list[dict]:
    with open(data_path(*parts), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_default_nomenclature() -> Nomenclature:
    """The embedded nomenclature (``data/nomenklatur/nomenklatur.csv``), version 'bawaan'."""
    imp = nomenclature_from_rows(_csv_rows("nomenklatur", "nomenklatur.csv"), EMBEDDED_VERSION, source=EMBEDDED_SOURCE, embedded=True)
    return imp.nomenclature


def load_regions() -> Regions:
    aliases = {r["alias"]: r["kode"] for r in _csv_rows("sync", "wilayah_alias.csv")}
    return Regions.from_rows(_csv_rows("kaltim", "regions.csv"), aliases)


def load_funding_sources() -> FundingSources:
    return FundingSources.from_rows(_csv_rows("sync", "sumber_dana.csv"))


def load_alias_table() -> AliasTable:
    return AliasTable.from_rows(_csv_rows("sync", "alias.csv"))


def load_need_map() -> NeedMap:
    return NeedMap.from_rows(_csv_rows("sync", "peta_kebutuhan.csv"), _csv_rows("sync", "sektor_kata.csv"))


def load_reference(nomenclature: Nomenclature | None = None) -> SyncReference:
    """All reference objects of a round; the embedded nomenclature unless one is given."""
    return SyncReference(
        nomenclature=nomenclature or load_default_nomenclature(),
        regions=load_regions(),
        funding=load_funding_sources(),
        aliases=load_alias_table(),
        needs=load_need_map(),
    )


# ---------------------------------------------------------------------- nomenclature files
def read_nomenclature_file(path: str | Path, version: str | None = None, display_name: str | None = None) -> NomenclatureImport:
    """Read and validate a nomenclature file: either Sinergi's columns (``code, level, name,
    authority, indicator, unit, source``) or the official SIPD export (JENIS PEMDA, BIDANG,
    PROGRAM, KEGIATAN, SUBKEGIATAN, …, INDIKATOR, SATUAN, SUBKEGIATAN SEBELUMNYA). All
    problems are raised at once; nothing is built when any exists."""
    path = Path(path)
    tables = read_tables(path, display_name)
    name = tables[0].file
    label = version or f"impor {path.stem}"
    for t in tables:
        cols = set(t.frame.columns)
        if {"code", "name"} <= cols:
            return nomenclature_from_rows(
                (rec for _, rec in t.records()), label, source=name, file=t.file, sheet=t.sheet, row_numbers=t.rows
            )
        if is_sipd_layout(cols):
            recs = [rec for _, rec in t.records()]
            rows, origin = rows_from_sipd(recs, source=name)
            return nomenclature_from_rows(
                rows, label, source=name, file=t.file, sheet=t.sheet, row_numbers=[t.rows[i] for i in origin]
            )
    raise ValidationFailed([
        Problem(
            code="FORMAT_NOMENKLATUR_TIDAK_DIKENAL",
            message="Berkas ini bukan nomenklatur yang dikenal: tidak ada kolom code/name maupun kolom SIPD (PROGRAM, KEGIATAN, SUBKEGIATAN).",
            fix="Unggah ekspor nomenklatur sub-kegiatan dari SIPD (.xlsx) atau CSV dengan kolom code, level, name, authority, indicator, unit, source.",
            file=name,
        )
    ])


def write_nomenclature_csv(path: str | Path, nomenclature: Nomenclature) -> Path:
    path = Path(path)
    nomenclature.to_frame().to_csv(path, index=False, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- proposal files
@dataclass
class ProposalTable:
    """A proposal file read into a frame with canonical column names.

    ``data_rows`` are the 1-based data row numbers reported to users and scripts (blank lines
    of a CSV are not counted, blank rows of a sheet are); ``file_rows`` the spreadsheet rows.
    """

    frame: pd.DataFrame
    data_rows: list[int]
    file_rows: list[int]
    file: str
    sheet: str = ""


def _csv_records(path: Path, encoding: str) -> list[list[str]]:
    text = path.read_bytes().decode(encoding or "utf-8-sig")
    try:
        delimiter = csv.Sniffer().sniff(text[:20000].splitlines()[0] if text else ",", delimiters=",;\t|").delimiter
    except (csv.Error, IndexError):
        delimiter = ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def data_row_numbers(path: Path, table: Table) -> list[int]:
    if not table.rows:
        return []
    if path.suffix.lower() in (".csv", ".txt"):
        grid = _csv_records(path, table.encoding)
    else:
        from python_calamine import CalamineWorkbook

        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(table.sheet).to_python(skip_empty_area=False)
    header = 0
    while header < len(grid) and all(c is None or str(c).strip() == "" for c in grid[header]):
        header += 1
    is_csv = path.suffix.lower() in (".csv", ".txt")
    counted = []
    n = 0
    for pos in range(header + 1, len(grid)):
        if not is_csv or grid[pos] != []:
            n += 1
        counted.append(n)
    # table.rows are 1-based positions in grid (header = header+1)
    return [counted[r - header - 2] if 0 <= r - header - 2 < len(counted) else r - header - 1 for r in table.rows]


def read_proposal_file(path: str | Path, display_name: str | None = None, required=REQUIRED) -> ProposalTable:
    """Read a proposal CSV/XLSX (any column order, extra columns, blank rows). A missing
    required column or an unreadable file raises :class:`ValidationFailed` with Indonesian
    problems naming each missing column."""
    path = Path(path)
    tables = read_tables(path, display_name)
    # the office template prepares many rows with lookup formulas (official name, indicator,
    # unit); rows nobody filled carry them uncomputed, so only merged cells are checked here
    best, _ = pick_table(tables, list(required), rename=lambda f: f.rename(columns=canonical_columns(list(f.columns))),
                         labels=LABELS, formulas=False)
    frame = best.frame.rename(columns=canonical_columns(list(best.frame.columns)))
    frame = frame.loc[:, ~frame.columns.duplicated()]
    return ProposalTable(frame, data_row_numbers(path, best), list(best.rows), best.file, best.sheet)


def check_proposal_file(
    path: str | Path,
    reference: SyncReference,
    round_year: int | None = None,
    office: str | None = None,
    display_name: str | None = None,
    include_similarity: bool = True,
) -> tuple[ProposalTable, CheckResult]:
    table = read_proposal_file(path, display_name)
    result = check_proposals(
        table.frame, reference, round_year=round_year, office=office, row_numbers=table.data_rows,
        file_rows=table.file_rows, file=table.file, include_similarity=include_similarity,
    )
    return table, result


def findings_to_problems(result: CheckResult, table: ProposalTable, blocking_only: bool = True) -> list[Problem]:
    """Findings as :class:`Problem` records located by file, sheet, spreadsheet row and column."""
    file_row = dict(zip(table.data_rows, table.file_rows, strict=False))
    out = []
    for f in result.findings:
        if blocking_only and not f.blocking:
            continue
        out.append(Problem(
            code=f.code,
            message=f.message,
            fix=f.detail,
            file=table.file,
            sheet=table.sheet,
            row=file_row.get(f.row, f.row + 1),
            column=f.field,
        ))
    return out


@dataclass
class ProposalImport:
    """A validated upload: typed proposals ready to store (each with ``sidik_unik`` for
    idempotent re-upload) and the non-blocking findings (warnings) to show."""

    proposals: pd.DataFrame
    result: CheckResult
    warnings: list = field(default_factory=list)

    def records(self) -> list[dict]:
        return self.proposals.astype(object).where(self.proposals.notna(), None).to_dict("records")


def load_proposal_file(
    path: str | Path,
    reference: SyncReference,
    round_year: int | None = None,
    office: str | None = None,
    display_name: str | None = None,
) -> ProposalImport:
    """Validate a whole upload. Any blocking finding (galat) raises :class:`ValidationFailed`
    listing every problem with sheet, row, column and fix; then no proposal is returned, so
    all rows land or none."""
    table, result = check_proposal_file(path, reference, round_year, office, display_name)
    problems = findings_to_problems(result, table)
    if problems:
        raise ValidationFailed(problems)
    if not len(result.proposals):
        raise ValidationFailed([Problem(code="TIDAK_ADA_USULAN", message="Berkas tidak memuat satu pun usulan.",
                                        fix="Isi minimal satu baris usulan di bawah baris judul.", file=table.file, sheet=table.sheet)])
    return ProposalImport(result.proposals, result, [f for f in result.findings if not f.blocking])


def write_findings_csv(path: str | Path, result: CheckResult) -> Path:
    """The CLI contract: one row per finding with ``row, row_pair, wilayah_kode, kode,
    finding, detail``."""
    path = Path(path)
    rows = []
    for f in result.findings:
        detail = f.message if not f.detail else f"{f.message} {f.detail}"
        rows.append({
            "row": f.row,
            "row_pair": "" if f.row_pair is None else f.row_pair,
            "wilayah_kode": f.wilayah_kode,
            "kode": f.kode,
            "finding": f.code,
            "detail": detail,
        })
    frame = pd.DataFrame(rows, columns=["row", "row_pair", "wilayah_kode", "kode", "finding", "detail"])
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- the Excel template
TEMPLATE_COLUMNS = [
    # (header, label, width, kind)
    ("wilayah_kode", "Kode wilayah pengusul (terisi otomatis)", 12, "office"),
    ("tahun", "Tahun anggaran (terisi otomatis)", 8, "year"),
    ("kode_sub_kegiatan", "Kode sub-kegiatan — pilih dari daftar", 22, "code"),
    ("nama_sub_kegiatan", "Nama sub-kegiatan (otomatis dari kode)", 40, "lookup2"),
    ("indikator", "Indikator resmi (otomatis dari kode)", 40, "lookup3"),
    ("satuan_resmi", "Satuan resmi (otomatis dari kode)", 14, "lookup4"),
    ("uraian", "Uraian: apa yang diusulkan", 40, "text"),
    ("lokasi_kode", "Kode lokasi (kab/kota atau kecamatan)", 12, "location"),
    ("lokasi_kecamatan", "Nama kecamatan (boleh kosong)", 18, "text"),
    ("sasaran", "Sasaran/penerima manfaat", 24, "text"),
    ("target", "Target (angka)", 10, "number"),
    ("satuan", "Satuan target (terisi satuan resmi; boleh diubah)", 14, "unit"),
    ("pagu", "Pagu (Rp)", 16, "money"),
    ("sumber_dana", "Sumber dana — pilih dari daftar", 22, "funding"),
    ("rincian_dana", "Rincian sumber dana bila lebih dari satu (boleh kosong), mis. "
                     "'APBD provinsi (64) = 1.200.000.000; APBD kabupaten/kota (6472) = 450.000.000'", 30, "text"),
    ("catatan", "Catatan", 30, "text"),
    ("kelompok_sasaran", "Kelompok sasaran (boleh kosong; beberapa kode dipisah ;): " + ", ".join(TARGET_GROUPS), 24, "groups"),
    ("sasaran_laki_laki", "Sasaran laki-laki (orang, boleh kosong)", 12, "count"),
    ("sasaran_perempuan", "Sasaran perempuan (orang, boleh kosong)", 12, "count"),
]


def write_template(
    path: str | Path,
    reference: SyncReference,
    office: str,
    year: int,
    rows: int = 300,
) -> Path:
    """The per-office proposal workbook: an instructions sheet in Indonesian, the entry sheet
    'Usulan' (dropdown limited to the sub-kegiatan of the office's level, official name,
    indicator and unit looked up from the code, number validation for target and pagu,
    dropdowns for location and funding source) and the code list 'Kode'."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    regions = reference.regions
    nom = reference.nomenclature
    authority = regions.authority(office)
    if authority is None:
        raise ValidationFailed([Problem(code="WILAYAH_TIDAK_DIKENAL", message=f"Kode wilayah '{office}' tidak dikenal.",
                                        fix=f"Gunakan {regions.province} atau kode kabupaten/kota: {', '.join(regions.kabkota())}.")])
    entries = nom.offered(authority)
    book = Workbook()
    guide = book.active
    guide.title = "Petunjuk"
    sheet = book.create_sheet("Usulan")
    codes = book.create_sheet("Kode")
    lists = book.create_sheet("Daftar")

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DCE6F1")
    auto_fill = PatternFill("solid", fgColor="EEEEEE")

    # --- code list
    codes.append(["kode", "nama_sub_kegiatan", "indikator", "satuan", "program", "kegiatan"])
    for c in codes[1]:
        c.font = bold
        c.fill = head_fill
    for e in entries:
        program = nom.program_of(e.code)
        kegiatan = nom.kegiatan_of(e.code, authority)
        codes.append([neutralise(v) for v in (
            e.code, e.name, e.indicator, e.unit,
            f"{'.'.join(e.code.split('.')[:3])} {program.name if program else ''}".strip(),
            f"{'.'.join(e.code.split('.')[:5])} {kegiatan.name if kegiatan else ''}".strip(),
        )])
    for col, width in zip("ABCDEF", (20, 60, 60, 14, 40, 50), strict=False):
        codes.column_dimensions[col].width = width
    codes.freeze_panes = "A2"
    last_code = len(entries) + 1

    # --- lists: funding sources and locations
    lists.append(["sumber_dana", "lokasi_kode", "lokasi_nama"])
    funding = reference.funding.names()
    if authority == PROVINSI:
        places = [regions.province, *regions.kabkota()]
    else:
        places = [office]
    for i in range(max(len(funding), len(places))):
        lists.append([
            funding[i] if i < len(funding) else None,
            places[i] if i < len(places) else None,
            regions.name(places[i]) if i < len(places) else None,
        ])
    lists.sheet_state = "hidden"

    # --- entry sheet
    for j, (header, label, width, _) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=j, value=header)
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(label, "Sinergi")
        sheet.column_dimensions[get_column_letter(j)].width = width
    col = {h: get_column_letter(j) for j, (h, *_rest) in enumerate(TEMPLATE_COLUMNS, start=1)}
    last = rows + 1
    for r in range(2, last + 1):
        sheet[f"{col['wilayah_kode']}{r}"] = office
        sheet[f"{col['tahun']}{r}"] = year
        code_cell = f"{col['kode_sub_kegiatan']}{r}"
        for name, k in (("nama_sub_kegiatan", 2), ("indikator", 3), ("satuan_resmi", 4)):
            c = sheet[f"{col[name]}{r}"]
            # "&\"\"" makes an empty cell of the list read as empty text, never 0
            c.value = f'=IF({code_cell}="","",IFERROR(VLOOKUP({code_cell},Kode!$A$2:$D${last_code},{k},FALSE)&"","kode tidak ada di daftar"))'
            c.fill = auto_fill
        sheet[f"{col['satuan']}{r}"] = f'=IF({col["satuan_resmi"]}{r}="kode tidak ada di daftar","",{col["satuan_resmi"]}{r})'
        sheet[f"{col['target']}{r}"].number_format = "#,##0.##"
        sheet[f"{col['pagu']}{r}"].number_format = "#,##0"
        sheet[f"{col['wilayah_kode']}{r}"].fill = auto_fill
        sheet[f"{col['tahun']}{r}"].fill = auto_fill
    sheet.freeze_panes = "D2"

    def cells(first: str, last_col: str | None = None) -> str:
        return f"{col[first]}2:{col[last_col or first]}{last}"

    rules = [
        _validation(cells("kode_sub_kegiatan"), type="list", formula1=f"=Kode!$A$2:$A${last_code}",
                    error="Pilih kode sub-kegiatan dari daftar (sheet 'Kode'): hanya kode yang boleh diusulkan "
                          + ("provinsi." if authority == PROVINSI else "kabupaten/kota."),
                    title="Kode tidak ada di daftar",
                    prompt="Pilih kode sub-kegiatan; nama, indikator dan satuan resmi terisi otomatis."),
        _validation(cells("target"), type="decimal", operator="greaterThan", formula1="0",
                    error="Target harus angka lebih dari 0 (satuan ditulis di kolom satuan).", title="Target tidak valid"),
        _validation(cells("pagu"), type="decimal", operator="greaterThan", formula1="0",
                    error="Pagu harus angka rupiah lebih dari 0, tanpa 'Rp' dan tanpa titik ribuan yang diketik sebagai teks.",
                    title="Pagu tidak valid"),
        _validation(cells("sumber_dana"), type="list", formula1=f"=Daftar!$A$2:$A${len(funding) + 1}",
                    error="Pilih sumber dana dari daftar.", title="Sumber dana"),
        _validation(cells("lokasi_kode"), type="list", formula1=f"=Daftar!$B$2:$B${len(places) + 1}", style="warning",
                    error="Lokasi kabupaten/kota pengusul sendiri; kode kecamatan di wilayah ini juga boleh."
                          if authority == KABKOTA else "Pilih 64 (seluruh provinsi) atau kode kabupaten/kota.",
                    title="Lokasi"),
        # any value (checked on upload): only the prompt with the codes
        _validation(cells("kelompok_sasaran"), prompt_title="Kelompok sasaran",
                    prompt=("Boleh kosong (Sinergi menyarankan dari uraian). Kode, beberapa dipisah titik koma: "
                            + "; ".join(TARGET_GROUPS))[:255]),
        _validation(cells("sasaran_laki_laki", "sasaran_perempuan"), type="whole", operator="greaterThanOrEqual", formula1="0",
                    error="Sasaran menurut jenis kelamin: jumlah orang, angka bulat 0 atau lebih.", title="Sasaran tidak valid"),
    ]
    for dv in rules:
        sheet.add_data_validation(dv)

    # --- instructions
    level = LEVEL_LABEL[authority]
    lines = [
        ("Templat usulan program ketenagakerjaan dan ketransmigrasian", True),
        (f"Pengusul: {office} {regions.name(office)} ({level}) — tahun anggaran {year}", True),
        (f"Versi nomenklatur: {nom.version}" + (" (nomenklatur bawaan)" if nom.embedded else ""), False),
    ]
    if nom.is_incomplete(authority):
        lines.append((f"Perhatian: nomenklatur bawaan belum lengkap di tingkat {level}. Bila kode yang Anda perlukan tidak ada di daftar, "
                      "minta provinsi mengimpor nomenklatur resmi SIPD sebelum mengisi.", True))
    lines += [
        ("", False),
        ("Cara mengisi", True),
        ("1. Isi sheet 'Usulan', satu baris untuk satu usulan. Jangan mengubah baris judul (baris 1) maupun nama kolom.", False),
        (f"2. Kolom kode_sub_kegiatan: pilih dari daftar. Daftar hanya memuat {len(entries)} sub-kegiatan yang boleh diusulkan {level} "
         "(L = 1 provinsi, L = 2 kabupaten/kota). Daftar lengkap dengan program dan kegiatan ada di sheet 'Kode'.", False),
        ("3. Nama sub-kegiatan, indikator dan satuan resmi terisi otomatis dari kode (kolom abu-abu). Jangan diketik.", False),
        ("4. uraian: tuliskan apa yang diusulkan secara khusus, mis. 'Pelatihan las SMAW bagi pencari kerja'.", False),
        ("5. lokasi_kode: kode BPS kabupaten/kota lokasi kegiatan" + (" (64 bila untuk seluruh provinsi)" if authority == PROVINSI else
                                                                      f" — kabupaten/kota hanya mengusulkan di wilayahnya sendiri ({office})") + "; kode kecamatan boleh.", False),
        ("6. target: angka saja (mis. 25), dalam satuan resmi indikator; satuan terisi satuan resmi dan sebaiknya tidak diubah. "
         "Bila satuan resmi kosong (nomenklatur belum memuatnya untuk kode itu), tulis sendiri satuan yang dipakai kantor Anda "
         "(mis. Orang): satuan itu diterima dan dicatat sebagai satuan pengusul.", False),
        ("7. pagu: angka rupiah tanpa 'Rp' (mis. 150000000). Boleh ditampilkan dengan titik ribuan.", False),
        ("8. sumber_dana: pilih dari daftar: " + ", ".join(funding) + ". Bila didanai lebih dari satu sumber atau bersama "
         "perangkat daerah lain, isi rincian_dana: 'SUMBER = JUMLAH' dipisah titik koma, kode wilayah penyandang dana dalam kurung "
         "bila bukan Anda, mis. 'APBD provinsi (64) = 1.200.000.000; APBD kabupaten/kota (6472) = 450.000.000'; pagu dan "
         "sumber_dana boleh dikosongkan (diisi jumlah dan nama sumber dari rincian).", False),
        ("9. kelompok_sasaran (boleh kosong): kelompok yang disasar usulan, satu atau beberapa kode dipisah titik koma (;), "
         "mis. 'perempuan;disabilitas'. Kode: " + ", ".join(f"{k} ({v})" for k, v in TARGET_GROUPS.items()) + ". "
         "Bila kosong, Sinergi menyarankan kelompok dari uraian (mis. 'bagi perempuan pencari kerja' → perempuan) sebagai saran, "
         "tidak diisikan otomatis. sasaran_laki_laki dan sasaran_perempuan: jumlah orang menurut jenis kelamin, boleh kosong.", False),
        ("10. Simpan sebagai .xlsx lalu unggah. Semua masalah dilaporkan sekaligus (sheet, baris, kolom, cara memperbaiki); "
         "bila ada galat, tidak ada baris yang tersimpan sampai semuanya diperbaiki. Mengunggah berkas yang sama lagi tidak menggandakan usulan.", False),
        ("", False),
        ("Pemeriksaan yang dilakukan", True),
    ]
    for code, meta in FINDING_CODES.items():
        lines.append((f"• {code} — {meta['title']}: {meta['explanation']}", False))
    lines += [
        ("", False),
        ("Duplikat dan tumpang tindih hanya ditandai sebagai saran untuk peninjau; usulan tidak pernah digabung otomatis.", False),
    ]
    guide.column_dimensions["A"].width = 130
    for i, (text, strong) in enumerate(lines, start=1):
        c = guide.cell(row=i, column=1, value=neutralise(text) if text else None)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if strong:
            c.font = bold
    book.active = 1
    path = Path(path)
    book.save(path)
    return path


# ---------------------------------------------------------------------- ceilings
def read_ceilings_file(path: str | Path, regions: Regions | None = None, display_name: str | None = None) -> dict[str, float]:
    """The ceiling (pagu indikatif) of each office from a CSV/XLSX with the columns exactly
    ``wilayah_kode,plafon``; every problem at once (:class:`ValidationFailed`, with row,
    column and fix), nothing returned unless all rows are valid."""
    from sinergi.core.sync import ceilings_from_frame

    regions = regions or load_regions()
    tables = read_tables(path, display_name)
    table = next((t for t in tables if {"wilayah_kode", "plafon"} <= {str(c).strip().lower() for c in with_spellings(t.frame, spellings("wilayah_kode")).columns}),
                 tables[0])
    return ceilings_from_frame(table.frame, regions, file=table.file, sheet=table.sheet, rows=list(table.rows))


# ---------------------------------------------------------------------- the matrix
def write_matrix(path: str | Path, result: MatrixResult, gaps: GapResult | None = None, inclusion=None) -> Path:
    """The consolidated matrix workbook (formula-injection-safe through ``write_sheets``);
    ``inclusion`` (an :class:`~sinergi.core.sync.InclusionResult`) adds the sheet 'Inklusi'."""
    from sinergi.documents import sync_inclusion

    info = result.info
    sheets = dict(result.sheets())
    if inclusion is not None:
        sheets["Inklusi"] = sync_inclusion.inclusion_sheet(inclusion)
    if gaps is not None:
        sheets["Kebutuhan"] = gaps.needs
        # proposals answering no known need: judged ones and those resting on illustrative needs,
        # each with its reading in 'penilaian' (never "tidak menjawab" on illustrative data)
        sheets["Tanpa kebutuhan"] = gaps.without_need()
    keterangan = pd.DataFrame(
        [
            {"Butir": "Judul", "Nilai": info.get("judul", "")},
            {"Butir": "Tanggal dibuat", "Nilai": info.get("tanggal", "")},
            {"Butir": "Tahun anggaran", "Nilai": ", ".join(str(t) for t in info.get("tahun", []))},
            {"Butir": "Versi nomenklatur", "Nilai": info.get("versi_nomenklatur", "")},
            {"Butir": "Nomenklatur belum lengkap di tingkat", "Nilai": ", ".join(LEVEL_LABEL.get(x, x) for x in info.get("nomenklatur_belum_lengkap", [])) or "—"},
            {"Butir": "Jumlah usulan", "Nilai": info.get("jumlah_usulan", 0)},
            {"Butir": "Jumlah pengusul", "Nilai": info.get("jumlah_pengusul", 0)},
            {"Butir": "Total pagu (Rp)", "Nilai": info.get("total_pagu", 0.0)},
            {"Butir": "Usulan dengan galat", "Nilai": info.get("usulan_dengan_galat", 0)},
            {"Butir": "Usulan didanai bersama (beberapa sumber/pengusul)", "Nilai": info.get("didanai_bersama", 0)},
            *([{"Butir": "Pengusul melebihi plafon", "Nilai": ", ".join(info["melebihi_plafon"]) or "tidak ada"}]
              if "melebihi_plafon" in info else []),
            *({"Butir": f"Temuan {k}", "Nilai": v} for k, v in info.get("temuan", {}).items()),
        ]
    )
    if gaps is not None:
        meter = gaps.needs_meter("Kebutuhan yang dipakai")
        keterangan = pd.concat([keterangan, pd.DataFrame([
            {"Butir": "Data nyata kebutuhan", "Nilai": meter.text()},
            {"Butir": "Usulan tanpa kebutuhan teridentifikasi", "Nilai": len(gaps.unanchored)},
            {"Butir": "Usulan belum dapat dinilai (kebutuhan dari data ilustratif)", "Nilai": len(gaps.unjudged)},
        ])], ignore_index=True)
    sheets["Keterangan"] = keterangan
    sheets["Arti temuan"] = legend()
    notes = {
        "Matriks": [
            f"Versi nomenklatur: {info.get('versi_nomenklatur', '')}.",
            "KEMUNGKINAN_DUPLIKAT dan TUMPANG_TINDIH adalah saran untuk peninjau; usulan tidak digabung otomatis.",
        ]
    }
    if gaps is not None:
        meter_text = gaps.needs_meter("Kebutuhan yang dipakai").text()
        notes["Kebutuhan"] = [meter_text, "kualitas_data = ilustratif: kebutuhan dihitung dari masukan ilustratif; celah pada kebutuhan itu belum dapat dinilai."]
        notes["Tanpa kebutuhan"] = [
            meter_text,
            f"penilaian '{VERDICT_UNJUDGED}': kebutuhan wilayah itu (atau indikator yang dilayani usulan) berasal dari data ilustratif; "
            "usulan ini tidak dinilai tidak menjawab kebutuhan.",
        ]
    if info.get("nomenklatur_belum_lengkap"):
        notes["Matriks"].append(
            "Nomenklatur yang dipakai belum lengkap di tingkat "
            + ", ".join(LEVEL_LABEL.get(x, x) for x in info["nomenklatur_belum_lengkap"])
            + ": indikator/satuan resmi bisa kosong dan sebagian kode sah dapat terbaca tidak dikenal — impor nomenklatur resmi."
        )
    notes["Matriks"].append(
        "Kolom rincian (bidang urusan, kegiatan, indikator dan satuan resmi, kode lokasi, kecamatan, galat/peringatan, "
        "kode temuan, sidik) dilipat: klik [+] di atas kepala tabel untuk membukanya."
    )
    count_note = (
        "Temuan pasangan (duplikat, tumpang tindih) dihitung sekali di setiap kelompok yang disentuhnya; "
        "baris JUMLAH menghitung setiap temuan sekali, sama dengan jumlah baris lembar Temuan."
    )
    for name in ("Per program", "Per pengusul", "Per sumber dana"):
        notes[name] = [count_note]
    notes["Per sumber dana"].append("Usulan yang didanai beberapa sumber dikelompokkan menurut gabungan sumbernya (mis. 'APBD provinsi + APBD "
                                    "kabupaten/kota'); rinciannya ada di kolom 'Rincian sumber dana' lembar Matriks.")
    if result.ceilings is not None:
        notes["Plafon"] = [
            "Pagu usulan = jumlah bagian setiap pengusul dari semua sumber dana yang dicatat atas namanya; usulan yang didanai "
            "bersama dihitung pada setiap pengusul sebesar bagiannya.",
            "Selisih = plafon − pagu usulan (negatif: melebihi plafon). Plafon (pagu indikatif) dari berkas atau halaman plafon putaran.",
        ]
    if inclusion is not None:
        notes["Inklusi"] = sync_inclusion.sheet_notes(inclusion)
    return write_sheets(path, sheets, notes, details={"Matriks": MATRIX_DETAIL_COLUMNS},
                        thousands=THOUSANDS_COLUMNS | CEILING_MONEY | sync_inclusion.NUMBER_COLUMNS, percent=sync_inclusion.PERCENT_COLUMNS)


CEILING_MONEY = frozenset({"Pagu usulan (Rp)", "Plafon (Rp)", "Selisih (Rp)"})


# Columns of the matrix folded away (still in the workbook) so that it prints legibly on A4.
MATRIX_DETAIL_COLUMNS = {
    "Urusan", "Bidang urusan", "Kode kegiatan", "Kegiatan", "Indikator resmi", "Satuan resmi", "Kode lokasi",
    "Kecamatan", "Galat", "Peringatan", "Kode temuan", "Sidik", "Saran kelompok sasaran",
}


def write_summary_docx(path: str | Path, result: MatrixResult, gaps: GapResult | None = None, author: str = "", inclusion=None) -> Path:
    """The summary for the ministry, A4 in the styles of the RTKD (docx_utils): what was
    proposed, by whom, with which money, what the checks found — listing the proposals behind
    every finding that matters (both sides of each duplicate or overlap, proposals outside the
    proposer's authority or region, blocking errors per office) — and, when given, which needs
    no proposal addresses."""
    from sinergi.documents import docx_utils as dx

    info = result.info
    years = ", ".join(str(t) for t in info.get("tahun", [])) or "—"
    title = "Ringkasan Sinkronisasi Usulan Program Ketenagakerjaan dan Ketransmigrasian"
    doc = dx.new_document(title=title, author=author)
    dx.set_page_numbers(doc.sections[0], footer_text=f"Ringkasan sinkronisasi usulan — tahun anggaran {years}")
    dx.add_heading(doc, title, level=1)
    dx.add_paragraph(doc, f"Provinsi Kalimantan Timur dan kabupaten/kota — tahun anggaran {years}", align="left", bold=True)
    dx.add_paragraph(
        doc,
        f"Disusun {_tanggal(info.get('tanggal', ''))}" + (f" oleh {author}" if author else "")
        + f" dengan Sinergi; nomenklatur versi '{info.get('versi_nomenklatur', '')}'.",
        align="left",
    )
    if info.get("nomenklatur_belum_lengkap"):
        dx.add_paragraph(
            doc,
            "Catatan: nomenklatur yang dipakai belum lengkap di tingkat "
            + ", ".join(LEVEL_LABEL.get(x, x) for x in info["nomenklatur_belum_lengkap"])
            + "; sebagian kode sah dapat terbaca tidak dikenal sampai nomenklatur resmi SIPD diimpor.",
            italic=True,
        )
    dx.add_heading(doc, "1. Gambaran umum", level=2)
    dx.add_paragraph(
        doc,
        f"Terdapat {format_id(info.get('jumlah_usulan', 0), 0)} usulan dari {format_id(info.get('jumlah_pengusul', 0), 0)} "
        f"perangkat daerah dengan total pagu Rp {format_id(info.get('total_pagu', 0.0), 0)}. "
        + (f"{format_id(info.get('usulan_dengan_galat', 0), 0)} usulan masih memuat galat yang harus diperbaiki pengusul."
         if info.get("usulan_dengan_galat", 0) else "Tidak ada usulan yang memuat galat."),
    )

    numbers = iter(range(1, 100))

    def summary_table(caption: str, frame: pd.DataFrame, columns: list[tuple[str, str]], wide: str = "") -> None:
        rows = [[_dash(r.get(c)) if kind == "text" else r.get(c) for c, kind in columns] for _, r in frame.iterrows()]
        total = {len(rows) - 1} if rows and str(rows[-1][0]) == "JUMLAH" else set()
        dx.add_captioned_table(doc, dx.CaptionedTable(
            str(next(numbers)), caption, [dx.Column(c, kind, 6.0 if c == wide else None) for c, kind in columns], rows, bold_rows=total,
            notes=["Temuan pasangan dihitung sekali di setiap kelompok yang disentuhnya; baris JUMLAH menghitung setiap temuan sekali."]
            if any(c == "Jumlah temuan" for c, _ in columns) else [],
        ))

    dx.add_heading(doc, "2. Usulan per pengusul", level=2)
    summary_table("Usulan per pengusul", result.by_office, [
        ("Kode wilayah", "text"), ("Pengusul", "text"), ("Tingkat", "text"), ("Jumlah usulan", "int"),
        ("Pagu (Rp)", "rp"), ("Usulan dengan galat", "int"), ("Jumlah temuan", "int"),
    ])
    if result.ceilings is not None:
        dx.add_heading(doc, "2.1 Pagu usulan terhadap plafon (pagu indikatif)", level=3)
        over = result.over_ceiling()
        if over:
            dx.add_paragraph(doc, f"{len(over)} pengusul melebihi plafon: " + "; ".join(
                f"{r['Pengusul']} (pagu usulan Rp {format_id(r['Pagu usulan (Rp)'], 0)}, plafon Rp {format_id(r['Plafon (Rp)'], 0)}, "
                f"lebih Rp {format_id(-r['Selisih (Rp)'], 0)})" for r in over) + ".")
        else:
            dx.add_paragraph(doc, "Tidak ada pengusul yang melebihi plafon.")
        rows = [[_dash(r["Pengusul"]), r["Pagu usulan (Rp)"], r["Plafon (Rp)"], r["Selisih (Rp)"], _dash(r["Status plafon"])]
                if r["Kode wilayah"] != "JUMLAH" else
                ["JUMLAH", r["Pagu usulan (Rp)"], r["Plafon (Rp)"] if r["Plafon (Rp)"] is not None else "—", "—", _dash(r["Status plafon"])]
                for r in result.ceilings.to_dict("records")]
        dx.add_captioned_table(doc, dx.CaptionedTable(
            str(next(numbers)), "Pagu usulan per pengusul terhadap plafon",
            [dx.Column("Pengusul", "text", 4.5), dx.Column("Pagu usulan (Rp)", "rp"), dx.Column("Plafon (Rp)", "rp"),
             dx.Column("Selisih (Rp)", "rp"), dx.Column("Status", "text", 3.2)], rows,
            bold_rows={len(rows) - 1} if rows else set(),
            notes=["Usulan yang didanai bersama dihitung pada setiap pengusul sebesar bagiannya; selisih negatif berarti melebihi plafon. "
                   "'data belum tersedia' pada plafon: plafon pengusul itu belum ditetapkan."],
        ))
    dx.add_heading(doc, "3. Usulan per sumber dana", level=2)
    funding_cols = [("Sumber dana", "text"), ("Jumlah usulan", "int"), ("Pagu (Rp)", "rp")]
    if "Porsi pagu (%)" in result.by_funding:
        funding_cols.append(("Porsi pagu (%)", "pct"))
    summary_table("Usulan per sumber dana", result.by_funding, funding_cols)
    dx.add_heading(doc, "4. Usulan per program", level=2)
    summary_table("Usulan per program", result.by_program, [
        ("Kode program", "text"), ("Program", "text"), ("Jumlah usulan", "int"), ("Pagu (Rp)", "rp"), ("Jumlah temuan", "int"),
    ], wide="Program")

    dx.add_heading(doc, "5. Hasil pemeriksaan", level=2)
    counts = info.get("temuan", {})
    dx.add_bullets(doc, [f"{code} — {meta['title']}: {format_id(counts.get(code, 0), 0)} temuan." for code, meta in FINDING_CODES.items()])
    place = _ProposalPlaces(result)
    f = result.findings
    pairs = f[f["Temuan"].isin(["KEMUNGKINAN_DUPLIKAT", "TUMPANG_TINDIH"])] if len(f) else f
    dx.add_heading(doc, "5.1 Kemungkinan duplikat dan tumpang tindih", level=3)
    if len(pairs):
        dx.add_paragraph(
            doc,
            "Kedua sisi setiap pasangan dicantumkan. Usulan tidak digabung otomatis: peninjau memutuskan dalam rapat "
            "koordinasi apakah digabung (pendanaan kedua pihak dipertahankan), dibagi perannya, atau dipertahankan keduanya.",
        )
        rows = []
        for k, (_, r) in enumerate(pairs.iterrows(), start=1):
            a, b = place.side(r, pair=False), place.side(r, pair=True)
            rows.append([k, FINDING_CODES[r["Temuan"]]["title"], a, b, r.get("Skor")])
        dx.add_captioned_table(doc, dx.CaptionedTable(str(next(numbers)), "Pasangan usulan yang perlu diputuskan peninjau", [
            dx.Column("No", "int", 0.9), dx.Column("Temuan", "text", 2.6), dx.Column("Usulan pertama", "text", 5.6),
            dx.Column("Usulan kedua", "text", 5.6), dx.Column("Skor", "dec2", 1.2),
        ], rows))
    else:
        dx.add_paragraph(doc, "Tidak ada kemungkinan duplikat atau tumpang tindih.")
    for code, number, heading in (
        ("BUKAN_KEWENANGAN", "5.2", "Usulan di luar kewenangan pengusul"),
        ("LOKASI_DI_LUAR_WILAYAH", "5.3", "Usulan berlokasi di luar wilayah pengusul"),
    ):
        dx.add_heading(doc, f"{number} {heading}", level=3)
        sel = f[f["Temuan"] == code] if len(f) else f
        if len(sel):
            rows = [[k, place.side(r, pair=False), r.get("Pesan")] for k, (_, r) in enumerate(sel.iterrows(), start=1)]
            dx.add_captioned_table(doc, dx.CaptionedTable(
                str(next(numbers)), heading,
                [dx.Column("No", "int", 0.9), dx.Column("Usulan", "text", 7.5), dx.Column("Alasan", "text", 7.5)], rows,
            ))
        else:
            dx.add_paragraph(doc, "Tidak ada.")
    blocking = f[f["Tingkat keparahan"] == "galat"] if len(f) else f
    blocking = blocking[~blocking["Temuan"].isin(["BUKAN_KEWENANGAN", "LOKASI_DI_LUAR_WILAYAH"])] if len(blocking) else blocking
    dx.add_heading(doc, "5.4 Galat lain yang harus diperbaiki pengusul", level=3)
    if len(blocking):
        rows = [[k, place.side(r, pair=False), FINDING_CODES[r["Temuan"]]["title"], r.get("Pesan")]
                for k, (_, r) in enumerate(blocking.iterrows(), start=1)]
        dx.add_captioned_table(doc, dx.CaptionedTable(str(next(numbers)), "Galat per usulan", [
            dx.Column("No", "int", 0.9), dx.Column("Usulan", "text", 6.5), dx.Column("Temuan", "text", 3.0), dx.Column("Pesan", "text", 5.5),
        ], rows))
    else:
        dx.add_paragraph(doc, "Tidak ada.")

    if gaps is not None:
        dx.add_heading(doc, "6. Kebutuhan yang belum dijawab usulan", level=2)
        dx.add_paragraph(doc, gaps.needs_meter("Kebutuhan yang dipakai").text() + ".")
        g = gaps.gaps
        if len(g):
            rows = [[_dash(r.get(c)) for c in ("wilayah", "sumber", "kebutuhan")] + [r.get("jumlah"), _dash(r.get("keterangan"))] for _, r in g.iterrows()]
            dx.add_captioned_table(doc, dx.CaptionedTable(str(next(numbers)), "Kebutuhan teridentifikasi tanpa usulan", [
                dx.Column("Wilayah"), dx.Column("Sumber"), dx.Column("Kebutuhan"), dx.Column("Jumlah", "int"), dx.Column("Keterangan"),
            ], rows))
        else:
            dx.add_paragraph(doc, "Semua kebutuhan teridentifikasi dari data bersumber dijawab sedikitnya satu usulan.")
        if len(gaps.illustrative_gaps):
            dx.add_paragraph(
                doc,
                f"{format_id(len(gaps.illustrative_gaps), 0)} kebutuhan lain belum dijawab tetapi berasal dari data ilustratif; "
                "kebutuhan itu belum dapat dinilai sampai data resminya diisi.",
            )
        dx.add_paragraph(doc, f"Usulan yang tidak menjawab kebutuhan teridentifikasi: {format_id(len(gaps.unanchored), 0)}.")
        if len(gaps.unjudged):
            dx.add_paragraph(
                doc,
                f"Usulan yang {VERDICT_UNJUDGED}: {format_id(len(gaps.unjudged), 0)}. "
                "Usulan ini tidak dinilai tidak menjawab kebutuhan.",
            )
        dx.add_bullets(doc, list(gaps.notes[:10]))
    if inclusion is not None:
        from sinergi.documents.sync_inclusion import add_inclusion_section

        add_inclusion_section(doc, inclusion, heading=f"{7 if gaps is not None else 6}. Jangkauan kelompok sasaran (inklusi)",
                              table_code=str(next(numbers)))
    path = Path(path)
    doc.save(str(path))
    return path


def _dash(v) -> str:
    """Text for a table cell where an empty value means "not applicable", not missing data."""
    if v is None or (not isinstance(v, str) and pd.isna(v)) or str(v).strip() == "":
        return "—"
    return str(v)


class _ProposalPlaces:
    """Names a proposal in the summary by office, file and row (or its number in the web app),
    with its description, from the matrix and the findings' location columns."""

    def __init__(self, result: MatrixResult) -> None:
        m = result.matrix
        self.row_col = "Baris" if "Baris" in m else "No. usulan"
        self._by_place = {
            (str(r.get("Berkas") or ""), _as_int(r.get(self.row_col))): r for _, r in m.iterrows()
        }

    def side(self, finding: pd.Series, pair: bool) -> str:
        file = finding.get("Berkas pasangan" if pair else "Berkas", "")
        row_col = ("Baris pasangan" if pair else "Baris") if "Baris" in finding.index else ("No. usulan pasangan" if pair else "No. usulan")
        row = _as_int(finding.get(row_col))
        m = self._by_place.get((str(file or ""), row))
        if m is None:
            m = next((v for (f, r), v in self._by_place.items() if r == row), None)
        where = f"{file}, baris {row}" if file and self.row_col == "Baris" else f"usulan #{row}"
        if m is None:
            return where
        return f"{m.get('Pengusul', '')} ({where}): {m.get('Uraian usulan', '')} — {m.get('Kode sub-kegiatan', '')}"


def _as_int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember")


def _tanggal(iso: str) -> str:
    """``2026-12-04`` → ``4 Desember 2026`` (as a ministry letter writes a date); other text as it is."""
    try:
        y, m, d = (int(x) for x in str(iso).split("-"))
        return f"{d} {_MONTHS[m - 1]} {y}"
    except (ValueError, IndexError):
        return str(iso)


def _validation(cells: str, *, error: str = "", title: str = "", prompt: str = "", prompt_title: str = "",
                style: str | None = None, **kind):
    """One cell rule of the proposal template (Excel's data validation) over ``cells``: a message
    when a typed value is refused, and/or a prompt shown when the cell is selected."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(allow_blank=True, **kind)
    if style:
        dv.errorStyle = style
    if error:
        dv.error, dv.errorTitle, dv.showErrorMessage = error, title, True
    if prompt:
        dv.prompt, dv.showInputMessage = prompt, True
        if prompt_title:
            dv.promptTitle = prompt_title
    dv.add(cells)
    return dv
