"""``sinergi --help`` and argparse's own words are in Bahasa Indonesia, for the command and
every sub-command, and so are its usage errors."""
from __future__ import annotations

import pytest

from sinergi.cli import build_parser, main

ENGLISH = ("usage:", "positional arguments", "options:", "optional arguments", "show this help message and exit", "error:")


def _help(parser) -> str:
    return parser.format_help()


def _all_parsers(parser, path=("sinergi",)):
    yield path, parser
    for action in parser._actions:
        if action.choices and hasattr(action, "_name_parser_map"):
            for name, sub in action._name_parser_map.items():
                yield from _all_parsers(sub, (*path, name))


def test_every_help_text_is_indonesian():
    parsers = list(_all_parsers(build_parser()))
    assert len(parsers) > 20
    for path, parser in parsers:
        text = _help(parser)
        assert [w for w in ENGLISH if w in text] == [], " ".join(path)
        assert text.startswith("cara pakai: ")
        assert "tampilkan bantuan ini lalu keluar" in text


def test_top_level_help_names_its_sections(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "argumen posisi:" in out and "opsi:" in out and "PERINTAH" in out


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["data", "impor"], "argumen berikut wajib diisi: berkas"),
        (["tidak-ada"], "pilihan tidak dikenal: 'tidak-ada'"),
        (["data", "ekspor", "--keluaran", "a.csv", "--tidak-ada"], "argumen tidak dikenal: --tidak-ada"),
    ],
)
def test_usage_errors_are_indonesian(capsys, argv, expected):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and "galat:" in err and "cara pakai: " in err
    assert [w for w in ENGLISH if w in err] == []


def test_each_command_parses_with_only_its_own_group():
    """``main`` builds the parser of the command's group only (COMMANDS): the table must name
    every command, and the command's help must be the same as in the full parser."""
    from sinergi.cli import COMMANDS

    full = {path: _help(p) for path, p in _all_parsers(build_parser())}
    top = {path[1] for path in full if len(path) == 2}
    assert top == set(COMMANDS)
    for command in COMMANDS:
        for path, parser in _all_parsers(build_parser(command)):
            if len(path) >= 2:
                assert path[1] == command or COMMANDS[path[1]] == COMMANDS[command]
                assert _help(parser) == full[path], " ".join(path)
