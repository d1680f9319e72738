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


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="sinergi",
        description="Sinergi — perencanaan ketenagakerjaan daerah (IPK, RTKD, sinkronisasi usulan).",
    )
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for name in GROUPS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # group not installed yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
