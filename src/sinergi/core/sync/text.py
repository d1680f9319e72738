"""Text normalisation shared by the similarity checks and the code suggestions.

Proposal descriptions are short Indonesian phrases typed by operators ("Pelatihan las SMAW
bagi pencari kerja", "Job Fair Kota Samarinda 2025"). Two proposals are compared on their
*content words*: the words left after removing words that every proposal of the field uses
("pelatihan", "kegiatan", "bagi", "tahun", place-type words) — otherwise "Pelatihan las" and
"Pelatihan menjahit" would look alike only because both are training.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")

# Words that carry no distinguishing content between two proposals of this field.
GENERIC_WORDS = frozenset(
    """
    dan atau di ke dari yang untuk bagi pada dengan dalam serta oleh sebagai the of
    kegiatan program sub subkegiatan usulan pelaksanaan penyelenggaraan proses kerja tenaga
    pelatihan latihan diklat pendidikan keterampilan ketrampilan pencari pencaker
    tahun th ta anggaran paket angkatan batch tahap gelombang tingkat
    kabupaten kab kota kecamatan kec desa kelurahan provinsi prov daerah wilayah se
    kaltim kalimantan timur masyarakat peserta orang
    """.split()
)

# Place names of Kalimantan Timur: they say where, not what, so they are not content.
PLACE_WORDS = frozenset(
    """
    paser kutai barat kartanegara kukar kubar kutim berau penajam utara ppu mahakam ulu mahulu
    balikpapan samarinda bontang tenggarong sangatta sendawar tanjung redeb grogot ujoh bilang
    """.split()
)


def fold(text) -> str:
    """Lower-case ASCII with punctuation turned into single spaces."""
    if text is None:
        return ""
    if isinstance(text, float) and text != text:
        return ""
    return _fold(str(text))


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    # the same few thousand values (units, funding sources, codes' names) come back on every row
    s = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NON_WORD.sub(" ", s.lower()).split())


def tokens(text) -> list[str]:
    return fold(text).split()


def content_tokens(text) -> list[str]:
    """Tokens of ``text`` without generic words, place names and pure numbers (years)."""
    return [t for t in tokens(text) if t not in GENERIC_WORDS and t not in PLACE_WORDS and not t.isdigit()]


def format_score(value: float) -> str:
    """A score written the Indonesian way with two decimals: ``0,87``."""
    return f"{value:.2f}".replace(".", ",")
