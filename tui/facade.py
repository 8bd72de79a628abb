"""What the workbench needs from a project, as a Protocol over plain dataclasses.

The TUI talks to nothing else: no SQL, no SQLAlchemy sessions. ``Project.workbench(coder)`` (the mixin
``kode.project.Project.workbench``) returns an implementation; tests may hand the app any object that fits.
Every method that changes something is one transaction in the implementation, so what the screen
shows as done is in the database when the call returns.

This module must not import Textual: the CLI and the façade import it without a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

MemoTarget = Literal["coding", "interview", "code"]


def in_vivo_name(passage: str, limit: int = 60) -> str:
    """A code name from a passage: its words on one line, without the punctuation around them,
    cut at a whole word within ``limit`` characters."""
    words = " ".join(passage.split()).strip(" .,;:!?…–—-\"'«»()[]")
    if len(words) <= limit:
        return words
    cut = words.rfind(" ", 0, limit)
    return (words[:cut] if cut > 0 else words[:limit]).rstrip(" .,;:!?…–—-") + "…"


@dataclass(frozen=True)
class Selection:
    """Narrow what a screen lists: each field takes several values (any of them matches)."""

    sites: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    waves: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()


@dataclass(frozen=True)
class InterviewItem:
    id: int
    name: str
    site: str
    group: str
    wave: str
    participants: tuple[str, ...]
    words: int
    turns: int
    codings: int  # codings by the workbench's coder
    coded_turns: int  # informant turns with at least one coding of the workbench's coder
    informant_turns: int


@dataclass(frozen=True)
class OverviewCell:
    site: str
    group: str
    wave: str
    interviews: int
    words: int
    turns: int
    codings: int


@dataclass(frozen=True)
class OverviewData:
    project: str
    pipeline: str
    coder: str
    sites: tuple[str, ...]
    groups: tuple[str, ...]
    waves: tuple[str, ...]
    cells: tuple[OverviewCell, ...]
    interviews: tuple[InterviewItem, ...]


@dataclass(frozen=True)
class TranscriptTurn:
    n: int
    label: str | None
    role: str  # interviewer | informant | unknown
    participant: str | None
    start: int  # the utterance only, not the label
    end: int
    time: float | None
    sentences: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Transcript:
    id: int
    name: str
    site: str
    group: str
    wave: str
    participants: tuple[str, ...]
    text: str
    turns: tuple[TranscriptTurn, ...]


@dataclass(frozen=True)
class CodeItem:
    id: int
    uid: str
    name: str
    path: str  # "Parent/Child"
    label: str | None
    depth: int
    parent_id: int | None
    colour: str  # always a usable colour ("#rrggbb"); the façade fills one in when the code has none
    key: str | None
    definition: str | None
    inclusion: str | None
    exclusion: str | None
    status: str
    count: int  # codings of this code by the coder (in the interview asked about, or in the project)
    total: int = 0  # codings of this code by the coder in the whole project


@dataclass(frozen=True)
class MemoItem:
    target: MemoTarget
    target_id: int
    title: str | None
    text: str
    author: str | None


@dataclass(frozen=True)
class CodingItem:
    id: int
    code_id: int
    code: str
    colour: str
    interview_id: int
    start: int
    end: int
    coder: str
    # the memos on the coding: a delete asks first, and an undone removal puts them back
    memos: tuple[MemoItem, ...] = ()
    # False when ``add_coding`` found the coding there already (nothing new was stored)
    created: bool = field(default=True, compare=False)


@dataclass(frozen=True)
class SearchHit:
    interview_id: int
    interview: str
    site: str
    group: str
    wave: str
    participant: str | None
    turn: int | None
    time: float | None
    start: int  # the matched passage (a sentence or a turn) in the interview text
    end: int
    left: str
    match: str
    right: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[SearchHit, ...]
    total: int = 0  # every matching unit, also those past the limit of hits returned
    counts: tuple[tuple[str, int], ...] = ()  # (wave or group, hits), those with hits


@dataclass(frozen=True)
class Segment:
    coding_id: int
    interview_id: int
    interview: str
    site: str
    group: str
    wave: str
    coder: str
    turn: int | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class MatrixCell:
    code_id: int
    column: str  # "T1 · ungdom"
    wave: str
    split: str  # group or site name
    codings: int
    participants: int
    of_participants: int  # participants interviewed in that wave and split

    @property
    def share(self) -> float:
        return self.participants / self.of_participants if self.of_participants else 0.0


@dataclass(frozen=True)
class MatrixData:
    split_by: str  # "group" | "site"
    columns: tuple[str, ...]
    codes: tuple[CodeItem, ...]
    cells: tuple[MatrixCell, ...]

    def cell(self, code_id: int, column: str) -> MatrixCell | None:
        for c in self.cells:
            if c.code_id == code_id and c.column == column:
                return c
        return None


@dataclass(frozen=True)
class CodeAgreement:
    code: str
    units: int
    both: int
    only_a: int
    only_b: int
    neither: int
    percent: float | None
    kappa: float | None
    alpha: float | None


@dataclass(frozen=True)
class Disagreement:
    code_id: int
    code: str
    turn: int
    start: int  # the unit (turn) in the text
    end: int
    has: str  # which coder coded it: the name of coder a or coder b
    coding_id: int  # that coder's coding overlapping the unit


@dataclass(frozen=True)
class Comparison:
    interview_id: int
    interview: str
    coder_a: str
    coder_b: str
    codings_a: tuple[CodingItem, ...]
    codings_b: tuple[CodingItem, ...]
    overall: CodeAgreement
    codes: tuple[CodeAgreement, ...]
    disagreements: tuple[Disagreement, ...]


@dataclass(frozen=True)
class SuggestionItem:
    id: int
    code_id: int
    code: str
    colour: str
    interview_id: int
    interview: str
    start: int
    end: int
    unit: str
    query: str
    text: str
    status: str


@dataclass
class ChangeResult:
    """What a bulk change did, for a one-line notice."""

    done: int
    skipped: int = 0
    notes: list[str] = field(default_factory=list)


class ProjectBusy(Exception):
    """Another program held the project's database longer than a write may wait. Nothing was
    written; the same call may be made again."""


class ProjectFailure(Exception):
    """The database refused a call for a reason other than a lock; the text is one line for the
    user, never SQL."""


@runtime_checkable
class Workbench(Protocol):
    """The surface the TUI uses. Every method may be called from a worker thread. A database
    error comes out as :class:`ProjectBusy` (a lock held too long: try again) or
    :class:`ProjectFailure` (one line, no SQL); the library's own ``InputError`` passes through."""

    @property
    def coder(self) -> str:
        """The coder whose codings this workbench makes and shows."""
        ...

    @property
    def project_name(self) -> str: ...

    def overview(self, selection: Selection = Selection()) -> OverviewData: ...

    def transcript(self, interview_id: int) -> Transcript: ...

    def codebook(self, interview_id: int | None = None) -> list[CodeItem]: ...

    def codings(self, interview_id: int, coder: str | None = None) -> list[CodingItem]: ...

    def add_coding(self, interview_id: int, code_id: int, start: int, end: int,
                   memos: Sequence[MemoItem] = ()) -> CodingItem:
        """The coder's coding of a code on a span (``created`` False when it was there already);
        ``memos`` are put back on it when it is new (an undone removal)."""
        ...

    def remove_coding(self, coding_id: int) -> CodingItem:
        """Remove one of the coder's codings with its memos (returned in ``memos`` for an undo)."""
        ...

    def code_in_vivo(self, interview_id: int, start: int, end: int,
                     parent_id: int | None) -> tuple[CodeItem, CodingItem]:
        """A new code named by the passage's own words (under ``parent_id``) and the coder's coding
        of the passage with it, in one transaction."""
        ...

    def find(self, interview_id: int, query: str) -> list[tuple[int, int]]:
        """Where ``query`` (the query language of search: lemma, =exact, prefix*, …) matches in one
        interview, every speaker, as spans of the matched words in text order."""
        ...

    def remove_coding_at(self, interview_id: int, code_id: int, start: int, end: int) -> CodingItem: ...

    def memo(self, target: MemoTarget, target_id: int) -> MemoItem | None: ...

    def save_memo(self, target: MemoTarget, target_id: int, text: str) -> MemoItem | None: ...

    def search(self, query: str, selection: Selection = Selection()) -> SearchResult: ...

    def segments(self, code_id: int, selection: Selection = Selection()) -> list[Segment]: ...

    def matrix(self, split_by: str = "group") -> MatrixData: ...

    def cell_segments(self, code_id: int, wave: str, split_by: str, split: str) -> list[Segment]: ...

    def coders(self) -> list[str]: ...

    def compare(self, interview_id: int, coder_a: str, coder_b: str) -> Comparison: ...

    def adopt(self, coding_id: int) -> CodingItem: ...

    def suggestions(self, status: str = "open") -> list[SuggestionItem]: ...

    def decide(self, suggestion_ids: Sequence[int], accept: bool) -> ChangeResult: ...
