"""``kode memo add|list|edit|delete``: memos with author and time."""

from __future__ import annotations

from pathlib import Path

import click

from intervju.errors import InputError
from kode.cli.coder_opt import CODER_SYNOPSIS, acting_coder, coder_option
from kode.cli.common import PathType, open_project, project_argument
from kode.cli.output import console, emit_csv, emit_fitted, emit_json, format_option
from kode.fit import Col
from kodebok.memos import MAX_MEMO_CHARS, MemoRow, MemoTarget


def _text(text: str | None, file: Path | None, required: bool) -> str | None:
    if text is not None and file is not None:
        raise click.UsageError("give --text or --file, not both")
    if file is not None:
        try:
            if file.stat().st_size > MAX_MEMO_CHARS * 4:
                raise InputError(f"{file}: too large for a memo")
            body = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(f"{file}: no such file") from None
        except UnicodeDecodeError:
            raise InputError(f"{file}: not UTF-8 text") from None
        except OSError as exc:  # not readable (permissions), an I/O error
            raise InputError(f"{file}: cannot read the file ({exc.strerror or exc.__class__.__name__})") from None
        if not body.strip():
            raise InputError(f"{file}: the file is empty; a memo needs text")
        return body
    if text is None and required:
        raise click.UsageError("give the memo's text with --text or --file")
    return text


@click.group(name="memo")
def memo_group() -> None:
    """Memos on the project, a code, an interview, a coding or a participant × code (× wave) cell."""


def _target_options(f: click.decorators.FC) -> click.decorators.FC:
    for opt, kw in reversed((
        ("--code", {"help": "On this code (or, with --participant, a cell)."}),
        ("--interview", {"help": "On this interview."}),
        ("--coding", {"type": int, "help": "On this coding (id from `kode codings`)."}),
        ("--participant", {"help": "On this participant × --code (× --wave) cell."}),
        ("--wave", {"help": "The wave of a participant × code cell."}),
    )):
        f = click.option(opt, default=None, **kw)(f)
    return f


@memo_group.command(name="add")
@project_argument
@_target_options
@click.option("--text", default=None, help="The memo's text.")
@click.option("--file", type=PathType(path_type=Path, dir_okay=False), default=None,
              help="Read the text from a file.")
@click.option("--title", default=None, help="A short title.")
@coder_option
def add(project: str, code: str | None, interview: str | None, coding: int | None, participant: str | None,
        wave: str | None, text: str | None, file: Path | None, title: str | None, coder: str | None) -> None:
    """Write a memo (without a target: on the project)."""
    body = _text(text, file, required=True)
    assert body is not None
    with open_project(project) as p:
        memo_id = p.add_memo(acting_coder(p, coder), body, MemoTarget(code, interview, coding, participant, wave),
                             title)
    console().print(f"Memo {memo_id} saved")


@memo_group.command(name="list")
@project_argument
@_target_options
@click.option("--author", default=None, help="Only memos by this coder.")
@format_option()
def list_(project: str, code: str | None, interview: str | None, coding: int | None, participant: str | None,
          wave: str | None, author: str | None, fmt: str) -> None:
    """List memos (narrowed by target or author)."""
    target = MemoTarget(code, interview, coding, participant, wave)
    with open_project(project) as p:
        rows = p.memos(None if target == MemoTarget() else target, author)
    if fmt == "json":
        emit_json([r.to_json() for r in rows])
        return
    if fmt == "csv":
        emit_csv(["id", "on", "code", "interview", "coding", "participant", "wave", "author", "updated", "title",
                  "text"],
                 [[r.id, r.target, r.code, r.interview, r.coding, r.participant, r.wave, r.author,
                   r.updated.isoformat(timespec="seconds"), r.title, r.text] for r in rows])
        return
    emit_fitted(MEMO_COLUMNS,
                [[r.id, _about(r), r.author, r.updated.strftime("%Y-%m-%d %H:%M"),
                  f"{r.title}: {r.text}" if r.title else r.text] for r in rows], title=f"{len(rows)} memos")


#: ``kode memo list`` in 80 columns: the memo's text wraps, its time goes first when room is short.
MEMO_COLUMNS = (
    Col("id", "fixed", right=True), Col("on", min=14, keep="end"), Col("author", min=6),
    Col("updated", "fixed", drop=1), Col("memo", "text", min=30),
)


def _about(r: MemoRow) -> str:
    if r.target == "cell":
        return " × ".join(x for x in (r.participant, r.code, r.wave) if x)
    if r.target == "coding":
        return f"coding {r.coding}"
    return {"code": r.code, "interview": r.interview}.get(r.target) or "project"


@memo_group.command(name="edit", options_metavar=CODER_SYNOPSIS)
@project_argument
@click.argument("memo_id", type=int, metavar="ID")
@click.option("--text", default=None, help="New text.")
@click.option("--file", type=PathType(path_type=Path, dir_okay=False), default=None, help="New text from a file.")
@click.option("--title", default=None, help="New title.")
@coder_option
def edit(project: str, memo_id: int, text: str | None, file: Path | None, title: str | None,
         coder: str | None) -> None:
    """Change a memo's text or title (the edit is in the audit trail)."""
    body = _text(text, file, required=False)
    with open_project(project) as p:
        p.edit_memo(memo_id, acting_coder(p, coder), body, title)
    console().print(f"Memo {memo_id} updated")


@memo_group.command(name="delete", options_metavar=CODER_SYNOPSIS)
@project_argument
@click.argument("memo_id", type=int, metavar="ID")
@coder_option
def delete(project: str, memo_id: int, coder: str | None) -> None:
    """Delete a memo (the deletion is in the audit trail)."""
    with open_project(project) as p:
        p.delete_memo(memo_id, acting_coder(p, coder))
    console().print(f"Memo {memo_id} deleted")


COMMANDS = [memo_group]
