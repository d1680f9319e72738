"""The ``sinergi`` command.

Each command group lives in its own module with a ``register(subparsers)`` function:
``serve`` and ``data``/``peta`` (:mod:`sinergi.cli.app`), ``akun`` (:mod:`sinergi.cli.akun`), ``ipk`` (:mod:`sinergi.cli.ipk`),
``rtk`` (:mod:`sinergi.cli.rtk`), ``sinkron`` (:mod:`sinergi.cli.sinkron`).
A command function takes the parsed ``args`` and returns the exit code.
Messages are in Indonesian; input problems are printed one per line with their location.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from sinergi.cli.bantuan import Parser
from sinergi.core.problems import ValidationFailed

GROUPS = ("sinergi.cli.app", "sinergi.cli.akun", "sinergi.cli.ipk", "sinergi.cli.rtk", "sinergi.cli.sinkron")
# which group registers each top-level command: a command then imports only its own group
# (the groups import pandas, the IPK and sync engines, python-docx … at module level)
COMMANDS = {"serve": "sinergi.cli.app", "data": "sinergi.cli.app", "peta": "sinergi.cli.app",
            "akun": "sinergi.cli.akun", "ipk": "sinergi.cli.ipk", "rtk": "sinergi.cli.rtk",
            "sinkron": "sinergi.cli.sinkron"}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``sinergi`` parser; with ``command`` (a key of :data:`COMMANDS`) only the group
    that registers it, so ``sinergi rtk …`` does not import the other groups' modules."""
    parser = Parser(
        prog="sinergi",
        description="Sinergi — perencanaan ketenagakerjaan daerah (IPK, RTKD, sinkronisasi usulan).",
    )
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for name in ((COMMANDS[command],) if command in COMMANDS else GROUPS):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # group not installed yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ValidationFailed as exc:
        print(exc.summary(), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # output piped into e.g. `head`, which closed early: not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
