"""All proposal checks in one call: fields, nomenclature, authority, unit, location, and the
duplicate/overlap suggestions.

:func:`check_proposals` is the entry point for the CLI, the web upload and the benchmark:

>>> result = check_proposals(frame, reference, round_year=2025)      # doctest: +SKIP
>>> result.findings          # list[Finding], sorted by row
>>> result.proposals         # typed proposals (one row per proposal, with ``sidik``)
>>> result.findings_frame()  # the same findings as a table

It takes plain rows and reference objects and does no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .codes import (
    DIGIT_LEVEL,
    GENERIC_PREFIX,
    KABKOTA,
    LEVEL_LABEL,
    PROVINSI,
    SPECIAL_L,
    SUPPORTED_BIDANG,
    lookup_key,
    parse_code,
    swap_level,
)
from .duplicates import SimilarityOptions, find_similar
from .findings import Finding, findings_frame, sort_findings
from .nomenclature import Nomenclature
from .proposals import prepare_proposals
from .reference import SyncReference, unit_key

IMPORT_HINT = "impor nomenklatur resmi (menu Nomenklatur › Impor, atau 'sinergi sinkron nomenklatur impor BERKAS.xlsx')"


@dataclass
class CheckResult:
    proposals: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    nomenclature_version: str = ""

    def findings_frame(self) -> pd.DataFrame:
        return findings_frame(self.findings)

    def by_row(self) -> dict[int, list[Finding]]:
        out: dict[int, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(f.row, []).append(f)
            if f.row_pair is not None:
                out.setdefault(f.row_pair, []).append(f)
        return out

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.code] = out.get(f.code, 0) + 1
        return out

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]


def check_codes(proposals: pd.DataFrame, nomenclature: Nomenclature, unit_synonyms=None) -> list[Finding]:
    """KODE_TIDAK_DIKENAL, BUKAN_KEWENANGAN and SATUAN_TIDAK_SESUAI for typed proposals.

    The verdict depends only on the code as written, the office, its level and the unit, which
    repeat over a round's rows: each combination is judged once."""
    out: list[Finding] = []
    verdicts: dict[tuple, list[tuple[str, str, str, str, str]]] = {}
    columns = [_column(proposals, c) for c in ("row", "wilayah_kode", "tingkat", "kode", "kode_asli", "satuan")]
    for row, office, tingkat, kode, raw_code, satuan in zip(*columns, strict=True):
        if not raw_code:
            continue  # WAJIB_KOSONG already
        key = (raw_code, office, tingkat, kode, satuan)
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = _code_verdict(raw_code, office, tingkat, kode, satuan, nomenclature, unit_synonyms)
        for code, message, detail, fld, kd in verdict:
            out.append(Finding(code=code, row=int(row), message=message, detail=detail, field=fld, wilayah_kode=office, kode=kd))
    return out


def _column(frame: pd.DataFrame, name: str) -> list:
    # plain lists: iterating pandas' string and nullable columns element by element is slow
    return frame[name].tolist()


