"""IPK files: method sheets, input data, results, and the per-region-year input template.

Reading goes through :func:`sinergi.documents.tables.read_tables`, so every problem (a
missing column, text where a number belongs, an unknown sub-indicator …) is reported with its
file, sheet, row and column, all at once, and nothing is returned unless the whole file is
valid. Writing goes through :func:`sinergi.documents.xlsx.write_sheets` (formula injection
neutralised); CSV output is plain UTF-8 without a byte-order mark.

Every output of a result computed with a provisional method carries
:data:`~sinergi.core.ipk.labels.PROVISIONAL_LABEL`; illustrative inputs carry
:data:`~sinergi.core.ipk.labels.ILLUSTRATIVE_LABEL`.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from sinergi.core.ipk import (
    COLUMNS,
    ILLUSTRATIVE_LABEL,
    PROVISIONAL_EXPLANATION,
    PROVISIONAL_LABEL,
    IPKResult,
    Method,
    label_lines,
    prepare_inputs,
)
from sinergi.core.ipk.compare import method_caption
from sinergi.core.ipk.explain import TargetPlan
from sinergi.core.ipk.inputs import _normalise as _normalise_input_columns
from sinergi.core.ipk.labels import QUALITY_WORDS, STATUS_WORDS
from sinergi.core.ipk.method import REQUIRED_COLUMNS, categories_from_frame, normalise_columns
from sinergi.core.ipk.uncertainty import SobolResult, UncertaintyResult
from sinergi.core.problems import Problem, ProblemList, ValidationFailed
from sinergi.data import data_path
from sinergi.documents.tables import Table, pick_table, read_tables
from sinergi.documents.xlsx import neutralise, write_sheets

DEFAULT_METHOD_NAME = "Sinergi sementara (struktur Kepmenaker 206/2017)"
DEFAULT_METHOD_VERSION = "sementara-1"
DEFAULT_METHOD_DESCRIPTION = (
    "Metode bawaan Sinergi: 9 indikator (terverifikasi) dan 25 sub-indikator. Nama sub-indikator "
    "Hubungan Industrial terverifikasi; bobot 10 % × 25 % Penduduk dan Tenaga Kerja disimpulkan dari dek "
    "simulasi 2019; selebihnya (bobot, batas, sub-indikator lain dari indikator kerja layak SDG 8) "
    "pilihan sementara Sinergi. Lihat kolom rationale dan data/ipk/METHOD.md."
)
BUILTIN = ("bawaan", "default", "")

INPUT_REQUIRED = ("region_code", "year", "sub_code", "value")
TEMPLATE_SHEET = "Isian"


# --------------------------------------------------------------------------- defaults


def default_method_path() -> Path:
    return data_path("ipk", "metode_bawaan.csv")


def default_data_path() -> Path:
    return data_path("ipk", "data_bawaan.csv")


def load_default_method() -> Method:
    """The shipped provisional method "Sinergi sementara (struktur Kepmenaker 206/2017)"."""
    return read_method_file(
        default_method_path(),
        name=DEFAULT_METHOD_NAME,
        version=DEFAULT_METHOD_VERSION,
        description=DEFAULT_METHOD_DESCRIPTION,
    )


def load_default_data(method: Method | None = None) -> pd.DataFrame:
    """The shipped input values (province 64 and the 10 kab/kota, 2023 and 2024), validated
    against ``method`` (default: the shipped method). Columns include ``quality``,
    ``source_url`` and ``note``."""
    return read_data_file(default_data_path(), method or load_default_method())


def published_path() -> Path:
    return data_path("ipk", "published.csv")


def load_published() -> pd.DataFrame:
    """The published (official) IPK values shipped in ``data/ipk/published.csv``, prepared by
    :func:`sinergi.core.ipk.official.published_table` (numeric ``ipk``, ``data_year``, name ``key``)."""
    from sinergi.core.ipk.official import published_table

    return published_table(pd.read_csv(published_path(), dtype=str, keep_default_na=False))


def resolve_method(spec: str | Path | None, **kwargs) -> Method:
    """A method from a file path, or the shipped default for ``None``/``"bawaan"``."""
    if spec is None or str(spec).strip().lower() in BUILTIN:
        return load_default_method()
    return read_method_file(spec, **kwargs)


def resolve_data(spec: str | Path | None, method: Method) -> pd.DataFrame:
    """Input data from a file path, or the shipped data for ``None``/``"bawaan"``."""
    if spec is None or str(spec).strip().lower() in BUILTIN:
        return read_data_file(default_data_path(), method)
    return read_data_file(spec, method)


# --------------------------------------------------------------------------- reading


def _pick(tables: list[Table], required: Iterable[str], normalise, what: str) -> tuple[Table, pd.DataFrame]:
    return pick_table(tables, list(required), rename=normalise, what=what)


def _columns_map(t: Table, frame: pd.DataFrame) -> dict:
    # normalised (and alias-mapped) name → header as written in the file
    return {new: t.columns.get(old, old) for old, new in zip(t.frame.columns, frame.columns, strict=False)}


def read_method_file(
    path: str | Path,
    *,
    name: str | None = None,
    version: str | None = None,
    description: str | None = None,
    display_name: str | None = None,
) -> Method:
    """Read and validate a method sheet (CSV or XLSX) with the columns of
    :data:`sinergi.core.ipk.COLUMNS` (Indonesian headers accepted).

    In a workbook, an optional sheet ``kategori`` (``category, min_score``) sets the category
    thresholds and an optional sheet ``info`` (``key, value`` rows: ``name``/``nama``,
    ``version``/``versi``, ``description``/``keterangan``) names the method. Without a
    name, the file name is used. Raises ValidationFailed with every problem found.
    """
    tables = read_tables(path, display_name)
    t, frame = _pick(tables, REQUIRED_COLUMNS, normalise_columns, "lembar metode")
    info: dict[str, str] = {}
    categories = None
    problems = ProblemList()
    for other in tables:
        if other is t:
            continue
        sheet = other.sheet.strip().lower()
        if sheet in ("kategori", "categories", "category"):
            try:
                categories = categories_from_frame(other.frame, rows=other.rows, file=other.file, sheet=other.sheet)
            except ValidationFailed as exc:
                problems.extend(exc.problems)
        elif sheet in ("info", "metadata", "keterangan"):
            f = other.frame
            if f.shape[1] >= 2:
                for k, v in zip(f.iloc[:, 0], f.iloc[:, 1], strict=False):
                    if isinstance(k, str) and v is not None and not (isinstance(v, float) and math.isnan(v)):
                        info[k.strip().lower()] = str(v).strip()
    name = name or info.get("name") or info.get("nama") or Path(display_name or str(path)).stem
    version = version if version is not None else info.get("version", info.get("versi", ""))
    description = description if description is not None else info.get("description", info.get("keterangan", ""))
    try:
        method = Method.from_frame(
            frame,
            name=name,
            version=version,
            categories=categories,
            description=description,
            rows=t.rows,
            file=t.file,
            sheet=t.sheet,
            columns=_columns_map(t, frame),
        )
    except ValidationFailed as exc:
        problems.extend(exc.problems)
        raise ValidationFailed(list(problems)) from None
    problems.raise_if_any()
    return method


def read_data_file(path: str | Path, method: Method | None, *, display_name: str | None = None) -> pd.DataFrame:
    """Read and validate long-form input data (CSV or XLSX): ``region_code, year, sub_code,
    value`` plus optional ``quality, source_url, note, region_name``. Indonesian decimal
    commas are accepted; blank values are missing (never zero). Sub-indicator codes are
    checked against ``method``. All problems are reported at once."""
    tables = read_tables(path, display_name)
    t, frame = _pick(tables, INPUT_REQUIRED, _normalise_input_columns, "data masukan IPK")
    return prepare_inputs(frame, method, rows=t.rows, file=t.file, sheet=t.sheet, columns=_columns_map(t, frame))


# --------------------------------------------------------------------------- writing helpers


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".txt")


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() not in (".csv", ".txt", ".xlsx"):
        raise ValidationFailed(
            [
                Problem(
                    code="FORMAT_TIDAK_DIDUKUNG",
                    message=f"Format keluaran '{path.suffix or '(tanpa akhiran)'}' tidak didukung.",
                    fix="Gunakan nama berkas berakhiran .csv atau .xlsx.",
                    file=path.name,
                )
            ]
        )


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Plain UTF-8 CSV (no BOM); text cells that a spreadsheet would run as a formula are
    neutralised; NaN is written as an empty cell; floats keep full precision."""
    path = Path(path)
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = [neutralise(v) if isinstance(v, str) else v for v in out[c]]
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def _method_info(method: Method) -> list[str]:
    lines = [
        f"Metode: {method.name}" + (f" versi {method.version}" if method.version else ""),
        f"Sidik metode (fingerprint): {method.fingerprint}",
        f"Status: {method.status_text()}",
    ]
    return lines


