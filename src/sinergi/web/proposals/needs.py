"""The needs the gap page compares proposals with: weak IPK indicators and projected RTK
needs per region.

For now they are computed here from the shipped defaults — the IPK core on the provisional
default method and data, the RTK engine on the embedded Kaltim series where the data allow a
projection — and labelled as the cores label them (IPK: "perkiraan — metode sementara",
illustrative inputs "ilustratif"; RTK: projections are estimates). When the IPK and RTK pages
store their own results, only :func:`identified_needs` has to change to read them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

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


def _weak_ipk(notes: list[str]) -> tuple[pd.DataFrame, dict]:
    from sinergi.core.ipk import ILLUSTRATIVE_LABEL, PROVISIONAL_EXPLANATION, compute
    from sinergi.documents.ipk_files import load_default_data, load_default_method

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
        "source": f"IPK metode '{result.method_name}' ({result.method_version}) pada data bawaan, tahun terakhir yang terhitung"
                  + (f" ({', '.join(sorted({str(y) for y in years.values()}))})" if years else ""),
    }
    info["unknown"] = pd.DataFrame(unknown, columns=["wilayah_kode", "indikator"])
    return pd.DataFrame(rows, columns=["wilayah_kode", "indikator", "nilai", "kualitas_data"]), info


def _rtk_needs(region_codes: list[str], names: dict[str, str], notes: list[str]) -> tuple[pd.DataFrame, str]:
    from sinergi.core.rtk import project
    from sinergi.documents import rtk_files

    scenarios = rtk_files.load_scenarios()
    scheme = rtk_files.load_sector_scheme()
    years = [y for s in scenarios.values() for y in s.growth if y > 0]
    base = (min(years) - 1) if years else 2024
    end = base + 5
    scenario = scenarios.get(RTK_SCENARIO) or next(iter(scenarios.values()))
    rows, missing = [], []
    for code in region_codes:
        try:
            result = project(rtk_files.kaltim_series(code), base, end, [scenario])
        except ValidationFailed:
            missing.append(names.get(code, code))
            continue
        res = result[scenario.name]
        unemployed = res.value("PENGANGGUR", end)
        tpt = res.value("TPT", end)
        if unemployed == unemployed and unemployed and unemployed > 0:
            rows.append({"wilayah_kode": code, "jenis": "pengangguran", "sektor": "", "jumlah": f"{format_id(unemployed, 0)} orang",
                         "keterangan": f"penganggur {end}, TPT {format_id(tpt, 2)} % (skenario {scenario.name})"})
        shortage = res.value("KEKURANGAN", end)
        if shortage == shortage and shortage and shortage > 0:
            rows.append({"wilayah_kode": code, "jenis": "kekurangan_tenaga_kerja", "sektor": "", "jumlah": f"{format_id(shortage, 0)} orang",
                         "keterangan": f"kesempatan kerja melebihi angkatan kerja pada {end} (skenario {scenario.name})"})
        for sector in res.groups("sektor"):
            s = res.series("KEKURANGAN", f"sektor:{sector}")
            peak = s.max() if len(s) else 0
            if peak == peak and peak > 0:
                rows.append({"wilayah_kode": code, "jenis": "kekurangan_tenaga_kerja", "sektor": scheme.name(sector),
                             "jumlah": f"{format_id(peak, 0)} orang", "keterangan": f"puncak kekurangan {base + 1}–{end} (skenario {scenario.name})"})
    if missing:
        notes.append("Proyeksi RTK belum dapat dihitung dari data tertanam untuk " + ", ".join(missing)
                     + " (data angkatan kerja/penduduk bekerja tahun dasar belum lengkap); kebutuhan RTK wilayah ini belum dinilai. "
                       "Lengkapi datanya di halaman RTK › Data.")
    return pd.DataFrame(rows, columns=["wilayah_kode", "jenis", "sektor", "jumlah", "keterangan"]), \
        f"Proyeksi RTK {base + 1}–{end}, skenario {scenario.name}, data tertanam Kaltim"


@lru_cache(maxsize=1)
def identified_needs() -> IdentifiedNeeds:
    """Weak IPK indicators and RTK needs per region (province and regencies/cities)."""
    from sinergi.web.proposals.checks import regions

    reg = regions()
    codes = [reg.province, *reg.kabkota()]
    notes: list[str] = []
    weak, info = _weak_ipk(notes)
    rtk, rtk_source = _rtk_needs(codes, reg.names, notes)
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
    )
