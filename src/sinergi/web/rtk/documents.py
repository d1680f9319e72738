"""Files the RTK pages hand out: the RTKD (Word + companion Excel) of a stored plan, the
projection workbook (HASIL), the backtest workbook and the import template.

The RTKD is written by :func:`sinergi.documents.rtkd.build_rtkd`; this module only hands it the
plan's own projection (its stored scenarios and IKN set, on the region's merged data), so the
document shows the same numbers as the page.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings

from sinergi.core import rtk
from sinergi.core.problems import ValidationFailed
from sinergi.documents import rtk_files
from sinergi.web.rtk import params as P
from sinergi.web.rtk import queries

#: A built document is reused for this long when the plan and data have not changed.
CACHE_SECONDS = 3600


def _work_dir(*parts: str) -> Path:
    path = Path(settings.MEDIA_ROOT) / "rtk" / Path(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_stem(state, kind: str) -> str:
    version = f"-v{state.version}" if state.version else "-bawaan"
    return f"{kind}-{state.region_code}-{state.base_year + 1}-{state.end_year}{version}"


def _key(state, upload) -> str:
    blob = json.dumps({"p": state.parameters, "b": state.base_year, "e": state.end_year, "n": state.name, "v": state.version,
                       "d": upload.sha256 if upload else "", "m": rtk.METHOD_V2_VERSION}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def engine_run(state, series):
    """The plan's projection in the form the RTKD composer takes (``rtkd.EngineRun``)."""
    from sinergi.documents import rtkd

    outcome = queries.project(series, state.base_year, state.end_year, state.parameters)
    run = rtkd.EngineRun(series=series, ikn=P.ikn(state.parameters))
    if not outcome.ok:
        run.problems = [p.message + " " + queries.WEB_FIX for p in outcome.problems]
        return run
    run.result = outcome.result
    run.target = outcome.target
    if outcome.target_note:
        run.notes.append(outcome.target_note)
    # the same backtest the document reports when it runs the engine itself: three years up to the base year
    bt = queries.backtest(series, state.base_year - 3, state.base_year)
    if bt.result is not None:
        run.backtest = bt.result
    else:
        run.notes.append("Uji balik tidak dapat dijalankan: " + "; ".join(p.message for p in bt.problems))
    return run


def rtkd_files(state, region, upload) -> tuple[Path, Path]:
    """The RTKD .docx and .xlsx of a plan (built once per plan version and data, then reused
    for :data:`CACHE_SECONDS`)."""
    from sinergi.documents import rtkd
    from sinergi.documents.rtkd.history import Observations, observations_from_series

    _prune(_work_dir("rtkd"))
    folder = _work_dir("rtkd", _key(state, upload))
    docx = folder / (file_stem(state, "RTKD") + ".docx")
    xlsx = folder / (file_stem(state, "RTKD-tabel") + ".xlsx")
    if docx.exists() and xlsx.exists() and time.time() - docx.stat().st_mtime < CACHE_SECONDS:
        return docx, xlsx
    series = queries.region_series(region.code, upload)
    observations = Observations.embedded(preferred=[observations_from_series(queries.upload_series(upload))]) if upload else None
    scratch = Path(tempfile.mkdtemp(dir=folder))
    try:
        out = rtkd.build_rtkd(
            region.code, state.base_year, state.end_year, scratch / docx.name, xlsx=scratch / xlsx.name,
            scenario=state.parameters.get("main") or "moderat", ikn=P.ikn(state.parameters) is not None,
            target_tpt=state.parameters.get("target_tpt"), engine=engine_run(state, series), observations=observations,
        )
        os.replace(out.xlsx_path, xlsx)  # a finished file replaces the old one at once: no half-written downloads
        os.replace(out.docx_path, docx)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return docx, xlsx


def _prune(folder: Path) -> None:
    """Forget built documents older than the cache time."""
    now = time.time()
    for child in folder.iterdir():
        try:
            if child.is_dir() and now - child.stat().st_mtime > CACHE_SECONDS:
                shutil.rmtree(child, ignore_errors=True)
        except OSError:
            continue


def projection_xlsx(state, region, upload) -> Path:
    """HASIL workbook of the plan (long form, a sheet per scenario, parameters, sources, notes).
    Raises ValidationFailed when the data do not allow a projection."""
    series = queries.region_series(region.code, upload)
    outcome = queries.project(series, state.base_year, state.end_year, state.parameters)
    if not outcome.ok:
        raise ValidationFailed(outcome.problems)
    _prune(_work_dir("hasil"))
    path = _work_dir("hasil", _key(state, upload)) / (file_stem(state, "proyeksi-RTK") + ".xlsx")
    return rtk_files.write_result(outcome.result, path)


def backtest_xlsx(region, upload, base_year: int, end_year: int, form: str) -> Path:
    series = queries.region_series(region.code, upload)
    out = queries.backtest(series, base_year, end_year, form)
    if out.result is None:
        raise ValidationFailed(out.problems)
    _prune(_work_dir("uji-balik"))
    path = _work_dir("uji-balik", hashlib.sha256(f"{region.code}{base_year}{end_year}{form}{upload.sha256 if upload else ''}".encode()).hexdigest()[:16])
    return rtk_files.write_backtest(out.result, path / f"uji-balik-RTK-{region.code}-{base_year}-{end_year}.xlsx")


def template_xlsx(region, base_year: int) -> Path:
    _prune(_work_dir("templat"))
    folder = Path(tempfile.mkdtemp(dir=_work_dir("templat")))
    path = folder / f"templat-data-RTK-{region.code}.xlsx"
    return rtk_files.write_template(path, region.code, years=range(base_year - 5, base_year + 1))
