"""Code run in child processes by the concurrency and crash tests (importable by `spawn`)."""

from __future__ import annotations

import random
import sys
import time
from typing import Any

from sqlalchemy import select

from intervju.models import Interview
from kode.project import Project
from kodebok.models import Code, Coder, Coding

SHARED_CODE = "felles"


def concurrent_worker(target: str, worker: int, ops: int, seed: int, acks: Any) -> None:
    """Code, memo and rename on the same interview as the other workers; report each committed op.

    Codings and memos go through ``kodebok.coding.add_coding`` and ``kodebok.memos.add_memo`` inside
    one unit of work, some of which fail half-way on purpose (never acknowledged); renames go through
    ``Project.edit_code`` with the version the worker read a moment before.
    """
    from kodebok.codebook_ops import StaleCodeError
    from kodebok.coding import add_coding
    from kodebok.memos import MemoTarget, add_memo

    rnd = random.Random(seed)
    p = Project.open(target)
    me = f"koder{worker}"
    try:
        for i in range(ops):
            kind = ("coding", "memo", "rename")[i % 3]
            abort = rnd.random() < 0.15 and kind != "rename"
            try:
                if kind == "coding":
                    start = worker * 50 + i
                    with p.session() as s:
                        iv = s.scalars(select(Interview)).one()
                        code = s.scalars(select(Code).where(Code.uid == "tema")).one()
                        coder = s.scalars(select(Coder).where(Coder.name == me)).one()
                        add_coding(s, iv, code, start, start + 5, coder)
                        if abort:
                            raise RuntimeError("aborted")
                    acks.put(("coding", worker, start))
                elif kind == "memo":
                    text = f"notat {worker}-{i}: hjemlighet og trygghet på Sjøglimt"
                    with p.session() as s:
                        iv = s.scalars(select(Interview)).one()
                        coder = s.scalars(select(Coder).where(Coder.name == me)).one()
                        add_memo(s, coder, text, MemoTarget(interview=iv.name))
                        if abort:
                            raise RuntimeError("aborted")
                    acks.put(("memo", worker, text))
                else:
                    with p.session() as s:
                        seen = s.scalars(select(Code.version).where(Code.uid == SHARED_CODE)).one()
                    time.sleep(rnd.random() * 0.05)  # the coder thinks; others may edit meanwhile
                    name = f"Felles {worker}-{i} æøå"
                    p.edit_code("rename", SHARED_CODE, name, actor=me, expected_version=seen)
                    acks.put(("rename", worker, (name, seen + 1)))
            except StaleCodeError as exc:
                acks.put(("refused", worker, str(exc)))
            except RuntimeError:
                pass
            time.sleep(rnd.random() * 0.01)
    finally:
        p.close()
        acks.put(("done", worker, None))


def crash_worker(target: str, folder: str) -> None:
    """Import every file of ``folder`` and code each new interview once; print an ack per commit.

    Run as ``python -m tests.team.workers TARGET FOLDER`` and killed with SIGKILL by the test.
    """
    from pathlib import Path

    p = Project.open(target)
    for path in sorted(Path(folder).iterdir()):
        report = p.import_files([path], actor="krasj")
        for r in report.results:
            if r.status == "imported":
                print(f"imported {r.interview}", flush=True)
            if r.status == "failed":
                print(f"failed {r.message}", flush=True)
        with p.session() as s:
            iv = s.scalars(select(Interview).where(Interview.name == path.stem)).one()
            coder = s.scalars(select(Coder).where(Coder.name == "krasj")).one_or_none()
            if coder is None:
                coder = Coder(name="krasj")
                s.add(coder)
                s.flush()
            code = s.scalars(select(Code).where(Code.uid == "krasj")).one_or_none()
            if code is None:
                code = Code(uid="krasj", name="Krasj", examples=[], search_terms=[])
                s.add(code)
                s.flush()
            exists = s.scalars(select(Coding.id).where(Coding.interview_id == iv.id)).first()
            if exists is None:
                s.add(Coding(code_id=code.id, interview_id=iv.id, start=3, end=9, coder_id=coder.id))
                coded = True
            else:
                coded = False
        if coded:
            print(f"coded {path.stem}", flush=True)
    p.close()
    print("done", flush=True)


if __name__ == "__main__":
    crash_worker(sys.argv[1], sys.argv[2])
