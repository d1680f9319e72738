"""The words every screen, export, document and CLI output uses for IPK results.

Kept in one place so the web pages, the Excel exports, the Word documents and the command
line say exactly the same thing. A result computed with a method that has any parameter
whose status is not ``verified`` is an estimate and must carry :data:`PROVISIONAL_LABEL`;
an input value marked ``illustrative`` carries :data:`ILLUSTRATIVE_LABEL`.
"""
from __future__ import annotations

#: Label for any result computed with a method that has non-verified parameters.
PROVISIONAL_LABEL = "perkiraan — metode sementara"

#: Longer explanation shown next to the label (page footers, export notes, CLI header).
PROVISIONAL_EXPLANATION = (
    "Hasil ini dihitung dengan metode yang sebagian parameternya (sub-indikator, bobot, batas "
    "minimum/maksimum atau arah) belum terverifikasi dari lampiran resmi Kepmenaker 206/2017. "
    "Angkanya perkiraan, bukan IPK resmi. Impor lembar metode resmi untuk mendapatkan hasil "
    "metode resmi."
)

#: Badge for an input value (and any result using it) that is illustrative, not real data.
ILLUSTRATIVE_LABEL = "ilustratif"

ILLUSTRATIVE_EXPLANATION = (
    "Sebagian nilai masukan bertanda 'ilustratif': nilai contoh untuk peragaan, bukan data "
    "resmi. Ganti dengan data resmi sebelum hasil dipakai."
)

#: Parameter status vocabulary (stored values) with their Indonesian display words.
STATUS_WORDS = {
    "verified": "terverifikasi",
    "inferred": "disimpulkan",
    "provisional": "sementara",
}

#: Input quality vocabulary (stored values) with their Indonesian display words.
QUALITY_WORDS = {
    "real": "data nyata",
    "derived": "turunan",
    "illustrative": ILLUSTRATIVE_LABEL,
    "": "tidak dinyatakan",
}

DIRECTION_WORDS = {"positive": "positif (makin tinggi makin baik)", "negative": "negatif (makin rendah makin baik)"}


def result_label(provisional: bool) -> str:
    """The label a result must carry: :data:`PROVISIONAL_LABEL` or an empty string.

    Accepts a bool, or any object with a ``provisional`` attribute (a Method or a result).
    """
    flag = getattr(provisional, "provisional", provisional)
    return PROVISIONAL_LABEL if flag else ""


def label_lines(provisional: bool, illustrative: bool = False) -> list[str]:
    """Lines of text to put under a table or at the top of an output."""
    lines = []
    if getattr(provisional, "provisional", provisional):
        lines.append(f"{PROVISIONAL_LABEL.upper()}: {PROVISIONAL_EXPLANATION}")
    if illustrative:
        lines.append(f"DATA {ILLUSTRATIVE_LABEL.upper()}: {ILLUSTRATIVE_EXPLANATION}")
    return lines
