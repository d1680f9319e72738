"""RTKD charts are drawn once and cropped to their tight box: the PNG must be the picture
``savefig(bbox_inches="tight")`` gives (same size within a pixel), also when a label reaches
past the blank margin around the chart (then the chart is saved the ordinary way)."""
from __future__ import annotations

import io

from PIL import Image

from sinergi.documents.rtkd import charts


def _size(png: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(png)).size


def _tight_size(draw) -> tuple[int, int]:
    """The size savefig's tight box gives for the figure ``draw`` builds."""
    made = []
    png = charts._png
    charts._png = lambda fig: made.append(fig) or b""
    try:
        draw()
    finally:
        charts._png = png
    buf = io.BytesIO()
    made[0].savefig(buf, format="png", dpi=charts.DPI, bbox_inches="tight", pad_inches=charts.PAD)
    return _size(buf.getvalue())


def _close(a, b):
    return all(abs(x - y) <= 2 for x, y in zip(a, b, strict=True))


def test_line_chart_with_legend_below_is_cropped_like_savefig_tight():
    def draw():
        return charts.line_chart({"Data": {2020: 1.0, 2021: 2.0, 2022: 1.5}, "Perkiraan": {2022: 1.5, 2023: 1.8}},
                                 "persen", vline=2022.5, vline_label="proyeksi", band={2023: (1.6, 2.0)})

    png = draw()
    assert Image.open(io.BytesIO(png)).mode == "RGB"
    assert _close(_size(png), _tight_size(draw))


def test_label_past_the_margin_still_comes_out_whole():
    values = {"x" * 90: 1.0, "Kota Bontang": 2.5}

    def draw():
        return charts.hbar(values, "TPT (persen)")

    png = draw()
    assert _close(_size(png), _tight_size(draw))
    assert _size(png)[0] > (6.4 + 2 * charts.MARGIN) * charts.DPI  # wider than the figure: the label is not cut
