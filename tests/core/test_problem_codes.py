"""Every problem code raised anywhere in the source is registered, and docs/kode.md is generated from the registry."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sinergi.core.problem_codes import AREAS, PROBLEM_CODES
from sinergi.core.problems import Problem, ProblemList, ValidationFailed
from sinergi.core.sync.findings import FINDING_CODES

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "sinergi"
CODE = re.compile(r"^[A-Z][A-Z0-9_]{2,}$")
# Callables that take a problem code as their first argument (or as ``code=``).
MAKERS = {"Problem", "add", "_problem", "Finding"}


def _codes_in_source() -> dict[str, str]:
    """Every literal problem code passed to a problem maker in src/, with one place it appears."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in MAKERS:
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            code = keywords.get("code", node.args[0] if node.args else None)
            if isinstance(code, ast.Constant) and isinstance(code.value, str) and CODE.match(code.value):
                found.setdefault(code.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_scan_sees_the_importers():
    codes = _codes_in_source()
    # a sample from each layer, so a scan that silently finds nothing cannot pass
    for code in ("BERKAS_TERLALU_BESAR", "IPK_BOBOT_SUB_TIDAK_1", "DATA_DASAR_KURANG", "KODE_GANDA", "CADANGAN_RUSAK"):
        assert code in codes
    assert len(codes) > 140


def test_every_code_raised_in_the_source_is_registered():
    unregistered = {c: where for c, where in _codes_in_source().items() if c not in PROBLEM_CODES and c not in FINDING_CODES}
    assert not unregistered, f"kode belum terdaftar di core/problem_codes.py: {unregistered}"


def test_registry_entries_are_complete_and_in_indonesian():
    for code, entry in PROBLEM_CODES.items():
        assert CODE.match(code), code
        assert entry.title and entry.title[0].isupper(), code
        assert entry.fix.endswith((".", "…")), (code, entry.fix)
        assert entry.area in AREAS, code
        assert "{" not in entry.fix and "{" not in entry.title, code  # templates stay readable as they are


def test_an_unregistered_code_is_refused_under_test():
    with pytest.raises(ValueError, match="belum terdaftar"):
        Problem("KODE_KARANGAN_SENDIRI", "pesan")


def test_a_problem_without_its_own_fix_gets_the_registry_fix():
    problems = ProblemList()
    problems.add("SEL_DIGABUNG", "Sel A2:A5 digabung.", sheet="Data", row=2, column="nilai")
    with pytest.raises(ValidationFailed) as caught:
        problems.raise_if_any()
    text = str(caught.value)
    assert "Perbaikan: Pisahkan sel (Unmerge Cells)" in text
    assert "sheet 'Data', baris 2, kolom 'nilai'" in text
    # a fix given at the place wins over the registry's
    assert Problem("SEL_DIGABUNG", "x", "Isi ulang sel A2.").fix == "Isi ulang sel A2."
    assert Problem("SEL_DIGABUNG", "x").title == "Sel digabung melintasi baris"


def test_docs_code_table_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_code_docs.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = (ROOT / "docs" / "kode.md").read_text(encoding="utf-8")
    for code in list(PROBLEM_CODES)[:5] + list(FINDING_CODES):
        assert f"`{code}`" in text


def test_no_code_is_registered_twice():
    # a dict literal keeps the last of two equal keys silently; the source must name each code once
    text = (SRC / "core" / "problem_codes.py").read_text(encoding="utf-8")
    names = re.findall(r'^\s+"([A-Z][A-Z0-9_]+)": ProblemCode\(', text, re.M)
    assert len(names) == len(set(names)) == len(PROBLEM_CODES)
