"""Population groups (``kelompok``) in the statistics: the vocabulary, the sex-specific
catalogue codes mapped onto it, and the gap of each group against its reference.

**Vocabulary** (:data:`GROUPS`; the optional ``kelompok`` column of the long form). A row
without it, or with ``semua``, is the whole population and is stored with a blank group. The
codes ``perempuan``, ``disabilitas`` and ``pemuda`` are the same people as the proposal
target-group codes of the same name (``kelompok_sasaran``), so a target group and a statistics
group can be matched by code.

========================  =============  =====================================================
code                      dimension      who (BPS Sakernas breakdown)
========================  =============  =====================================================
``semua``                 —              everyone (stored blank)
``laki_laki``             jenis_kelamin  men
``perempuan``             jenis_kelamin  women
``pemuda``                umur           aged 15–24
``disabilitas``           disabilitas    persons with disabilities
``pendidikan_sd``         pendidikan     at most primary school (SD/sederajat or none)
``pendidikan_smp``        pendidikan     lower secondary (SMP/sederajat)
``pendidikan_sma``        pendidikan     general upper secondary (SMA/sederajat)
``pendidikan_smk``        pendidikan     vocational upper secondary (SMK)
``pendidikan_diploma``    pendidikan     Diploma I/II/III
``pendidikan_universitas``  pendidikan   Diploma IV, S1 and above
``pendidikan_smp_ke_bawah``  pendidikan  at most lower secondary (BPS aggregate)
``pendidikan_sma_smk``    pendidikan     upper secondary, general and vocational (BPS aggregate)
``pendidikan_tinggi``     pendidikan     Diploma and university (BPS aggregate)
``perkotaan``             daerah         urban areas
``perdesaan``             daerah         rural areas
========================  =============  =====================================================

**Sex-, area- and education-specific catalogue codes** keep their codes (earlier files and every reader
use them): :data:`CODE_GROUPS` says which base indicator and group each one is, e.g.
``tpak_female`` = ``tpak`` for ``perempuan``. A file row ``tpak`` + ``kelompok=perempuan`` is
stored as ``tpak_female`` (:func:`normalise`), so one figure has one code; ``tpak_female``
without a group gets ``perempuan``; ``tpak_female`` with another group is an error.

**Gap** (:func:`group_gaps`): for each group and gap indicator (:data:`GAP_INDICATORS`: TPAK,
TPT), the group's value, the reference value — men (``laki_laki``) for women, everyone
(``semua``) for every other group — and ``gap = value − reference`` in percentage points, each
value with its source. Missing stays missing (``None``); nothing is filled in.
"""
from __future__ import annotations

from dataclasses import dataclass

ALL = ""  # stored code of "everyone"; files may write it blank or "semua"

# code → (dimension, label in Indonesian, label in English)
GROUPS: dict[str, tuple[str, str, str]] = {
    "semua": ("", "semua penduduk", "everyone"),
    "laki_laki": ("jenis_kelamin", "laki-laki", "men"),
    "perempuan": ("jenis_kelamin", "perempuan", "women"),
    "pemuda": ("umur", "pemuda (15–24 tahun)", "youth (15–24)"),
    "disabilitas": ("disabilitas", "penyandang disabilitas", "persons with disabilities"),
    "pendidikan_sd": ("pendidikan", "pendidikan SD ke bawah", "primary school or less"),
    "pendidikan_smp": ("pendidikan", "pendidikan SMP", "lower secondary"),
    "pendidikan_sma": ("pendidikan", "pendidikan SMA umum", "general upper secondary"),
    "pendidikan_smk": ("pendidikan", "pendidikan SMK", "vocational upper secondary"),
    "pendidikan_diploma": ("pendidikan", "pendidikan Diploma I/II/III", "Diploma I/II/III"),
    "pendidikan_universitas": ("pendidikan", "pendidikan universitas (D IV, S1+)", "university (D IV, bachelor+)"),
    "pendidikan_smp_ke_bawah": ("pendidikan", "pendidikan SMP ke bawah", "lower secondary or less"),
    "pendidikan_sma_smk": ("pendidikan", "pendidikan SMA/SMK", "upper secondary (general and vocational)"),
    "pendidikan_tinggi": ("pendidikan", "pendidikan tinggi (Diploma, universitas)", "tertiary (diploma, university)"),
    "perkotaan": ("daerah", "perkotaan", "urban"),
    "perdesaan": ("daerah", "perdesaan", "rural"),
}

