"""Where each number in the RTKD came from: a numbered reference list (Daftar Pustaka) and
the "Sumber: …" line printed under every table.

Every observation carries the URL it was read from. A table collects the URLs of the
observations it shows; :meth:`SourceBook.line` turns them into a short line naming the
publishers and the reference numbers, and the full addresses go to the Daftar Pustaka and to
the table's sheet in the companion workbook.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlparse

PUBLISHERS = {
    "bps.go.id": "BPS",
    "antaranews.com": "ANTARA",
    "kaltimprov.go.id": "Pemerintah Provinsi Kalimantan Timur",
    "bisnis.com": "Bisnis Indonesia",
    "prokal.co": "Prokal/Kaltim Post",
    "katadata.co.id": "Databoks Katadata",
    "123dok.com": "salinan dokumen perencanaan daerah (123dok)",
    "niaga.asia": "Niaga.Asia",
    "tribunnews.com": "Tribun",
    "republika.co.id": "Republika",
    "suara.com": "Suara Kaltim",
    "idntimes.com": "IDN Times Kaltim",
    "inews.id": "iNews",
    "kipkaltim.id": "KIP Kaltim",
    "wikipedia.org": "Wikipedia",
    "fliphtml5.com": "salinan publikasi BPS (fliphtml5)",
}


BPS_HOSTS = ("bps.go.id", "fliphtml5.com")  # fliphtml5: copies of BPS publications


def _host(url: str) -> str:
    host = urlparse(str(url)).netloc.lower().rstrip(".")
    return host.split(".", 1)[1] if host.startswith(("www.", "mail.")) else host


def rank(url: str) -> int:
    """0 BPS publication, 1 government office, 2 news or other copy quoting them."""
    host = _host(url)
    if any(host == h or host.endswith("." + h) for h in BPS_HOSTS):
        return 0
    if host.endswith(".go.id") or host == "kipkaltim.id":
        return 1
    return 2


RANK_HEADINGS = {0: "Publikasi BPS", 1: "Instansi pemerintah", 2: "Media dan salinan yang mengutip BPS atau instansi pemerintah"}


def publisher(url: str) -> str:
    host = urlparse(str(url)).netloc.lower().rstrip(".")
    if host.startswith(("www.", "mail.")):
        host = host.split(".", 1)[1]
    for key, name in PUBLISHERS.items():
        if host == key or host.endswith("." + key):
            return name
    return host or str(url)


@dataclass
class SourceBook:
    """Numbered list of every URL cited in one document, in order of first use."""

    urls: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def number(self, url: str) -> int:
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1

    def line(self, urls: Iterable[str], lead: str) -> str:
        """``lead``, then the publishers quoted and the reference numbers."""
        urls = [u for u in dict.fromkeys(u for u in urls if u and str(u).startswith("http"))]
        if not urls:
            return lead
        parts = [lead]
        for r in (0, 1, 2):
            group = [u for u in urls if rank(u) == r]
            if not group:
                continue
            nums = ", ".join(f"[{n}]" for n in sorted(self.number(u) for u in group))
            pubs = list(dict.fromkeys(publisher(u) for u in group))
            shown = ", ".join(pubs[:6]) + (f" dan {len(pubs) - 6} media lain" if len(pubs) > 6 else "")
            parts.append({0: f"publikasi BPS {nums}", 1: f"{shown} {nums}", 2: f"dikutip melalui {shown} {nums}"}[r])
        return "; ".join(parts) + " (alamat lengkap di Daftar Pustaka)"

    def entries(self) -> list[str]:
        """Every reference, BPS publications first, then government offices, then the media quoting them."""
        numbered = list(enumerate(self.urls, start=1))
        return [f"[{i}] {publisher(u)}. {u}" for i, u in sorted(numbered, key=lambda t: (rank(t[1]), t[0]))]

    def grouped(self) -> list[tuple[str, list[str]]]:
        """(heading, entries) per rank, for the Daftar Pustaka."""
        out = []
        for r in (0, 1, 2):
            items = [f"[{i}] {publisher(u)}. {u}" for i, u in enumerate(self.urls, start=1) if rank(u) == r]
            if items:
                out.append((RANK_HEADINGS[r], items))
        return out
