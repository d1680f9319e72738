"""The scenario editor: a plan's parameters → form cells, and posted cells → parameters.

Numbers are shown and read the Indonesian way (``5,62``; ``17.780`` orang). A count written
with thousand dots (``17.780``) is read as seventeen thousand, because a number of people has
no fraction. Shares are edited in percent and stored as the engine's proportions.

Empty cells follow the engine's rules, said next to the inputs: a growth year left empty takes
the nearest earlier year; an IKN year left empty keeps the previous year's level (0 before the
first filled year); a sector row left empty follows the scenario's total growth.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from sinergi.core.numbers import NotANumber, format_id, parse_number
from sinergi.core.rtk import ELASTICITY_FORMS
from sinergi.documents import rtk_files
from sinergi.documents.rtkd.projection import scenario_label
from sinergi.web.rtk import params as P

FORM_LABELS = {"majemuk": "majemuk (laju KK ÷ laju PDRB)", "regresi": "regresi (kemiringan ln KK atas ln PDRB)"}
GROWTH_RANGE = (-30.0, 50.0)
RATE_RANGE = (-20.0, 20.0)
SPLIT_ROWS = 5


@dataclass
class Cell:
    name: str
    value: str = ""
    error: str = ""
    placeholder: str = ""
    year: int | None = None
    label: str = ""


def fmt(value, decimals: int = 2) -> str:
    """``5.62`` → ``5,62``; ``6.0`` → ``6``; ``None`` → ``""``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    text = format_id(float(value), decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def fmt_count(value) -> str:
    if value is None:
        return ""
    return format_id(float(value), 0) if float(value).is_integer() else fmt(value)


def parse_count(text: str) -> float:
    return parse_number(text, thousands_dot=True)


class PlanForm:
    """The editor's cells for one plan (``initial``) or as posted (``from_post``)."""

    def __init__(self, region_code: str, name: str, base_year: int, end_year: int, version: int, parameters: dict,
                 sectors: list[str] | None = None):
        self.region_code = str(region_code)
        self.name = name
        self.base_year = int(base_year)
        self.end_year = int(end_year)
        self.version = int(version)
        self.parameters = P.copy_params(parameters)
        self.sectors = list(sectors or [])
        self.errors: dict[str, str] = {}
        self.values: dict[str, str] = {}
        self._fill_values()

    # ------------------------------------------------------------------ properties
    @property
    def years(self) -> list[int]:
        return list(range(self.base_year + 1, self.end_year + 1))

    @property
    def ikn_years(self) -> list[int]:
        return list(range(self.base_year, self.end_year + 1))

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def scenario_names(self) -> list[str]:
        return [s["name"] for s in self.parameters.get("scenarios", [])]

    # ------------------------------------------------------------------ initial values
    def _fill_values(self) -> None:
        v = self.values
        v["name"] = self.name
        v["main"] = self.parameters.get("main") or "moderat"
        v["target_tpt"] = fmt(self.parameters.get("target_tpt"))
        for d in self.parameters.get("scenarios", []):
            s = d["name"]
            growth = {int(k): float(x) for k, x in (d.get("growth_pct") or {}).items()}
            for y in self.years:
                v[f"g-{s}-{y}"] = fmt(growth.get(y))
            sector_growth = d.get("sector_growth_pct") or {}
            for code in self._sector_codes(d):
                g = {int(k): float(x) for k, x in (sector_growth.get(code) or {}).items()}
                for y in self.years:
                    v[f"sg-{s}-{code}-{y}"] = fmt(g.get(y))
            v[f"form-{s}"] = d.get("elasticity_form") or "majemuk"
            w = d.get("window")
            v[f"window-{s}"] = f"{w[0]}-{w[1]}" if w else ""
            v[f"puk-{s}"] = fmt(d.get("puk_growth_pct"))
            v[f"tpak-{s}"] = fmt(d.get("tpak_growth_pct"))
            v[f"note-{s}"] = d.get("note") or ""
        ik = self.parameters.get("ikn") or {}
        v["ikn_on"] = "1" if self.parameters.get("ikn_on") else ""
        for key, field_ in (("workers", "w"), ("spending_trillion", "s"), ("asn", "a")):
            path = {int(k): float(x) for k, x in (ik.get(key) or {}).items()}
            for y in self.ikn_years:
                v[f"ikn-{field_}-{y}"] = (fmt(path.get(y)) if key == "spending_trillion" else fmt_count(path.get(y)))
        v["ikn-jpt"] = fmt_count(ik.get("jobs_per_trillion", 14000.0))
        v["ikn-local"] = fmt(100 * float(ik.get("local_share", 0.27)))
        v["ikn-settle"] = fmt(100 * float(ik.get("settle_share", 1.0)))
        v["ikn-asnsettle"] = fmt(100 * float(ik.get("asn_settle_share", 1.0)))
        v["ikn-dep"] = fmt(ik.get("dependants_in_labour_force", 0.0))
        v["ikn-asnsector"] = ik.get("asn_sector", "O") or "O"
        split = list((ik.get("sector_split") or {}).items())
        for i in range(max(SPLIT_ROWS, len(split))):
            code, share = split[i] if i < len(split) else ("", None)
            v[f"ikn-split-code-{i}"] = code
            v[f"ikn-split-share-{i}"] = fmt(None if share is None else 100 * float(share))
        v["ikn-note"] = ik.get("note", "") or ""
        v["ikn-sources"] = "\n".join(ik.get("sources") or [])

    def _sector_codes(self, scenario: dict) -> list[str]:
        stored = list((scenario.get("sector_growth_pct") or {}).keys())
        return self.sectors + [c for c in stored if c not in self.sectors]

    # ------------------------------------------------------------------ parsing
    @classmethod
    def from_post(cls, data, region_code: str, stored: dict, *, default_name: str, sectors: list[str] | None = None) -> PlanForm:
        """Read the posted editor. ``stored`` is the plan's parameters before the edit: values
        outside the edited period are kept."""
        errors: dict[str, str] = {}

        def integer(key, fallback):
            try:
                return int(str(data.get(key, "")).strip())
            except ValueError:
                errors[key] = "Tulis tahun sebagai bilangan bulat, mis. 2024."
                return fallback

        base = integer("base_year", 0)
        end = integer("end_year", 0)
        version = integer("version", 0)
        if not errors:
            if not 2000 <= base <= 2100:
                errors["base_year"] = "Tahun dasar harus antara 2000 dan 2100."
            elif end <= base:
                errors["end_year"] = f"Tahun akhir {end} harus sesudah tahun dasar {base}."
            elif end - base > 25:
                errors["end_year"] = "Periode rencana paling panjang 25 tahun."
        if errors:
            base, end = P.default_period() if base == 0 or end <= base else (base, end)
            end = end if end > base else base + P.PERIOD_YEARS
        form = cls(region_code, str(data.get("name", "")).strip() or default_name, base, end, version, stored, sectors)
        form.errors.update(errors)
        # what was posted is what the page shows again
        for key in list(form.values):
            if key in data:
                form.values[key] = str(data.get(key, ""))
        form.values["ikn_on"] = "1" if data.get("ikn_on") else ""
        for key in data:
            if key.startswith(("sg-", "ikn-split-")) and key not in form.values:
                form.values[key] = str(data.get(key, ""))
        if form.valid:
            form._parse()
        return form

    def _number(self, key: str, lo: float | None = None, hi: float | None = None, *, count: bool = False,
                unit: str = "", required: bool = False) -> float | None:
        text = self.values.get(key, "").strip()
        if not text:
            if required:
                self.errors[key] = "Wajib diisi."
            return None
        try:
            value = parse_count(text) if count else parse_number(text)
        except NotANumber:
            self.errors[key] = f"'{text}' bukan angka (tulis mis. 5,62)."
            return None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.errors[key] = f"Di luar rentang yang masuk akal ({fmt(lo)} sampai {fmt(hi)}{unit})."
            return None
        return value

    def _parse(self) -> None:
        p = self.parameters
        v = self.values
        names = self.scenario_names
        p["main"] = v.get("main") if v.get("main") in names else (names[0] if names else "moderat")
        p["target_tpt"] = self._number("target_tpt", 0.0, 100.0, unit=" %")
        for d in p.get("scenarios", []):
            s = d["name"]
            growth = {int(k): float(x) for k, x in (d.get("growth_pct") or {}).items()}
            for y in self.years:
                g = self._number(f"g-{s}-{y}", *GROWTH_RANGE, unit=" %")
                if g is None:
                    growth.pop(y, None)
                else:
                    growth[y] = g
            if not growth:
                self.errors[f"g-{s}-{self.years[0]}"] = "Isi paling sedikit satu tahun pertumbuhan PDRB."
            d["growth_pct"] = {str(k): x for k, x in sorted(growth.items())}
            scenario = P.scenario_from_dict({**d, "sector_growth_pct": {}}) if growth else None
            sector_growth = {}
            codes = sorted({k.split("-", 2)[2].rsplit("-", 1)[0] for k in v if k.startswith(f"sg-{s}-")})
            scheme = rtk_files.load_sector_scheme()
            for code in codes:
                stored = {int(k): float(x) for k, x in ((d.get("sector_growth_pct") or {}).get(code) or {}).items()}
                row = {y: self._number(f"sg-{s}-{code}-{y}", *GROWTH_RANGE, unit=" %") for y in self.years}
                if all(x is None for x in row.values()):
                    continue  # the whole row empty: the sector follows the total growth
                if scheme.normalise(code) is None:
                    self.errors[f"sg-{s}-{code}-{self.years[0]}"] = f"Kode sektor '{code}' tidak dikenal."
                    continue
                for y, x in row.items():
                    if x is None and scenario is not None:
                        x = scenario.growth_for(y)  # a gap in a filled row takes the total growth, said on the page
                        v[f"sg-{s}-{code}-{y}"] = fmt(x)
                    stored[y] = x
                sector_growth[code] = {str(k): x for k, x in sorted(stored.items())}
            d["sector_growth_pct"] = sector_growth
            form_ = v.get(f"form-{s}", "majemuk")
            if form_ not in ELASTICITY_FORMS:
                self.errors[f"form-{s}"] = f"Pilih salah satu: {', '.join(ELASTICITY_FORMS)}."
            d["elasticity_form"] = form_
            wtext = v.get(f"window-{s}", "").strip()
            d["window"] = None
            if wtext:
                try:
                    a, b = rtk_files.parse_window(wtext)
                    if b > self.base_year:
                        self.errors[f"window-{s}"] = f"Jendela harus berakhir paling lambat tahun dasar {self.base_year}."
                    d["window"] = [a, b]
                except ValueError as exc:
                    self.errors[f"window-{s}"] = f"{exc}."
            d["puk_growth_pct"] = self._number(f"puk-{s}", *RATE_RANGE, unit=" % per tahun")
            d["tpak_growth_pct"] = self._number(f"tpak-{s}", *RATE_RANGE, unit=" % per tahun")
            d["note"] = v.get(f"note-{s}", "").strip()
            d["ikn"] = None
        self._parse_ikn()

    def _parse_ikn(self) -> None:
        p = self.parameters
        v = self.values
        ik = dict(p.get("ikn") or P.default_ikn(self.region_code)[0].to_dict())
        on = bool(v.get("ikn_on"))
        p["ikn_on"] = on
        for key, f in (("workers", "w"), ("spending_trillion", "s"), ("asn", "a")):
            path = {int(k): float(x) for k, x in (ik.get(key) or {}).items()}
            for y in self.ikn_years:
                x = self._number(f"ikn-{f}-{y}", 0.0, 1e7, count=(key != "spending_trillion"))
                if x is None:
                    path.pop(y, None)
                else:
                    path[y] = x
            ik[key] = {str(k): x for k, x in sorted(path.items())}
        jpt = self._number("ikn-jpt", 0.0, 1e6, count=True, required=on)
        if jpt is not None:
            ik["jobs_per_trillion"] = jpt
        for key, f in (("local_share", "local"), ("settle_share", "settle"), ("asn_settle_share", "asnsettle")):
            x = self._number(f"ikn-{f}", 0.0, 100.0, unit=" %", required=on)
            if x is not None:
                ik[key] = x / 100
        dep = self._number("ikn-dep", 0.0, 10.0, unit=" orang per migran")
        ik["dependants_in_labour_force"] = dep or 0.0
        scheme = rtk_files.load_sector_scheme()
        split = {}
        indexes = sorted({int(k.rsplit("-", 1)[1]) for k in v if k.startswith("ikn-split-code-")})
        for i in indexes:
            code = v.get(f"ikn-split-code-{i}", "").strip()
            share = self._number(f"ikn-split-share-{i}", 0.0, 100.0, unit=" %")
            if not code and share is None:
                continue
            norm = scheme.normalise(code) if code else None
            if not norm:
                self.errors[f"ikn-split-code-{i}"] = "Pilih lapangan usaha."
                continue
            if share is None:
                self.errors[f"ikn-split-share-{i}"] = "Isi porsinya (persen)."
                continue
            split[norm] = split.get(norm, 0.0) + share / 100
        if on and not split:
            self.errors["ikn-split-code-0"] = "Isi paling sedikit satu lapangan usaha untuk pekerja IKN."
        ik["sector_split"] = split or ik.get("sector_split") or {}
        asn_sector = scheme.normalise(v.get("ikn-asnsector", "O") or "O")
        if not asn_sector:
            self.errors["ikn-asnsector"] = "Pilih lapangan usaha ASN."
        else:
            ik["asn_sector"] = asn_sector
        ik["note"] = v.get("ikn-note", "").strip()
        ik["sources"] = [line.strip() for line in v.get("ikn-sources", "").splitlines() if line.strip()]
        if not ik.get("regions"):
            ik["regions"] = [self.region_code]
        p["ikn"] = ik

    # ------------------------------------------------------------------ for the template
    def cell(self, key: str, placeholder: str = "", year: int | None = None, label: str = "") -> Cell:
        return Cell(key, self.values.get(key, ""), self.errors.get(key, ""), placeholder, year, label)

    @property
    def cell_target(self) -> Cell:
        return self.cell("target_tpt", label="sasaran TPT")

    @cached_property  # the template reads it several times; built after parsing
    def growth_rows(self) -> list[dict]:
        rows = []
        scen = {d["name"]: d for d in self.parameters.get("scenarios", [])}
        for y in self.years:
            cells = []
            for s in self.scenario_names:
                placeholder = ""
                try:
                    placeholder = fmt(P.scenario_from_dict(scen[s]).growth_for(y))
                except (ValueError, KeyError):
                    pass
                cells.append(self.cell(f"g-{s}-{y}", placeholder, y, f"{scenario_label(s)} {y}"))
            rows.append({"year": y, "cells": cells})
        return rows

    @cached_property  # the template reads it several times; built after parsing
    def scenario_columns(self) -> list[dict]:
        out = []
        for d in self.parameters.get("scenarios", []):
            s = d["name"]
            out.append({
                "name": s,
                "label": d.get("label") or scenario_label(s),
                "form": self.cell(f"form-{s}"),
                "window": self.cell(f"window-{s}"),
                "puk": self.cell(f"puk-{s}"),
                "tpak": self.cell(f"tpak-{s}"),
                "note": self.cell(f"note-{s}"),
                "sectors": self._sector_rows(d),
            })
        return out

    def _sector_rows(self, d: dict) -> list[dict]:
        s = d["name"]
        scheme = rtk_files.load_sector_scheme()
        codes = self._sector_codes(d) + sorted({k.split("-", 2)[2].rsplit("-", 1)[0] for k in self.values if k.startswith(f"sg-{s}-")} - set(self._sector_codes(d)))
        return [{"code": c, "label": scheme.name(c), "cells": [self.cell(f"sg-{s}-{c}-{y}", "", y, f"{c} {y}") for y in self.years]} for c in codes]

    @cached_property  # the template reads it several times; built after parsing
    def ikn_rows(self) -> list[dict]:
        return [{"year": y, "workers": self.cell(f"ikn-w-{y}"), "spending": self.cell(f"ikn-s-{y}"), "asn": self.cell(f"ikn-a-{y}")}
                for y in self.ikn_years]

    @cached_property  # the template reads it several times; built after parsing
    def ikn_split(self) -> list[dict]:
        indexes = sorted({int(k.rsplit("-", 1)[1]) for k in self.values if k.startswith("ikn-split-code-")})
        return [{"code": self.cell(f"ikn-split-code-{i}"), "share": self.cell(f"ikn-split-share-{i}")} for i in indexes]

    @cached_property  # the template reads it several times; built after parsing
    def ikn_cells(self) -> dict:
        return {k: self.cell(f"ikn-{k}") for k in ("jpt", "local", "settle", "asnsettle", "dep", "asnsector", "note", "sources")}

    @cached_property  # the template reads it several times; built after parsing
    def sector_choices(self) -> list[tuple[str, str]]:
        scheme = rtk_files.load_sector_scheme()
        return [(c, f"{c} — {n}") for c, n in scheme.categories.items()]

    @cached_property  # the template reads it several times; built after parsing
    def form_choices(self) -> list[tuple[str, str]]:
        return [(f, FORM_LABELS.get(f, f)) for f in ELASTICITY_FORMS]

    def error_list(self) -> list[tuple[str, str, str]]:
        """``(field name, what the field is, message)`` for the error summary."""
        return [(k, field_label(k), e) for k, e in self.errors.items()]


FIELD_LABELS = {
    "name": "Nama rencana", "base_year": "Tahun dasar", "end_year": "Tahun akhir", "version": "Versi",
    "target_tpt": "Sasaran TPT", "ikn-jpt": "Pekerja per Rp 1 triliun", "ikn-local": "Porsi lokal",
    "ikn-settle": "Pendatang yang menetap", "ikn-asnsettle": "ASN yang menetap", "ikn-dep": "Tanggungan masuk AK",
    "ikn-asnsector": "Lapangan usaha ASN",
}
_SCENARIO_FIELDS = {"form": "bentuk elastisitas", "window": "jendela elastisitas", "puk": "laju PUK", "tpak": "laju TPAK", "note": "catatan"}
_IKN_PATHS = {"w": "Pekerja IKN", "s": "Belanja IKN", "a": "ASN pindah"}


def field_label(key: str) -> str:
    """``g-moderat-2025`` → ``Pertumbuhan Moderat 2025`` (for messages)."""
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    parts = key.split("-")
    if parts[0] == "g" and len(parts) == 3:
        return f"Pertumbuhan {scenario_label(parts[1])} {parts[2]}"
    if parts[0] == "sg" and len(parts) >= 4:
        return f"Pertumbuhan {scenario_label(parts[1])} sektor {'-'.join(parts[2:-1])} {parts[-1]}"
    if parts[0] in _SCENARIO_FIELDS and len(parts) == 2:
        return f"{_SCENARIO_FIELDS[parts[0]].capitalize()} {scenario_label(parts[1])}"
    if parts[0] == "ikn" and len(parts) == 3 and parts[1] in _IKN_PATHS:
        return f"{_IKN_PATHS[parts[1]]} {parts[2]}"
    if key.startswith("ikn-split-"):
        return f"Pembagian sektor IKN baris {int(parts[-1]) + 1}"
    return key

