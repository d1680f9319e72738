"""Proposal rows: reading the cells of a proposal table into typed values, field by field.

:func:`prepare_proposals` takes the rows as they came from a file or a form (a DataFrame
with the columns of :data:`REQUIRED` and any of :data:`OPTIONAL`, cells as text or numbers)
and returns a typed table with one row per proposal plus the field findings
(``WAJIB_KOSONG``, ``NILAI_TIDAK_VALID``). It never raises on a bad cell: a bad cell is a
finding. Rows whose content fields are all blank (e.g. unused template rows that carry only a
pre-filled office code or formulas) are dropped.

Each proposal gets ``sidik``, a fingerprint of its content, and ``sidik_unik``, the fingerprint
plus its occurrence number within the upload: uploading the same file again gives the same
values, so a database can skip proposals it already holds.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from sinergi.core.columns import spellings
from sinergi.core.numbers import NotANumber, is_blank, parse_number
from sinergi.core.rules import Column, Refusal, apply_rules

from .codes import parse_code
from .findings import PERINGATAN, Finding
from .funding import FundingLine, format_breakdown, parse_breakdown
from .reference import FundingSources, Regions, unit_key
from .target_groups import ALLOWED_TEXT, join_groups, parse_groups
from .text import fold

REQUIRED = (
    "wilayah_kode",
    "tahun",
    "kode_sub_kegiatan",
    "uraian",
    "lokasi_kode",
    "target",
    "satuan",
    "pagu",
    "sumber_dana",
)
OPTIONAL = ("lokasi_kecamatan", "sasaran", "catatan", "status", "usulan_id", "kelompok_sasaran", "sasaran_laki_laki", "sasaran_perempuan", "rincian_dana")
# fields that make a row a proposal; a row with all of these blank is an unused row
CONTENT = (
    "kode_sub_kegiatan",
    "uraian",
    "lokasi_kode",
    "lokasi_kecamatan",
    "sasaran",
    "target",
    "satuan",
    "pagu",
    "sumber_dana",
    "catatan",
    "kelompok_sasaran",
    "sasaran_laki_laki",
    "sasaran_perempuan",
    "rincian_dana",
)
LABELS = {
    "wilayah_kode": "kode wilayah pengusul",
    "tahun": "tahun",
    "kode_sub_kegiatan": "kode sub-kegiatan",
    "uraian": "uraian usulan",
    "lokasi_kode": "lokasi",
    "target": "target",
    "satuan": "satuan",
    "pagu": "pagu (Rp)",
    "sumber_dana": "sumber dana",
    "rincian_dana": "rincian sumber dana",
}
# other header spellings people use for the same columns (after header normalisation)
HEADER_ALIASES = {
    "kode_wilayah": "wilayah_kode",
    "wilayah": "wilayah_kode",
    "kode_pengusul": "wilayah_kode",
    "tahun_anggaran": "tahun",
    "kode_subkegiatan": "kode_sub_kegiatan",
    "kode_sub_keg": "kode_sub_kegiatan",
    "sub_kegiatan": "kode_sub_kegiatan",
    "kode": "kode_sub_kegiatan",
    "uraian_usulan": "uraian",
    "usulan": "uraian",
    "lokasi": "lokasi_kode",
    "kode_lokasi": "lokasi_kode",
    "kecamatan": "lokasi_kecamatan",
    "sasaran/penerima_manfaat": "sasaran",
    "penerima_manfaat": "sasaran",
    "volume": "target",
    "pagu_(rp)": "pagu",
    "pagu_rp": "pagu",
    "anggaran": "pagu",
    "sumber_dana_": "sumber_dana",
    "keterangan": "catatan",
    "kelompok": "kelompok_sasaran",
    "kelompok_sasaran_": "kelompok_sasaran",
    "sasaran_kelompok": "kelompok_sasaran",
    "sasaran_laki-laki": "sasaran_laki_laki",
    "sasaran_pria": "sasaran_laki_laki",
    "sasaran_l": "sasaran_laki_laki",
    "sasaran_wanita": "sasaran_perempuan",
    "sasaran_p": "sasaran_perempuan",
    "rincian_sumber_dana": "rincian_dana",
    "pendanaan_bersama": "rincian_dana",
    **spellings("wilayah_kode", "tahun"),  # region_code, year: the names of the IPK/RTK/statistics files
}

PREPARED_COLUMNS = [
    "row",
    "baris_berkas",
    "berkas",
    "wilayah_kode",
    "tingkat",
    "tahun",
    "kode",
    "kode_asli",
    "kode_sah",
    "kode_catatan",
    "uraian",
    "lokasi_kode",
    "lokasi_kabkota",
    "lokasi_kecamatan",
    "sasaran",
    "kelompok_sasaran",
    "sasaran_laki_laki",
    "sasaran_perempuan",
    "target",
    "satuan",
    "pagu",
    "sumber_dana",
    "sumber_dana_asli",
    "rincian_dana",
    "dana",
    "catatan",
    "status",
    "usulan_id",
    "sidik",
    "sidik_unik",
]


def canonical_columns(columns) -> dict[str, str]:
    """Map of the given (normalised) header names to canonical names, for renaming."""
    out = {}
    present = set(columns)
    for c in columns:
        target = HEADER_ALIASES.get(c)
        if target and target not in present and target not in out.values():
            out[c] = target
    return out


@dataclass
class Prepared:
    """Typed proposals and the findings about single fields."""

    proposals: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)


def _text(value) -> str:
    if type(value) is str:  # most cells: a blank string joins to "" as well
        return " ".join(value.split())
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def fingerprint(values: list) -> str:
    h = hashlib.sha256("\x1f".join(values).encode("utf-8"))
    return h.hexdigest()[:20]


def _num_key(x: float | None) -> str:
    if x is None or x != x:
        return ""
    return repr(round(float(x), 6))


class _FindingsByRow:
    """The bridge from :mod:`sinergi.core.rules` to findings: :func:`~sinergi.core.rules.apply_rules`
    reports each refusal like a problem (code, message, fix, column); here it becomes a
    :class:`Finding` of the row (fix → ``detail``, column → ``field``), kept by row position."""

    def __init__(self) -> None:
        self.of: dict[int, list[Finding]] = defaultdict(list)

    def add(self, code: str, message: str, fix: str = "", *, row: int, column: str, **_where) -> None:
        self.of[row].append(Finding(code=code, row=row, message=message, detail=fix, field=column))


def _required_rules(columns) -> tuple[Column, ...]:
    """A blank required cell: ``WAJIB_KOSONG`` with the column's fill hint."""
    return tuple(
        Column(c, _as_is, required=True,
               blank_refusal=("WAJIB_KOSONG", f"Kolom '{c}' ({LABELS[c]}) kosong.", f"Kolom '{c}' wajib diisi. " + _fill_hint(c)))
        for c in columns
    )


