"""Charts for the RTKD (matplotlib, Agg canvas, PNG bytes for python-docx).

Axis labels use the Indonesian decimal comma and thousand dot. Missing values are left as
gaps; a chart without any value is not drawn (the caller skips it).

Figures are plain :class:`~matplotlib.figure.Figure` objects on their own Agg canvas (no
pyplot: no global figure registry, safe in the web server's threads). A chart is laid out and
drawn once: the figure has a blank margin around the area the chart occupies, and the PNG is
the drawn pixels cropped to the chart's tight bounding box — the picture
``savefig(bbox_inches="tight")`` gives, without its second layout pass.
"""
from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from sinergi.core.numbers import format_id
from sinergi.documents.rtkd.text import ok

COLORS = ["#1F4E79", "#C55A11", "#548235", "#7F6000", "#7030A0", "#2E75B6", "#A5A5A5"]
DPI = 200
MARGIN = 1.5  # inch of blank figure around the chart's own size, for long labels and legends outside the axes
PAD = 0.1  # inch around the tight box, as savefig's pad_inches

matplotlib.rcParams.update({
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
})


def _fmt(decimals: int):
    return FuncFormatter(lambda v, _pos: format_id(v, decimals))


def _scale_fmt(values: Sequence[float]):
    """Large counts in ribu (thousands) so tick labels stay short."""
    big = max((abs(v) for v in values if ok(v)), default=0)
    if big >= 1e5:
        return FuncFormatter(lambda v, _p: format_id(v / 1000, 0)), " (ribu)"
    return _fmt(0 if big >= 100 else 1), ""


def _figure(size):
    """A figure whose axes sit where ``plt.subplots(figsize=size)`` would put them, with
    :data:`MARGIN` of blank figure on every side."""
    w, h = size
    fig = Figure(figsize=(w + 2 * MARGIN, h + 2 * MARGIN), dpi=DPI)
    FigureCanvasAgg(fig)
    sp = fig.subplotpars
    fig.subplots_adjust(left=(MARGIN + sp.left * w) / (w + 2 * MARGIN), right=(MARGIN + sp.right * w) / (w + 2 * MARGIN),
                        bottom=(MARGIN + sp.bottom * h) / (h + 2 * MARGIN), top=(MARGIN + sp.top * h) / (h + 2 * MARGIN))
    return fig, fig.add_subplot()


def _png(fig) -> bytes:
    """Draw once, crop to the tight box (plus :data:`PAD`), encode as PNG."""
    canvas = fig.canvas
    canvas.draw()
    box = fig.get_tightbbox(canvas.get_renderer()).padded(PAD)
    fw, fh = fig.get_size_inches()
    if box.x0 < 0 or box.y0 < 0 or box.x1 > fw or box.y1 > fh:  # something reaches past the margin
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", pad_inches=PAD)
        return buf.getvalue()
    pixels = np.asarray(canvas.buffer_rgba())
    height = pixels.shape[0]
    top, bottom = height - math.ceil(box.y1 * DPI), height - math.floor(box.y0 * DPI)
    left, right = math.floor(box.x0 * DPI), math.ceil(box.x1 * DPI)
    image = Image.fromarray(np.ascontiguousarray(pixels[top:bottom, left:right, :3]), "RGB")
    buf = io.BytesIO()
    image.save(buf, format="png", dpi=(DPI, DPI))
    return buf.getvalue()


def _has(values) -> bool:
    return any(ok(v) for v in values)


def line_chart(series: Mapping[str, Mapping[int, float]], ylabel: str, decimals: int = 2,
               size=(6.4, 3.0), markers: bool = True, vline: float | None = None,
               vline_label: str = "", band: Mapping[int, tuple[float, float]] | None = None, band_label: str = "",
               rate: bool = False) -> bytes | None:
    """One line per series (``label → {year: value}``); gaps where a year is missing.

    ``band`` (year → (lower, upper)) is drawn as a shaded fan behind the lines; ``rate`` starts
    the value axis at zero (a rate axis is never cut off)."""
    if not any(sum(ok(v) for v in s.values()) >= 2 for s in series.values()):
        return None  # a single point is not a development worth a chart
    fig, ax = _figure(size)
    all_years = sorted({y for s in series.values() for y in s})
    if band:
        by = sorted(y for y, b in band.items() if b and ok(b[0]) and ok(b[1]))
        if by:
            ax.fill_between(by, [band[y][0] for y in by], [band[y][1] for y in by], color="#9DC3E6", alpha=0.45,
                            lw=0, label=band_label or "pita ketidakpastian", zorder=0)
    for i, (label, s) in enumerate(series.items()):
        ys = [y for y in all_years if y in s]
        vals = [s[y] if ok(s[y]) else float("nan") for y in ys]
        ax.plot(ys, vals, marker="o" if markers else None, ms=3.5, lw=1.8, color=COLORS[i % len(COLORS)], label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_fmt(decimals if decimals < 2 else 1))
    ax.set_ylabel(ylabel)
    if rate:
        ax.set_ylim(bottom=0, top=ax.get_ylim()[1] * 1.05)
    if vline is not None:
        ax.axvline(vline, color="#888888", lw=0.8, ls="--")
        if vline_label:
            ax.text(vline + 0.05, ax.get_ylim()[1], vline_label, va="top", ha="left", fontsize=7.5, color="#555555")
    if len(series) > 1 or band:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=min(3, len(series) + bool(band)), fontsize=7.5)
    return _png(fig)


