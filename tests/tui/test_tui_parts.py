"""The parts under the screens: wrapping Norwegian text, the façade's rules, the command, import hygiene."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tui_fixture import UNGDOM_T1, FixedWorkbench, canonical

from intervju.errors import InputError
from kode.facade_tui import split_sentences
from kode.project import Project
from tests.conftest import run_cli
from tui.screens.finder import rank_codes
from tui.widgets.transcript import wrap

REPO = Path(__file__).resolve().parents[2]
U_TEXT, U_SPANS = canonical(UNGDOM_T1)


def lines(text: str, width: int) -> list[str]:
    return [text[a:b] for a, b in wrap(text, 0, len(text), width)]


def test_wrap_keeps_norwegian_letters_dashes_and_cuts_long_compounds() -> None:
    text = "Miljøterapeutene på Sjøglimt – og ungdommene – snakker om barnevernsinstitusjonsavdelingslederen."
    got = lines(text, 20)
    assert "".join(got) == text
    assert all(len(line.rstrip()) <= 20 for line in got)
    assert got[0] == "Miljøterapeutene på "
    assert "– og ungdommene – " in "".join(got[1:3])
    assert any(line.startswith("barnevernsinstitusjo") for line in got)  # a word longer than a line is cut


def test_wrap_breaks_at_newlines() -> None:
    assert lines("første linje\nandre", 40) == ["første linje", "andre"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcæøåÆØÅ –-\n.", max_size=300), st.integers(min_value=4, max_value=60))
def test_wrap_covers_the_text_in_order_within_the_width(text: str, width: int) -> None:
    spans = wrap(text, 0, len(text), width)
    assert spans[0][0] == 0
    position = 0
    for a, b in spans:
        assert a >= position and b >= a
        assert text[position:a].strip("\n") == ""  # only the newline between two spans is left out
        assert len(text[a:b].rstrip()) <= width
        position = b
    assert position == len(text) or text[position:].strip("\n") == ""


def test_sentence_fallback_splits_at_end_punctuation() -> None:
    start, end = U_SPANS[1]
    sentences = [U_TEXT[a:b] for a, b in split_sentences(U_TEXT, start, end)]
    assert sentences == ["Det er egentlig ganske bra.", "Jeg får være med og bestemme på husmøtet, og det liker jeg.",
                         "Miljøterapeutene hører på meg – nesten alltid."]


def test_finder_ranks_by_name_label_and_path(small: tuple[Project, dict[str, int]]) -> None:
    project, _ids = small
    codes = project.workbench("kari").codebook()
    assert rank_codes(codes, "hjem")[0].name == "Hjemlighet"
    assert rank_codes(codes, "SIKK")[0].name == "Sikkerhet"
    assert rank_codes(codes, "omgivelser/sikker")[0].name == "Sikkerhet"
    assert len(rank_codes(codes, "")) == len(codes)


def test_workbench_refuses_another_coders_coding_and_bad_spans(small: tuple[Project, dict[str, int]]) -> None:
    project, ids = small
    kari = FixedWorkbench(project, "kari")
    ola_coding = project.workbench("ola").codings(ids["u1"])[0]
    with pytest.raises(InputError, match="belongs to coder 'ola'"):
        kari.remove_coding(ola_coding.id)
    with pytest.raises(InputError, match="not inside interview"):
        kari.add_coding(ids["u1"], ids["dbt"], 10, 10_000)
    first = kari.add_coding(ids["u1"], ids["dbt"], *U_SPANS[5])
    again = kari.add_coding(ids["u1"], ids["dbt"], *U_SPANS[5])  # made meanwhile elsewhere: no error
    assert again.id == first.id


def test_decide_skips_what_another_coder_decided_meanwhile(small: tuple[Project, dict[str, int]]) -> None:
    project, _ids = small
    kari, ola = project.workbench("kari"), project.workbench("ola")
    open_ids = [s.id for s in kari.suggestions()]
    assert ola.decide(open_ids[:1], accept=False).done == 1
    result = kari.decide(open_ids, accept=True)
    assert (result.done, result.skipped) == (1, 1)


def test_a_new_coder_is_added_on_first_use(small: tuple[Project, dict[str, int]]) -> None:
    project, _ids = small
    assert "åse" not in project.workbench("kari").coders()
    project.workbench("åse")
    assert "åse" in project.workbench("kari").coders()


def test_tui_command_needs_a_coder_and_a_project(project_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KODE_CODER", raising=False)
    result = run_cli("tui", str(project_path), "--coder", "kari")
    assert result.exit_code == 1 and "no such project" in result.output
    Project.create(str(project_path)).close()
    result = run_cli("tui", str(project_path))
    assert result.exit_code == 1 and "no coder" in result.output
    result = run_cli("tui", str(project_path), "--coder", "kari", "--interview", "finnes-ikke")
    assert result.exit_code == 1 and "no interview 'finnes-ikke'" in result.output
    result = run_cli("tui", str(project_path), "--coder", "kari")  # all right, but no terminal (a pipe)
    assert result.exit_code == 1 and "kode tui needs a terminal" in result.output
    assert "coding workbench" in run_cli("tui", "--help").output


def test_other_commands_never_import_textual() -> None:
    code = "import sys, kode.cli, kode.project; sys.exit('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, check=False)
    assert done.returncode == 0, done.stderr