def info_frame(method: Method, extra: Mapping[str, object] | None = None) -> pd.DataFrame:
    rows = [
        ("metode", method.name),
        ("versi", method.version),
        ("sidik (fingerprint)", method.fingerprint),
        ("status", method.status_text()),
        ("label", method.label or "metode dengan semua parameter terverifikasi"),
    ]
    if method.provisional:
        rows.append(("penjelasan label", PROVISIONAL_EXPLANATION))
    for k, v in (extra or {}).items():
        rows.append((k, v if isinstance(v, (int, float)) else str(v)))
    rows += [
        ("rumus s (positif)", "s = (X − min) / (max − min), dibatasi ke [0, 1]"),
        ("rumus s (negatif)", "s = (max − X) / (max − min), dibatasi ke [0, 1]"),
        ("poin sub-indikator", "SI = 100 × bobot indikator × bobot sub-indikator × s"),
        ("poin indikator", "II = jumlah SI sub-indikatornya"),
        ("IPK", "jumlah II seluruh indikator; kategori dari sheet Kategori"),
        ("catatan", "angka disimpan dengan presisi penuh; pembulatan hanya untuk tampilan"),
    ]
    return pd.DataFrame(rows, columns=["keterangan", "nilai"])


def method_frame(method: Method) -> pd.DataFrame:
    t = method.to_frame().copy()
    t["status"] = [f"{s} ({STATUS_WORDS.get(s, s)})" if s else s for s in t["status"]]
    return t


