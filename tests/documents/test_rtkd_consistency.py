"""One value per variable and year across every table of the RTKD, as a Kemnaker reviewer checks it.

The test reads the generated files only (RTKD.xlsx sheet by sheet, and every table of the .docx),
names the variable of each row (from the official table title, or from the row label of the
chapter tables), and requires:

* the same figure wherever the same variable, group, scenario and year appear;
* the .docx shows what the workbook holds (to the shown precision);
* the published identities hold for the totals: AK = bekerja + penganggur, PUK = AK + BAK (via TPAK),
  TPT = penganggur / AK;
* the main scenario of the official projection tables is one of the scenarios of the balance table.
"""
from __future__ import annotations

import re
from collections import defaultdict

import openpyxl
import pytest
from docx import Document

from sinergi.documents.rtkd import build_rtkd

# variable named by the start of an official table title ("Perkiraan " dropped), longest first
TITLE_VARIABLES = [
    ("tingkat pengangguran terbuka", "TPT"),
    ("tingkat partisipasi angkatan kerja", "TPAK"),
    ("penduduk usia kerja", "PUK"),
    ("angkatan kerja", "AK"),
    ("penduduk yang bekerja", "KK"),
    ("kesempatan kerja", "KK"),
    ("penganggur", "PENGANGGUR"),
]
# variable named by a row label of a chapter table (5.1 "Moderat: TPT (persen)", 6.1 "TPT perkiraan (persen)")
ROW_VARIABLES = [
    ("tpt", "TPT"),
    ("kekurangan", None),
    ("angkatan kerja", "AK"),
    ("kesempatan kerja", "KK"),
    ("penganggur", "PENGANGGUR"),
]
OFFICIAL = re.compile(r"^\d\.[A-Z]\.\d$")
MAIN = "utama"


def title_variable(title: str) -> str | None:
    t = title.lower()
    t = t[len("perkiraan "):] if t.startswith("perkiraan ") else t
    return next((v for k, v in TITLE_VARIABLES if t.startswith(k)), None)


def row_variable(label: str) -> str | None:
    lab = label.lower()
    if "sasaran" in lab or "diperlukan" in lab or "tambahan" in lab or "selisih" in lab:
        return None
    return next((v for k, v in ROW_VARIABLES if k in lab), None)


def year_of(header) -> int | None:
    m = re.fullmatch(r"(\d{4})( \(dasar(, taksiran)?\))?", str(header or "").strip())
    return int(m.group(1)) if m else None


def sheet_rows(ws) -> list[tuple]:
    rows = []
    for r in ws.iter_rows(values_only=True):
        if r[0] is None:
            break
        rows.append(r)
    return rows


class Walk:
    """Every numeric cell of the workbook, keyed by (variable, group, scenario, year)."""

    def __init__(self, xlsx_path, region_label: str):
        self.wb = openpyxl.load_workbook(xlsx_path, data_only=True)
        self.region = region_label.lower()
        self.titles = {str(r[0]): str(r[1] or "") for r in sheet_rows(self.wb["Daftar Tabel"])[1:]}
        self.base_year = next((int(str(h)[:4]) for code in self.titles for h in (sheet_rows(self.wb[code]) or [()])[0]
                               if "(dasar" in str(h)), 9999)
        self.values: dict[tuple, dict[str, float]] = defaultdict(dict)
        self.scenario_series: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
        for code in self.titles:
            self._sheet(code)

    def _sheet(self, code: str) -> None:
        rows = sheet_rows(self.wb[code])
        if not rows:
            return
        years = {i: y for i, h in enumerate(rows[0]) if (y := year_of(h))}
        if not years:
            return
        var = title_variable(self.titles[code]) if OFFICIAL.match(code) else None
        projected = code[0] in "345"
        for r in rows[1:]:
            label = str(r[0]).strip()
            if var is not None:
                group = label.lower()
                if group in ("jumlah", "total", self.region) or title_variable(group) == var:
                    group = "jumlah"
                key_var, scenario = var, MAIN
            else:
                key_var = row_variable(label)
                if key_var is None:
                    continue
                group = "jumlah"
                scenario = label.split(":")[0].strip().lower() if ":" in label else MAIN
                if code == "5.1" and ":" not in label:
                    continue  # AK with / without IKN: named by scenario family, compared through the identity below
            for i, y in years.items():
                v = r[i]
                if not isinstance(v, (int, float)):
                    continue
                # observed years (and the base year) are one figure whatever the scenario; a base year the method had
                # to estimate (BPS published no complete figure for it) is the method's own, said so in the table
                head = str(rows[0][i])
                sc = ("taksiran" if head.endswith("taksiran)") else
                      scenario if projected and not head.endswith("(dasar)") and y > self.base_year else "data")
                self.values[(key_var, group, sc, y)][code] = float(v)
                if code == "5.1" and sc != "data":
                    self.scenario_series[(sc, key_var)][y] = float(v)

    def figure(self, var: str, year: int, scenario: str = MAIN) -> float | None:
        sc = scenario if year > self.base_year else "data"
        vals = self.values.get((var, "jumlah", sc, year))
        return next(iter(vals.values())) if vals else None


