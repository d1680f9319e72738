"""The needs the gap page (and the summary and matrix documents) compare proposals with: weak
IPK indicators and projected RTK needs per region.

Saved results first, defaults only when there are none — and the page says which:

* **IPK**: when the IPK pages hold an active method and stored input values (the IPK app seeds
  them and users replace illustrative values with real ones), the result of that method on
  those inputs — what the IPK pages show; otherwise the shipped method on the shipped data.
* **RTK**: per region, its saved RTK plan (period, scenarios, IKN, uploaded data) when there is
  one; otherwise the shipped assumptions on the embedded Kaltim series.

Labelled as the cores label them (IPK: "perkiraan — metode sementara", illustrative inputs
"ilustratif"; RTK: projections are estimates). Computed once per state of the stored inputs
and plans (:func:`_state`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sinergi.core.numbers import format_id
from sinergi.core.problems import ValidationFailed

#: an IPK indicator is "weak" when it reaches less than this share of its maximum points
WEAK_SHARE = 0.5
RTK_SCENARIO = "moderat"


@dataclass
class IdentifiedNeeds:
    weak_ipk: pd.DataFrame  # wilayah_kode, indikator, nilai, kualitas_data
    rtk_needs: pd.DataFrame  # wilayah_kode, jenis, sektor, jumlah, keterangan
    ipk_label: str = ""
    ipk_illustrative: bool = False
    ipk_explanation: str = ""
    ipk_source: str = ""
    rtk_label: str = ""
    rtk_source: str = ""
    notes: list[str] = field(default_factory=list)
    rule: str = ""
    #: wilayah_kode, indikator: IPK indicators computed from illustrative inputs (weak or not)
    ipk_illustrative_indicators: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["wilayah_kode", "indikator"]))
    #: True when the IPK needs come from the IPK pages' stored method and inputs, False: shipped defaults
    ipk_saved: bool = False
    #: region codes whose RTK needs come from their saved plan / from the shipped defaults
    rtk_saved_regions: list[str] = field(default_factory=list)
    rtk_default_regions: list[str] = field(default_factory=list)

    def meter(self, subject: str = "Kebutuhan yang dipakai"):
        """The real-data meter of these needs: a weak IPK indicator counts by the quality of its
        inputs, an RTK need (a projection from the embedded statistics) as derived unless marked."""
        from sinergi.core.stats.meter import count_quality

        rtk = self.rtk_needs["kualitas_data"].tolist() if "kualitas_data" in self.rtk_needs else ["turunan"] * len(self.rtk_needs)
        return count_quality(list(self.weak_ipk.get("kualitas_data", pd.Series(dtype=object))) + rtk, subject=subject, noun="kebutuhan")

    def gap_args(self) -> tuple:
        """The needs as :func:`sinergi.core.sync.analyse_gaps` takes them, after the proposals,
        the need map and the regions: ``(weak_ipk, rtk_needs, ipk_illustrative)``."""
        return self.weak_ipk, self.rtk_needs, self.ipk_illustrative_indicators


def _saved_ipk():
    """The active method and its result on the stored inputs, or None when the IPK pages hold none."""
    from sinergi.web.ipk.models import IpkInput
    from sinergi.web.ipk.queries import active_method, current

    stored = active_method()
    if stored is None or not IpkInput.objects.exists():
        return None
    return current(stored)[1]


def _weak_ipk(notes: list[str]) -> tuple[pd.DataFrame, dict]:
    from sinergi.core.ipk import ILLUSTRATIVE_LABEL, PROVISIONAL_EXPLANATION, compute
    from sinergi.documents.ipk_files import load_default_data, load_default_method

    result = _saved_ipk()
    saved = result is not None
    if result is None:
        method = load_default_method()
        result = compute(method, load_default_data(method))
    units = result.units[result.units["scored"]]
    rows, unknown = [], []
    illustrative = False
    years = {}
    for region, g in units.groupby("region_code"):
        year = int(g["year"].max())
        years[str(region)] = year
        unit = g[g["year"] == year].iloc[0]
        illustrative = illustrative or bool(str(unit.get("illustrative") or "").strip())
        ind = result.indicators[(result.indicators["region_code"] == region) & (result.indicators["year"] == year)]
        subs = result.subs[(result.subs["region_code"] == region) & (result.subs["year"] == year)]
        for r in ind.itertuples(index=False):
            # the quality of the indicator's verdict: illustrative if any of its inputs is
            qualities = set(subs.loc[subs["indicator_code"] == r.indicator_code, "quality"])
            quality = "ilustratif" if "illustrative" in qualities else "turunan" if "derived" in qualities else "bersumber"
            if quality == "ilustratif":
                unknown.append({"wilayah_kode": str(region), "indikator": r.indicator_name})
            if r.max_points and r.points == r.points and r.points / r.max_points < WEAK_SHARE:
                rows.append({
                    "wilayah_kode": str(region),
                    "indikator": r.indicator_name,
                    "nilai": f"{format_id(r.points, 2)} dari {format_id(r.max_points, 0)} poin ({year})",
                    "kualitas_data": quality,
                })
    info = {
        "label": result.label,
        "illustrative": illustrative,
        "illustrative_label": ILLUSTRATIVE_LABEL,
        "explanation": PROVISIONAL_EXPLANATION if result.provisional else "",
        "source": f"IPK metode '{result.method_name}' ({result.method_version}) "
                  + ("pada data masukan yang tersimpan di halaman IPK (hasil tersimpan)" if saved else
                     "pada data bawaan (belum ada hasil IPK tersimpan)")
                  + ", tahun terakhir yang terhitung"
                  + (f" ({', '.join(sorted({str(y) for y in years.values()}))})" if years else ""),
        "saved": saved,
    }
    info["unknown"] = pd.DataFrame(unknown, columns=["wilayah_kode", "indikator"])
    return pd.DataFrame(rows, columns=["wilayah_kode", "indikator", "nilai", "kualitas_data"]), info


def _saved_plans(region_codes: list[str]) -> dict[str, tuple]:
    """Per region with a saved RTK plan: ``(base, end, scenario name, ProjectionResult | None)``."""
    from sinergi.web.rtk import params as P
    from sinergi.web.rtk import queries
    from sinergi.web.rtk.models import RtkPlan, RtkRegionData

    plans = {p.region_id: p for p in RtkPlan.objects.filter(region_id__in=region_codes)}
    uploads = {d.region_id: d for d in RtkRegionData.objects.filter(active=True, region_id__in=list(plans))}
    out = {}
    for code, plan in plans.items():
        outcome = queries.project(queries.region_series(code, uploads.get(code)), plan.base_year, plan.end_year, plan.parameters,
                                  with_backtest=False)
        name = P.main_name(plan.parameters)
        ok = outcome.ok and name in outcome.result.scenarios
        out[code] = (plan.base_year, plan.end_year, name, outcome.result[name] if ok else None)
    return out


def _rtk_needs(region_codes: list[str], names: dict[str, str], notes: list[str]) -> tuple[pd.DataFrame, str, list[str]]:
    from sinergi.core.rtk import project
    from sinergi.documents import rtk_files

    scenarios = rtk_files.load_scenarios()
    scheme = rtk_files.load_sector_scheme()
    years = [y for s in scenarios.values() for y in s.growth if y > 0]
    default_base = (min(years) - 1) if years else 2024
    default_end = default_base + 5
    scenario = scenarios.get(RTK_SCENARIO) or next(iter(scenarios.values()))
    saved = _saved_plans(region_codes)
    rows, missing = [], []
    for code in region_codes:
        if code in saved:
            base, end, name, res = saved[code]
            origin = f"rencana RTK tersimpan {base + 1}–{end}, skenario {name}"
            if res is None:
                missing.append(names.get(code, code))
                continue
        else:
            base, end, name = default_base, default_end, scenario.name
            origin = f"skenario {name}, parameter bawaan"
            try:
                res = project(rtk_files.kaltim_series(code), base, end, [scenario])[scenario.name]
            except ValidationFailed:
                missing.append(names.get(code, code))
                continue
        unemployed = res.value("PENGANGGUR", end)
        tpt = res.value("TPT", end)
        if unemployed == unemployed and unemployed and unemployed > 0:
            rows.append({"wilayah_kode": code, "jenis": "pengangguran", "sektor": "", "jumlah": f"{format_id(unemployed, 0)} orang",
                         "keterangan": f"penganggur {end}, TPT {format_id(tpt, 2)} % ({origin})"})
        shortage = res.value("KEKURANGAN", end)
        if shortage == shortage and shortage and shortage > 0:
            rows.append({"wilayah_kode": code, "jenis": "kekurangan_tenaga_kerja", "sektor": "", "jumlah": f"{format_id(shortage, 0)} orang",
                         "keterangan": f"kesempatan kerja melebihi angkatan kerja pada {end} ({origin})"})
        for sector in res.groups("sektor"):
            s = res.series("KEKURANGAN", f"sektor:{sector}")
            peak = s.max() if len(s) else 0
            if peak == peak and peak > 0:
                rows.append({"wilayah_kode": code, "jenis": "kekurangan_tenaga_kerja", "sektor": scheme.name(sector),
                             "jumlah": f"{format_id(peak, 0)} orang", "keterangan": f"puncak kekurangan {base + 1}–{end} ({origin})"})
    if missing:
        notes.append("Proyeksi RTK belum dapat dihitung dari data tertanam untuk " + ", ".join(missing)
                     + " (data angkatan kerja/penduduk bekerja tahun dasar belum lengkap); kebutuhan RTK wilayah ini belum dinilai. "
                       "Lengkapi datanya di halaman RTK › Data.")
    used = sorted(saved)
    source = (f"Proyeksi RTK dari rencana RTK tersimpan untuk {', '.join(names.get(c, c) for c in used)}; " if used else "") + \
        (f"parameter bawaan (proyeksi {default_base + 1}–{default_end}, skenario {scenario.name}, data tertanam Kaltim) untuk "
         + ("wilayah lain" if used else "semua wilayah") + " — belum ada rencana RTK tersimpan" if len(used) < len(region_codes) else "")
    return pd.DataFrame(rows, columns=["wilayah_kode", "jenis", "sektor", "jumlah", "keterangan"]), source.rstrip("; "), used


_CACHE: dict[tuple, IdentifiedNeeds] = {}


def _state() -> tuple:
    """What the needs depend on in the database: the active IPK method and the stored inputs,
    the saved RTK plans and the uploaded RTK data (cheap queries)."""
    from sinergi.web.ipk.models import IpkInput
    from sinergi.web.ipk.queries import active_method, inputs_state
    from sinergi.web.rtk.models import RtkPlan, RtkRegionData

    stored = active_method()
    ipk = (stored.pk, stored.fingerprint, inputs_state()) if stored is not None and IpkInput.objects.exists() else None
    rtk = tuple(RtkPlan.objects.order_by("region_id").values_list("region_id", "version"))
    data = tuple(RtkRegionData.objects.filter(active=True).order_by("pk").values_list("pk", flat=True))
    return ipk, rtk, data


def identified_needs() -> IdentifiedNeeds:
    """Weak IPK indicators and RTK needs per region (province and regencies/cities), from the
    saved results where they exist (computed once per :func:`_state`)."""
    key = _state()
    hit = _CACHE.get(key)
    if hit is None:
        if len(_CACHE) > 4:
            _CACHE.clear()
        hit = _CACHE[key] = _compute()
    return hit


def _compute() -> IdentifiedNeeds:
    from sinergi.web.proposals.checks import regions

    reg = regions()
    codes = [reg.province, *reg.kabkota()]
    notes: list[str] = []
    weak, info = _weak_ipk(notes)
    rtk, rtk_source, rtk_saved = _rtk_needs(codes, reg.names, notes)
    return IdentifiedNeeds(
        weak_ipk=weak,
        rtk_needs=rtk,
        ipk_label=info["label"],
        ipk_illustrative=info["illustrative"],
        ipk_explanation=info["explanation"],
        ipk_source=info["source"],
        rtk_label="proyeksi (perkiraan)",
        rtk_source=rtk_source,
        notes=notes,
        rule=f"Indikator IPK dianggap lemah bila poinnya kurang dari {int(WEAK_SHARE * 100)} % poin maksimumnya; "
             "indikator yang sebagian masukannya ilustratif diberi label 'ilustratif' dan tidak dipakai untuk menilai usulan.",
        ipk_illustrative_indicators=info["unknown"],
        ipk_saved=info["saved"],
        rtk_saved_regions=rtk_saved,
        rtk_default_regions=[c for c in codes if c not in rtk_saved],
    )