# --------------------------------------------------------------------------- results


def write_result(result: IPKResult, path: str | Path) -> Path:
    """CSV: the long form ``region_code, year, level, code, value, category, note`` exactly.
    XLSX: that long form (sheet ``Hasil``) plus a sheet per level (IPK, Indikator,
    Sub-indikator with every ingredient of each number), the method, the categories, the
    input values with their quality and source, and an info sheet with the formulas."""
    path = Path(path)
    _check_suffix(path)
    long = result.to_long()
    if _is_csv(path):
        return write_csv(long, path)
    m = result.method
    labels = label_lines(result.provisional, result.illustrative)
    ipk = result.units.rename(columns={"score": "ipk"}).copy()
    ipk["ipk_2_desimal"] = ipk["ipk"].round(2)
    ipk = ipk[["region_code", "region_name", "year", "ipk", "ipk_2_desimal", "category", "rank", "n_ranked", "rank_group", "scored", "missing", "illustrative", "note"]]
    # the real-data meter: how many inputs of each region-year are sourced, derived, illustrative
    meters = result.meters().rename(columns={"text": "meter_data"})
    ipk = ipk.merge(meters, on=["region_code", "year"], how="left")
    if result.official is not None:
        off = result.official.rename(columns={
            "official_ipk": "ipk_resmi", "official_category": "kategori_resmi", "official_year": "tahun_data_resmi",
            "official_release": "rilis_resmi", "official_source": "sumber_resmi", "same_year": "tahun_sama",
            "difference": "selisih_perkiraan_resmi", "why": "sebab_selisih"})
        ipk = ipk.merge(off, on=["region_code", "year"], how="left")
    subs = result.subs.copy()
    subs["quality"] = [QUALITY_WORDS.get(q, q) for q in subs["quality"]]
    inputs = result.inputs.copy()
    if "quality" in inputs.columns:
        inputs["quality"] = [QUALITY_WORDS.get(q, q) for q in inputs["quality"]]
    sheets = {
        "Hasil": long,
        "IPK": ipk,
        "Indikator": result.indicators,
        "Sub-indikator": subs,
        "Metode": method_frame(m),
        "Kategori": m.categories_frame(),
        "Data masukan": inputs,
        "Info": info_frame(m, {"peringkat": result.settings.get("rank_by", "level")}),
    }
    if result.official is not None:
        shown = result.official[result.official["official_ipk"].notna()]
        sheets["IPK resmi"] = shown.rename(columns={
            "official_ipk": "ipk_resmi", "official_category": "kategori_resmi", "official_year": "tahun_data_resmi",
            "official_release": "rilis_resmi", "official_source": "sumber_resmi", "same_year": "tahun_sama",
            "difference": "selisih_perkiraan_resmi", "why": "sebab_selisih"})
    note = labels + _method_info(m)
    notes = {k: note for k in sheets}
    if "IPK resmi" in sheets:
        notes["IPK resmi"] = note + [
            "IPK resmi dari data/ipk/published.csv (tahun data yang sama, atau yang terakhir sebelumnya). "
            "selisih = perkiraan Sinergi − IPK resmi; sebab_selisih menjelaskannya (metode sementara, masukan ilustratif, tahun berbeda)."
        ]
    notes["Sub-indikator"] = note + [
        "Setiap poin dapat dihitung ulang: s = (value − min)/(max − min) untuk arah positif, (max − value)/(max − min) untuk arah negatif, "
        "dibatasi 0–1; points = 100 × indicator_weight × sub_weight × s."
    ]
    return write_sheets(path, sheets, notes)


