"""Several processes code, memo and edit the codebook on the same interview at once.

Afterwards every acknowledged write is there and nothing else is; stale codebook edits were
refused with a message, never applied over someone else's. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest
from sqlalchemy import select

from intervju.models import AuditEvent
from kode.project import Project
from kodebok.codebook_ops import StaleCodeError
from kodebok.models import Code, Coder, Coding, Memo
from tests.team.helpers import TURNS, code, coder, import_one, write_transcript
from tests.team.workers import SHARED_CODE, concurrent_worker

WORKERS = 3
OPS = 12


def test_stale_codebook_edit_is_refused(project: Project) -> None:
    with project.session() as s:
        code(s, SHARED_CODE, "Felles")
    with project.session() as s:
        seen = s.scalars(select(Code.version).where(Code.uid == SHARED_CODE)).one()
    project.edit_code("rename", SHARED_CODE, "Felles tema", actor="kari", expected_version=seen)
    with pytest.raises(StaleCodeError, match="changed by someone else"):
        project.edit_code("rename", SHARED_CODE, "Mitt navn", actor="ola", expected_version=seen)
    with project.session() as s:
        assert s.scalars(select(Code.name).where(Code.uid == SHARED_CODE)).one() == "Felles tema"


def test_concurrent_coders_lose_nothing_and_add_nothing(project: Project, tmp_path: Path) -> None:
    import_one(project, write_transcript(tmp_path, TURNS))
    with project.session() as s:
        for w in range(WORKERS):
            coder(s, f"koder{w}")
        code(s, "tema", "Tema")
        code(s, SHARED_CODE, "Felles")
    # fork: children start in milliseconds; the parent's pooled connections are closed first so
    # no process ever shares a database connection with another.
    project.engine.dispose()
    ctx = mp.get_context("fork")
    acks = ctx.Queue()
    procs = [ctx.Process(target=concurrent_worker, args=(project.target, w, OPS, 1000 + w, acks))
             for w in range(WORKERS)]
    for p in procs:
        p.start()
    records = []
    done = 0
    while done < WORKERS:
        kind, worker, value = acks.get(timeout=120)
        if kind == "done":
            done += 1
        else:
            records.append((kind, worker, value))
    for p in procs:
        p.join(60)
        assert p.exitcode == 0

    acked_codings = {(f"koder{w}", v) for k, w, v in records if k == "coding"}
    acked_memos = {v for k, _, v in records if k == "memo"}
    renames = [v for k, _, v in records if k == "rename"]
    refused = [v for k, _, v in records if k == "refused"]
    with project.session() as s:
        stored_codings = {(c.coder.name, c.start) for c in s.scalars(select(Coding))}
        stored_memos = {m.text for m in s.scalars(select(Memo))}
        shared = s.scalars(select(Code).where(Code.uid == SHARED_CODE)).one()
        assert {c.name for c in s.scalars(select(Coder))} == {f"koder{w}" for w in range(WORKERS)}
        # The audit trail holds the same acknowledged work, no more.
        logged = {(e.actor, e.detail["start"]) for e in s.scalars(select(AuditEvent)
                                                                  .where(AuditEvent.action == "coding.add"))}
        renamed = s.scalars(select(AuditEvent).where(AuditEvent.action == "code.rename")).all()
    assert stored_codings == acked_codings == logged
    assert len(renamed) == len(renames)
    assert stored_memos == acked_memos
    # Every acknowledged rename made exactly one new version; the last one is the name kept.
    assert sorted(v for _, v in renames) == list(range(2, 2 + len(renames)))
    assert shared.version == 1 + len(renames)
    if renames:
        assert shared.name == max(renames, key=lambda r: r[1])[0]
    print(f"\n{len(acked_codings)} codings, {len(acked_memos)} memos, {len(renames)} renames, {len(refused)} refused")
    assert all("changed by someone else" in m for m in refused)
    assert len(acked_codings) + len(acked_memos) + len(renames) + len(refused) <= WORKERS * OPS