def _code_verdict(raw_code: str, office: str, tingkat: str, kode: str, satuan, nomenclature: Nomenclature,
                  unit_synonyms) -> list[tuple[str, str, str, str, str]]:
    """The code findings of one proposal as ``(code, message, detail, field, kode)``."""
    out: list[tuple[str, str, str, str, str]] = []

    def add(code: str, message: str, detail: str, fld: str = "kode_sub_kegiatan") -> None:
        out.append((code, message, detail, fld, kode))

    info = parse_code(raw_code)
    if not info.valid:
        add("KODE_TIDAK_DIKENAL", f"Kode '{raw_code}' tidak sah: {info.problem}.",
            "Bentuk kode sub-kegiatan U.BB.PP.L.KK.SSSS, mis. 2.07.03.2.01.0009.")
        return out
    code = info.code
    normalised = f" (ditulis '{raw_code}', dinormalkan: {'; '.join(info.notes)})" if info.normalised else ""
    if info.kind != "sub_kegiatan":
        subs = nomenclature.children(code) if info.kind == "kegiatan" else []
        options = ", ".join(f"{e.code} {e.name}" for e in subs[:6])
        add("KODE_TIDAK_DIKENAL", f"Kode '{code}' adalah kode {info.kind.replace('_', '-')}, bukan sub-kegiatan{normalised}.",
            "Usulan diisi pada tingkat sub-kegiatan (U.BB.PP.L.KK.SSSS)." + (f" Pilihan di bawah kode ini: {options}." if options else ""))
        return out
    bidang = info.bidang
    generic = lookup_key(code).startswith(GENERIC_PREFIX + ".")
    if bidang == "2.20":
        add("KODE_TIDAK_DIKENAL", f"Kode '{code}' memakai 2.20, yaitu urusan statistik{normalised}.",
            "Transmigrasi memakai kode urusan 3.32 (bukan 2.20); tenaga kerja 2.07.")
        return out
    if bidang not in SUPPORTED_BIDANG and not generic:
        add("KODE_TIDAK_DIKENAL", f"Kode '{code}' di luar urusan tenaga kerja (2.07) dan transmigrasi (3.32){normalised}.",
            "Sinkronisasi ini hanya untuk sub-kegiatan 2.07, 3.32 dan program penunjang (01) perangkat daerah.")
        return out
    # authority
    l_digit = info.l_digit
    program = nomenclature.program_of(code)
    provincial_program = info.program == "2.07.06" or nomenclature.province_only(info.program)
    authority_problem = False
    if tingkat:
        if l_digit in SPECIAL_L:
            authority_problem = True
            add("BUKAN_KEWENANGAN", f"Kode '{code}' memakai L = {l_digit}, varian khusus {SPECIAL_L[l_digit]}.",
                f"Di Kalimantan Timur hanya L = 1 (provinsi) dan L = 2 (kabupaten/kota) yang berlaku; gunakan kode L = {'1' if tingkat == PROVINSI else '2'}.")
        elif tingkat == KABKOTA and provincial_program:
            authority_problem = True
            add("BUKAN_KEWENANGAN",
                f"Program {info.program} ({program.name if program else 'PENGAWASAN KETENAGAKERJAAN'}) hanya kewenangan provinsi.",
                "Pengawasan ketenagakerjaan (norma kerja, penegakan hukum, K3) adalah kewenangan provinsi (UU 23/2014; program 2.07.06 hanya ada untuk provinsi). "
                "Usulkan kebutuhan pengawasan kepada Disnakertrans Provinsi, atau pilih sub-kegiatan kabupaten/kota yang sesuai.")
        elif DIGIT_LEVEL.get(l_digit) and DIGIT_LEVEL[l_digit] != tingkat:
            authority_problem = True
            mirror = [m for m in nomenclature.mirrors(code)] or []
            if not mirror:
                candidate = swap_level(code, tingkat)
                if nomenclature.find(candidate) is not None:
                    mirror = [candidate]
            hint = ""
            if mirror:
                e = nomenclature.find(mirror[0])
                hint = f" Padanan untuk {LEVEL_LABEL[tingkat]}: {mirror[0]}" + (f" {e.name}" if e else "") + "."
            add("BUKAN_KEWENANGAN",
                f"Kode '{code}' (L = {l_digit}) adalah sub-kegiatan {LEVEL_LABEL[DIGIT_LEVEL[l_digit]]}, sedangkan pengusul {office} adalah {LEVEL_LABEL[tingkat]}.",
                f"L = 1 untuk provinsi dan L = 2 untuk kabupaten/kota.{hint}")
    # existence in the round's version
    entry = nomenclature.find(code, tingkat or None)
    if entry is None or entry.level != "sub_kegiatan":
        add("KODE_TIDAK_DIKENAL", *_unknown_detail(code, info, nomenclature, normalised, authority_problem))
        return out
    # unit
    if entry.unit and satuan and unit_key(satuan, unit_synonyms) != unit_key(entry.unit, unit_synonyms):
        out.append((
            "SATUAN_TIDAK_SESUAI",
            f"Satuan '{satuan}' berbeda dengan satuan resmi '{entry.unit}'.",
            f"Indikator resmi {code}: {entry.indicator or '(tanpa indikator)'} — satuan {entry.unit}. "
            f"Nyatakan target dalam satuan {entry.unit}; rincian lain tulis di uraian atau catatan.",
            "satuan",
            code,
        ))
    return out