def write_uncertainty(unc: UncertaintyResult, path: str | Path) -> Path:
    """Per region-year: deterministic score, mean, p05, p95, rank p05/p95, category
    probabilities. CSV rows also carry the method, the number of draws, the seed and the
    settings (JSON) so the run can be repeated; XLSX has them on a ``Pengaturan`` sheet."""
    path = Path(path)
    _check_suffix(path)
    s = unc.summary.copy()
    if _is_csv(path):
        s["method"] = unc.method_name + (f" versi {unc.method_version}" if unc.method_version else "")
        s["method_fingerprint"] = unc.method_fingerprint
        s["n"] = unc.settings.n
        s["seed"] = unc.seed
        s["settings"] = unc.settings.to_json()
        return write_csv(s, path)
    settings = pd.DataFrame([(k, v if isinstance(v, (int, float)) else str(v)) for k, v in unc.settings_dict().items()], columns=["pengaturan", "nilai"])
    meta = pd.DataFrame(
        [
            ("metode", unc.method_name),
            ("versi", unc.method_version),
            ("sidik (fingerprint)", unc.method_fingerprint),
            ("label", unc.label or "metode dengan semua parameter terverifikasi"),
        ],
        columns=["keterangan", "nilai"],
    )
    lines = label_lines(unc.provisional) + [
        "p05/p95: persentil ke-5 dan ke-95 skor dari semua undian; rank_p05/rank_p95: persentil peringkat (1 = tertinggi).",
        "prob_*: peluang masuk tiap kategori. Pengaturan dan benih (seed) ada di sheet Pengaturan.",
    ]
    return write_sheets(path, {"Ketidakpastian": s, "Pengaturan": settings, "Info": meta}, {"Ketidakpastian": lines, "Pengaturan": lines, "Info": lines})


def write_sobol(sob: SobolResult, path: str | Path) -> Path:
    path = Path(path)
    _check_suffix(path)
    if _is_csv(path):
        s = sob.indices.copy()
        s["method_fingerprint"] = sob.method_fingerprint
        s["note"] = sob.label
        return write_csv(s, path)
    settings = pd.DataFrame([(k, v if isinstance(v, (int, float)) else str(v)) for k, v in sob.settings.items()], columns=["pengaturan", "nilai"])
    lines = label_lines(sob.provisional) + [
        "S1: indeks Sobol orde pertama (bagian varians skor dari kelompok itu sendiri); ST: indeks total (termasuk interaksi)."
    ]
    return write_sheets(path, {"Sobol": sob.indices, "Sobol (ST)": sob.wide("ST"), "Pengaturan": settings}, {"Sobol": lines, "Sobol (ST)": lines, "Pengaturan": lines})


