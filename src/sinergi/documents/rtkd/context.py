"""What every chapter writes with: the composer (numbering of local tables and figures), quick access to observed
values, and the context handed from chapter to chapter."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sinergi.core.rtk.runner import IKN_DEFAULT_REGIONS
from sinergi.documents.docx_utils import CaptionedTable, Column
from sinergi.documents.rtkd.catalog import BY_CODE
from sinergi.documents.rtkd.engine import EngineRun
from sinergi.documents.rtkd.history import Built, HistoryTables, Observations
from sinergi.documents.rtkd.projection import ProjectionTables, ProjectionView
from sinergi.documents.rtkd.render import Block, RtkdDocument
from sinergi.documents.rtkd.text import (
    clean,
    sentence,
)

IKN_REGIONS = {"64", *IKN_DEFAULT_REGIONS}  # where IKN lies (core list) and the province containing it
HISTORY_YEARS = 6

# ---------------------------------------------------------------------------

class Composer:
    """Collects blocks, numbers local tables and figures per chapter."""

    def __init__(self, rd: RtkdDocument):
        self.rd = rd
        self.chapter = 0
        self.local_tables = 0
        self.figures = 0

    def h1(self, roman: str, title: str):
        self.chapter += 1
        self.local_tables = 0
        self.figures = 0
        self.rd.body.append(Block("h1", f"BAB {roman} {title}"))

    def h2(self, letter: str, title: str):
        self.rd.body.append(Block("h2", f"{letter}. {title}"))

    def h3(self, text: str):
        self.rd.body.append(Block("h3", text))

    def p(self, *parts: str):
        text = clean(sentence(*parts))
        if text:
            self.rd.body.append(Block("p", text))

    def note(self, text: str):
        self.rd.body.append(Block("note", clean(text)))

    def bullets(self, items: Iterable[str], numbered: bool = False):
        items = [clean(i) for i in items if i]
        if items:
            self.rd.body.append(Block("numbered" if numbered else "bullets", items=items))

    def table(self, built: Built | CaptionedTable, urls: Iterable[str] = ()):
        t = built.table if isinstance(built, Built) else built
        if isinstance(built, Built):
            urls = list(urls) + list(built.urls)
        self.rd.body.append(Block("table", table=t))
        self.rd.table_urls[t.code] = [u for u in dict.fromkeys(urls) if str(u).startswith("http")]
        return t

    def local(self, title: str, columns: list[Column], rows: list[list], sources: list[str], notes=(), **kw) -> CaptionedTable:
        self.local_tables += 1
        t = CaptionedTable(code=f"{self.chapter}.{self.local_tables}", title=title, columns=columns, rows=rows,
                           sources=sources, notes=list(notes), **kw)
        return t

    def figure(self, png: bytes | None, title: str, source: str, width_cm: float = 14.5) -> str:
        if png is None:
            return ""
        self.figures += 1
        caption = f"Gambar {self.chapter}.{self.figures} {title}"
        self.rd.body.append(Block("figure", text=caption, image=png, source=source, width_cm=width_cm))
        return f"Gambar {self.chapter}.{self.figures}"


class Facts:
    """Quick access to observed values for the narrative (no source tracking)."""

    def __init__(self, obs: Observations, region: str):
        self.obs, self.region = obs, region

    def get(self, ind: str, year: int | None, month=8, region: str | None = None):
        o = self.obs.get(ind, year, region or self.region, month)
        return o.value if o else None

    def series(self, ind: str, years: Iterable[int], month=8, region: str | None = None) -> dict[int, float]:
        return {y: v for y in years if (v := self.get(ind, y, month, region)) is not None}

    def last(self, ind: str, upto: int, month=8, region: str | None = None) -> tuple[int | None, float | None]:
        for y in range(upto, upto - 12, -1):
            v = self.get(ind, y, month, region)
            if v is not None:
                return y, v
        return None, None

@dataclass
class Context:
    rd: RtkdDocument
    c: Composer
    f: Facts
    hist: HistoryTables
    view: ProjectionView | None
    proj: ProjectionTables
    engine: EngineRun
    obs: Observations
    label: str
    is_province: bool
    with_ikn: bool
    main: str
    hist_years: list[int]
    built: dict[str, Built] = field(default_factory=dict)
    gaps: dict[str, list[str]] = field(default_factory=dict)  # provider → table codes without data

    @property
    def base(self) -> int:
        return self.rd.base_year

    @property
    def end(self) -> int:
        return self.rd.end_year

    def add(self, built: Built, urls: Iterable[str] = ()) -> CaptionedTable:
        t = self.c.table(built, urls)
        self.built[t.code] = built
        if t.placeholder:
            spec = BY_CODE.get(t.code)
            if spec:
                self.gaps.setdefault(spec.provider, []).append(t.code)
        return t

    def band(self, var: str, name: str | None = None) -> tuple[dict[int, tuple[float, float]], str]:
        """The uncertainty band of ``var`` (main scenario) for the projected years and its legend
        label, e.g. 'pita 80 % skenario Moderat + IKN'; ``({}, "")`` when the backtest gives none."""
        from sinergi.documents.rtkd.projection import scenario_label

        if self.view is None or self.view.band_level is None:
            return {}, ""
        name = name or self.main
        band = {y: b for y in self.view.years[1:] if (b := self.view.band(var, y, name))}
        if not band:
            return {}, ""
        return band, f"pita {self.view.band_level * 100:.0f} % skenario {scenario_label(name)}"

    def flag(self, var: str) -> str:
        """The warning printed beside a headline figure of ``var`` when the method forecasts it worse than
        'no change' in the rolling backtest (``""`` otherwise)."""
        if not self.engine.warnings.get(var):
            return ""
        return (" — peringatan: untuk variabel ini metode meramal lebih buruk daripada anggapan 'tidak berubah' "
                "pada uji balik (Tabel galat uji balik bergulir, BAB I)")

    def total(self, var: str, name: str | None = None) -> dict[int, float | None]:
        return self.view.total(var, name) if self.view else {}


# ---------------------------------------------------------------------------
