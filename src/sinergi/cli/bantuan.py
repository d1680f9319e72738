"""argparse in Bahasa Indonesia: "cara pakai:", "argumen posisi", "opsi", the -h help and the
common error messages — so that ``sinergi --help`` and its mistakes read in one language.

:class:`Parser` is the parser class of the ``sinergi`` command; its sub-commands inherit it
(argparse creates sub-parsers of the parent's class)."""
from __future__ import annotations

import argparse
import re
import sys

USAGE = "cara pakai: "
POSITIONALS = "argumen posisi"
OPTIONALS = "opsi"
HELP = "tampilkan bantuan ini lalu keluar"

# argparse's English error messages (Python 3.10–3.13) → Indonesian
ERRORS = [
    (re.compile(r"^the following arguments are required: (.+)$"), r"argumen berikut wajib diisi: \1"),
    (re.compile(r"^unrecognized arguments: (.+)$"), r"argumen tidak dikenal: \1"),
    (re.compile(r"^argument (.+?): invalid choice: (.+?) \(choose from (.+)\)$"), r"argumen \1: pilihan tidak dikenal: \2 (pilih dari \3)"),
    (re.compile(r"^argument (.+?): invalid (\w+) value: (.+)$"), r"argumen \1: nilai \2 tidak sah: \3"),
    (re.compile(r"^argument (.+?): expected one argument$"), r"argumen \1: perlu satu nilai"),
    (re.compile(r"^argument (.+?): expected at least one argument$"), r"argumen \1: perlu sedikitnya satu nilai"),
    (re.compile(r"^argument (.+?): expected (\d+) arguments?$"), r"argumen \1: perlu \2 nilai"),
    (re.compile(r"^argument (.+?): not allowed with argument (.+)$"), r"argumen \1 tidak boleh dipakai bersama \2"),
    (re.compile(r"^argument (.+?): ignored explicit argument (.+)$"), r"argumen \1: nilai \2 diabaikan"),
    (re.compile(r"^one of the arguments (.+) is required$"), r"salah satu argumen ini wajib diisi: \1"),
    (re.compile(r"^ambiguous option: (.+?) could match (.+)$"), r"opsi ambigu: \1 bisa berarti \2"),
    (re.compile(r"^expected one argument$"), "perlu satu nilai"),
]


def translate_error(message: str) -> str:
    for pattern, replacement in ERRORS:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        own_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONALS
        if own_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: galat: {translate_error(message)}\n")
