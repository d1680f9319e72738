"""The Berita Acara (minutes of agreement) of the proposal round's coordination meeting (Rakor).

:func:`write_berita_acara` takes plain data (:class:`BeritaAcara`) and writes an A4 .docx in
the styles of the RTKD and the summary (:mod:`sinergi.documents.docx_utils`): the agreement
per region (agreed proposals with code, name, target, pagu and funding sources; what changed in
review; duplicates resolved and how), the follow-ups with the responsible office and date, and
a signature block for the heads of the offices present.

Others add sections through :attr:`BeritaAcara.sections` (:class:`Section`: heading,
paragraphs, bullets, an optional table), written after the follow-ups and before the closing.

Builders: :func:`berita_acara_from_matrix` (the command line, from a
:class:`~sinergi.core.sync.MatrixResult`); the web layer builds the same data from the stored
round (decisions, revisions, follow-ups).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd

from sinergi.core.columns import spellings
from sinergi.core.numbers import format_id
from sinergi.core.problems import Problem, ValidationFailed
from sinergi.core.sync import FINDING_CODES, MatrixResult, Regions
from sinergi.documents import docx_utils as dx

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember")
PROVINCE_HEAD = "Kepala Dinas Tenaga Kerja dan Transmigrasi Provinsi {name}"
REGION_HEAD = "Kepala Perangkat Daerah yang membidangi urusan tenaga kerja {name}"


@dataclass
class AgreedProposal:
    code: str
    name: str  # official sub-kegiatan name
    description: str
    location: str = ""
    target: float | None = None
    unit: str = ""
    pagu: float | None = None
    funding: str = ""  # sources, with each office's part when co-funded
    reference: str = ""  # where to find it: "usulan #12" or "berkas.xlsx baris 4"


@dataclass
class FollowUp:
    text: str
    office: str  # responsible office, as people name it
    due: date | str | None = None


@dataclass
class RegionAgreement:
    code: str
    name: str
    proposals: list[AgreedProposal] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # what changed in review
    duplicates: list[str] = field(default_factory=list)  # duplicates/overlaps and how they were resolved
    not_agreed: list[str] = field(default_factory=list)  # proposals left out, with the reason


@dataclass
class Signatory:
    office: str
    position: str


@dataclass
class Section:
    """A section another part of Sinergi adds (e.g. inclusion of target groups)."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    table: dx.CaptionedTable | None = None


@dataclass
class BeritaAcara:
    year: int | str
    regions: list[RegionAgreement]
    signatories: list[Signatory]
    province: str = "Kalimantan Timur"
    place: str = ""
    meeting_date: date | None = None
    number: str = ""
    follow_ups: list[FollowUp] = field(default_factory=list)
    ceilings: list[dict] = field(default_factory=list)  # rows of office_totals (Kode wilayah, Pengusul, …)
    notes: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    author: str = ""
    prepared: date | None = None


def long_date(d: date | None) -> str:
    if d is None:
        return ""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


PLACE_MAX = 120  # characters of the meeting place (a hall and a city fit; the opening sentence stays one line or two)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def meeting_details(place: str | None, when: str | None, place_field: str = "tempat rapat",
                    date_field: str = "tanggal rapat") -> tuple[str, date | None]:
    """The meeting's place and date as a person gives them (``--tempat``/``--tanggal-rapat`` on
    the command line, the form on the round page): blank gives ``""``/``None`` (dotted lines to
    fill by hand); the date is TTTT-BB-HH (YYYY-MM-DD) and a real day; the place at most
    :data:`PLACE_MAX` characters, its line breaks, tabs and control characters made single
    spaces. ``place_field``/``date_field`` name the fields as the person sees them, for the fix.
    Both problems at once (:class:`ValidationFailed`)."""
    problems = []
    place = " ".join("".join(c if c.isprintable() else " " for c in (place or "")).split())
    if len(place) > PLACE_MAX:
        problems.append(Problem("TERLALU_PANJANG", f"Tempat rapat terlalu panjang: {len(place)} karakter (paling banyak {PLACE_MAX}).",
                                f"Ringkas {place_field} sampai {PLACE_MAX} karakter, mis. nama gedung dan kota.",
                                column=place_field, value=place[:40]))
    text = (when or "").strip()
    day = None
    if text:
        try:
            day = date.fromisoformat(text) if _ISO_DAY.fullmatch(text) else None
        except ValueError:
            day = None
        if day is None:
            problems.append(Problem("TANGGAL_TIDAK_VALID", f"Tanggal rapat '{text[:40]}' bukan tanggal.",
                                    f"Tulis {date_field} dengan bentuk TTTT-BB-HH, mis. 2026-11-20, atau kosongkan agar diisi tangan.",
                                    column=date_field, value=text[:40]))
    if problems:
        raise ValidationFailed(problems)
    return place, day


