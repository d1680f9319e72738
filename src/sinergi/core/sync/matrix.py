"""The consolidated synchronisation matrix and its summaries, as DataFrames.

One row per proposal with its full coding (urusan, bidang, program, kegiatan, sub-kegiatan and
their names, official indicator and unit), level, office, location, target, unit, pagu, funding
source, review status and findings; plus summaries by program, by office and by funding
source, and the list of findings. :mod:`sinergi.documents.sync_files` writes them to .xlsx and
a short .docx; the web layer can show the same frames.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .checks import CheckResult
from .codes import LEVEL_LABEL, lookup_key, parse_code
from .findings import FINDING_CODES, GALAT, PERINGATAN, findings_frame
from .funding import OVER, describe, is_cofunded, office_totals
from .reference import SyncReference
from .target_groups import split_groups, suggest_groups

STATUS_DEFAULT = "diajukan"
STATUS_LABELS = {
    "draf": "draf",
    "diajukan": "diajukan",
    "perlu_perbaikan": "perlu perbaikan",
    "diterima": "diterima",
    "ditolak": "ditolak",
}

MATRIX_COLUMNS = [
    "No",
    "Baris",
    "Berkas",
    "Kode wilayah pengusul",
    "Pengusul",
    "Tingkat",
    "Tahun",
    "Kode sub-kegiatan",
    "Urusan",
    "Bidang urusan",
    "Kode program",
    "Program",
    "Kode kegiatan",
    "Kegiatan",
    "Sub-kegiatan",
    "Indikator resmi",
    "Satuan resmi",
    "Uraian usulan",
    "Kode lokasi",
    "Lokasi",
    "Kecamatan",
    "Sasaran/penerima manfaat",
    "Kelompok sasaran",
    "Saran kelompok sasaran",
    "Target",
    "Satuan",
    "Pagu (Rp)",
    "Sumber dana",
    "Rincian sumber dana",
    "Didanai bersama",
    "Status",
    "Jumlah temuan",
    "Galat",
    "Peringatan",
    "Kode temuan",
    "Rincian temuan",
    "Catatan",
    "Sidik",
]


@dataclass
class MatrixResult:
    matrix: pd.DataFrame
    by_program: pd.DataFrame
    by_office: pd.DataFrame
    by_funding: pd.DataFrame
    findings: pd.DataFrame
    info: dict = field(default_factory=dict)
    #: each office's share of the proposals against its ceiling (:func:`~.funding.office_totals`);
    #: None when no ceilings were given
    ceilings: pd.DataFrame | None = None

    def sheets(self) -> dict[str, pd.DataFrame]:
        out = {
            "Matriks": self.matrix,
            "Per program": self.by_program,
            "Per pengusul": self.by_office,
            "Per sumber dana": self.by_funding,
        }
        if self.ceilings is not None:
            out["Plafon"] = self.ceilings
        out["Temuan"] = self.findings
        return out

    def over_ceiling(self) -> list[dict]:
        """The offices whose proposals exceed their ceiling (rows of the Plafon sheet)."""
        if self.ceilings is None or not len(self.ceilings):
            return []
        return self.ceilings[self.ceilings["Status plafon"] == OVER].to_dict("records")


def _text(v) -> str:
    """A cell as text: missing values (None, NaN, pandas' NA) are empty, never "nan" or "<NA>"."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return str(v)


_PAIR_PREFIX = r"^Baris \d+ dan \d+: "


class _Locator:
    """Where an office finds a proposal: its file and the row of its own spreadsheet (header =
    row 1, first proposal = row 2). Proposals that did not come from a file (the web form) keep
    their number."""

    def __init__(self, props: pd.DataFrame, regions) -> None:
        self.regions = regions
        self._by_row: dict[int, tuple[str, int | None, str]] = {}
        for r in props.itertuples(index=False):
            file_row = getattr(r, "baris_berkas", None)
            file_row = None if file_row is None or pd.isna(file_row) else int(file_row)
            self._by_row[int(r.row)] = (_text(getattr(r, "berkas", "")), file_row, _text(r.wilayah_kode))

    def file(self, row) -> str:
        return self._by_row.get(int(row), ("", None, ""))[0]

    def file_row(self, row) -> int:
        found = self._by_row.get(int(row))
        return found[1] if found and found[1] is not None else int(row)

    def office(self, row) -> str:
        code = self._by_row.get(int(row), ("", None, ""))[2]
        if not code:
            return ""
        name = self.regions.name(code)
        return f"Provinsi {name}" if code == self.regions.province else name

    def label(self, row) -> str:
        file, file_row, _ = self._by_row.get(int(row), ("", None, ""))
        office = self.office(row)
        if file and file_row is not None:
            return f"usulan {office} ({file}, baris {file_row})"
        return f"baris {int(row)} ({office})" if office else f"baris {int(row)}"


def _name(reference: SyncReference, code: str, authority: str | None) -> str:
    e = reference.nomenclature.find(code, authority or None) if code else None
    return e.name if e is not None else ""


def build_matrix(
    result: CheckResult,
    reference: SyncReference,
    statuses: Mapping[str, str] | None = None,
    title: str = "",
    today: date | None = None,
    ceilings: Mapping[str, float] | None = None,
) -> MatrixResult:
    """Consolidate checked proposals. ``statuses`` maps a proposal's ``sidik_unik`` (or its
    row number as text) to its review status; otherwise the proposal's own ``status`` column.
    ``ceilings`` (office code → pagu indikatif) adds the per-office totals against them
    (``MatrixResult.ceilings``; the 'Plafon' sheet); a co-funded proposal counts in every
    office that pays part of it, with that part."""
    props = result.proposals.reset_index(drop=True)
    nom = reference.nomenclature
    regions = reference.regions
    where = _Locator(props, regions)
    by_row: dict[int, list] = defaultdict(list)
    for f in result.findings:
        by_row[f.row].append(f)
        if f.row_pair is not None:
            by_row[f.row_pair].append(f)
    rows = [
        _matrix_row(k, p, by_row.get(int(p.row), []), reference, statuses, where)
        for k, p in enumerate(props.itertuples(index=False), start=1)
    ]
    matrix = pd.DataFrame(rows, columns=MATRIX_COLUMNS)
    has_error = matrix["Galat"] > 0 if len(matrix) else pd.Series(dtype=bool)
    by_program, by_office, by_funding = _summaries(matrix, has_error, props, result.findings)
    fframe = _findings_sheet(result.findings, where)
    counts = Counter(f.code for f in result.findings)
    info = {
        "judul": title or "Matriks sinkronisasi usulan program ketenagakerjaan dan ketransmigrasian",
        "tanggal": (today or date.today()).isoformat(),
        "versi_nomenklatur": nom.version,
        "nomenklatur_belum_lengkap": sorted(nom.incomplete_levels),
        "nomenklatur_bawaan": nom.embedded,
        "jumlah_usulan": len(matrix),
        "jumlah_pengusul": int(matrix["Kode wilayah pengusul"].nunique()) if len(matrix) else 0,
        "total_pagu": float(matrix["Pagu (Rp)"].where(matrix["Pagu (Rp)"] > 0).fillna(0).sum()) if len(matrix) else 0.0,
        "usulan_dengan_galat": int(has_error.sum()) if len(matrix) else 0,
        "temuan": {code: counts.get(code, 0) for code in FINDING_CODES},
        "tahun": sorted({int(t) for t in matrix["Tahun"].dropna()}) if len(matrix) else [],
    }
    totals = None
    if ceilings is not None:
        # rejected and merged proposals do not count against a ceiling
        counted = props[~matrix["Status"].isin(["ditolak", "digabung"]).to_numpy()] if len(matrix) else props
        totals = office_totals(counted, ceilings, regions)
        info["melebihi_plafon"] = [r["Kode wilayah"] for r in totals.to_dict("records") if r["Status plafon"] == OVER]
    info["didanai_bersama"] = int((matrix["Didanai bersama"] == "ya").sum()) if len(matrix) else 0
    return MatrixResult(matrix, by_program, by_office, by_funding, fframe, info, totals)


def _matrix_row(k: int, p, fs: list, reference: SyncReference, statuses: Mapping[str, str] | None, where: _Locator) -> dict:
    """One proposal as a matrix row: its place in the nomenclature, its content and its findings."""
    nom = reference.nomenclature
    regions = reference.regions
    info = parse_code(p.kode)
    auth = p.tingkat or info.authority
    entry = nom.find(p.kode, auth) if info.valid else None
    program_code = info.program if info.valid else ""
    kegiatan_code = info.kegiatan if info.valid else ""
    urusan = info.segments[0] if info.valid and info.segments else ""
    bidang = info.bidang if info.valid else ""
    if info.valid and lookup_key(p.kode).startswith("X.XX"):
        bidang_name = "(program penunjang perangkat daerah)"
    else:
        bidang_name = _name(reference, bidang, None)
    status = STATUS_DEFAULT
    if statuses:
        status = statuses.get(p.sidik_unik) or statuses.get(str(p.row)) or p.status or STATUS_DEFAULT
    elif p.status:
        status = p.status
    details = []
    for f in fs:
        if f.row_pair is not None:
            other = f.row_pair if f.row == p.row else f.row
            score = "" if f.score is None else f", skor {f.score:.2f}".replace(".", ",")
            details.append(f"{f.code}: {FINDING_CODES[f.code]['title']} dengan {where.label(other)}{score}")
        else:
            details.append(f"{f.code}: {f.message}")
    return {
        "No": k,
        "Baris": where.file_row(p.row),
        "Berkas": _text(p.berkas),
        "Kode wilayah pengusul": p.wilayah_kode,
        "Pengusul": regions.name(p.wilayah_kode) if p.wilayah_kode else "",
        "Tingkat": LEVEL_LABEL.get(p.tingkat, ""),
        "Tahun": int(p.tahun) if not pd.isna(p.tahun) else None,
        "Kode sub-kegiatan": p.kode,
        "Urusan": urusan,
        "Bidang urusan": f"{bidang} {bidang_name}".strip(),
        "Kode program": program_code,
        "Program": _name(reference, program_code, auth),
        "Kode kegiatan": kegiatan_code,
        "Kegiatan": _name(reference, kegiatan_code, auth),
        "Sub-kegiatan": entry.name if entry else "(tidak ada di nomenklatur)",
        "Indikator resmi": entry.indicator if entry else "",
        "Satuan resmi": (entry.unit or (f"(tidak termuat; satuan pengusul: {p.satuan})" if p.satuan else "")) if entry else "",
        "Uraian usulan": p.uraian,
        "Kode lokasi": p.lokasi_kode,
        "Lokasi": regions.name(p.lokasi_kabkota) if p.lokasi_kabkota else "",
        "Kecamatan": _text(p.lokasi_kecamatan),
        "Sasaran/penerima manfaat": _text(p.sasaran),
        "Kelompok sasaran": "; ".join(split_groups(_text(getattr(p, "kelompok_sasaran", "")))),
        # suggested from the description when the office stated none: for the reader, never written back
        "Saran kelompok sasaran": "" if _text(getattr(p, "kelompok_sasaran", "")) else
        "; ".join(g.code for g in suggest_groups(p.uraian, _text(p.sasaran))),
        "Target": None if pd.isna(p.target) else float(p.target),
        "Satuan": p.satuan,
        "Pagu (Rp)": None if pd.isna(p.pagu) else float(p.pagu),
        "Sumber dana": reference.funding.name(p.sumber_dana) if p.sumber_dana else p.sumber_dana_asli,
        "Rincian sumber dana": describe(_lines(p), regions) if is_cofunded(_lines(p)) else "",
        "Didanai bersama": "ya" if is_cofunded(_lines(p)) else "",
        "Status": STATUS_LABELS.get(status, status),
        "Jumlah temuan": len(fs),
        "Galat": sum(1 for f in fs if f.severity == GALAT),
        "Peringatan": sum(1 for f in fs if f.severity == PERINGATAN),
        "Kode temuan": ", ".join(sorted({f.code for f in fs})),
        "Rincian temuan": " | ".join(details),
        "Catatan": _text(p.catatan),
        "Sidik": p.sidik_unik,
    }


def _summaries(matrix: pd.DataFrame, has_error: pd.Series, props: pd.DataFrame, findings: list) -> tuple[pd.DataFrame, ...]:
    """The totals by program, by office and by funding source, each with a JUMLAH row.

    A pair finding (duplicate, overlap) touches two proposals. The matrix counts it on both
    (each office sees its own); a summary counts it once in every group it touches, and the
    JUMLAH row counts every finding once, so it equals the number of rows of the Temuan sheet."""
    index_of = {int(r): i for i, r in enumerate(props["row"])} if len(props) else {}
    touched = [
        {index_of[r] for r in (f.row, f.row_pair) if r is not None and r in index_of}
        for f in findings
    ]

    def summary(keys: list[str], labels: dict) -> pd.DataFrame:
        if not len(matrix):
            return pd.DataFrame(columns=[*labels.values(), "Jumlah usulan", "Pagu (Rp)", "Usulan dengan galat", "Jumlah temuan"])
        pagu = pd.to_numeric(matrix["Pagu (Rp)"], errors="coerce")
        m = matrix.assign(_err=has_error.astype(int), _pagu=pagu.where(pagu > 0, 0.0))
        group_of = [tuple(v) for v in m[keys].fillna("").itertuples(index=False, name=None)]
        per_group = Counter()
        for rows_touched in touched:
            for g in {group_of[i] for i in rows_touched}:
                per_group[g] += 1
        g = m.groupby(keys, dropna=False, sort=True).agg(
            **{
                "Jumlah usulan": ("No", "count"),
                "Pagu (Rp)": ("_pagu", "sum"),
                "Usulan dengan galat": ("_err", "sum"),
            }
        ).reset_index()
        g["Jumlah temuan"] = [per_group.get(tuple("" if pd.isna(v) else v for v in key), 0) for key in g[keys].itertuples(index=False, name=None)]
        g = g.rename(columns=labels)
        total = {c: "" for c in g.columns}
        first = list(labels.values())[0]
        total[first] = "JUMLAH"
        for c in ("Jumlah usulan", "Pagu (Rp)", "Usulan dengan galat"):
            total[c] = g[c].sum()
        total["Jumlah temuan"] = len(findings)
        return pd.concat([g, pd.DataFrame([total])], ignore_index=True)

    by_program = summary(["Kode program", "Program"], {"Kode program": "Kode program", "Program": "Program"})
    by_office = summary(["Kode wilayah pengusul", "Pengusul", "Tingkat"], {"Kode wilayah pengusul": "Kode wilayah", "Pengusul": "Pengusul", "Tingkat": "Tingkat"})
    by_funding = summary(["Sumber dana"], {"Sumber dana": "Sumber dana"})
    if len(by_funding) > 1:
        total_pagu = by_funding["Pagu (Rp)"].iloc[-1] or 0
        by_funding["Porsi pagu (%)"] = [
            round(100.0 * v / total_pagu, 2) if total_pagu else None for v in by_funding["Pagu (Rp)"]
        ]
    return by_program, by_office, by_funding


def _findings_sheet(findings: list, where: _Locator) -> pd.DataFrame:
    """The findings as the 'Temuan' sheet. The core's pair messages number rows across all
    files; here each side is named by its office, file and own row."""
    fframe = findings_frame(findings)
    pair = fframe["row_pair"]
    is_pair = pair.notna()
    fframe.loc[is_pair, "message"] = [
        f"{FINDING_CODES[code]['title']} dengan {where.label(other)}" + ("" if pd.isna(score) else f", skor {score:.2f}".replace(".", ","))
        for code, other, score in zip(fframe.loc[is_pair, "finding"], pair[is_pair], fframe.loc[is_pair, "score"], strict=False)
    ]
    fframe.loc[is_pair, "detail"] = fframe.loc[is_pair, "detail"].str.replace(_PAIR_PREFIX, "", regex=True)
    fframe.insert(0, "Berkas", [where.file(r) for r in fframe["row"]])
    fframe["row"] = [where.file_row(r) for r in fframe["row"]]
    fframe.insert(fframe.columns.get_loc("row_pair"), "Berkas pasangan", [where.file(r) if not pd.isna(r) else "" for r in pair])
    fframe.insert(fframe.columns.get_loc("row_pair") + 1, "Pengusul pasangan", [where.office(r) if not pd.isna(r) else "" for r in pair])
    fframe["row_pair"] = pd.Series([where.file_row(r) if not pd.isna(r) else None for r in pair], dtype=object)
    fframe["score"] = fframe["score"].astype(object).where(fframe["score"].notna(), None)
    return fframe.rename(columns={
        "row": "Baris", "row_pair": "Baris pasangan", "wilayah_kode": "Kode wilayah", "kode": "Kode sub-kegiatan",
        "finding": "Temuan", "severity": "Tingkat keparahan", "field": "Kolom", "message": "Pesan",
        "detail": "Rincian", "score": "Skor", "reasons": "Alasan",
    })


def _lines(p) -> tuple:
    lines = getattr(p, "dana", ())
    return tuple(lines) if isinstance(lines, (tuple, list)) else ()


def legend() -> pd.DataFrame:
    """The finding codes with their meaning, for a legend sheet or page."""
    return pd.DataFrame(
        [{"Kode temuan": k, "Judul": v["title"], "Tingkat keparahan": v["severity"], "Arti": v["explanation"]} for k, v in FINDING_CODES.items()]
    )
