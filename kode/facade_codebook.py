"""The codebook part of the :class:`~kode.project.Project` façade: codebook, codings, memos,
suggestions and agreement, each method one unit of work in its own transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from export.files import atomic_write
from intervju.errors import KodeError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kodebok.agreement import AgreementReport
    from kodebok.autocode import AutocodeReport, SearchFn, SuggestionRow
    from kodebok.codebook_load import CodebookDiff
    from kodebok.codebook_ops import CodeNode, MergeResult
    from kodebok.coders import CoderRow
    from kodebok.coding import CodingFilters, CodingRow
    from kodebok.coding_batch import BatchResult, CodingTarget, PlacedCoding
    from kodebok.codings_csv import CodingsImport
    from kodebok.consensus import AdoptResult
    from kodebok.memos import MemoRow, MemoTarget


def write_private(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, mode 0600, then move it in place."""
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(path, write)


class CodebookOps:
    """Mixin for :class:`Project`; needs ``session()``."""

    session: Callable[[], AbstractContextManager[Session]]
    require_writable: Callable[[], None]

    # -- coders ------------------------------------------------------------------------------
    def coders(self) -> list[CoderRow]:
        from kodebok.coders import list_coders

        with self.session() as s:
            return list_coders(s)

    def add_coder(self, name: str, full_name: str | None = None, *, actor: str | None = None) -> None:
        from kodebok.coders import add_coder

        with self.session() as s:
            add_coder(s, name, full_name, actor=actor)

    @staticmethod
    def _acting(session: Session, actor: str | None, coder: str | None) -> str | None:
        """Who a write's audit events name. A ``coder`` (a person acting: the CLI's ``--coder``) is
        added when new, as the project spells it, in the write's own transaction, so a write that
        fails adds no coder; a bare ``actor`` (``demo``, ``bench``) is only a name in the trail."""
        from kodebok.coders import ensure_coder

        return actor if coder is None else ensure_coder(session, coder)[0].name

    # -- codebook ----------------------------------------------------------------------------
    def load_codebook(self, path: Path, *, actor: str | None = None, coder: str | None = None,
                      dry_run: bool = False) -> CodebookDiff:
        from kodebok.codebook_load import apply_codebook, diff_codebook
        from kodebok.codebook_yaml import load_codebook

        book = load_codebook(path)
        with self._locked() as s:
            if dry_run:
                return diff_codebook(s, book)
            return apply_codebook(s, book, actor=self._acting(s, actor, coder), source=path.name)

    def codebook_tree(self) -> list[CodeNode]:
        from kodebok.codebook_ops import codebook_tree

        with self.session() as s:
            return codebook_tree(s)

    def export_codebook(self, fmt: str) -> bytes:
        from kodebok.codebook_export import get_writer
        from kodebok.codebook_ops import project_codebook

        writer = get_writer(fmt)
        with self.session() as s:
            book = project_codebook(s)
        return writer.write(book)

    def edit_code(self, operation: str, *args: Any, actor: str | None = None, coder: str | None = None,
                  expected_version: int | None = None, **kwargs: Any) -> Any:
        """``add``, ``rename``, ``move``, ``merge``, ``retire`` or ``restore`` one code, by ``coder``
        (added when new) or ``actor`` (see :meth:`_acting`)."""
        from kodebok import codebook_ops as ops

        functions: dict[str, Callable[..., Any]] = {
            "rename": ops.rename_code, "move": ops.move_code, "merge": ops.merge_codes,
            "retire": ops.retire_code, "restore": ops.restore_code,
        }
        with self._locked() as s:
            actor = self._acting(s, actor, coder)
            if operation == "add":
                return ops.add_code(s, *args, actor=actor, **kwargs).uid
            result = functions[operation](s, *args, actor=actor, expected_version=expected_version, **kwargs)
            return result if operation == "merge" else result.uid

    def merge_codes(self, source: str, target: str, *, actor: str | None = None, coder: str | None = None,
                    expected_version: int | None = None) -> MergeResult:
        result: MergeResult = self.edit_code("merge", source, target, actor=actor, coder=coder,
                                             expected_version=expected_version)
        return result

    def _locked(self) -> AbstractContextManager[Session]:
        from contextlib import contextmanager

        from sqlalchemy.orm.exc import StaleDataError

        from kodebok.codebook_ops import StaleCodeError

        @contextmanager
        def block() -> Iterator[Session]:
            try:
                with self.session() as s:
                    yield s
            except StaleDataError:
                raise StaleCodeError("the code was changed by someone else at the same time; show the codebook "
                                     "again and redo your edit") from None

        return block()

    # -- codings -----------------------------------------------------------------------------
    def code(self, interview: str, code: str, span: Callable[[Session, Any], tuple[int, int]], coder: str, *,
             remove: bool = False) -> tuple[int, int]:
        """Code (or uncode) the span that ``span(session, interview)`` picks; returns the span."""
        from kodebok.coders import ensure_coder, find_coder
        from kodebok.codes import resolve_code
        from kodebok.coding import add_coding, interview_by_ref, remove_coding

        with self.session() as s:
            iv = interview_by_ref(s, interview)
            c = resolve_code(s, code)
            start, end = span(s, iv)
            if remove:
                remove_coding(s, iv, c, start, end, find_coder(s, coder))
            else:
                add_coding(s, iv, c, start, end, ensure_coder(s, coder)[0])
            return start, end

    def code_targets(self, targets: Sequence[CodingTarget]) -> BatchResult:
        """Code every target in one transaction: all of them, or (on any error) nothing, not even a
        coder the batch would have created."""
        from kodebok.coding_batch import code_targets

        self.require_writable()  # before the targets are checked: "read-only" says what is wrong
        with self.session() as s:
            return code_targets(s, targets)

    def uncode_targets(self, targets: Sequence[CodingTarget]) -> list[PlacedCoding]:
        """Remove the coder's coding at every target in one transaction (each must exist)."""
        from kodebok.coding_batch import uncode_targets

        self.require_writable()  # before the targets are checked: "read-only" says what is wrong
        with self.session() as s:
            return uncode_targets(s, targets)

    def codings(self, filters: CodingFilters) -> list[CodingRow]:
        from kodebok.coding import list_codings

        with self.session() as s:
            return list_codings(s, filters)

    def import_codings(self, path: Path, *, actor: str | None = None) -> CodingsImport:
        from kodebok.codings_csv import import_codings

        with self.session() as s:
            return import_codings(s, path, actor=actor)

    # -- memos -------------------------------------------------------------------------------
    def add_memo(self, author: str, text: str, target: MemoTarget, title: str | None = None) -> int:
        from kodebok.coders import ensure_coder
        from kodebok.memos import add_memo

        with self.session() as s:
            return add_memo(s, ensure_coder(s, author)[0], text, target, title).id

    def memos(self, target: MemoTarget | None = None, author: str | None = None) -> list[MemoRow]:
        from kodebok.memos import list_memos

        with self.session() as s:
            return list_memos(s, target, author)

    def edit_memo(self, memo_id: int, editor: str, text: str | None, title: str | None) -> None:
        from kodebok.coders import ensure_coder
        from kodebok.memos import edit_memo

        with self.session() as s:
            edit_memo(s, memo_id, ensure_coder(s, editor)[0], text, title)

    def delete_memo(self, memo_id: int, actor: str) -> None:
        from kodebok.coders import ensure_coder
        from kodebok.memos import delete_memo

        with self.session() as s:
            delete_memo(s, memo_id, ensure_coder(s, actor)[0])

    # -- suggestions -------------------------------------------------------------------------
    def search_fn(self, session: Session) -> SearchFn:
        """The corpus search as ``(query, unit) -> (interview_id, start, end)`` hits."""
        import importlib

        try:
            search_module = importlib.import_module("intervju.search")
        except ImportError:
            raise KodeError("the corpus search (intervju.search) is not part of this kode; autocode needs it") from None
        from intervju.corpus import Filters

        def run(query: str, unit: str) -> Iterable[tuple[int, int, int]]:
            for hit in search_module.search(session, query, Filters(), scope=unit):
                yield hit.interview_id, hit.start, hit.end

        return run

    def autocode(self, *, codes: Sequence[str] = (), unit: str = "sentence", actor: str | None = None,
                 coder: str | None = None, search_fn: SearchFn | None = None) -> AutocodeReport:
        from kodebok.autocode import autocode

        with self.session() as s:
            return autocode(s, search_fn or self.search_fn(s), codes=codes, unit=unit,
                            actor=self._acting(s, actor, coder))

    def suggestions(self, *, codes: Sequence[str] = (), status: str | None = "open") -> list[SuggestionRow]:
        from kodebok.autocode import list_suggestions

        with self.session() as s:
            return list_suggestions(s, codes=codes, status=status)

    def decide_suggestions(self, coder: str, decision: str, *, ids: Sequence[int] = (), codes: Sequence[str] = (),
                           all_open: bool = False) -> int:
        from kodebok.autocode import decide_suggestions
        from kodebok.coders import ensure_coder

        with self.session() as s:
            return decide_suggestions(s, ensure_coder(s, coder)[0], decision, ids=ids, codes=codes,
                                      all_open=all_open)

    # -- agreement ---------------------------------------------------------------------------
    def agreement(self, coders: Sequence[str], *, unit: str = "turn", codes: Sequence[str] = (),
                  interviews: Sequence[str] = ()) -> AgreementReport:
        from kodebok.agreement import agreement

        with self.session() as s:
            return agreement(s, coders, unit=unit, codes=codes, interviews=interviews)

    def adopt_agreed(self, consensus: str, coders: Sequence[str], *, unit: str = "turn", codes: Sequence[str] = (),
                     interviews: Sequence[str] = (), actor: str | None = None) -> AdoptResult:
        from kodebok.consensus import adopt_agreed

        with self.session() as s:
            return adopt_agreed(s, consensus, coders, unit=unit, codes=codes, interviews=interviews, actor=actor)

    def adopt_codings(self, consensus: str, coding_ids: Sequence[int], *, actor: str | None = None) -> AdoptResult:
        from kodebok.consensus import adopt_codings

        with self.session() as s:
            return adopt_codings(s, consensus, coding_ids, actor=actor)
