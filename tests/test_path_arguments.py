"""Every file or folder argument and option refuses the wrong kind of path in one line.

click's own refusal ("Usage: … Try 'kode … --help' … Error: Invalid value for '--manifest': File
'data' is a directory.") is three lines with exit 2, unlike every other kode error. The test walks
the whole command tree, so a command added later with a plain ``click.Path`` fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from kode.cli import COMMANDS, main
from kode.cli.common import PathType
from tests.conftest import run_cli


def _commands() -> Iterator[tuple[list[str], click.Command]]:
    ctx = click.Context(main)

    def walk(command: click.Command, words: list[str]) -> Iterator[tuple[list[str], click.Command]]:
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, name
                yield from walk(sub, [*words, name])
        else:
            yield words, command

    yield from walk(main, [])


def _path_params() -> list[tuple[list[str], click.Command, click.Parameter]]:
    return [(words, command, p) for words, command in _commands() for p in command.params
            if isinstance(p.type, click.Path)]


PATH_PARAMS = _path_params()


def test_the_walk_sees_every_command_and_every_path_parameter() -> None:
    tops = {words[0] for words, _ in _commands()}
    assert tops == set(COMMANDS)
    assert len(PATH_PARAMS) >= 20  # the walk is not vacuous: --manifest, --key, --from, -o, FILE …


@pytest.mark.parametrize(("words", "param"), [(w, p) for w, _c, p in PATH_PARAMS],
                         ids=[" ".join(w) + " " + (p.name or "") for w, _c, p in PATH_PARAMS])
def test_every_path_parameter_uses_the_one_line_type(words: list[str], param: click.Parameter) -> None:
    assert isinstance(param.type, PathType), f"kode {' '.join(words)}: {param.name} is a plain click.Path"


def _invocation(words: list[str], command: click.Command, param: click.Parameter, value: str,
                project: str) -> list[str]:
    """The command with ``value`` for ``param``; positional arguments before it get the project
    (PROJECT) or a harmless name, and nothing else is given, so the path is the first checked."""
    args = list(words)
    if isinstance(param, click.Option):
        return [*args, param.opts[0], value]
    for p in command.params:
        if not isinstance(p, click.Argument):
            continue
        if p is param:
            return [*args, value]
        args.append(project if p.name in ("project", "target") else "x")
    raise AssertionError(param.name)


@pytest.mark.parametrize(("words", "command", "param"), PATH_PARAMS,
                         ids=[" ".join(w) + " " + (p.name or "") for w, _c, p in PATH_PARAMS])
def test_the_wrong_kind_of_path_is_one_line_naming_it(tmp_path: Path, words: list[str], command: click.Command,
                                                      param: click.Parameter) -> None:
    assert isinstance(param.type, click.Path)
    project = tmp_path / "studie.kode"
    assert run_cli("init", project, "--sites", "Sjøglimt", "--coder", "kh").exit_code == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    if param.type.dir_okay and not param.type.file_okay:
        wrong, kind, wanted = tmp_path / "notat æøå.txt", "a file, not a folder", "needs a folder"
        wrong.write_text("x", encoding="utf-8")
    elif param.type.file_okay and not param.type.dir_okay:
        wrong, kind, wanted = tmp_path / "mappe æøå", "a folder, not a file", "needs a file"
        wrong.mkdir()
    else:
        pytest.skip("takes files and folders alike")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli(*_invocation(words, command, param, str(wrong), str(project)))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"Error: {wrong}: {kind} (")
    assert wanted in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written
    if wrong.is_dir():
        assert list(wrong.iterdir()) == []