def _tolerance(var: str, a: float) -> float:
    return 0.011 if var in ("TPT", "TPAK") else max(1.0, abs(a) * 1e-6)


def contradictions(walk: Walk) -> list[str]:
    out = []
    for (var, group, sc, y), by_code in sorted(walk.values.items(), key=str):
        vals = list(by_code.values())
        if max(vals) - min(vals) > _tolerance(var, max(vals, key=abs)):
            out.append(f"{var} {group} {sc} {y}: {by_code}")
    return out


def parse_id_number(text: str) -> float | None:
    t = text.strip().replace("\u2212", "-")
    if not re.fullmatch(r"-?[\d.]+(,\d+)?", t):
        return None
    return float(t.replace(".", "").replace(",", "."))


def docx_tables(path) -> dict[str, list[list[str]]]:
    """Caption code → cell texts of the table that follows the caption."""
    doc = Document(str(path))
    body = doc.element.body
    out, pending = {}, None
    tables = iter(doc.tables)
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            m = re.match(r"Tabel (\d\.[A-Z]\.\d|\d\.\d+) ", text)
            if m:
                pending = m.group(1)
        elif tag == "tbl":
            table = next(tables)
            if pending:
                out[pending] = [[c.text for c in row.cells] for row in table.rows]
                pending = None
    return out


@pytest.fixture(scope="module", params=["64", "6472"])
def rtkd(request, tmp_path_factory):
    d = tmp_path_factory.mktemp(f"rtkd-consistency-{request.param}")
    out = build_rtkd(request.param, 2024, 2029, d / "RTKD.docx")
    return out, Walk(out.xlsx_path, out.document.region_label)


def test_one_value_per_variable_group_scenario_and_year(rtkd):
    _, walk = rtkd
    assert len(walk.values) > 15, "the walk found too few figures to check anything"
    assert contradictions(walk) == []


def test_the_walk_catches_a_contradiction(rtkd, tmp_path):
    """Change one figure in one sheet: the same walk reports it."""
    out, walk = rtkd
    # a figure shown in two tables: change it in the second one only
    key, by_code = next((k, by) for k, by in walk.values.items() if len(by) > 1)
    code = list(by_code)[1]
    wb = openpyxl.load_workbook(out.xlsx_path)
    hits = [c for row in wb[code].iter_rows(min_row=2) for c in row if c.value == by_code[code]]
    assert hits, (code, by_code)
    hits[0].value = by_code[code] + 1000
    wb.save(tmp_path / "edited.xlsx")
    broken = contradictions(Walk(tmp_path / "edited.xlsx", out.document.region_label))
    assert any(b.startswith(f"{key[0]} {key[1]} {key[2]} {key[3]}:") for b in broken), broken


def test_docx_tables_show_the_workbook_figures(rtkd):
    out, walk = rtkd
    tables = docx_tables(out.docx_path)
    assert set(walk.titles) <= set(tables), f"tables in the workbook but not in the document: {set(walk.titles) - set(tables)}"
    checked = 0
    for code in walk.titles:
        rows = sheet_rows(walk.wb[code])
        shown = tables[code]
        assert len(shown) >= len(rows), code
        for i, row in enumerate(rows[1:], start=1):
            for j, v in enumerate(row):
                if not isinstance(v, (int, float)) or j >= len(shown[i]):
                    continue
                text = shown[i][j]
                n = parse_id_number(text)
                assert n is not None, f"Tabel {code} row {i} col {j}: '{text}' is not a number (workbook {v})"
                decimals = len(text.split(",")[1]) if "," in text else 0
                assert abs(n - v) <= 0.5 * 10 ** -decimals + 1e-9, f"Tabel {code} row {i} col {j}: {text} vs {v}"
                checked += 1
    assert checked > 40


def test_labour_force_identities_hold_for_the_totals(rtkd):
    _, walk = rtkd
    years = sorted({y for (_, g, _, y) in walk.values if g == "jumlah"})
    broken, checked = [], 0
    for y in years:
        ak, kk, un, tpt = (walk.figure(v, y) for v in ("AK", "KK", "PENGANGGUR", "TPT"))
        if None not in (ak, kk, un):
            checked += 1
            if abs(ak - kk - un) > max(5.0, ak * 1e-5):
                broken.append(f"{y}: AK {ak} ≠ bekerja {kk} + penganggur {un}")
        if None not in (ak, un, tpt):
            checked += 1
            if abs(un / ak * 100 - tpt) > 0.011:
                broken.append(f"{y}: TPT {tpt} ≠ penganggur/AK {un / ak * 100:.3f}")
    assert checked >= 1
    assert broken == []


def test_official_projection_tables_follow_a_listed_scenario(rtkd):
    _, walk = rtkd
    main = {y: v for (var, g, sc, y), by in walk.values.items() if var == "TPT" and g == "jumlah" and sc == MAIN
            for v in list(by.values())[:1]}
    if not main or not walk.scenario_series:
        pytest.skip("no projection in this document")
    matches = [sc for (sc, var), series in walk.scenario_series.items()
               if var == "TPT" and all(abs(series.get(y, -1) - v) < 0.011 for y, v in main.items())]
    assert matches, f"TPT of the official tables {main} is none of the scenarios in the balance table"
