"""Suggestions from search terms, with a fake search: stored apart, deduplicated, accepted or rejected."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest
from sqlalchemy import select

from intervju.models import Interview
from kode.project import Project
from kodebok.coding import CodingFilters
from tests.conftest import run_cli
from tests.kodebok.helpers import load_example_codebook, make_interview


@pytest.fixture
def ready(project: Project) -> Project:
    load_example_codebook(project)
    make_interview(project, "U1_T1")
    return project


def fake_search(project: Project) -> tuple[list[tuple[str, str]], object]:
    """Finds the query's first word in the youth's turns; records what it was asked."""
    with project.session() as s:
        iv = s.scalar(select(Interview))
        assert iv is not None
        text, iv_id = iv.text, iv.id
    calls: list[tuple[str, str]] = []

    def search(query: str, unit: str) -> Iterable[tuple[int, int, int]]:
        calls.append((query, unit))
        word = query.strip('"*~').split()[0].lower()
        pos = 0
        for line in text.split("\n"):
            if line.startswith("U: ") and word in line.lower():
                yield iv_id, pos + 3, pos + len(line)
                return
            pos += len(line) + 1

    return calls, search


def test_autocode_stores_suggestions_not_codings_and_dedupes(ready: Project) -> None:
    calls, search = fake_search(ready)
    report = ready.autocode(codes=["Hjemlighet", "Skole"], unit="turn", actor="ab", search_fn=search)  # type: ignore[arg-type]
    counts = {c.code: (c.hits, c.new) for c in report.codes}
    assert counts["Bygg og omgivelser/Hjemlighet"][1] == 1  # 'hjem*' and 'koselig' hit the same turn
    assert counts["Samarbeid utad/Skole"] == (2, 1)  # 'skole' and 'lærer'
    assert all(unit == "turn" for _q, unit in calls) and ("hjemlihet~", "turn") in calls
    assert ready.codings(CodingFilters()) == []
    again = ready.autocode(codes=["Hjemlighet"], unit="turn", search_fn=search)  # type: ignore[arg-type]
    assert again.new == 0 and again.codes[0].known >= 1
    rows = ready.suggestions()
    assert {r.code for r in rows} == {"Bygg og omgivelser/Hjemlighet", "Samarbeid utad/Skole"}
    assert "koselig" in rows[0].text


def test_accept_and_reject_through_the_cli(ready: Project) -> None:
    _calls, search = fake_search(ready)
    ready.autocode(unit="turn", search_fn=search)  # type: ignore[arg-type]
    path = ready.target
    listed = json.loads(run_cli("suggestions", path, "list", "--format", "json").stdout)
    assert listed and {"id", "code", "interview", "start", "end", "unit", "query", "status", "text"} <= set(listed[0])
    skole = [r for r in listed if r["code"] == "Samarbeid utad/Skole"]
    r = run_cli("suggestions", path, "accept", "--id", str(skole[0]["id"]), "--coder", "åse")
    assert r.exit_code == 0 and "Accepted 1" in r.stdout
    codings = ready.codings(CodingFilters())
    assert [(c.code, c.coder) for c in codings] == [("Samarbeid utad/Skole", "åse")]
    assert run_cli("suggestions", path, "reject", "--coder", "åse").exit_code == 1  # neither --id nor --all
    r = run_cli("suggestions", path, "reject", "--all", "--coder", "åse")
    assert r.exit_code == 0
    assert ready.suggestions() == []
    statuses = {x["status"] for x in json.loads(run_cli("suggestions", path, "--status", "any",
                                                        "--format", "json").stdout)}
    assert statuses == {"accepted", "rejected"}
    again = run_cli("suggestions", path, "accept", "--id", str(skole[0]["id"]), "--coder", "åse")
    assert again.exit_code == 1 and "no open suggestion" in again.stderr


def test_autocode_cli_says_when_search_is_missing_or_reports(ready: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _calls, search = fake_search(ready)
    monkeypatch.setattr(type(ready), "search_fn", lambda self, session: search)
    r = run_cli("autocode", ready.target, "--code", "Skole", "--unit", "sentence", "--coder", "ab", "--format", "json")
    data = json.loads(r.stdout)
    assert data["unit"] == "sentence" and data["codes"]["Samarbeid utad/Skole"]["new"] == 1
