"""Findings: what the checks say about proposals, as data with stable codes.

A finding is never a bare string. It carries a stable ``code`` (the contract with scripts,
the web pages and the matrix), the ``row`` it is about (1-based data row of the input) and,
for pair findings, ``row_pair``; a ``severity``; a short ``message`` and a longer ``detail`` in
Indonesian; the ``field`` concerned; and for similarity findings a ``score`` in [0, 1] with the
``reasons`` that make it up. Duplicates and overlaps are suggestions for a reviewer: the
software never merges proposals.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as _field

import pandas as pd


def gettext_noop(text: str) -> str:
    """Marks a string for the English catalogue (``makemessages`` collects it) without Django:
    the web layer translates the titles and explanations when it shows them."""
    return text


GALAT = "galat"  # the proposal cannot be accepted as it is
PERINGATAN = "peringatan"  # a reviewer should look at it
INFO = "info"

FINDING_CODES: dict[str, dict] = {
    "WAJIB_KOSONG": {
        "severity": GALAT,
        "title": gettext_noop("Isian wajib kosong"),
        "explanation": gettext_noop("Kolom yang wajib diisi (kode sub-kegiatan, uraian, lokasi, target, satuan, pagu, sumber dana, tahun, kode wilayah pengusul) kosong."),
    },
    "KODE_TIDAK_DIKENAL": {
        "severity": GALAT,
        "title": gettext_noop("Kode tidak dikenal"),
        "explanation": gettext_noop("Kode sub-kegiatan tidak ada dalam versi nomenklatur yang dipakai putaran ini, atau bentuknya tidak sah."),
    },
    "BUKAN_KEWENANGAN": {
        "severity": GALAT,
        "title": gettext_noop("Di luar kewenangan pengusul"),
        "explanation": gettext_noop("Tingkat kode (L = 1 provinsi, L = 2 kabupaten/kota) tidak sesuai dengan pengusul, atau programnya hanya kewenangan provinsi (mis. 2.07.06 pengawasan ketenagakerjaan)."),
    },
    "SATUAN_TIDAK_SESUAI": {
        "severity": PERINGATAN,
        "title": gettext_noop("Satuan berbeda dengan satuan resmi"),
        "explanation": gettext_noop("Satuan target berbeda dengan satuan resmi indikator sub-kegiatan pada nomenklatur."),
    },
    "NILAI_TIDAK_VALID": {
        "severity": GALAT,
        "title": gettext_noop("Nilai tidak valid"),
        "explanation": gettext_noop("Target atau pagu bukan angka positif, atau tahun, kode wilayah, lokasi, sumber dana, kelompok sasaran atau sasaran menurut jenis kelamin tidak dapat dibaca."),
    },
    "LOKASI_DI_LUAR_WILAYAH": {
        "severity": GALAT,
        "title": gettext_noop("Lokasi di luar wilayah pengusul"),
        "explanation": gettext_noop("Kabupaten/kota mengusulkan kegiatan yang berlokasi di kabupaten/kota lain (atau provinsi di luar wilayahnya)."),
    },
    "KEMUNGKINAN_DUPLIKAT": {
        "severity": PERINGATAN,
        "title": gettext_noop("Kemungkinan duplikat"),
        "explanation": gettext_noop("Dua usulan dengan sub-kegiatan sama atau sub-kegiatan cermin provinsi/kabupaten-kota, lokasi dan tahun sama, dan uraian mirip. Tidak digabung otomatis: peninjau memutuskan."),
    },
    "TUMPANG_TINDIH": {
        "severity": PERINGATAN,
        "title": gettext_noop("Tumpang tindih"),
        "explanation": gettext_noop("Dua usulan dengan kode berbeda tetapi melayani sasaran, tempat dan waktu yang sama (mis. pelatihan provinsi dan kota pada kejuruan yang sama di kota yang sama)."),
    },
}

SEVERITY_ORDER = {GALAT: 0, PERINGATAN: 1, INFO: 2}


@dataclass(frozen=True)
class Finding:
    code: str
    row: int
    message: str
    detail: str = ""
    severity: str = ""
    row_pair: int | None = None
    field: str = ""
    wilayah_kode: str = ""
    kode: str = ""
    score: float | None = None
    reasons: tuple[str, ...] = _field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.code not in FINDING_CODES:
            raise ValueError(f"unknown finding code {self.code!r}")
        if not self.severity:
            object.__setattr__(self, "severity", FINDING_CODES[self.code]["severity"])

    @property
    def blocking(self) -> bool:
        """True when the proposal cannot be accepted before it is fixed."""
        return self.severity == GALAT

    @property
    def pair(self) -> bool:
        return self.row_pair is not None

    def as_dict(self) -> dict:
        d = asdict(self)
        d["reasons"] = list(self.reasons)
        return d


FINDING_FRAME_COLUMNS = [
    "row",
    "row_pair",
    "wilayah_kode",
    "kode",
    "finding",
    "severity",
    "field",
    "message",
    "detail",
    "score",
    "reasons",
]


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a table, sorted by row, severity and code."""
    rows = [
        {
            "row": f.row,
            "row_pair": f.row_pair,
            "wilayah_kode": f.wilayah_kode,
            "kode": f.kode,
            "finding": f.code,
            "severity": f.severity,
            "field": f.field,
            "message": f.message,
            "detail": f.detail,
            "score": f.score,
            "reasons": "; ".join(f.reasons),
        }
        for f in sort_findings(findings)
    ]
    frame = pd.DataFrame(rows, columns=FINDING_FRAME_COLUMNS)
    frame["row_pair"] = frame["row_pair"].astype("Int64")
    return frame


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (f.row, SEVERITY_ORDER.get(f.severity, 9), f.code, f.row_pair or 0, f.field),
    )
