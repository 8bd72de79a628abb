"""Code run in child processes by the concurrency and crash tests (importable by `spawn`)."""

from __future__ import annotations

import random
import sys
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from intervju.errors import KodeError
from intervju.models import Interview
from kode.project import Project
from kodebok.models import Code, Coder, Coding, Memo

SHARED_CODE = "felles"


class StaleEdit(KodeError):
    pass


def rename_checked(session: Session, uid: str, name: str, expected_version: int) -> int:
    """A codebook edit with optimistic concurrency, written against the ORM.

    The codebook branch's ``kodebok.codebook_ops.rename_code(..., expected_version=)`` does the
    same; the version column (``version_id_col``) guards the gap between the check and the write.
    """
    code = session.scalars(select(Code).where(Code.uid == uid)).one()
    if code.version != expected_version:
        raise StaleEdit(f"code {uid!r} was changed by someone else since you read it "
                        f"(now version {code.version}, you read {expected_version}); reload and try again")
    code.name = name
    try:
        session.flush()
    except StaleDataError as exc:
        raise StaleEdit(f"code {uid!r} was changed by someone else while you saved; reload and try again") from exc
    return code.version


def concurrent_worker(target: str, worker: int, ops: int, seed: int, acks: Any) -> None:
    """Code, memo and rename on the same interview as the other workers; report each committed op."""
    rnd = random.Random(seed)
    p = Project.open(target)
    try:
        with p.session() as s:
            interview_id = s.scalars(select(Interview.id)).one()
            coder_id = s.scalars(select(Coder.id).where(Coder.name == f"koder{worker}")).one()
            code_id = s.scalars(select(Code.id).where(Code.uid == "tema")).one()
        for i in range(ops):
            kind = ("coding", "memo", "rename")[i % 3]
            abort = rnd.random() < 0.15  # some units of work fail half-way: never acknowledged
            try:
                if kind == "coding":
                    start = worker * 50 + i
                    with p.session() as s:
                        s.add(Coding(code_id=code_id, interview_id=interview_id, start=start, end=start + 5,
                                     coder_id=coder_id))
                        s.flush()
                        if abort:
                            raise RuntimeError("aborted")
                    acks.put(("coding", worker, start))
                elif kind == "memo":
                    text = f"notat {worker}-{i}: hjemlighet og trygghet på Sjøglimt"
                    with p.session() as s:
                        s.add(Memo(interview_id=interview_id, author_id=coder_id, text=text))
                        s.flush()
                        if abort:
                            raise RuntimeError("aborted")
                    acks.put(("memo", worker, text))
                else:
                    with p.session() as s:
                        seen = s.scalars(select(Code.version).where(Code.uid == SHARED_CODE)).one()
                    time.sleep(rnd.random() * 0.05)  # the coder thinks; others may edit meanwhile
                    name = f"Felles {worker}-{i} æøå"
                    with p.session() as s:
                        version = rename_checked(s, SHARED_CODE, name, seen)
                        if abort:
                            raise RuntimeError("aborted")
                    acks.put(("rename", worker, (name, version)))
            except StaleEdit as exc:
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
