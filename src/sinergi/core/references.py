"""Text from the embedded data written for developers ("METHOD.md §5", "data/ipk/published.csv",
"economy.csv growth_pdrb_adhk") made fit for a page: document and section references are dropped,
file paths become "data bawaan Sinergi". The files keep their references; pages do not show them."""
from __future__ import annotations

import re

EMBEDDED = "data bawaan Sinergi"

_DOC = re.compile(r"(?:src/sinergi/)?(?:data/[\w/]+/)?\b[\w-]+\.md\b(?:\s*(?:§\s*|section\s+)[\d.]*\d)?", re.I)
_SECTION = re.compile(r"§\s*[\d.]*\d")
_FILE = re.compile(r"(?:src/sinergi/)?(?:data/[\w/]+/)?\b[\w-]+\.csv\b(?:[: ][a-z][a-z0-9_]*_[a-z0-9_]+)?(?::[\w]+)*")
_TIDY = [
    (re.compile(r"\s+\b(dan|atau|and|or)\s*(?=[.,;)]|$)"), ""),
    (re.compile(r"\(\s*[,;]\s*"), "("),
    (re.compile(r"\s*[,;]\s*\)"), ")"),
    (re.compile(r"\(\s*\)"), ""),
    (re.compile(r"\s+([,;:.)])"), r"\1"),
    (re.compile(r"([,;])\1+"), r"\1"),
    (re.compile(r"\s{2,}"), " "),
]


def without_file_references(text: str) -> str:
    if not text or not any(mark in text for mark in (".md", "§", ".csv")):
        return text
    out = _DOC.sub("", text)
    out = _SECTION.sub("", out)
    out = _FILE.sub(EMBEDDED, out)
    for pattern, replacement in _TIDY:
        out = pattern.sub(replacement, out)
    return out.strip(" ,;")