# spellings accepted in files and BPS breakdown labels → code
GROUP_ALIASES: dict[str, str] = {
    "": "semua", "semua": "semua", "total": "semua", "jumlah": "semua", "tidak ada": "semua", "all": "semua",
    "perkotaan+perdesaan": "semua", "perkotaan + perdesaan": "semua", "perkotaan dan perdesaan": "semua",
    "laki-laki+perempuan": "semua", "laki-laki + perempuan": "semua", "laki laki+perempuan": "semua", "l+p": "semua",
    "laki_laki": "laki_laki", "laki laki": "laki_laki", "laki-laki": "laki_laki", "lakilaki": "laki_laki", "pria": "laki_laki",
    "male": "laki_laki", "men": "laki_laki", "l": "laki_laki",
    "perempuan": "perempuan", "wanita": "perempuan", "female": "perempuan", "women": "perempuan", "p": "perempuan",
    "pemuda": "pemuda", "15-24": "pemuda", "15–24": "pemuda", "15 24": "pemuda", "15-24 tahun": "pemuda", "15 24 tahun": "pemuda",
    "umur 15 24": "pemuda", "umur 15-24": "pemuda", "muda": "pemuda", "youth": "pemuda",
    "disabilitas": "disabilitas", "penyandang disabilitas": "disabilitas", "disabled": "disabilitas",
    "pendidikan_sd": "pendidikan_sd", "sd": "pendidikan_sd", "sd ke bawah": "pendidikan_sd", "sd kebawah": "pendidikan_sd",
    "sd/sederajat": "pendidikan_sd", "tidak/belum tamat sd": "pendidikan_sd",
    "pendidikan_smp": "pendidikan_smp", "smp": "pendidikan_smp", "smp/sederajat": "pendidikan_smp",
    "pendidikan_sma": "pendidikan_sma", "sma": "pendidikan_sma", "sma umum": "pendidikan_sma", "sma/sederajat": "pendidikan_sma",
    "pendidikan_smk": "pendidikan_smk", "smk": "pendidikan_smk", "sma kejuruan": "pendidikan_smk",
    "pendidikan_diploma": "pendidikan_diploma", "diploma": "pendidikan_diploma", "diploma i/ii/iii": "pendidikan_diploma",
    "pendidikan_universitas": "pendidikan_universitas", "universitas": "pendidikan_universitas",
    "pendidikan_smp_ke_bawah": "pendidikan_smp_ke_bawah", "smp ke bawah": "pendidikan_smp_ke_bawah", "smp kebawah": "pendidikan_smp_ke_bawah",
    "pendidikan_sma_smk": "pendidikan_sma_smk", "sma/smk": "pendidikan_sma_smk", "sma smk": "pendidikan_sma_smk",
    "pendidikan_tinggi": "pendidikan_tinggi", "perguruan tinggi": "pendidikan_tinggi",
    "perkotaan": "perkotaan", "kota": "perkotaan", "urban": "perkotaan",
    "perdesaan": "perdesaan", "pedesaan": "perdesaan", "desa": "perdesaan", "rural": "perdesaan",
}

# catalogue codes that already name a group → (base indicator, group)
CODE_GROUPS: dict[str, tuple[str, str]] = {
    "tpak_male": ("tpak", "laki_laki"),
    "tpak_female": ("tpak", "perempuan"),
    "tpt_male": ("tpt", "laki_laki"),
    "tpt_female": ("tpt", "perempuan"),
    "tpt_urban": ("tpt", "perkotaan"),
    "tpt_rural": ("tpt", "perdesaan"),
    "tpt_edu_sd_kebawah": ("tpt", "pendidikan_sd"),
    "tpt_edu_smp": ("tpt", "pendidikan_smp"),
    "tpt_edu_sma": ("tpt", "pendidikan_sma"),
    "tpt_edu_smk": ("tpt", "pendidikan_smk"),
    "tpt_edu_universitas": ("tpt", "pendidikan_universitas"),
    "tpt_edu_smp_kebawah": ("tpt", "pendidikan_smp_ke_bawah"),
    "tpt_edu_sma_smk": ("tpt", "pendidikan_sma_smk"),
    "tpt_edu_perguruan_tinggi": ("tpt", "pendidikan_tinggi"),
    "emp_edu_sd_kebawah": ("bekerja", "pendidikan_sd"),
    "emp_edu_smp": ("bekerja", "pendidikan_smp"),
    "emp_edu_sma_umum": ("bekerja", "pendidikan_sma"),
    "emp_edu_diploma": ("bekerja", "pendidikan_diploma"),
    "emp_edu_universitas": ("bekerja", "pendidikan_universitas"),
    "emp_edu_smp_kebawah": ("bekerja", "pendidikan_smp_ke_bawah"),
    "emp_edu_sma_smk": ("bekerja", "pendidikan_sma_smk"),
    "emp_edu_perguruan_tinggi": ("bekerja", "pendidikan_tinggi"),
    "pop_age_15_59_male": ("pop_age_15_59", "laki_laki"),
    "pop_age_15_59_female": ("pop_age_15_59", "perempuan"),
    "pop_age_60plus_male": ("pop_age_60plus", "laki_laki"),
    "pop_age_60plus_female": ("pop_age_60plus", "perempuan"),
    "population_male": ("population", "laki_laki"),
    "population_female": ("population", "perempuan"),
    "population_dukcapil_male": ("population_dukcapil", "laki_laki"),
    "population_dukcapil_female": ("population_dukcapil", "perempuan"),
    "population_midyear_male": ("population_midyear", "laki_laki"),
    "population_midyear_female": ("population_midyear", "perempuan"),
    "population_sp2020_male": ("population_sp2020", "laki_laki"),
    "population_sp2020_female": ("population_sp2020", "perempuan"),
}
GROUP_CODES: dict[tuple[str, str], str] = {v: k for k, v in CODE_GROUPS.items()}

