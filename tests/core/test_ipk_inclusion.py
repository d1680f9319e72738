"""The IPK sub-indicators that measure inclusion, found in the method data by what they measure."""
import pandas as pd

from sinergi.core.ipk.inclusion import inclusion_subs
from sinergi.data import data_path


def test_default_method_has_gender_wage_and_youth_neet_but_no_disability_sub():
    table = pd.read_csv(data_path("ipk", "metode_bawaan.csv"), dtype=str)
    found = {s.theme: s for s in inclusion_subs(table)}
    assert found["upah_gender"].sub_code == "I8.3" and found["upah_gender"].group == "perempuan"
    assert found["neet_pemuda"].sub_code == "I2.2" and found["neet_pemuda"].group == "pemuda"
    assert found["layanan_disabilitas"].sub_code is None, "no disability sub-indicator in the method: said, not invented"


def test_found_by_name_whatever_the_code():
    table = pd.DataFrame([{"sub_code": "X9", "sub_name": "Jumlah Unit Layanan Disabilitas Ketenagakerjaan"},
                          {"sub_code": "X1", "sub_name": "Rasio upah buruh perempuan/laki-laki"},
                          {"sub_code": "X2", "sub_name": "Tingkat pengangguran terbuka"}])
    found = {s.theme: s.sub_code for s in inclusion_subs(table)}
    assert found == {"upah_gender": "X1", "layanan_disabilitas": "X9", "neet_pemuda": None}
