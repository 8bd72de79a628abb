"""An index written before transcribers' notes were kept inside their sentence is repaired by the
upgrade to 0011, not left to a ``kode reindex --force`` nobody thinks of.

The old cuts (``Vi gikk dit. (`` | ``latter) Og så …``, a sentence ended inside ``(utydelig.)``)
gave wrong search hits, quotes and ``kode code --sentence`` spans with nothing to show it.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import select

from intervju.indexing import torn_at_notes
from intervju.models import Interview, Sentence
from kode import migrate
from kode.project import Project
from tests.search.conftest import use_fallback

TURNS = [
    ("I", "Hvordan var det i går? (utydelig.) at dere dro på tur?"),
    ("IP", "Vi gikk dit. (latter) Og så kom de andre, og det var fint. [latter] Ja."),
    ("I", "Og skolen?"),
    ("IP", "Læreren sa (utydelig.) at det var greit. Så gikk vi hjem. (...) Men altså."),
]


def _write(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nordbakken_ungdom_U301_T1.txt").write_text(
        "\n\n".join(f"{lab}: {text}" for lab, text in TURNS) + "\n", encoding="utf-8")
    (folder / "sjoglimt_ansatt_A301_T2.txt").write_text(
        "I: Ingen notater her.\n\nIP: Nei, ærlig talt. Vi har det bra.\n", encoding="utf-8")
    manifest = folder / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "site", "group", "participant", "wave"])
        w.writerow(["nordbakken_ungdom_U301_T1.txt", "Nordbakken", "ungdom", "U301", "T1"])
        w.writerow(["sjoglimt_ansatt_A301_T2.txt", "Sjøglimt", "ansatt", "A301", "T2"])
    return manifest


def _sentences(project: Project) -> dict[str, list[tuple[int, int, str, str]]]:
    with project.session() as s:
        rows = s.execute(select(Interview.name, Sentence.start, Sentence.end, Sentence.forms, Sentence.lemmas)
                         .join(Sentence, Sentence.interview_id == Interview.id).order_by(Interview.name, Sentence.n))
        out: dict[str, list[tuple[int, int, str, str]]] = {}
        for name, *rest in rows:
            out.setdefault(name, []).append(tuple(rest))  # type: ignore[arg-type]
        return out


def _old_splitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The splitter as it was before the notes rule: sentence starts as the sentencizer gave them."""
    import intervju.language.pipeline as pipeline

    def unchanged(text: str, starts: Sequence[int]) -> list[int]:
        return list(starts)

    monkeypatch.setattr(pipeline, "keep_notes", unchanged)


def test_a_fresh_index_is_not_torn(project: Project, tmp_path: Path) -> None:
    use_fallback(project)
    manifest = _write(tmp_path / "c")
    assert not project.import_files([tmp_path / "c"], manifest=manifest).failed
    with project.engine.connect() as conn:
        assert torn_at_notes(conn) == []


def test_upgrade_splits_torn_sentences_again(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import command

    use_fallback(project)
    manifest = _write(tmp_path / "c")
    with monkeypatch.context() as m:
        _old_splitter(m)
        assert not project.import_files([tmp_path / "c"], manifest=manifest).failed
    old = _sentences(project)
    text = dict(_texts(project))["nordbakken_ungdom_U301_T1"]
    assert "Vi gikk dit. (" in [text[a:b] for a, b, *_ in old["nordbakken_ungdom_U301_T1"]]  # the old cut
    with project.engine.connect() as conn:
        torn = torn_at_notes(conn)
    assert len(torn) == 1  # the interview without notes is not touched

    cfg = migrate.alembic_config()
    with project.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
    with project.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    new = _sentences(project)
    assert new["sjoglimt_ansatt_A301_T2"] == old["sjoglimt_ansatt_A301_T2"]
    cut = [text[a:b] for a, b, *_ in new["nordbakken_ungdom_U301_T1"]]
    assert "Vi gikk dit. (latter)" in cut
    assert "Læreren sa (utydelig.) at det var greit." in cut
    with project.engine.connect() as conn:
        assert torn_at_notes(conn) == []

    # The same as a project that imported the files with today's splitter.
    fresh = Project.create(str(tmp_path / "fresh.kode"), sites=("Nordbakken", "Sjøglimt"))
    with fresh:
        use_fallback(fresh)
        assert not fresh.import_files([tmp_path / "c"], manifest=manifest).failed
        assert _sentences(fresh) == new
        with fresh.session() as s:
            from intervju.search import search

            expected = [(h.interview, h.start, h.end) for h in search(s, "latter")]
    with project.session() as s:
        from intervju.search import search

        assert [(h.interview, h.start, h.end) for h in search(s, "latter")] == expected


def _texts(project: Project) -> list[tuple[str, str]]:
    with project.session() as s:
        return [(n, t) for n, t in s.execute(select(Interview.name, Interview.text))]


def test_interviews_of_a_pipeline_not_installed_are_left_and_named(project: Project, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Another pipeline would change more than the cuts (lemmas, tokens): such interviews keep their
    sentences, inside the same all-or-nothing transaction, and are reported by name."""
    from intervju.indexing import repair_torn_sentences

    use_fallback(project)
    manifest = _write(tmp_path / "c")
    with monkeypatch.context() as m:
        _old_splitter(m)
        assert not project.import_files([tmp_path / "c"], manifest=manifest).failed
    old = _sentences(project)
    with project.engine.begin() as conn:
        repair = repair_torn_sentences(conn, lambda name: None)
    assert repair.redone == [] and [n for n, _ in repair.left] == ["nordbakken_ungdom_U301_T1"]
    assert _sentences(project) == old
