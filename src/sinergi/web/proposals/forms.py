"""The proposal entry form. The form only collects text; the checks are the core's
(:func:`sinergi.web.proposals.actions.validate_proposal`), and their problems are attached to
the fields they concern."""
from __future__ import annotations

from django import forms

from sinergi.core.numbers import format_id
from sinergi.core.sync.target_groups import TARGET_GROUPS, join_groups, split_groups
from sinergi.web.proposals import checks
from sinergi.web.proposals.models import Proposal, ProposalRound

FIELD_NAMES = ("kode_sub_kegiatan", "uraian", "lokasi_kode", "lokasi_kecamatan", "sasaran", "target", "satuan", "pagu", "sumber_dana", "catatan",
               "sasaran_laki_laki", "sasaran_perempuan", "rincian_dana")


def form_number(value) -> str:
    """A stored number written the Indonesian way so that reading it back gives the same
    number (targets and pagu are read with thousand dots): ``1.250``, ``1.500.000.000``,
    fractions with a decimal comma (``12,5``)."""
    if value is None or value == "":
        return ""
    f = float(value)
    if f.is_integer():
        return format_id(f, 0)
    text = format_id(f, 2)
    return text[:-1] if text.endswith("0") else text


class ProposalForm(forms.Form):
    kode_sub_kegiatan = forms.ChoiceField(label="Kode sub-kegiatan", required=False)
    uraian = forms.CharField(label="Uraian usulan", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    lokasi_kode = forms.ChoiceField(label="Lokasi (kabupaten/kota)", required=False)
    lokasi_kecamatan = forms.CharField(label="Kecamatan (boleh kosong)", required=False, max_length=100)
    sasaran = forms.CharField(label="Sasaran/penerima manfaat", required=False, max_length=300)
    target = forms.CharField(label="Target", required=False, max_length=40)
    satuan = forms.CharField(label="Satuan", required=False, max_length=100)
    pagu = forms.CharField(label="Pagu (Rp)", required=False, max_length=40)
    sumber_dana = forms.ChoiceField(label="Sumber dana", required=False)
    catatan = forms.CharField(label="Catatan", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    kelompok_sasaran = forms.MultipleChoiceField(label="Kelompok sasaran", required=False, choices=list(TARGET_GROUPS.items()),
                                                 widget=forms.CheckboxSelectMultiple)
    sasaran_laki_laki = forms.CharField(label="Sasaran laki-laki (orang)", required=False, max_length=20)
    sasaran_perempuan = forms.CharField(label="Sasaran perempuan (orang)", required=False, max_length=20)
    rincian_dana = forms.CharField(label="Rincian sumber dana (bila lebih dari satu)", required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, rnd: ProposalRound, office_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.rnd = rnd
        self.office_code = office_code
        ref = checks.reference_for(rnd.nomenclature)
        level = checks.level_of(office_code)
        self.level = level
        self.entries = ref.nomenclature.offered(level) if level else []
        self.fields["kode_sub_kegiatan"].choices = [("", "— pilih sub-kegiatan —")] + [
            (e.code, f"{e.code} {e.name}") for e in self.entries
        ]
        reg = ref.regions
        places = [reg.province, *reg.kabkota()] if level == "provinsi" else [office_code]
        self.fields["lokasi_kode"].choices = [
            (c, f"{c} {'Seluruh provinsi ' + reg.name(c) if c == reg.province else reg.name(c)}") for c in places
        ]
        names = ref.funding.names()
        current = (self.data.get("sumber_dana") if self.is_bound else self.initial.get("sumber_dana")) or ""
        choices = [("", "— pilih sumber dana —")] + [(n, n) for n in names]
        if current and current not in names:  # an uploaded spelling the list does not have: keep it selectable
            choices.append((current, current))
        self.fields["sumber_dana"].choices = choices
        if not self.is_bound and not self.initial.get("lokasi_kode"):
            self.initial["lokasi_kode"] = places[0]
        # a code not offered (e.g. from an older version or an upload) stays visible instead of vanishing
        code = (self.data.get("kode_sub_kegiatan") if self.is_bound else self.initial.get("kode_sub_kegiatan")) or ""
        if code and code not in {e.code for e in self.entries}:
            field = self.fields["kode_sub_kegiatan"]
            known = ref.nomenclature.find(code, level) if level else None
            label = f"{code} {known.name} (bukan pilihan daftar perangkat daerah ketenagakerjaan)" if known else f"{code} (tidak ada di daftar versi ini)"
            field.choices = list(field.choices) + [(code, label)]

    @classmethod
    def initial_from(cls, p: Proposal) -> dict:
        return {
            "kode_sub_kegiatan": p.code,
            "uraian": p.description,
            "lokasi_kode": p.location_code,
            "lokasi_kecamatan": p.district,
            "sasaran": p.beneficiaries,
            "target": form_number(p.target),
            "satuan": p.unit,
            "pagu": form_number(p.budget),
            "sumber_dana": p.funding,
            "catatan": p.note,
            "kelompok_sasaran": list(split_groups(p.target_groups)),
            "sasaran_laki_laki": "" if p.target_male is None else str(p.target_male),
            "sasaran_perempuan": "" if p.target_female is None else str(p.target_female),
            "rincian_dana": p.funding_detail,
            "version": p.version,
        }

    def values(self) -> dict:
        """The text of each field as entered: the core reads and checks it (the ticked target
        groups as one ``a;b`` cell, as in a file)."""
        out = {k: (self.data.get(k) or "").strip() for k in FIELD_NAMES}
        ticked = self.data.getlist("kelompok_sasaran") if hasattr(self.data, "getlist") else self.data.get("kelompok_sasaran") or []
        out["kelompok_sasaran"] = ";".join(ticked) if isinstance(ticked, (list, tuple)) else str(ticked)
        return out

    def chosen_groups(self) -> tuple[str, ...]:
        """The ticked (or stored) target groups."""
        if self.is_bound:
            return split_groups(self.values()["kelompok_sasaran"])
        return split_groups(join_groups(self.initial.get("kelompok_sasaran") or ()))

    def add_problems(self, problems) -> None:
        for p in problems:
            name = p.column if p.column in self.fields else None
            if p.code == "WAJIB_KOSONG" and name == "satuan" and self._no_official_unit():
                text = ("Nomenklatur versi ini tidak memuat satuan resmi untuk kode ini: tulis satuan yang dipakai kantor Anda "
                        "(mis. Orang); satuan itu diterima dan dicatat sebagai satuan pengusul.")
            elif p.code == "WAJIB_KOSONG" and name:  # the core words it for files ("Kolom 'x' (…) kosong."); next to the field:
                hint = p.fix.split("wajib diisi. ", 1)[1] if "wajib diisi. " in p.fix else ""
                text = "Wajib diisi." + (f" {hint}" if hint else "")
            else:
                text = p.message + (f" {p.fix}" if p.fix else "")
            self.add_error(name, text)

    def _no_official_unit(self) -> bool:
        e = self.entry((self.data.get("kode_sub_kegiatan") or "") if self.is_bound else "")
        return e is not None and not e.unit

    def entry(self, code: str):
        return next((e for e in self.entries if e.code == code), None)