def bars_with_rate(years: Sequence[int], bars: Mapping[str, Sequence[float]], rate: Sequence[float],
                   bar_label: str, rate_label: str, size=(6.4, 3.2)) -> bytes | None:
    """Grouped bars (counts) with a rate line on a second axis (e.g. AK/bekerja + TPT)."""
    filled = {i for vals in list(bars.values()) + [rate] for i, v in enumerate(vals) if ok(v)}
    if len(filled) < 2:
        return None  # one year is not a development worth a chart
    fig, ax = _figure(size)
    n = max(1, len(bars))
    width = 0.8 / n
    allv = [v for vals in bars.values() for v in vals]
    fmt, suffix = _scale_fmt(allv)
    for i, (label, vals) in enumerate(bars.items()):
        xs = [y + (i - (n - 1) / 2) * width for y in years]
        ax.bar(xs, [v if ok(v) else 0 for v in vals], width=width * 0.95, color=COLORS[i % len(COLORS)],
               label=label, alpha=[1.0, 0.75][i % 2])
        for x, v in zip(xs, vals, strict=False):
            if not ok(v):
                ax.text(x, 0, "n/a", ha="center", va="bottom", fontsize=6, color="#888888", rotation=90)
    ax.yaxis.set_major_formatter(fmt)
    ax.set_ylabel(bar_label + suffix)
    ax.set_xticks(list(years))
    ax.grid(axis="x", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    if _has(rate):
        ax2 = ax.twinx()
        ax2.plot(list(years), [r if ok(r) else float("nan") for r in rate], color="#C00000", marker="o", ms=3.5,
                 lw=1.8, label=rate_label)
        ax2.yaxis.set_major_formatter(_fmt(1))
        ax2.set_ylabel(rate_label)
        ax2.grid(False)
        ax2.spines["right"].set_visible(True)
        lo = min(r for r in rate if ok(r))
        hi = max(r for r in rate if ok(r))
        pad = max(0.5, (hi - lo) * 0.3)
        ax2.set_ylim(0, hi + pad)  # a rate axis starts at zero
        h2, l2 = ax2.get_legend_handles_labels()
        handles += h2
        labels += l2
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(labels), fontsize=8)
    return _png(fig)


def hbar(values: Mapping[str, float], xlabel: str, decimals: int = 2, highlight: str | None = None,
         reference: float | None = None, reference_label: str = "", size=(6.4, 3.4)) -> bytes | None:
    """Horizontal bars sorted by value (e.g. TPT by kab/kota); missing items are listed as n/a."""
    items = [(k, v) for k, v in values.items()]
    if not any(ok(v) for _, v in items):
        return None
    have = sorted([(k, v) for k, v in items if ok(v)], key=lambda kv: kv[1])
    missing = [k for k, v in items if not ok(v)]
    labels = [f"{k} (n/a)" for k in missing] + [k for k, _ in have]
    vals = [0.0] * len(missing) + [v for _, v in have]
    fig, ax = _figure(size)
    colors = ["#BBBBBB"] * len(missing) + [("#C55A11" if k == highlight else "#1F4E79") for k, _ in have]
    ax.barh(labels, vals, color=colors)
    for y, v in enumerate(vals):
        if y >= len(missing):
            ax.text(v, y, " " + format_id(v, decimals), va="center", fontsize=7.5)
    if reference is not None and ok(reference):
        ax.axvline(reference, color="#C00000", lw=1, ls="--")
        ax.text(reference, len(vals) - 0.4, " " + reference_label, color="#C00000", fontsize=7.5, va="bottom")
    ax.xaxis.set_major_formatter(_fmt(1))
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    return _png(fig)


def stacked_change(categories: Sequence[str], values: Sequence[float], xlabel: str,
                   size=(6.4, 3.6)) -> bytes | None:
    """Horizontal bars of changes (positive right, negative left), e.g. extra jobs by sector."""
    pairs = [(c, v) for c, v in zip(categories, values, strict=False) if ok(v)]
    if not pairs:
        return None
    pairs.sort(key=lambda cv: cv[1])
    fig, ax = _figure(size)
    cols = ["#548235" if v >= 0 else "#C00000" for _, v in pairs]
    ax.barh([c for c, _ in pairs], [v for _, v in pairs], color=cols)
    fmt, suffix = _scale_fmt([v for _, v in pairs])
    ax.xaxis.set_major_formatter(fmt)
    ax.set_xlabel(xlabel + suffix)
    ax.axvline(0, color="#444444", lw=0.8)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", labelsize=7.5)
    return _png(fig)