def _as_is(cell):
    return cell


def _cell_rules(regions: Regions, office: str | None, round_year: int | None) -> tuple[Column, ...]:
    """How each cell of a proposal is read, in the order its findings are reported."""
    bad = "NILAI_TIDAK_VALID"

    def office_cell(cell) -> str:
        wilayah, problem = regions.normalise_office(cell)
        if problem:
            raise Refusal(bad, f"Kode wilayah pengusul tidak valid: {problem}.",
                          f"Isi {regions.province} untuk provinsi atau kode BPS 4 digit kabupaten/kota (mis. 6472 Samarinda).", kept=wilayah)
        if office and wilayah != office:
            raise Refusal(bad, f"Baris ini milik wilayah {wilayah} ({regions.name(wilayah)}), bukan pengusul berkas ini ({office} {regions.name(office)}).",
                          "Setiap perangkat daerah hanya mengunggah usulannya sendiri; hapus baris ini atau perbaiki kode wilayahnya.", kept=wilayah)
        return wilayah

    def year_cell(cell) -> int:
        try:
            t = parse_number(cell)
            if not t.is_integer() or not 2000 <= t <= 2100:
                raise NotANumber(str(cell))
        except NotANumber:
            raise Refusal(bad, f"Tahun '{_text(cell)}' bukan tahun yang sah.", "Tulis tahun anggaran dengan 4 angka, mis. 2025.",
                          kept=None) from None  # not the round's year: that is for a blank cell only
        tahun = int(t)
        if round_year and tahun != round_year:
            raise Refusal(bad, f"Tahun {tahun} berbeda dengan tahun anggaran putaran usulan ({round_year}).",
                          f"Isi tahun {round_year}, atau ajukan usulan ini pada putaran tahun {tahun}.", kept=tahun)
        return tahun

    def location_cell(cell):
        loc, problem = regions.resolve_location(cell)
        if loc is None:
            raise Refusal(bad, f"Lokasi tidak dapat dibaca: {problem}.",
                          "Isi kode BPS kabupaten/kota (mis. 6472) atau kecamatan, atau nama kabupaten/kota; "
                          f"{regions.province} untuk kegiatan tingkat provinsi.")
        return loc

    def groups_cell(cell) -> str:
        groups = parse_groups(cell)
        if groups.unknown:
            raise Refusal(bad, "Kelompok sasaran tidak dikenal: " + ", ".join(f"'{u}'" for u in groups.unknown) + ".",
                          f"Isi satu atau beberapa kode dipisah titik koma (;): {ALLOWED_TEXT}. Kosongkan bila tidak ada kelompok khusus.",
                          kept=join_groups(groups.codes))
        return join_groups(groups.codes)

    def people_cell(what: str):
        def parse(cell) -> int:
            try:
                value = parse_number(cell, thousands_dot=True)
                if value < 0 or not float(value).is_integer():
                    raise NotANumber(str(cell))
            except NotANumber:
                raise Refusal(bad, f"{what} '{_text(cell)}' bukan jumlah orang yang sah.",
                              "Tulis jumlah orang dengan angka bulat 0 atau lebih (mis. 20), atau kosongkan.") from None
            return int(value)
        return parse

    def amount_cell(c: str, hint: str):
        def parse(cell) -> float:
            try:
                value = parse_number(cell, thousands_dot=True)  # counts and rupiah: 1.250 = 1250
            except NotANumber:
                raise Refusal(bad, f"{_cap(LABELS[c])} '{_text(cell)}' bukan angka.", hint) from None
            if value <= 0:
                raise Refusal(bad, f"{_cap(LABELS[c])} harus lebih dari 0 (tertulis {_text(cell)}).",
                              f"Isi {LABELS[c]} dengan angka positif.", kept=value)
            return value
        return parse

    return (
        Column("wilayah_kode", office_cell, blank=office or ""),
        Column("tahun", year_cell, blank=round_year if round_year else None),
        Column("lokasi_kode", location_cell),
        Column("kelompok_sasaran", groups_cell, blank=""),
        Column("sasaran_laki_laki", people_cell("Sasaran laki-laki")),
        Column("sasaran_perempuan", people_cell("Sasaran perempuan")),
        Column("target", amount_cell("target", "Tulis angka saja (mis. 25 atau 1.250); satuan ditulis di kolom 'satuan'."), blank=float("nan")),
        Column("pagu", amount_cell("pagu", "Tulis angka rupiah saja, mis. 1.500.000.000."), blank=float("nan")),
    )