def write_target_plan(plan: TargetPlan, path: str | Path) -> Path:
    path = Path(path)
    _check_suffix(path)
    steps = plan.steps.copy()
    steps.insert(0, "year", plan.year)
    steps.insert(0, "region_code", plan.region_code)
    steps["note"] = plan.label
    if _is_csv(path):
        return write_csv(steps, path)
    summary = pd.DataFrame(
        [
            ("wilayah", plan.region_code),
            ("tahun", plan.year),
            ("skor sekarang", plan.current_score),
            ("target", plan.target_score),
            ("kategori target", plan.target_category or ""),
            ("tercapai", "ya" if plan.reachable else "tidak"),
            ("skor setelah rencana", plan.achieved_score),
            ("kekurangan", plan.gap),
            ("pesan", plan.message),
            ("metode", plan.method_name + (f" versi {plan.method_version}" if plan.method_version else "")),
            ("label", plan.label),
            *([("jangka waktu (tahun)", plan.horizon),
               ("tahun yang diperlukan", plan.years_needed if plan.years_needed else ("—" if plan.reachable else "lebih dari 30"))]
              if plan.horizon is not None else []),
        ],
        columns=["keterangan", "nilai"],
    )
    lines = label_lines(plan.provisional)
    sheets = {"Rencana": steps, "Ringkasan": summary}
    notes = {"Rencana": lines, "Ringkasan": lines}
    if plan.yearly is not None:
        sheets["Batas per tahun"] = plan.yearly.rename(columns={"per_year": "per_tahun", "basis": "dasar", "n_pairs": "pasangan_tahun"})
        notes["Batas per tahun"] = lines + ["dasar = riwayat: perubahan tahunan terbesar nilai bersumber/turunan di wilayah mana pun; "
                                            "bawaan: 10 % rentang batas metode per tahun (tanpa riwayat)."]
    return write_sheets(path, sheets, notes)