# indicators whose group gaps are shown, with the better direction (for "who is behind")
GAP_INDICATORS: dict[str, str] = {"tpak": "positive", "tpt": "negative"}
# groups shown in a gap table, in this order; each group's reference group
GAP_GROUPS: tuple[str, ...] = ("perempuan", "laki_laki", "pemuda", "disabilitas", "perkotaan", "perdesaan",
                               "pendidikan_sd", "pendidikan_smp", "pendidikan_sma", "pendidikan_smk",
                               "pendidikan_diploma", "pendidikan_universitas", "pendidikan_smp_ke_bawah",
                               "pendidikan_sma_smk", "pendidikan_tinggi")
REFERENCE: dict[str, str] = {"perempuan": "laki_laki"}  # every other group: "semua"


class GroupConflict(ValueError):
    """A sex-specific code given with another group (``tpak_female`` + ``laki_laki``)."""


def group_code(text) -> str | None:
    """The group code of a file cell or BPS breakdown label (``"Laki-laki"`` → ``laki_laki``;
    blank → ``semua``), or ``None`` when it is not a known group."""
    t = " ".join(str(text or "").replace("_", " ").replace("–", "-").strip().lower().split())
    for candidate in (t, t.replace(" ", "_"), t.replace("-", " ")):
        if candidate in GROUP_ALIASES:
            return GROUP_ALIASES[candidate]
    return None


def stored(group: str) -> str:
    """The stored form of a group code: blank for ``semua``."""
    return ALL if group in ("", "semua") else group


def split_code(indicator: str, group: str = ALL) -> tuple[str, str]:
    """``(base indicator, group code)`` of a stored figure: ``("tpak_female", "")`` and
    ``("tpak", "perempuan")`` both give ``("tpak", "perempuan")``; everyone is ``"semua"``."""
    base, implied = CODE_GROUPS.get(indicator, (indicator, ""))
    g = stored(group) or implied
    return base, g or "semua"


def normalise(indicator: str, group: str = ALL) -> tuple[str, str]:
    """The stored ``(indicator, group)`` of a file row: a base code with a group that has its own
    catalogue code becomes that code (``tpak`` + ``perempuan`` → ``tpak_female``); a group-specific
    code gets its group. Raises :class:`GroupConflict` when the code and the group disagree."""
    g = stored(group)
    if indicator in CODE_GROUPS:
        implied = CODE_GROUPS[indicator][1]
        if g and g != implied:
            raise GroupConflict(implied)
        return indicator, implied
    return GROUP_CODES.get((indicator, g), indicator), g


def series_code(base: str, group: str) -> tuple[str, str]:
    """The stored ``(indicator, group)`` of a base indicator's series for a group."""
    return normalise(base, group)


def label(group: str, language: str = "id") -> str:
    entry = GROUPS.get(group or "semua")
    if entry is None:
        return group
    return entry[2] if language == "en" else entry[1]


# ----------------------------------------------------------------------------- gaps
@dataclass(frozen=True)
class Figure:
    value: float
    month: int | None
    source_url: str
    unit: str = ""


