"""The README walks: its walkthrough and every docs example marked ``kode-run`` run on a fresh demo.

A fence opened with ```` ```sh kode-run ```` holds commands a reader can paste after `kode demo`, in
the folder that holds `demo.kode` and `examples/`. The tests take the commands from the files
themselves, so a page that drifts from what kode does fails here.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
FENCE = re.compile(r"^```sh kode-run\n(.*?)^```", re.M | re.S)


def runnable(path: Path) -> list[list[str]]:
    """The ``kode …`` commands of the file's kode-run fences, in order, each split as a shell would."""
    commands = []
    for block in FENCE.findall(path.read_text(encoding="utf-8")):
        for line in block.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                words = shlex.split(line)
                assert words[0] == "kode", f"{path.name}: a kode-run line that is not a kode command: {line}"
                commands.append(words[1:])
    return commands


@pytest.fixture
def workdir(demo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reader's folder after the quick start: demo.kode and the examples beside it."""
    (demo.parent / "examples").symlink_to(REPO / "examples")
    monkeypatch.chdir(demo.parent)
    monkeypatch.delenv("KODE_CODER", raising=False)
    return demo.parent


def run_all(commands: list[list[str]]) -> None:
    for args in commands:
        result = run_cli(*args)
        assert result.exit_code == 0, f"kode {shlex.join(args)}\n{result.output}"


def test_the_walkthrough_runs_on_a_fresh_demo(workdir: Path) -> None:
    commands = runnable(README)
    verbs = [c[0] for c in commands]
    for step in ("info", "init", "import", "codebook", "agreement", "export"):
        assert step in verbs
    run_all(commands)
    assert (workdir / "rapport.docx").stat().st_size > 10_000
    assert (workdir / "matrise.xlsx").is_file()
    # the workbench step is shown, not run (no terminal here); its arguments are what kode takes
    tui = re.search(r"^kode tui (.+)$", README.read_text(encoding="utf-8"), re.M)
    assert tui is not None
    result = run_cli("tui", *shlex.split(tui.group(1)))
    assert result.exit_code == 1 and "needs a terminal" in result.stderr


@pytest.mark.parametrize("page", [p for p in DOCS if runnable(p)], ids=lambda p: p.name)
def test_docs_examples_run_on_a_fresh_demo(page: Path, workdir: Path) -> None:
    run_all(runnable(page))


def test_readme_is_short_and_links_every_docs_page() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    linked = set(re.findall(r"\]\((docs/[\w-]+\.md)\)", text))
    assert linked == {f"docs/{p.name}" for p in DOCS}
    for target in re.findall(r"\]\(([^)#]+)\)", text):
        assert (REPO / target).exists(), target
    assert re.search(r"^\. \.venv/bin/activate$", text, re.M)


def test_quick_start_is_two_commands_and_ci_runs_the_same_tests() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Install and quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    first, second = block.group(1).strip().splitlines()  # exactly two
    assert first.startswith("python3.11 -m venv .venv") and first.endswith("kode demo")
    test_command = second.split("&&")[-1].strip().removeprefix(".venv/bin/")
    assert test_command == "python -m pytest"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(test_command)}$", ci, re.M), "CI must run the README's test command"


def test_readme_screenshot_is_a_textual_svg() -> None:
    svg = (REPO / "docs" / "img" / "workbench.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and "terminal" in svg.casefold()


def test_gitignore_covers_what_the_quick_start_leaves() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    for name in ("demo.kode", "demo-rapport.docx", ".ci/venv/"):
        assert name in ignored


def test_examples_readme_names_no_machine_path() -> None:
    text = (REPO / "examples" / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"(/home/|/Users/|/work/|/tmp/|[A-Z]:\\\\)", text)


def test_pytest_prints_skip_reasons() -> None:
    assert "-rs" in (REPO / "pyproject.toml").read_text(encoding="utf-8").split("addopts", 1)[1].splitlines()[0]

