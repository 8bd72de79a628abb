"""The CLI starts lazily: ``kode --version`` and ``--help`` load no database, NLP or TUI layer, a
command loads only its own module, and opening a project reads its schema version without Alembic.

Measured in a fresh interpreter (``sys.modules`` after the command), because in-process the test
session has imported everything already. Speed itself is measured by ``bench/cli.py``.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kode import migrate
from kode.cli import COMMANDS, MODULES, load_command, main
from kode.project import Project

HEAVY = ("spacy", "sqlalchemy", "alembic", "textual")

PROBE = """
import json, sys
from kode.cli import main
code = 0
try:
    main(sys.argv[1:], prog_name="kode")
except SystemExit as exc:
    code = exc.code
print(json.dumps({{"exit": code, "modules": sorted(m for m in sys.modules if m.split(".")[0] in {heavy})}}))
"""


def modules_after(*args: str, watch: tuple[str, ...] = HEAVY, exit_code: int = 0) -> list[str]:
    """Modules of the top-level packages ``watch`` that ``kode ARGS`` imported, in a fresh
    interpreter, checking that the command ended with ``exit_code``."""
    code = PROBE.format(heavy=repr(set(watch)))
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["exit"] == exit_code, (args, done.stdout, done.stderr)
    return list(probe["modules"])


def loaded_after(*args: str, watch: tuple[str, ...] = HEAVY) -> list[str]:
    """Top-level packages among ``watch`` that ``kode ARGS`` imported, run in a fresh interpreter."""
    return sorted({name.split(".")[0] for name in modules_after(*args, watch=watch)})


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("-h",)])
def test_version_and_help_import_no_heavy_layer(args: tuple[str, ...]) -> None:
    assert loaded_after(*args) == []


def test_a_project_command_reads_the_schema_version_without_alembic(project_path: Path) -> None:
    Project.create(str(project_path)).close()
    loaded = loaded_after("vocab", str(project_path))
    assert "sqlalchemy" in loaded  # it did open the project
    assert "alembic" not in loaded and "spacy" not in loaded and "textual" not in loaded


#: (arguments after the project, what they may import besides the CLI itself): rich only for the
#: outputs it draws, rapidfuzz only to suggest a name.
QUICK = [
    (("info",), {"rich"}),
    (("info", "--format", "json"), set()),
    (("list",), set()),
    (("list", "--site", "nordbakken", "--format", "csv"), set()),
    (("list", "--format", "json"), set()),
    (("show", "nordbakken_ungdom_U03_T1"), {"rich"}),
    (("show", "nordbakken_ungdom_U03_T1", "--format", "json"), set()),
    (("show", "1", "--format", "csv"), set()),
    (("show", "mappe/nordbakken_ungdom_U03_T1.txt", "--turns", "1", "--format", "csv"), set()),
    (("show", "nordbakken_ungdom_U03", "--format", "csv"), {"rapidfuzz"}),
]


@pytest.fixture(scope="module")
def small_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("quick")
    transcript = folder / "nordbakken_ungdom_U03_T1.txt"
    transcript.write_text("I: Hvordan går det?\nU03: Det går bra på Sjøglimt.\n", encoding="utf-8")
    project = Project.create(str(folder / "studie.kode"), sites=["Nordbakken"])
    assert project.import_files([transcript]).results[0].status == "imported"
    project.close()
    return folder / "studie.kode"


@pytest.mark.parametrize(("args", "allowed"), QUICK, ids=lambda a: " ".join(a) if isinstance(a, tuple) else "")
def test_info_list_and_show_read_a_project_file_without_sqlalchemy(
    small_project: Path, args: tuple[str, ...], allowed: set[str]
) -> None:
    """The commands typed most answer from ``sqlite3`` (:mod:`kode.opening`): no SQLAlchemy, no
    models, no spaCy or Textual, and rich or rapidfuzz only where the output needs them."""
    modules = modules_after(
        args[0], str(small_project), *args[1:], watch=(*HEAVY, "rich", "rapidfuzz", "intervju"),
        exit_code=1 if "rapidfuzz" in allowed else 0,
    )
    assert {m.split(".")[0] for m in modules} - {"intervju"} <= allowed, modules
    assert "intervju.corpus_sql" in modules
    assert not {"intervju.models", "intervju.corpus", "intervju.setup"} & set(modules), modules


def test_registry_names_every_command_with_its_own_help() -> None:
    """``kode --help`` is written from COMMANDS: it must list exactly the commands the modules define,
    with the help their docstrings give (add a new command to both)."""
    defined: dict[str, click.Command] = {}
    for module_name in MODULES:
        module = importlib.import_module(f"kode.cli.{module_name}")
        for command in module.COMMANDS:
            assert command.name is not None
            defined[command.name] = command
    from kode.cli import groups

    for group in (groups.export_group, groups.codebook_group):
        assert group.name is not None
        defined[group.name] = group
    assert set(COMMANDS) == set(defined)
    for name, (modules, short_help) in COMMANDS.items():
        assert short_help == defined[name].get_short_help_str(limit=10_000), name
        assert load_command(name, modules) is defined[name], name
    assert {p.stem for p in Path(importlib.import_module("kode.cli").__file__).parent.glob("*_cmd*.py")} == set(MODULES)  # type: ignore[arg-type]


def test_help_lists_every_command_and_each_runs() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == sorted(COMMANDS)
    for name in ("info", "export", "codebook", "codings"):
        sub = CliRunner().invoke(main, [name, "--help"])
        assert sub.exit_code == 0, sub.output
    assert CliRunner().invoke(main, ["no-such-command"]).exit_code == 2


def test_schema_versions_without_alembic_agree_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revisions() == set(script.get_heads())
    assert migrate.known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_revisions_are_read_from_their_lines_or_else_the_whole_file() -> None:
    from kode.revisions import _revision_lines

    assert _revision_lines("revision: str = '0002'\ndown_revision = '0001'\n") == {"revision": "0002", "down_revision": "0001"}
    tricky = (
        '"""Merge.\n\nrevision = \'not this\'\n"""\n'
        "revision: str = '0010'\n"
        "down_revision: tuple[str, ...] = (\n    '0008',\n    '0009',\n)\n"
    )
    assert _revision_lines(tricky) == {"revision": "0010", "down_revision": ("0008", "0009")}


def test_current_revisions_of_an_empty_database_is_empty(tmp_path: Path) -> None:
    from kode.store import make_engine

    engine = make_engine(str(tmp_path / "empty.kode"))
    try:
        assert migrate.current_revisions(engine) == set()
    finally:
        engine.dispose()
