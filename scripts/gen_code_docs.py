"""Write docs/kode.md from the registries: problem codes, proposal finding codes and audit actions.

    python scripts/gen_code_docs.py           # rewrite docs/kode.md
    python scripts/gen_code_docs.py --check   # exit 1 when docs/kode.md is not current (a test runs this)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from django.conf import settings  # noqa: E402

if not settings.configured:  # the action labels are lazy translations; read them untranslated
    settings.configure(USE_I18N=False)

from sinergi.core.problem_codes import AREAS, PROBLEM_CODES  # noqa: E402
from sinergi.core.sync.findings import FINDING_CODES  # noqa: E402
from sinergi.web.audit.labels import ACTION_LABELS  # noqa: E402

TARGET = ROOT / "docs" / "kode.md"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render() -> str:
    lines = [
        "# Kode masalah, temuan dan aksi audit",
        "",
        "<!-- Dibuat oleh scripts/gen_code_docs.py dari core/problem_codes.py dan core/sync/findings.py;",
        "     jangan disunting tangan. Setelah menambah kode: python scripts/gen_code_docs.py -->",
        "",
        "Setiap masalah masukan yang dilaporkan Sinergi (di halaman, di CLI, dalam berkas masalah) membawa",
        "satu kode dari daftar ini. Pesan di tempat kejadian menyebut berkas, sheet, baris dan kolomnya;",
        "kolom *Perbaikan umum* dipakai bila tempat itu tidak memberi perbaikan yang lebih khusus.",
        "",
    ]
    for area, heading in AREAS.items():
        codes = sorted(c for c, e in PROBLEM_CODES.items() if e.area == area)
        if not codes:
            continue
        lines += [f"## {heading}", "", "| kode | arti | perbaikan umum |", "|---|---|---|"]
        lines += [f"| `{c}` | {_cell(PROBLEM_CODES[c].title)} | {_cell(PROBLEM_CODES[c].fix)} |" for c in codes]
        lines.append("")
    lines += [
        "## Temuan pemeriksaan usulan",
        "",
        "Temuan pada usulan program (matriks, halaman putaran). Tingkat `galat` menahan usulan sampai",
        "diperbaiki; `peringatan` dan `info` untuk ditinjau.",
        "",
        "| kode | tingkat | arti | penjelasan |",
        "|---|---|---|---|",
    ]
    for code, entry in FINDING_CODES.items():
        lines.append(f"| `{code}` | {entry['severity']} | {_cell(entry['title'])} | {_cell(entry['explanation'])} |")
    lines += [
        "",
        "## Aksi jejak audit",
        "",
        "Setiap perubahan dicatat di jejak audit dengan satu nama aksi dari daftar ini (`web/audit/labels.py`);",
        "halaman Audit menampilkan kata-katanya dan dapat menyaring menurut aksi.",
        "",
        "| aksi | arti |",
        "|---|---|",
    ]
    lines += [f"| `{code}` | {_cell(str(label))} |" for code, label in ACTION_LABELS.items()]
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="hanya periksa bahwa docs/kode.md mutakhir")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print("docs/kode.md tidak sesuai registri; jalankan: python scripts/gen_code_docs.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(PROBLEM_CODES)} kode masalah, {len(FINDING_CODES)} kode temuan, {len(ACTION_LABELS)} aksi audit")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