def prepare_proposals(
    frame: pd.DataFrame,
    regions: Regions,
    funding: FundingSources,
    round_year: int | None = None,
    office: str | None = None,
    row_numbers: list[int] | None = None,
    file_rows: list[int] | None = None,
    file: str = "",
) -> Prepared:
    """Type the proposal cells and report field problems.

    ``row_numbers`` are the 1-based data row numbers to report (default 1…n); ``file_rows``
    the spreadsheet row numbers (kept as ``baris_berkas`` to locate problems); ``office``
    fills a blank ``wilayah_kode`` and marks rows of another office; ``round_year`` the budget
    year of the round.
    """
    frame = frame.rename(columns=canonical_columns(frame.columns))
    n = len(frame)
    row_numbers = list(row_numbers) if row_numbers is not None else list(range(1, n + 1))
    file_rows = list(file_rows) if file_rows is not None else [None] * n
    cols = {c: frame[c].tolist() if c in frame.columns else [None] * n for c in (*REQUIRED, *OPTIONAL)}
    used = [i for i in range(n) if not all(is_blank(cols[c][i]) for c in CONTENT)]  # unused template rows dropped
    cells = pd.DataFrame({c: [cols[c][i] for i in used] for c in cols}, dtype=object)
    found = _FindingsByRow()
    breakdown = [not is_blank(v) for v in cells["rincian_dana"]]
    required = [c for c in REQUIRED if not (c == "wilayah_kode" and office)]
    single = [k for k, b in enumerate(breakdown) if not b]
    shared = [k for k, b in enumerate(breakdown) if b]
    apply_rules(cells.iloc[single], _required_rules(required), found, rows=single)
    # pagu and sumber_dana of a co-funded row are taken from its breakdown
    apply_rules(cells.iloc[shared], _required_rules([c for c in required if c not in ("pagu", "sumber_dana")]), found, rows=shared)
    blanks, found = found, _FindingsByRow()
    parsed = apply_rules(cells, _cell_rules(regions, office, round_year), found, rows=range(len(used))).values
    findings: list[Finding] = []
    out: list[dict] = []
    seen: dict[str, int] = {}
    for k, i in enumerate(used):
        raw = {c: cols[c][i] for c in cols}
        rec: dict = {"row": row_numbers[i], "baris_berkas": file_rows[i], "berkas": file}
        local = blanks.of.get(k, []) + found.of.get(k, [])
        wilayah = parsed["wilayah_kode"][k]
        rec["wilayah_kode"] = wilayah
        rec["tingkat"] = regions.authority(wilayah) or ""
        rec["tahun"] = parsed["tahun"][k]
        info = parse_code(raw["kode_sub_kegiatan"])  # checked against the nomenclature later
        rec["kode_asli"] = _text(raw["kode_sub_kegiatan"])
        rec["kode"] = info.code if info.valid else rec["kode_asli"]
        rec["kode_sah"] = info.valid
        rec["kode_catatan"] = "; ".join(info.notes) if info.valid else info.problem
        rec["uraian"] = _text(raw["uraian"])
        loc = parsed["lokasi_kode"][k]
        rec["lokasi_kode"] = loc.code if loc else ""
        rec["lokasi_kabkota"] = loc.kabkota if loc else ""
        rec["lokasi_kecamatan"] = _text(raw["lokasi_kecamatan"])
        rec["sasaran"] = _text(raw["sasaran"])
        for c in ("kelompok_sasaran", "sasaran_laki_laki", "sasaran_perempuan", "target", "pagu"):
            rec[c] = parsed[c][k]
        rec["satuan"] = _text(raw["satuan"])
        by_sex = [rec[c] for c in ("sasaran_laki_laki", "sasaran_perempuan") if rec[c] is not None]
        if by_sex and unit_key(rec["satuan"]) == unit_key("Orang") and rec["target"] == rec["target"] and sum(by_sex) > rec["target"]:
            local.append(Finding(code="NILAI_TIDAK_VALID", row=k, field="sasaran_perempuan", severity=PERINGATAN,
                                 message=f"Sasaran laki-laki dan perempuan ({sum(by_sex)} orang) melebihi target ({_text(rec['target'])} orang).",
                                 detail="Periksa kembali target atau sasaran menurut jenis kelamin."))
        local += _funding(rec, raw, breakdown[k], funding, regions, k)
        rec["catatan"] = _text(raw["catatan"])
        rec["status"] = _text(raw["status"]) or "diajukan"
        rec["usulan_id"] = _text(raw["usulan_id"])
        sidik = fingerprint(_content(rec, by_sex))
        seen[sidik] = seen.get(sidik, 0) + 1
        rec["sidik"] = sidik
        rec["sidik_unik"] = f"{sidik}-{seen[sidik]}"
        findings += [
            Finding(code=f.code, row=rec["row"], message=f.message, detail=f.detail, severity=f.severity,
                    field=f.field, wilayah_kode=wilayah, kode=rec["kode"])
            for f in local
        ]
        out.append(rec)
    proposals = pd.DataFrame(out, columns=PREPARED_COLUMNS)
    proposals["tahun"] = proposals["tahun"].astype("Int64")
    proposals["baris_berkas"] = proposals["baris_berkas"].astype("Int64")
    proposals["target"] = proposals["target"].astype(float)
    proposals["pagu"] = proposals["pagu"].astype(float)
    for c in ("sasaran_laki_laki", "sasaran_perempuan"):
        proposals[c] = proposals[c].astype("Int64")
    proposals["kode_sah"] = proposals["kode_sah"].astype(bool)
    return Prepared(proposals.reset_index(drop=True), findings)


