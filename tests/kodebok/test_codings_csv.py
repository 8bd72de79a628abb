"""The example-codings CSV: whole turns or quotes, one transaction, errors naming file and line; the demo step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from intervju.errors import InputError
from kode.demo_codebook import load_codebook_and_codings
from kode.project import Project
from kodebok.coding import CodingFilters
from tests.conftest import run_cli
from tests.kodebok.helpers import CODEBOOK, load_example_codebook, make_interview

GOOD = """interview,turn,code,coder,quote
U1_T1,2,Bygg og omgivelser/Hjemlighet,åse,som et hjem
U1_T1,2-4,medvirkning,åse,
U1_T1,4,Ungdommens opplevelse/Medvirkning,bø,"Jeg blir hørt på husmøtet."
U1_T1,6,samarbeid-skole,bø,
"""


@pytest.fixture
def ready(project: Project) -> Project:
    load_example_codebook(project)
    make_interview(project, "U1_T1")
    return project


def test_import_quotes_and_whole_turns(ready: Project, tmp_path: Path) -> None:
    f = tmp_path / "codings_eksempel.csv"
    f.write_text(GOOD, encoding="utf-8")
    result = ready.import_codings(f, actor="lead")
    assert (result.added, result.already, result.new_coders) == (4, 0, ["åse", "bø"])
    rows = {(r.code, r.coder): r for r in ready.codings(CodingFilters())}
    assert rows[("Bygg og omgivelser/Hjemlighet", "åse")].text == "som et hjem"
    assert rows[("Ungdommens opplevelse/Medvirkning", "åse")].text.startswith("Det var rart")
    assert rows[("Ungdommens opplevelse/Medvirkning", "åse")].text.endswith("husmøtet.")
    assert rows[("Ungdommens opplevelse/Medvirkning", "bø")].text == "Jeg blir hørt på husmøtet."
    assert ready.import_codings(f).already == 4  # loading again changes nothing


def test_semicolons_and_bom(ready: Project, tmp_path: Path) -> None:
    f = tmp_path / "semikolon.csv"
    f.write_bytes(("\ufeff" + GOOD.replace(",", ";").replace("hjem;", "hjem,")).encode("utf-8"))
    assert ready.import_codings(f).added == 4


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("U9_T1,2,Omsorg,ab,", "line 3: no interview 'U9_T1'"),
        ("U1_T1,12,Omsorg,ab,", "line 3: interview 'U1_T1' has no turn 12"),
        ("U1_T1,to,Omsorg,ab,", "line 3: turn 'to' is not a number or a range"),
        ("U1_T1,2,Omsorgg,ab,", "line 3: no code 'Omsorgg' in the codebook of {project}; did you mean"),
        ("U1_T1,2,Omsorg,,", "line 3: the coder is empty"),
        ("U1_T1,2,Omsorg,ab,finnes ikke", "line 3: the quote 'finnes ikke' is not in turn 2"),
        ("U1_T1,2,Omsorg,a b,", "line 3: coder id 'a b' must be one word"),
    ],
)
def test_a_bad_row_names_file_and_line_and_writes_nothing(ready: Project, tmp_path: Path, row: str,
                                                          message: str) -> None:
    f = tmp_path / "feil.csv"
    f.write_text("interview,turn,code,coder,quote\nU1_T1,2,Omsorg,ab,\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        ready.import_codings(f)
    assert str(err.value).startswith("feil.csv: ") and message.format(project=ready.name) in str(err.value)
    assert ready.codings(CodingFilters()) == []
    assert [c.name for c in ready.coders()] == []


def test_header_problems(ready: Project, tmp_path: Path) -> None:
    f = tmp_path / "hode.csv"
    f.write_text("intervju,turn,code,coder\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"hode\.csv: line 1: the header lacks interview"):
        ready.import_codings(f)
    f.write_text("interview,turn,code,coder,sitat\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown column 'sitat'"):
        ready.import_codings(f)


def test_cli_import(ready: Project, tmp_path: Path) -> None:
    f = tmp_path / "codings_a.csv"
    f.write_text(GOOD, encoding="utf-8")
    r = run_cli("codings", "import", ready.target, str(f))
    assert r.exit_code == 0 and "codings_a.csv: 4 codings added" in r.stdout and "new coder 'åse'" in r.stderr
    bad = run_cli("codings", "import", ready.target, str(tmp_path / "mangler.csv"))
    assert bad.exit_code == 1 and "mangler.csv: no such file" in bad.stderr


def test_demo_step_loads_the_codebook_then_any_codings(project: Project, tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    shutil.copy(CODEBOOK, examples / "kodebok.yml")
    make_interview(project, "U1_T1")
    assert load_codebook_and_codings(project, examples) == "codebook: 32 codes"
    (examples / "codings_eksempel.csv").write_text(GOOD, encoding="utf-8")
    assert load_codebook_and_codings(project, examples) == "codebook: 0 codes; codings_eksempel.csv: 4 codings"
