"""The Rencana Tenaga Kerja Daerah (RTKD) as a Word document plus its companion workbook.

Public API::

    from sinergi.documents.rtkd import build_rtkd
    out = build_rtkd("64", 2024, 2029, "RTKD.docx")          # → RtkdOutput
    out.docx_path, out.xlsx_path                               # (also unpacks as a tuple)

    # or from a projection you already ran (notebook, web app):
    doc = compose_rtkd("64", 2024, 2029, result=my_result, series=my_series)
    write_docx(doc, "RTKD.docx"); write_workbook(doc, "RTKD.xlsx")

The outline is BAB I–VII of ``data/rtk/METHOD.md`` §4 with the official table codes
(2.A.1 … 5.D.2, see :mod:`sinergi.documents.rtkd.catalog`). BAB II comes from the observed
statistics (:mod:`sinergi.documents.rtkd.history`), BAB III–V from the projection engine
(:mod:`sinergi.core.rtk`, via :mod:`sinergi.documents.rtkd.projection`), BAB VI–VII are
written from those numbers. Missing values are printed "data belum tersedia", tables without
any data keep their code and title and say who holds the data.
"""
from sinergi.documents.rtkd.compose import RtkdOutput, build_rtkd, compose_rtkd
from sinergi.documents.rtkd.engine import EngineRun, run_engine
from sinergi.documents.rtkd.render import RtkdDocument, write_docx, write_workbook

__all__ = ["EngineRun", "RtkdDocument", "RtkdOutput", "build_rtkd", "compose_rtkd", "run_engine", "write_docx", "write_workbook"]