def _funding(rec: dict, raw: dict, breakdown: bool, funding: FundingSources, regions: Regions, row: int) -> list[Finding]:
    """Funding: one source (pagu + sumber_dana) or a breakdown over several (rincian_dana);
    fills ``rec``'s funding fields and returns the findings about them."""
    found: list[Finding] = []

    def add(fld: str, message: str, detail: str, severity: str = "") -> None:
        found.append(Finding(code="NILAI_TIDAK_VALID", row=row, message=message, detail=detail, field=fld, severity=severity))

    wilayah = rec["wilayah_kode"]
    rec["sumber_dana_asli"] = _text(raw["sumber_dana"])
    rec["sumber_dana"] = ""
    rec["rincian_dana"] = ""
    rec["dana"] = ()
    if breakdown:
        lines, problem = parse_breakdown(_text(raw["rincian_dana"]), funding, regions, wilayah)
        if problem:
            add("rincian_dana", f"Rincian sumber dana tidak dapat dibaca: {problem}.",
                "Tulis 'SUMBER = JUMLAH' dipisah titik koma, kode wilayah penyandang dana dalam kurung bila bukan pengusul, "
                "mis. 'APBD provinsi (64) = 1.200.000.000; APBD kabupaten/kota (6472) = 450.000.000'.")
        else:
            total = sum(ln.amount for ln in lines)
            if rec["pagu"] != rec["pagu"]:  # pagu left blank: the breakdown's sum
                rec["pagu"] = total
            elif abs(rec["pagu"] - total) > 0.5:
                add("rincian_dana", f"Jumlah rincian sumber dana ({format_breakdown(lines)}) berbeda dengan pagu ({_text(raw['pagu'])}).",
                    "Samakan pagu dengan jumlah rinciannya, atau kosongkan pagu agar diisi jumlah rincian.")
            rec["dana"] = tuple(lines)
            rec["rincian_dana"] = format_breakdown(lines)
            keys = list(dict.fromkeys(ln.source for ln in lines))
            rec["sumber_dana"] = keys[0] if len(keys) == 1 else ""
            rec["sumber_dana_asli"] = " + ".join(funding.name(k) for k in keys)
    elif rec["sumber_dana_asli"]:
        key = funding.match(rec["sumber_dana_asli"], rec["tingkat"] or None)
        rec["sumber_dana"] = key
        if not key:
            add("sumber_dana", f"Sumber dana '{rec['sumber_dana_asli']}' tidak dikenal.",
                "Pilih salah satu: " + ", ".join(funding.names()) + ".", severity=PERINGATAN)
    if not breakdown and rec["pagu"] == rec["pagu"] and rec["pagu"] > 0:
        name = funding.name(rec["sumber_dana"]) if rec["sumber_dana"] else rec["sumber_dana_asli"]
        rec["dana"] = (FundingLine(rec["sumber_dana"], name, wilayah, float(rec["pagu"])),)
    return found