def write_comparison(frame: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    _check_suffix(path)
    if _is_csv(path):
        return write_csv(frame, path)
    methods = pd.DataFrame(frame.attrs.get("methods", []))
    lines = []
    if len(methods) and methods["provisional"].any():
        lines = [f"Kolom bertanda '({PROVISIONAL_LABEL})' dihitung dengan metode sementara: {PROVISIONAL_EXPLANATION}"]
    return write_sheets(path, {"Perbandingan": frame, "Metode": methods}, {"Perbandingan": lines, "Metode": lines})


def write_method(method: Method, path: str | Path) -> Path:
    """CSV: the method rows. XLSX: sheets ``metode``, ``kategori`` and ``info`` — the same
    layout :func:`read_method_file` reads, so it doubles as a template for the official sheet."""
    path = Path(path)
    _check_suffix(path)
    if _is_csv(path):
        return write_csv(method.to_frame(), path)
    info = pd.DataFrame(
        [("name", method.name), ("version", method.version), ("description", method.description), ("fingerprint", method.fingerprint)],
        columns=["key", "value"],
    )
    guide = pd.DataFrame(
        {
            "petunjuk": [
                "Sheet 'metode': satu baris per sub-indikator dengan kolom " + ", ".join(COLUMNS) + ".",
                "Bobot boleh pecahan (0,25) atau persen (25%); jumlah bobot indikator = 1 dan jumlah bobot sub-indikator dalam tiap indikator = 1.",
                "direction: positive (makin tinggi makin baik) atau negative (makin rendah makin baik); min < max dalam satuan sub-indikator.",
                "status: verified (dari lampiran resmi), inferred (disimpulkan) atau provisional (sementara). Hasil metode dengan status selain verified diberi label perkiraan.",
                "Sheet 'kategori': nama kategori dan skor minimumnya (kategori pertama mulai dari 0). Sheet 'info': nama dan versi metode.",
                "Impor dengan: sinergi ipk metode impor BERKAS.xlsx",
                *label_lines(method.provisional),
            ]
        }
    )
    # no notes under the tables: this workbook is meant to be edited and imported again
    return write_sheets(path, {"metode": method.to_frame(), "kategori": method.categories_frame(), "info": info, "petunjuk": guide})


# --------------------------------------------------------------------------- input template

TEMPLATE_COLUMNS = [
    "region_code", "region_name", "year", "indicator_code", "indicator_name", "sub_code", "sub_name",
    "unit", "direction", "min", "max", "value", "quality", "source_url", "note",
]


def write_input_template(
    method: Method,
    region_code: str,
    year: int,
    path: str | Path,
    *,
    region_name: str = "",
    values: Mapping[str, float] | pd.DataFrame | None = None,
) -> Path:
    """An Excel sheet to fill in the values of one region-year: one row per sub-indicator
    with its unit, direction and goalposts, a ``value`` column (decimal validation), a
    ``quality`` drop-down (real/derived/illustrative), ``source_url`` and ``note``. Optional
    ``values`` pre-fill it (a mapping ``sub_code → value`` or a prepared input frame).
    Import it with :func:`read_input_template` (or use it directly as ``--data``)."""
    import xlsxwriter

    path = Path(path)
    pre: dict[str, dict] = {}
    if isinstance(values, pd.DataFrame):
        sel = values[(values["region_code"] == str(region_code)) & (values["year"] == int(year))]
        for r in sel.to_dict(orient="records"):
            pre[r["sub_code"]] = r
    elif values:
        pre = {k: {"value": v} for k, v in values.items()}
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False})
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"})
    fill = book.add_format({"bg_color": "#FFF2CC", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True})
    ws = book.add_worksheet(TEMPLATE_SHEET)
    for j, c in enumerate(TEMPLATE_COLUMNS):
        ws.write_string(0, j, c, head)
    t = method.table
    vcol = TEMPLATE_COLUMNS.index("value")
    for i, r in enumerate(t.itertuples(index=False), start=1):
        p = pre.get(r.sub_code, {})
        cells = [
            str(region_code), region_name, int(year), r.indicator_code, r.indicator_name, r.sub_code, r.sub_name,
            r.unit, r.direction, float(r.min), float(r.max),
        ]
        for j, v in enumerate(cells):
            v = neutralise(v)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(i, j, v)
            else:
                ws.write_string(i, j, "" if v is None else str(v))
        val = p.get("value")
        if val is not None and not (isinstance(val, float) and math.isnan(val)):
            ws.write_number(i, vcol, float(val), fill)
        else:
            ws.write_blank(i, vcol, None, fill)
        for j, key in ((vcol + 1, "quality"), (vcol + 2, "source_url"), (vcol + 3, "note")):
            v = p.get(key, "")
            ws.write_string(i, j, str(neutralise(v)) if v else "", fill)
    n = len(t)
    ws.data_validation(1, vcol, n, vcol, {
        "validate": "decimal", "criteria": "between", "minimum": -1e15, "maximum": 1e15, "ignore_blank": True,
        "input_title": "Nilai", "input_message": "Angka dalam satuan sub-indikator; kosongkan bila belum ada.",
        "error_title": "Bukan angka", "error_message": "Isi angka saja (tanpa satuan), atau kosongkan bila data belum ada.",
    })
    ws.data_validation(1, vcol + 1, n, vcol + 1, {"validate": "list", "source": ["real", "derived", "illustrative"], "ignore_blank": True})
    widths = [11, 20, 7, 9, 28, 9, 50, 24, 10, 8, 8, 12, 12, 30, 30]
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    ws.freeze_panes(1, 0)
    guide = book.add_worksheet("Petunjuk")
    lines = [
        (f"Templat isian IPK — wilayah {region_code} {region_name}".rstrip() + f", tahun {year}", bold),
        (f"Metode: {method.name}" + (f" versi {method.version}" if method.version else "") + f" (sidik {method.fingerprint})", None),
        ("Isi kolom 'value' pada sheet Isian dalam satuan yang tertulis di kolom 'unit'. Angka boleh memakai koma desimal (4,72).", None),
        ("Kosongkan 'value' bila data belum tersedia — jangan menulis 0. Wilayah-tahun dengan nilai kosong tidak dinilai.", None),
        ("Kolom 'quality': real (data resmi), derived (dihitung dari data resmi), illustrative (nilai contoh). Isi 'source_url' dengan alamat sumber.", None),
        ("Jangan mengubah kolom region_code, year dan sub_code. Impor berkas ini utuh: bila ada satu kesalahan, tidak ada yang disimpan dan semua kesalahan dilaporkan.", None),
    ] + [(line, None) for line in label_lines(method.provisional)]
    for k, (text, fmt) in enumerate(lines):
        if fmt:
            guide.write_string(k, 0, str(neutralise(text)), fmt)
        else:
            guide.write_string(k, 0, str(neutralise(text)), wrap)
    guide.set_column(0, 0, 120)
    book.close()
    return path


