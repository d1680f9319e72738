"""Curators' notes on figures ("February round", "year not stated"): most of the embedded data's
notes were written in English. Pages in Bahasa Indonesia show a note in Indonesian when it is
one of the common notes translated here, and otherwise mark it as English."""
from __future__ import annotations

import re

from sinergi.core.references import without_file_references

# common notes of the embedded data, word for word
TRANSLATIONS = {
    "February round": "putaran Februari",
    "November 2025 round": "putaran November 2025",
    "February round; BPS BRS": "putaran Februari; Berita Resmi Statistik BPS",
    "provisional": "angka sementara",
    "pre-revision weights": "penimbang sebelum revisi",
    "year not stated": "tahun tidak disebut",
    "as printed": "sebagaimana tercetak",
    "original release": "rilis awal",
    "mirror of ANTARA article": "salinan artikel ANTARA",
    "Wikipedia copy citing BPS": "salinan Wikipedia yang mengutip BPS",
    "chart text; year order inferred": "teks grafik; urutan tahun disimpulkan",
    "sector inferred from context": "sektor disimpulkan dari konteks",
    "original SP2010-projection weights (pre-revision)": "penimbang proyeksi SP2010 awal (sebelum revisi)",
    "revised as quoted in Aug 2020 release": "angka revisi sebagaimana dikutip dalam rilis Agustus 2020",
}

_ENGLISH = frozenset("the of and not is as in from by with round stated copy says but far below table verify my reading per year "
                     "inferred original release weights revised mirror article quoted".split())
_INDONESIAN = frozenset("dan yang dari tidak dengan tahun untuk pada oleh adalah menurut angka sebagai disebut belum".split())


def is_english(note: str) -> bool:
    """Whether a note reads as English (more English than Indonesian function words)."""
    words = re.findall(r"[a-z]+", (note or "").lower())
    english = sum(w in _ENGLISH for w in words)
    indonesian = sum(w in _INDONESIAN for w in words)
    return english > indonesian


def note_for(note: str, language: str = "id") -> tuple[str, str]:
    """``(text, language of the text)`` for a page in ``language``: the Indonesian translation
    when there is one, else the note as written with the language it is in."""
    note = without_file_references((note or "").strip())
    if not note:
        return "", language
    if language != "en" and note in TRANSLATIONS:
        return TRANSLATIONS[note], "id"
    return note, "en" if is_english(note) else "id"