def _content(rec: dict, by_sex: list) -> list[str]:
    """What the fingerprint is made of."""
    content = [
        rec["wilayah_kode"],
        str(rec["tahun"] or ""),
        rec["kode"],
        fold(rec["uraian"]),
        rec["lokasi_kode"],
        fold(rec["lokasi_kecamatan"]),
        fold(rec["sasaran"]),
        _num_key(rec["target"]),
        unit_key(rec["satuan"]),
        _num_key(rec["pagu"]),
        rec["sumber_dana"] or fold(rec["sumber_dana_asli"]),
        fold(rec["catatan"]),
    ]
    if rec["kelompok_sasaran"] or by_sex:  # only then: files without these columns keep their fingerprints
        content += [rec["kelompok_sasaran"], str(rec["sasaran_laki_laki"] or ""), str(rec["sasaran_perempuan"] or "")]
    if rec["rincian_dana"]:  # only then: fingerprints of single-source rows stay as they were
        content.append(rec["rincian_dana"])
    return content


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill_hint(column: str) -> str:
    return {
        "wilayah_kode": "Isi 64 untuk provinsi atau kode BPS kabupaten/kota pengusul (mis. 6472).",
        "tahun": "Isi tahun anggaran, mis. 2025.",
        "kode_sub_kegiatan": "Pilih kode sub-kegiatan dari nomenklatur (mis. 2.07.03.2.01.0009); gunakan 'sinergi sinkron saran-kode' bila hanya ada uraian.",
        "uraian": "Tuliskan apa yang diusulkan, mis. 'Pelatihan las bagi pencari kerja'.",
        "lokasi_kode": "Isi kode BPS kabupaten/kota lokasi kegiatan (64 bila tingkat provinsi).",
        "target": "Isi angka target sesuai satuan indikator.",
        "satuan": "Isi satuan resmi indikator sub-kegiatan (mis. Orang).",
        "pagu": "Isi pagu dalam rupiah, mis. 1.500.000.000.",
        "sumber_dana": "Isi sumber dana, mis. APBD kabupaten/kota.",
    }.get(column, "")
