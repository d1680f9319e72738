"""Problems found in user input, as data (code, place, message, fix) — never bare strings.

Every importer collects *all* problems of a file before it writes anything, then either
writes the whole file or raises :class:`ValidationFailed` with the list.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Tests set this to True: a problem whose code is not in the registry (core/problem_codes.py) then
# raises at once. In production an unregistered code is still reported, without the general fix.
STRICT_CODES = False

SHOWN = 200  # problems listed by the CLI and the pages; the rest are counted ("… dan N masalah lain")
KEPT = 5_000  # problems a ProblemList keeps in memory; beyond, they are only counted (a hostile file can hold millions)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as the user sees the file.

    ``row`` is the spreadsheet row number (the header is row 1, the first data row is 2),
    so a user can go straight to it in Excel/LibreOffice.
    """

    code: str
    message: str
    fix: str = ""
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    def __post_init__(self) -> None:
        entry = registered(self.code)
        if entry is None:
            if STRICT_CODES:
                raise ValueError(f"kode masalah {self.code!r} belum terdaftar di core/problem_codes.py")
            return
        if not self.fix and entry.get("fix"):
            object.__setattr__(self, "fix", entry["fix"])

    @property
    def title(self) -> str:
        entry = registered(self.code)
        return entry["title"] if entry else self.code

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(f"berkas '{self.file}'")
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"baris {self.row}")
        if self.column:
            parts.append(f"kolom '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        loc = self.location()
        text = f"{loc}: {self.message}" if loc else self.message
        if self.fix:
            text += f" Perbaikan: {self.fix}"
        return text

    def as_dict(self) -> dict:
        return asdict(self)


def registered(code: str) -> dict | None:
    """The registry entry of a problem code (title, fix), or None when the code is not registered.

    Proposal checks (``FINDING_CODES``) can be reported as problems too; they count as registered."""
    from sinergi.core.problem_codes import PROBLEM_CODES

    if code in PROBLEM_CODES:
        entry = PROBLEM_CODES[code]
        return {"title": entry.title, "fix": entry.fix}
    # only now: importing it imports the whole sync package (≈ 50 ms), which RTK and IPK never need
    from sinergi.core.sync.findings import FINDING_CODES

    if code in FINDING_CODES:
        return {"title": FINDING_CODES[code]["title"], "fix": ""}
    return None


@dataclass
class ValidationFailed(Exception):
    """Raised when an input has one or more problems; nothing has been written."""

    problems: list[Problem] = field(default_factory=list)
    more: int = 0  # problems found but not kept (see KEPT)

    def __post_init__(self) -> None:
        self.problems = Problems(self.problems, more=self.more)
        super().__init__(self.summary())

    @property
    def total(self) -> int:
        return self.problems.total

    def summary(self) -> str:
        n = self.total
        head = f"{n} masalah ditemukan; tidak ada data yang disimpan."
        return "\n".join([head, *[f"- {p}" for p in self.problems[:SHOWN]]]) + (
            f"\n… dan {n - SHOWN} masalah lain." if n > SHOWN else ""
        )


class Problems(list):
    """The problems of a :class:`ValidationFailed`: a list, plus ``more`` found but not kept;
    ``total`` counts both (pages show ``problems.total``)."""

    def __init__(self, items=(), more: int = 0):
        super().__init__(items)
        self.more = int(getattr(items, "more", 0)) + more

    @property
    def total(self) -> int:
        return len(self) + self.more


class ProblemList(list):
    """A list of problems with a helper to add one; raise at the end with :meth:`raise_if_any`.
    Keeps the first :data:`KEPT` problems and counts the rest, so memory stays bounded."""

    more = 0

    def add(self, code: str, message: str, fix: str = "", **where) -> None:
        if len(self) >= KEPT:
            self.more += 1
            return
        self.append(Problem(code=code, message=message, fix=fix, **where))

    def raise_if_any(self) -> None:
        if self:
            raise ValidationFailed(list(self), more=self.more)