def read_input_template(
    path: str | Path,
    method: Method,
    *,
    region_code: str | None = None,
    year: int | None = None,
    display_name: str | None = None,
) -> pd.DataFrame:
    """Import a filled template: all or nothing. Besides the data-file checks, every
    sub-indicator of the method must have its row, and all rows must be one region-year
    (the expected one, when ``region_code``/``year`` are given)."""
    tables = read_tables(path, display_name)
    named = [t for t in tables if t.sheet.strip().lower() == TEMPLATE_SHEET.lower()]
    t, frame = _pick(named or tables, INPUT_REQUIRED, _normalise_input_columns, f"sheet '{TEMPLATE_SHEET}'")
    problems = ProblemList()
    try:
        data = prepare_inputs(frame, method, rows=t.rows, file=t.file, sheet=t.sheet, columns=_columns_map(t, frame))
    except ValidationFailed as exc:
        problems.extend(exc.problems)
        data = None
    # template checks on the cells as written, so they are reported together with cell problems
    from sinergi.core.numbers import NotANumber, parse_int
    from sinergi.core.rules import cell_code as _code

    units = []
    for r, y in zip(frame["region_code"], frame["year"], strict=False):
        try:
            key = (_code(r), parse_int(y))
        except NotANumber:
            continue
        if key[0] and key not in units:
            units.append(key)
    if len(units) > 1:
        problems.add(
            "IPK_TEMPLAT_CAMPUR",
            "Templat berisi lebih dari satu wilayah-tahun: " + ", ".join(f"{r} {y}" for r, y in units) + ".",
            "Gunakan satu templat untuk satu wilayah dan satu tahun; jangan mengubah kolom region_code dan year.",
            file=t.file,
            sheet=t.sheet,
        )
    elif len(units) == 1:
        r, y = units[0]
        if (region_code is not None and str(r) != str(region_code)) or (year is not None and int(y) != int(year)):
            problems.add(
                "IPK_TEMPLAT_LAIN",
                f"Templat ini untuk wilayah {r} tahun {y}, bukan {region_code} tahun {year}.",
                "Unggah templat yang diunduh untuk wilayah-tahun ini.",
                file=t.file,
                sheet=t.sheet,
            )
    present = {_code(c) for c in frame["sub_code"]}
    missing = [c for c in method.sub_codes if c not in present]
    if missing:
        problems.add(
            "IPK_TEMPLAT_BARIS_HILANG",
            "Baris sub-indikator hilang dari templat: " + ", ".join(missing) + ".",
            "Unduh templat baru atau tambahkan kembali baris itu (nilai boleh kosong bila data belum ada).",
            file=t.file,
            sheet=t.sheet,
        )
    problems.raise_if_any()
    return data


def merge_inputs(frames: Iterable[pd.DataFrame], method: Method) -> pd.DataFrame:
    """Concatenate prepared input frames; a region-year-sub present twice is a problem."""
    frames = list(frames)
    if not frames:
        return prepare_inputs(pd.DataFrame(columns=list(INPUT_REQUIRED)), method)
    cols = sorted(set().union(*[f.columns for f in frames]), key=lambda c: (list(frames[0].columns) + [c]).index(c))
    joined = pd.concat([f.reindex(columns=cols) for f in frames], ignore_index=True)
    dup = joined.duplicated(["region_code", "year", "sub_code"], keep="first")
    if dup.any():
        raise ValidationFailed(
            [
                Problem(
                    code="IPK_DATA_GANDA",
                    message=f"Wilayah {r.region_code} tahun {r.year} sub-indikator {r.sub_code} ada di lebih dari satu berkas.",
                    fix="Gabungkan hanya satu templat per wilayah-tahun.",
                )
                for r in joined.loc[dup, ["region_code", "year", "sub_code"]].itertuples(index=False)
            ]
        )
    for c in ("quality", "source_url", "note", "region_name"):
        if c in joined.columns:
            joined[c] = joined[c].fillna("")
    joined.attrs["sinergi_ipk_inputs"] = True
    return joined


def caption(result: IPKResult) -> str:
    """Method caption with the provisional label, for headings."""
    return method_caption(result)


__all__ = [
    "COLUMNS",
    "DEFAULT_METHOD_NAME",
    "DEFAULT_METHOD_VERSION",
    "ILLUSTRATIVE_LABEL",
    "caption",
    "default_data_path",
    "default_method_path",
    "load_default_data",
    "load_default_method",
    "merge_inputs",
    "read_data_file",
    "read_input_template",
    "read_method_file",
    "resolve_data",
    "resolve_method",
    "write_comparison",
    "write_csv",
    "write_input_template",
    "write_method",
    "write_result",
    "write_sobol",
    "write_target_plan",
    "write_uncertainty",
]