def _due(d) -> str:
    if isinstance(d, date):
        return long_date(d)
    return str(d or "—")


# ---------------------------------------------------------------------- the document
def write_berita_acara(path: str | Path, ba: BeritaAcara) -> Path:
    """The Berita Acara as an A4 .docx (portrait, in the RTKD styles)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    title = "Berita Acara Kesepakatan Sinkronisasi Usulan Program Ketenagakerjaan dan Ketransmigrasian"
    doc = dx.new_document(title=title, author=ba.author)
    dx.set_page_numbers(doc.sections[0], footer_text=f"Berita Acara sinkronisasi usulan — tahun anggaran {ba.year}")
    for text, size in (("BERITA ACARA", 14), ("KESEPAKATAN SINKRONISASI USULAN PROGRAM", 12),
                       ("KETENAGAKERJAAN DAN KETRANSMIGRASIAN", 12),
                       (f"PROVINSI {ba.province.upper()} DAN KABUPATEN/KOTA", 12), (f"TAHUN ANGGARAN {ba.year}", 12)):
        p = dx.add_paragraph(doc, text, align="center", bold=True, size=size, space_after=0)
        dx.keep_with_next(p)
    dx.add_paragraph(doc, f"Nomor: {ba.number or '....................................'}", align="center", space_after=12)

    when = f"pada tanggal {long_date(ba.meeting_date)}" if ba.meeting_date else "pada hari ........ tanggal ........................"
    where = f"bertempat di {ba.place}" if ba.place else "bertempat di ........................"
    present = ", ".join(s.office for s in ba.signatories)
    dx.add_paragraph(
        doc,
        f"Pada rapat koordinasi sinkronisasi usulan program ketenagakerjaan dan ketransmigrasian tahun anggaran {ba.year} "
        f"yang dilaksanakan {when} {where}, perangkat daerah yang membidangi urusan tenaga kerja dan transmigrasi "
        f"({present}) telah membahas usulan program dan menyepakati hal-hal sebagai berikut.",
    )

    numbers = iter(range(1, 200))
    dx.add_heading(doc, "1. Ringkasan kesepakatan", level=2)
    rows = []
    for r in ba.regions:
        pagu = sum(p.pagu or 0.0 for p in r.proposals)
        c = next((x for x in ba.ceilings if x.get("Kode wilayah") == r.code), None)
        row = [r.name, len(r.proposals), pagu]
        if ba.ceilings:  # the region's own money (its part of co-funded proposals too) against its ceiling
            row += [c.get("Pagu usulan (Rp)") if c else 0.0, c.get("Plafon (Rp)") if c else None,
                    c.get("Status plafon") if c else "plafon belum ditetapkan"]
        rows.append(row)
    total = ["JUMLAH", sum(len(r.proposals) for r in ba.regions), sum(x[2] for x in rows)]
    columns = [dx.Column("Wilayah", "text", 4.6), dx.Column("Usulan disepakati", "int", 2.0), dx.Column("Pagu usulan (Rp)", "rp", 2.6)]
    notes = []
    if ba.ceilings:
        ceilings = [x[4] for x in rows if x[4] is not None]
        total += [sum(x[3] for x in rows), sum(ceilings) if ceilings else "—", "—"]
        columns = [dx.Column("Wilayah", "text", 3.4), dx.Column("Usulan disepakati", "int", 2.0), dx.Column("Pagu usulan (Rp)", "rp", 2.5),
                   dx.Column("Dana wilayah (Rp)", "rp", 2.5), dx.Column("Plafon (Rp)", "rp", 2.5), dx.Column("Status plafon", "text", 2.6)]
        notes = ["Pagu usulan = jumlah pagu usulan yang disepakati dari wilayah itu. Dana wilayah = bagian yang didanai wilayah itu "
                 "sendiri, termasuk bagiannya pada usulan yang didanai bersama dengan pengusul lain; dana wilayah inilah yang "
                 "dibandingkan dengan plafon (pagu indikatif)."]
    rows.append(total)
    dx.add_captioned_table(doc, dx.CaptionedTable(
        str(next(numbers)), "Usulan yang disepakati per wilayah", columns, rows, bold_rows={len(rows) - 1}, notes=notes,
    ))

    dx.add_heading(doc, "2. Kesepakatan per wilayah", level=2)
    if not ba.regions:
        dx.add_paragraph(doc, "Belum ada usulan yang disepakati dalam putaran ini.", align="left")
    for k, r in enumerate(ba.regions, start=1):
        dx.add_heading(doc, f"2.{k} {r.name}", level=3)
        if r.proposals:
            prow = [[i, f"{p.code} {p.name}".strip() + (f" — {p.description}" if p.description else ""), p.location or "—",
                     (f"{format_id(p.target, 0 if float(p.target).is_integer() else 2)} {p.unit}".strip() if p.target is not None else None),
                     p.pagu, (p.funding or "—").replace(" + ", "\n")] for i, p in enumerate(r.proposals, start=1)]
            dx.add_captioned_table(doc, dx.CaptionedTable(
                str(next(numbers)), f"Usulan yang disepakati — {r.name}",
                [dx.Column("No", "int", 0.8), dx.Column("Kode, sub-kegiatan — uraian usulan", "text", 5.5), dx.Column("Lokasi", "text", 1.9),
                 dx.Column("Target", "text", 1.7), dx.Column("Pagu (Rp)", "rp", 2.6), dx.Column("Sumber dana", "text", 3.0)],
                prow,
            ))
            dx.add_paragraph(doc, f"Jumlah pagu yang disepakati untuk {r.name}: Rp {format_id(sum(p.pagu or 0.0 for p in r.proposals), 0)} "
                                  f"({len(r.proposals)} usulan).", align="left", bold=True)
        else:
            dx.add_paragraph(doc, "Tidak ada usulan yang disepakati.")
        _list(doc, "Perubahan dalam peninjauan", r.changes, "Tidak ada perubahan yang tercatat.")
        _list(doc, "Duplikat dan tumpang tindih", r.duplicates, "Tidak ada.")
        if r.not_agreed:
            _list(doc, "Belum disepakati", r.not_agreed, "")

    dx.add_heading(doc, "3. Tindak lanjut", level=2)
    if ba.follow_ups:
        frows = [[i, f.text, f.office, _due(f.due)] for i, f in enumerate(ba.follow_ups, start=1)]
        dx.add_captioned_table(doc, dx.CaptionedTable(
            str(next(numbers)), "Tindak lanjut kesepakatan",
            [dx.Column("No", "int", 0.8), dx.Column("Tindak lanjut", "text", 8.2), dx.Column("Penanggung jawab", "text", 3.8),
             dx.Column("Tenggat", "text", 2.7)], frows,
        ))
    else:
        dx.add_paragraph(doc, "Tidak ada tindak lanjut yang dicatat.")

    for n, s in enumerate(ba.sections, start=4):
        dx.add_heading(doc, f"{n}. {s.title}", level=2)
        for text in s.paragraphs:
            dx.add_paragraph(doc, text)
        if s.bullets:
            dx.add_bullets(doc, s.bullets)
        if s.table is not None:  # numbered with the document's tables unless it brings its own code
            dx.add_captioned_table(doc, s.table if s.table.code else replace(s.table, code=str(next(numbers))))

    if ba.notes:
        dx.add_heading(doc, "Catatan", level=3)
        for note in ba.notes:
            dx.add_paragraph(doc, note, style=dx.STYLE_SOURCE)
    closing = dx.add_paragraph(
        doc,
        "Demikian Berita Acara ini dibuat untuk dipergunakan sebagaimana mestinya dan menjadi dasar penyusunan rencana kerja "
        f"perangkat daerah tahun anggaran {ba.year}.",
    )

    dx.keep_with_next(closing)
    # signature block: two heads side by side, the province first; rows never split over pages
    p = dx.add_paragraph(doc, "Yang menyepakati,", align="center", bold=True)
    dx.keep_with_next(p)
    heads = list(ba.signatories)
    table = doc.add_table(rows=(len(heads) + 1) // 2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, s in enumerate(heads):
        cell = table.rows[i // 2].cells[i % 2]
        cell.width = Cm(7.7)
        lines = [(s.office, True), (s.position, False), ("", False), ("", False), ("", False),
                 ("(.......................................)", False), ("NIP. ...................................", False)]
        first = cell.paragraphs[0]
        for j, (text, bold) in enumerate(lines):
            para = first if j == 0 else cell.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.space_after = Pt(0)
            para.paragraph_format.keep_with_next = True
            run = para.add_run(text)
            run.bold = bold or None
            run.font.size = Pt(10)
        cell.add_paragraph().paragraph_format.space_after = Pt(10)
    for row in table.rows:
        dx.set_cant_split(row)
    if ba.prepared:
        dx.add_paragraph(doc, f"Disiapkan dengan Sinergi pada {long_date(ba.prepared)}.", style=dx.STYLE_SOURCE)
    path = Path(path)
    doc.save(str(path))
    return path


def _list(doc, heading: str, items: list[str], empty: str) -> None:
    p = dx.add_paragraph(doc, f"{heading}:", align="left", bold=True, space_after=2)
    dx.keep_with_next(p)
    if items:
        dx.add_bullets(doc, items)
    elif empty:
        dx.add_paragraph(doc, empty, align="left")


# ---------------------------------------------------------------------- names and signatories
def office_full_name(code: str, regions: Regions, kinds: dict[str, str] | None = None) -> str:
    """'Provinsi Kalimantan Timur', 'Kota Samarinda', 'Kabupaten Paser'."""
    name = regions.name(code)
    if code == regions.province:
        return f"Provinsi {name}"
    kind = (kinds or region_kinds()).get(code, "")
    return f"{kind.capitalize()} {name}".strip() if kind else name


def region_kinds() -> dict[str, str]:
    from sinergi.documents.sync_files import _csv_rows

    return {r["code"]: r.get("type", "") for r in _csv_rows("kaltim", "regions.csv")}


def signatories_for(codes, regions: Regions) -> list[Signatory]:
    """The heads of the province's office and of each region present (province first, then
    in code order)."""
    kinds = region_kinds()
    out = [Signatory(office_full_name(regions.province, regions, kinds), PROVINCE_HEAD.format(name=regions.name(regions.province)))]
    for code in sorted(set(codes) - {regions.province}):
        out.append(Signatory(office_full_name(code, regions, kinds), REGION_HEAD.format(name=office_full_name(code, regions, kinds))))
    return out


# ---------------------------------------------------------------------- from the matrix (command line)
def read_follow_ups_file(path: str | Path, regions: Regions) -> list[FollowUp]:
    """Follow-ups from a CSV/XLSX with the columns ``uraian,wilayah_kode,tenggat`` (tenggat
    YYYY-MM-DD); every problem at once, with row, column and fix."""
    from sinergi.core.numbers import is_blank
    from sinergi.documents.tables import read_table

    table = read_table(path, required=["uraian", "wilayah_kode", "tenggat"], aliases=spellings("wilayah_kode"))
    out, problems = [], []
    kinds = region_kinds()
    for (text, code, due), row in zip(table.frame[["uraian", "wilayah_kode", "tenggat"]].itertuples(index=False, name=None), table.rows, strict=False):
        if all(is_blank(v) for v in (text, code, due)):
            continue
        where = dict(file=table.file, sheet=table.sheet, row=row)
        if is_blank(text):
            problems.append(Problem("WAJIB_KOSONG", "Uraian tindak lanjut kosong.", "Tuliskan apa yang harus dilakukan.", column="uraian", **where))
        office, problem = regions.normalise_office(code) if not is_blank(code) else ("", "kosong")
        if problem:
            problems.append(Problem("WILAYAH_TIDAK_DIKENAL", f"Penanggung jawab tidak dikenal: {problem}.",
                                    f"Isi kode wilayah perangkat daerah penanggung jawab ({regions.province} provinsi, mis. 6472 Samarinda).",
                                    column="wilayah_kode", value=str(code)[:40], **where))
        try:
            d = pd.Timestamp(str(due).strip()).date() if not is_blank(due) else None
        except (ValueError, TypeError):
            d = None
        if d is None:
            problems.append(Problem("TANGGAL_TIDAK_VALID", f"Tenggat '{'' if is_blank(due) else due}' bukan tanggal.",
                                    "Tulis tanggal dengan bentuk TTTT-BB-HH, mis. 2026-03-31.", column="tenggat", value=str(due)[:40], **where))
        if not problem and d is not None and not is_blank(text):
            out.append(FollowUp(str(text).strip(), office_full_name(office, regions, kinds), d))
    if problems:
        raise ValidationFailed(problems)
    return out


def berita_acara_from_matrix(matrix: MatrixResult, regions: Regions, follow_ups: list[FollowUp] | None = None,
                             place: str = "", meeting_date: date | None = None, year=None) -> BeritaAcara:
    """The agreement as the proposal files give it. When any row has status 'diterima', the
    accepted rows are the agreement; otherwise every row without a blocking error (galat) and
    not rejected — and the notes say so. Pairs (duplicates, overlaps) are listed for both
    regions as still to be decided: the files carry no reviewer's decision."""
    from sinergi.documents.sync_files import _ProposalPlaces

    m = matrix.matrix
    kinds = region_kinds()
    notes = []
    status = m["Status"].astype(str) if len(m) else pd.Series(dtype=str)
    accepted_only = bool((status == "diterima").any())
    if accepted_only:
        agreed = status == "diterima"
        notes.append("Usulan yang disepakati: yang berstatus 'diterima' dalam berkas usulan.")
    else:
        agreed = (m["Galat"] == 0) & ~status.isin(["ditolak", "digabung"]) if len(m) else pd.Series(dtype=bool)
        notes.append("Berkas usulan tidak memuat status 'diterima': semua usulan tanpa galat yang tidak ditolak dicantumkan sebagai "
                     "disepakati; usulan dengan galat dicantumkan sebagai belum disepakati.")
    notes.append("Perubahan dalam peninjauan tidak tercatat dalam berkas usulan; dicatat bila peninjauan dilakukan di Sinergi.")
    if matrix.ceilings is not None:
        notes.append("Dana wilayah dan status plafon dihitung dari semua usulan dalam berkas yang tidak ditolak.")
    row_col = "Baris" if "Baris" in m else "No. usulan"
    places = _ProposalPlaces(matrix)
    codes = [c for c in [regions.province, *regions.kabkota()] if len(m) and (m["Kode wilayah pengusul"] == c).any()]
    out = []
    pairs = matrix.findings[matrix.findings["Temuan"].isin(["KEMUNGKINAN_DUPLIKAT", "TUMPANG_TINDIH"])] if len(matrix.findings) else matrix.findings
    for code in codes:
        mine = m[m["Kode wilayah pengusul"] == code]
        region = RegionAgreement(code, office_full_name(code, regions, kinds))
        for _, r in mine[agreed[mine.index]].iterrows():
            region.proposals.append(AgreedProposal(
                code=str(r["Kode sub-kegiatan"]), name=_clean(r["Sub-kegiatan"]), description=str(r["Uraian usulan"]),
                location=str(r["Lokasi"] or r["Kode lokasi"] or ""), target=_num(r["Target"]), unit=str(r["Satuan"] or ""),
                pagu=_num(r["Pagu (Rp)"]), funding=str(r["Rincian sumber dana"] or r["Sumber dana"] or ""),
                reference=f"{r['Berkas']} baris {r[row_col]}" if r.get("Berkas") else f"usulan #{r[row_col]}",
            ))
        for _, r in mine[~agreed[mine.index]].iterrows():
            why = "ditolak" if r["Status"] == "ditolak" else f"{int(r['Galat'])} galat: {r['Kode temuan']}" if r["Galat"] else f"status {r['Status']}"
            region.not_agreed.append(f"{r['Kode sub-kegiatan']} {r['Uraian usulan']} ({r.get('Berkas', '')} baris {r[row_col]}) — {why}.")
        for _, f in pairs.iterrows():
            if code not in (f.get("Kode wilayah"), _office_code(f, m, row_col)):
                continue
            region.duplicates.append(f"{FINDING_CODES[f['Temuan']]['title']}: {places.side(f, pair=False)} dengan "
                                     f"{places.side(f, pair=True)} — belum diputuskan dalam berkas; dibahas dan diputuskan dalam rapat.")
        out.append(region)
    years = matrix.info.get("tahun") or []
    return BeritaAcara(
        year=year or (", ".join(str(y) for y in years) or "—"), regions=out, signatories=signatories_for(codes, regions),
        province=regions.name(regions.province), place=place, meeting_date=meeting_date, follow_ups=list(follow_ups or []),
        ceilings=matrix.ceilings.to_dict("records") if matrix.ceilings is not None else [], notes=notes,
        prepared=date.fromisoformat(matrix.info["tanggal"]) if matrix.info.get("tanggal") else None,
    )


def _office_code(finding, m: pd.DataFrame, row_col: str) -> str:
    """The office of a pair's other side (by its file and row in the matrix)."""
    pair_col = "Baris pasangan" if row_col == "Baris" else "No. usulan pasangan"
    row = finding.get(pair_col)
    if row is None or pd.isna(row):
        return ""
    hit = m[(m[row_col] == int(row)) & (m["Berkas"].astype(str) == str(finding.get("Berkas pasangan") or ""))] if "Berkas" in m else m[m[row_col] == int(row)]
    if not len(hit):
        hit = m[m[row_col] == int(row)]
    return str(hit["Kode wilayah pengusul"].iloc[0]) if len(hit) else ""


def _clean(v) -> str:
    text = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
    return "" if text.startswith("(tidak ada") else text


def _num(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return float(v)
