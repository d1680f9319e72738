"""Composition: run the chapters in order into an :class:`RtkdDocument`, then write the .docx and .xlsx."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sinergi.core import rtk
from sinergi.core.regions import PROVINCE_CODE
from sinergi.documents.rtkd.catalog import PROVINCE_ONLY, tables_for
from sinergi.documents.rtkd.conditions import bab2
from sinergi.documents.rtkd.context import HISTORY_YEARS, Composer, Context, Facts
from sinergi.documents.rtkd.engine import EngineRun, run_engine
from sinergi.documents.rtkd.history import HistoryTables, Observations, region_label
from sinergi.documents.rtkd.intro import bab1
from sinergi.documents.rtkd.matter import catatan_teknis, extra_sheets, front_matter, pustaka
from sinergi.documents.rtkd.policy import bab6, bab7
from sinergi.documents.rtkd.projection import ProjectionTables, ProjectionView
from sinergi.documents.rtkd.projections import bab3, bab4, bab5
from sinergi.documents.rtkd.render import RtkdDocument, write_docx, write_workbook


@dataclass
class RtkdOutput:
    docx_path: Path
    xlsx_path: Path
    document: RtkdDocument

    def __iter__(self):
        yield self.docx_path
        yield self.xlsx_path


def compose_rtkd(region_code: str, base_year: int | None = None, end_year: int | None = None, *, scenario: str = "moderat",
                 ikn: bool | None = None, target_tpt: float | None = None, agency: str | None = None,
                 observations: Observations | None = None, engine: EngineRun | None = None,
                 result=None, series=None, window: tuple[int, int] | None = None, method: str = "v2") -> RtkdDocument:
    """Build the document model (text, tables, figures) without writing any file.

    ``engine`` (or ``result``/``series``) lets a caller pass a projection it already ran;
    otherwise the embedded data are projected with every stored scenario. ``base_year`` ``None``:
    the latest year the method can use; ``end_year`` ``None``: base year + 5.
    """
    region_code = str(region_code)
    label = region_label(region_code)
    is_province = len(region_code) == 2
    with_ikn = rtk.ikn_default_on(region_code) if ikn is None else bool(ikn)
    obs = observations or Observations.embedded()
    if engine is None:
        if result is not None:
            engine = EngineRun(result=result, series=series)
        else:
            engine = run_engine(region_code, base_year, end_year, with_ikn=with_ikn, target_tpt=target_tpt,
                                series=series, main=scenario, window=window, method=method)
    if engine.result is not None:
        base_year, end_year = int(engine.result.base_year), int(engine.result.end_year)
    elif base_year is None:
        base_year = _latest_year(obs, region_code)
    end_year = end_year if end_year is not None else base_year + 5
    if engine.result is not None:
        names = list(engine.result.scenarios)
        main = f"{scenario}+ikn" if f"{scenario}+ikn" in names and with_ikn else scenario
        if main not in names:
            main = names[0]
        with_ikn = main.endswith("+ikn")
    else:
        main = scenario
    agency = agency or (f"Dinas Tenaga Kerja dan Transmigrasi {label}" if is_province else f"Dinas Tenaga Kerja {label}")
    rd = RtkdDocument(region_code=region_code, region_label=label, base_year=base_year, end_year=end_year,
                      is_province=is_province, title_period=f"{base_year + 1}–{end_year}", agency=agency,
                      cover_note="Draf untuk pembahasan — disusun dengan Sinergi; angka perlu diverifikasi dengan BPS "
                                 "sebelum ditetapkan.")
    rd.engine_problems = list(engine.problems)
    c = Composer(rd)
    f = Facts(obs, region_code)
    hist_years = list(range(base_year - HISTORY_YEARS + 1, base_year + 1))
    hist = HistoryTables(obs, region_code, hist_years, rd.sources, is_province)
    view = (ProjectionView(engine.result, main, rd.sources, getattr(engine.series, "sectors", None), run=engine)
            if engine.result else None)
    proj = ProjectionTables(view, is_province, base_year, end_year)
    ctx = Context(rd, c, f, hist, view, proj, engine, obs, label, is_province, with_ikn, main, hist_years)

    bab1(ctx)
    bab2(ctx)
    bab3(ctx)
    bab4(ctx)
    bab5(ctx)
    bab6(ctx)
    bab7(ctx)
    pustaka(ctx)
    catatan_teknis(ctx)
    front_matter(ctx)
    extra_sheets(ctx)
    _check_codes(rd)
    return rd


def _check_codes(rd: RtkdDocument) -> None:
    want = [t.code for t in tables_for(rd.is_province)]
    have = {t.code for t in rd.tables}
    missing = [c for c in want if c not in have]
    if missing:
        rd.warnings.append("Tabel resmi tidak ada di dokumen: " + ", ".join(missing))
    if not rd.is_province:
        extra = sorted(have & PROVINCE_ONLY)
        if extra:
            rd.warnings.append("Tabel khusus provinsi muncul di dokumen kabupaten/kota: " + ", ".join(extra))


def _latest_year(obs: Observations, region_code: str) -> int:
    """Base year of a document without a projection: the latest August labour-force year of the region."""
    years = obs.years("angkatan_kerja", region_code) or obs.years("tpt", region_code) or obs.years("angkatan_kerja", PROVINCE_CODE)
    return max(years)


def build_rtkd(region_code: str, base_year: int | None = None, end_year: int | None = None, output: str | Path = "RTKD.docx", *,
               xlsx: str | Path | None = None, scenario: str = "moderat", ikn: bool | None = None,
               target_tpt: float | None = None, agency: str | None = None, **kw) -> RtkdOutput:
    """Compose and write the RTKD (.docx) and its companion workbook (.xlsx, default: same
    name beside it). ``ikn=None`` includes the IKN module for the province only."""
    output = Path(output)
    if output.suffix.lower() != ".docx":
        output = output.with_suffix(".docx")
    xlsx = Path(xlsx) if xlsx else output.with_suffix(".xlsx")
    rd = compose_rtkd(region_code, base_year, end_year, scenario=scenario, ikn=ikn, target_tpt=target_tpt,
                      agency=agency, **kw)
    write_docx(rd, output)
    write_workbook(rd, xlsx)
    return RtkdOutput(output, xlsx, rd)