def _unknown_detail(code: str, info, nomenclature: Nomenclature, normalised: str, authority_problem: bool) -> tuple[str, str]:
    message = f"Kode '{code}' tidak ada dalam nomenklatur versi '{nomenclature.version}'{normalised}."
    successors = nomenclature.successors(code)
    if successors:
        s = successors[0]
        return message, f"Kode ini sudah diganti menjadi {s.code} {s.name} pada versi ini; gunakan kode baru."
    kegiatan = nomenclature.kegiatan_of(code)
    parts = []
    if kegiatan is not None:
        subs = [e for e in nomenclature.children(info.kegiatan)]
        if subs:
            parts.append(f"Sub-kegiatan yang ada di bawah {info.kegiatan} {kegiatan.name}: " + ", ".join(f"{e.code} {e.name}" for e in subs[:6]) + ".")
    level = info.authority
    if nomenclature.embedded or nomenclature.is_incomplete(level):
        if level and nomenclature.is_incomplete(level):
            parts.insert(0, f"Nomenklatur bawaan belum lengkap di tingkat {LEVEL_LABEL[level]}: kode yang sah bisa saja belum termuat. "
                            f"Bila kode ini ada di nomenklatur resmi SIPD, {IMPORT_HINT}.")
        else:
            parts.insert(0, f"Nomenklatur bawaan bersumber dari salinan publik dan bisa tertinggal dari pemutakhiran terbaru; "
                            f"bila kode ini ada di nomenklatur resmi SIPD, {IMPORT_HINT}.")
    else:
        parts.insert(0, "Periksa penulisan kode, atau pastikan putaran memakai versi nomenklatur yang benar.")
    if authority_problem:
        parts.append("Lihat juga temuan BUKAN_KEWENANGAN untuk baris ini.")
    parts.append(OPERATOR_STEP.format(code=code))
    return message, " ".join(parts)


#: what the proposing office can do itself about an unknown code (importing a version is the
#: province admin's job)
OPERATOR_STEP = ("Yang dapat Anda lakukan sekarang: pilih kode terdekat dari daftar pilihan (sheet 'Kode' templat, atau daftar di "
                 "formulir; fitur saran kode mencarikannya dari uraian) dan tulis kode '{code}' beserta alasannya di kolom catatan, "
                 "lalu ajukan; bila kode ini ada di nomenklatur resmi SIPD, minta admin provinsi mengimpornya dan peninjau akan "
                 "menyesuaikan kodenya.")


def check_locations(proposals: pd.DataFrame, reference: SyncReference) -> list[Finding]:
    out = []
    regions = reference.regions
    columns = [_column(proposals, c) for c in ("row", "wilayah_kode", "tingkat", "kode", "lokasi_kode", "lokasi_kabkota")]
    for row, office, tingkat, kode, lokasi_kode, place in zip(*columns, strict=True):
        if not office or not place or not tingkat:
            continue
        if tingkat == KABKOTA and place != office:
            if place == regions.province:
                msg = f"Lokasi {place} (seluruh provinsi) melampaui wilayah pengusul {office} {regions.name(office)}."
            else:
                msg = f"Lokasi {lokasi_kode} ({regions.name(place)}) di luar wilayah pengusul {office} ({regions.name(office)})."
            out.append(Finding(code="LOKASI_DI_LUAR_WILAYAH", row=int(row), field="lokasi_kode", wilayah_kode=office, kode=kode,
                               message=msg,
                               detail="Kabupaten/kota hanya mengusulkan kegiatan di wilayahnya sendiri. Bila kegiatan lintas kabupaten/kota, "
                                      "usulkan melalui provinsi (kewenangan lintas daerah kabupaten/kota)."))
        elif tingkat == PROVINSI and not (place == regions.province or place in regions.names):
            out.append(Finding(code="LOKASI_DI_LUAR_WILAYAH", row=int(row), field="lokasi_kode", wilayah_kode=office, kode=kode,
                               message=f"Lokasi {lokasi_kode} di luar wilayah Provinsi {regions.name(regions.province)}.",
                               detail=f"Isi {regions.province} untuk kegiatan tingkat provinsi atau kode kabupaten/kota di wilayah provinsi."))
    return out


def check_proposals(
    frame: pd.DataFrame,
    reference: SyncReference,
    round_year: int | None = None,
    office: str | None = None,
    row_numbers: list[int] | None = None,
    file_rows: list[int] | None = None,
    file: str = "",
    similarity: SimilarityOptions | None = None,
    include_similarity: bool = True,
) -> CheckResult:
    """Run every check on raw proposal rows and return typed proposals with all findings."""
    prepared = prepare_proposals(
        frame, reference.regions, reference.funding, round_year=round_year, office=office,
        row_numbers=row_numbers, file_rows=file_rows, file=file,
    )
    props = prepared.proposals
    findings = list(prepared.findings)
    findings += check_codes(props, reference.nomenclature, reference.unit_synonyms)
    findings += check_locations(props, reference)
    if include_similarity:
        findings += find_similar(
            props, reference.nomenclature, reference.needs, province=reference.regions.province,
            options=similarity, region_names=reference.regions.names,
        )
    return CheckResult(props, sort_findings(findings), reference.nomenclature.version)
