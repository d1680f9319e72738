"""The consolidated synchronisation matrix and its summaries, as DataFrames.

One row per proposal with its full coding (urusan, bidang, program, kegiatan, sub-kegiatan and
their names, official indicator and unit), level, office, location, target, unit, pagu, funding
source, review status and findings; plus summaries by program, by office and by funding
source, and the list of findings. :mod:`sinergi.documents.sync_files` writes them to .xlsx and
a short .docx; the web layer can show the same frames.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

import pandas as pd

from .checks import CheckResult
from .codes import LEVEL_LABEL, lookup_key, parse_code
from .findings import FINDING_CODES, GALAT, PERINGATAN, findings_frame
from .reference import SyncReference

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
    "Target",
    "Satuan",
    "Pagu (Rp)",
    "Sumber dana",
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

    def sheets(self) -> dict[str, pd.DataFrame]:
        return {
            "Matriks": self.matrix,
            "Per program": self.by_program,
            "Per pengusul": self.by_office,
            "Per sumber dana": self.by_funding,
            "Temuan": self.findings,
        }


def _name(reference: SyncReference, code: str, authority: str | None) -> str:
    e = reference.nomenclature.find(code, authority or None) if code else None
    return e.name if e is not None else ""


def build_matrix(
    result: CheckResult,
    reference: SyncReference,
    statuses: Mapping[str, str] | None = None,
    title: str = "",
    today: date | None = None,
) -> MatrixResult:
    """Consolidate checked proposals. ``statuses`` maps a proposal's ``sidik_unik`` (or its
    row number as text) to its review status; otherwise the proposal's own ``status`` column."""
    props = result.proposals.reset_index(drop=True)
    nom = reference.nomenclature
    regions = reference.regions
    by_row: dict[int, list] = defaultdict(list)
    for f in result.findings:
        by_row[f.row].append(f)
        if f.row_pair is not None:
            by_row[f.row_pair].append(f)
    rows = []
    for k, p in enumerate(props.itertuples(index=False), start=1):
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
        fs = by_row.get(int(p.row), [])
        status = STATUS_DEFAULT
        if statuses:
            status = statuses.get(p.sidik_unik) or statuses.get(str(p.row)) or p.status or STATUS_DEFAULT
        elif p.status:
            status = p.status
        details = []
        for f in fs:
            other = ""
            if f.row_pair is not None:
                other = f" (dengan baris {f.row_pair if f.row == p.row else f.row})"
            details.append(f"{f.code}{other}: {f.message}")
        rows.append({
            "No": k,
            "Baris": int(p.row),
            "Berkas": p.berkas,
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
            "Satuan resmi": entry.unit if entry else "",
            "Uraian usulan": p.uraian,
            "Kode lokasi": p.lokasi_kode,
            "Lokasi": regions.name(p.lokasi_kabkota) if p.lokasi_kabkota else "",
            "Kecamatan": p.lokasi_kecamatan,
            "Sasaran/penerima manfaat": p.sasaran,
            "Target": None if pd.isna(p.target) else float(p.target),
            "Satuan": p.satuan,
            "Pagu (Rp)": None if pd.isna(p.pagu) else float(p.pagu),
            "Sumber dana": reference.funding.name(p.sumber_dana) if p.sumber_dana else p.sumber_dana_asli,
            "Status": STATUS_LABELS.get(status, status),
            "Jumlah temuan": len(fs),
            "Galat": sum(1 for f in fs if f.severity == GALAT),
            "Peringatan": sum(1 for f in fs if f.severity == PERINGATAN),
            "Kode temuan": ", ".join(sorted({f.code for f in fs})),
            "Rincian temuan": " | ".join(details),
            "Catatan": p.catatan,
            "Sidik": p.sidik_unik,
        })
    matrix = pd.DataFrame(rows, columns=MATRIX_COLUMNS)
    has_error = matrix["Galat"] > 0 if len(matrix) else pd.Series(dtype=bool)

    def summary(keys: list[str], labels: dict) -> pd.DataFrame:
        if not len(matrix):
            return pd.DataFrame(columns=[*labels.values(), "Jumlah usulan", "Pagu (Rp)", "Usulan dengan galat", "Jumlah temuan"])
        pagu = pd.to_numeric(matrix["Pagu (Rp)"], errors="coerce")
        m = matrix.assign(_err=has_error.astype(int), _pagu=pagu.where(pagu > 0, 0.0))
        g = m.groupby(keys, dropna=False, sort=True).agg(
            **{
                "Jumlah usulan": ("No", "count"),
                "Pagu (Rp)": ("_pagu", "sum"),
                "Usulan dengan galat": ("_err", "sum"),
                "Jumlah temuan": ("Jumlah temuan", "sum"),
            }
        ).reset_index()
        g = g.rename(columns=labels)
        total = {c: "" for c in g.columns}
        first = list(labels.values())[0]
        total[first] = "JUMLAH"
        for c in ("Jumlah usulan", "Pagu (Rp)", "Usulan dengan galat", "Jumlah temuan"):
            total[c] = g[c].sum()
        return pd.concat([g, pd.DataFrame([total])], ignore_index=True)

    by_program = summary(["Kode program", "Program"], {"Kode program": "Kode program", "Program": "Program"})
    by_office = summary(["Kode wilayah pengusul", "Pengusul", "Tingkat"], {"Kode wilayah pengusul": "Kode wilayah", "Pengusul": "Pengusul", "Tingkat": "Tingkat"})
    by_funding = summary(["Sumber dana"], {"Sumber dana": "Sumber dana"})
    if len(by_funding) > 1:
        total_pagu = by_funding["Pagu (Rp)"].iloc[-1] or 0
        by_funding["Porsi pagu (%)"] = [
            round(100.0 * v / total_pagu, 2) if total_pagu else None for v in by_funding["Pagu (Rp)"]
        ]
    fframe = findings_frame(result.findings)
    fframe = fframe.rename(columns={
        "row": "Baris", "row_pair": "Baris pasangan", "wilayah_kode": "Kode wilayah", "kode": "Kode sub-kegiatan",
        "finding": "Temuan", "severity": "Tingkat keparahan", "field": "Kolom", "message": "Pesan",
        "detail": "Rincian", "score": "Skor", "reasons": "Alasan",
    })
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
    return MatrixResult(matrix, by_program, by_office, by_funding, fframe, info)


def legend() -> pd.DataFrame:
    """The finding codes with their meaning, for a legend sheet or page."""
    return pd.DataFrame(
        [{"Kode temuan": k, "Judul": v["title"], "Tingkat keparahan": v["severity"], "Arti": v["explanation"]} for k, v in FINDING_CODES.items()]
    )