@dataclass(frozen=True)
class GroupGap:
    """One group's value of one indicator beside its reference (``None`` where missing)."""

    region_code: str
    year: int
    indicator: str  # base code (tpak, tpt)
    kelompok: str  # group code
    reference_kelompok: str  # laki_laki for perempuan, semua for the rest
    value: float | None
    reference_value: float | None
    month: int | None  # the round both values come from (8 = Sakernas August)
    source_url: str
    reference_source_url: str
    unit: str = ""

    @property
    def gap(self) -> float | None:
        """Group value minus reference value, in the indicator's unit (points for rates)."""
        if self.value is None or self.reference_value is None:
            return None
        return round(self.value - self.reference_value, 6)

    @property
    def missing(self) -> bool:
        return self.gap is None

    @property
    def behind(self) -> bool | None:
        """Whether the group is worse off than its reference (by the indicator's direction)."""
        if self.gap is None:
            return None
        return self.gap < 0 if GAP_INDICATORS.get(self.indicator) == "positive" else self.gap > 0


def _field(obs, name, default=None):
    if isinstance(obs, dict):
        return obs.get(name, default)
    return getattr(obs, name, default)


def _month_rank(month: int | None) -> int:
    """August Sakernas round first, then an annual figure, then the latest other month."""
    if month == 8:
        return 0
    if month is None:
        return 1
    return 2 + (12 - month)


def group_series(observations, region: str, indicator: str) -> dict[str, dict[tuple[int, int | None], Figure]]:
    """Preferred figures of one base indicator in one region, by group code then (year, month).
    ``observations``: records or dicts with region_code, year, month, indicator, kelompok (optional),
    value, source_url, unit (optional) and preferred (optional, default true)."""
    out: dict[str, dict[tuple[int, int | None], Figure]] = {}
    for o in observations:
        if str(_field(o, "region_code", "")) != str(region) or not _field(o, "preferred", True):
            continue
        year = _field(o, "year")
        if year in (None, ""):
            continue
        base, group = split_code(str(_field(o, "indicator", "")), str(_field(o, "kelompok", "") or ""))
        if base != indicator:
            continue
        month = _field(o, "month")
        month = None if month in (None, "") else int(month)
        out.setdefault(group, {})[(int(year), month)] = Figure(float(_field(o, "value")), month, str(_field(o, "source_url", "")),
                                                               str(_field(o, "unit", "") or ""))
    return out


def group_gaps(observations, region: str, year: int, indicators=None, groups=None) -> list[GroupGap]:
    """For each gap indicator and group (:data:`GAP_INDICATORS`, :data:`GAP_GROUPS`), the group's
    value in ``year``, the reference value of the same round and the gap. The round is the best
    one (:func:`_month_rank`: August first) in which the group has a value; the reference is taken
    from that same round only. A group or reference without a figure is ``None`` — missing, never
    filled in."""
    out = []
    for indicator in indicators or GAP_INDICATORS:
        series = group_series(observations, region, indicator)
        for group in groups or GAP_GROUPS:
            ref_group = REFERENCE.get(group, "semua")
            mine = {m: f for (y, m), f in series.get(group, {}).items() if y == int(year)}
            refs = {m: f for (y, m), f in series.get(ref_group, {}).items() if y == int(year)}
            both = [m for m in mine if m in refs]
            month = min(both, key=_month_rank) if both else (min(mine, key=_month_rank) if mine else None)
            fig, ref = mine.get(month), refs.get(month) if (both or mine) else None
            if not mine and refs:  # no group figure: show the reference of the best round anyway
                ref = refs[min(refs, key=_month_rank)]
                month = ref.month
            out.append(GroupGap(
                region_code=str(region), year=int(year), indicator=indicator, kelompok=group, reference_kelompok=ref_group,
                value=fig.value if fig else None, reference_value=ref.value if ref else None, month=month,
                source_url=fig.source_url if fig else "", reference_source_url=ref.source_url if ref else "",
                unit=(fig or ref).unit if (fig or ref) else "",
            ))
    return out


def gap_years(observations, region: str, indicators=None) -> list[int]:
    """Years in which a region has at least one group figure of a gap indicator, newest first."""
    years = set()
    for indicator in indicators or GAP_INDICATORS:
        for group, figures in group_series(observations, region, indicator).items():
            if group != "semua":
                years.update(y for y, _ in figures)
    return sorted(years, reverse=True)


def default_gap_year(observations, region: str, groups=None) -> int | None:
    """The year a gap view opens on for ``region``: the latest with a gap from an August Sakernas
    round (the round comparable across years and regions, as the inclusion check reads it), else
    the latest with any group figure; None without any."""
    years = gap_years(observations, region)
    for year in years:
        if any(g.gap is not None and g.month == 8 for g in group_gaps(observations, region, year, groups=groups)):
            return year
    return years[0] if years else None