"""`kode speakers`: labels with counts and examples; --map gives roles without re-import; the
manifest's speakers column; the import report names the command."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from intervju.models import Sentence, Turn
from intervju.sentence_ids import ROLE_MASK, role_code
from kode.project import Project
from tests.conftest import run_cli

DIARISED = (
    "S1: Hvordan har du det på avdelingen nå?\n"
    "S2: Det er bra. Jeg får være med å bestemme på husmøtet.\n"
    "S1: Og skolen?\n"
    "S2: Skolen går fint, læreren er grei.\n"
)


def _setup(project_path: Path, tmp_path: Path) -> Path:
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    path = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    path.write_text(DIARISED, encoding="utf-8")
    return path


def test_import_report_names_the_speakers_command(project_path: Path, tmp_path: Path) -> None:
    path = _setup(project_path, tmp_path)
    result = run_cli("import", project_path, path)
    assert result.exit_code == 0
    assert f"`kode speakers {project_path}`" in result.stdout
    assert f"`kode speakers {project_path} --map S1=ROLE --map S2=ROLE`" in result.stdout


def test_speakers_lists_labels_with_counts_and_examples(project_path: Path, tmp_path: Path) -> None:
    run_cli("import", project_path, _setup(project_path, tmp_path))
    rows = json.loads(run_cli("speakers", project_path, "--format", "json").stdout)
    assert rows == [
        {"label": "S1", "role": "unknown", "participant": None, "turns": 2, "interviews": 1,
         "example": "Hvordan har du det på avdelingen nå?"},
        {"label": "S2", "role": "unknown", "participant": None, "turns": 2, "interviews": 1,
         "example": "Det er bra. Jeg får være med å bestemme på husmøtet."},
    ]  # fmt: skip


def test_map_assigns_roles_and_search_sees_the_informant(project_path: Path, tmp_path: Path) -> None:
    run_cli("import", project_path, _setup(project_path, tmp_path))
    before = json.loads(run_cli("search", project_path, "husmøte", "--format", "json").stdout)
    result = run_cli("speakers", project_path, "--map", "S1=interviewer", "--map", "s2=informant:U03",
                     "--coder", "ab")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "4 turns in 1 interviews changed" in result.stdout
    rows = {r["label"]: r for r in json.loads(run_cli("speakers", project_path, "--format", "json").stdout)}
    assert (rows["S1"]["role"], rows["S2"]["role"], rows["S2"]["participant"]) == ("interviewer", "informant", "U03")
    after = json.loads(run_cli("search", project_path, "husmøte", "--format", "json").stdout)
    assert _hits(before) == 0 and _hits(after) == 1
    with Project.open(str(project_path)) as p, p.session() as s:
        for sid, role in s.execute(select(Sentence.id, Turn.role).join(Turn, Turn.id == Sentence.turn_id)):
            assert sid & ROLE_MASK == role_code(role)
    assert run_cli("check", project_path).exit_code == 0
    log = run_cli("log", project_path, "--format", "json").stdout
    assert "speakers.map" in log


def _hits(found: object) -> int:
    if isinstance(found, dict):
        for key in ("total", "matches", "count"):
            if isinstance(found.get(key), int):
                return int(found[key])
        return len(found.get("hits", []))
    return len(found) if isinstance(found, list) else 0


def test_map_refuses_unknown_labels_roles_and_participants(project_path: Path, tmp_path: Path) -> None:
    run_cli("import", project_path, _setup(project_path, tmp_path))
    for spec, message in (
        ("S9=interviewer", "no turns with the label 'S9'"),
        ("S1=boss", "role 'boss' is not one of interviewer, informant, unknown"),
        ("S2=informant:U99", "no participant U99 in the project"),
        ("S1", "is not LABEL=ROLE"),
    ):
        result = run_cli("speakers", project_path, "--map", spec, "--coder", "ab")
        assert result.exit_code == 1, spec
        assert message in result.stderr, result.stderr
    rows = json.loads(run_cli("speakers", project_path, "--format", "json").stdout)
    assert {r["role"] for r in rows} == {"unknown"}


def test_manifest_speakers_column_assigns_roles_at_import(project_path: Path, tmp_path: Path) -> None:
    path = _setup(project_path, tmp_path)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,site,group,participant,wave,speakers\n"
        f"{path.name},Nordbakken,ungdom,U03,T1,S1=interviewer; S2=informant\n",
        encoding="utf-8",
    )
    result = run_cli("import", project_path, path, "--manifest", manifest)
    assert result.exit_code == 0, result.output
    assert "unknown speaker labels" not in result.stdout
    rows = {r["label"]: r for r in json.loads(run_cli("speakers", project_path, "--format", "json").stdout)}
    assert rows["S1"]["role"] == "interviewer"
    assert (rows["S2"]["role"], rows["S2"]["participant"]) == ("informant", "U03")
