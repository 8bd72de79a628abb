"""Theme × wave counted in SQL: the database deduplicates spans, rolls codes up to their themes and
groups by wave and split, so Python sees one row per cell instead of one per coding.

Segments are counted in the unit every matrix uses (overlapping or touching spans of one row in
one interview are one segment). It gives the same numbers as :func:`export.matrices.theme_wave.theme_wave` over
:func:`export.matrices.data.load_dataset` (a test checks this); a cell's segments are loaded on first
use. The consensus filter and focus-group interviews (several participants, attributed by turn)
need span-level work, so for those it falls back to the dataset path.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from itertools import product
from typing import Any

from sqlalchemy import Integer, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from export.matrices.data import (
    Dataset,
    MatrixFilters,
    Segment,
    _pick,
    _vocab,
    load_dataset,
    narrow_interviews,
    resolve_coders,
    select_codes,
)
from export.matrices.theme_wave import (
    ChangeRule,
    Split,
    SplitBy,
    ThemeWaveCell,
    ThemeWaveMatrix,
    changes,
    split_key,
    theme_wave,
)
from intervju.models import InformantGroup, Interview, Site, Wave, interview_participant
from kodebok.models import Coding


def _lazy_items(
    session_factory: partial[Dataset], cache: dict[str, Dataset], code_id: int, by: SplitBy, split: Split, wave: str
) -> tuple[Segment, ...]:
    ds = cache.get("ds")
    if ds is None:
        ds = cache["ds"] = session_factory()
    return tuple(
        s for s in ds.segments.get(code_id, ()) if s.wave == wave and split_key(by, s.group, s.site) == split
    )


def theme_wave_sql(
    session: Session, filters: MatrixFilters = MatrixFilters(), by: SplitBy = ("group",),
    rule: ChangeRule = ChangeRule(),
) -> ThemeWaveMatrix:
    """Theme × wave with the counting done by the database. Cells' ``items`` need the session open."""
    multi = session.scalar(
        select(func.count()).select_from(
            select(interview_participant.c.interview_id)
            .group_by(interview_participant.c.interview_id)
            .having(func.count() > 1)
            .subquery()
        )
    )
    if filters.consensus or multi:
        return theme_wave(load_dataset(session, filters, with_text=False), by=by, rule=rule)

    rows, _themes, members = select_codes(session, filters)
    waves = _pick("wave", "waves", filters.waves, _vocab(session, Wave))
    groups = _pick("group", "groups", filters.groups, _vocab(session, InformantGroup))
    sites = _pick("site", "sites", filters.sites, _vocab(session, Site))
    coders = resolve_coders(session, filters)
    wave_name, group_name, site_name = dict(waves), dict(groups), dict(sites)

    def split_cols(table: type[Interview]) -> list[Any]:
        return [table.group_id if part == "group" else table.site_id for part in by]

    def to_split(values: tuple[int, ...]) -> Split:
        names = [group_name.get(v) if part == "group" else site_name.get(v) for part, v in zip(by, values, strict=True)]
        return tuple(n or "" for n in names) or ("",)

    def narrow(q: Any) -> Any:
        return narrow_interviews(q, filters, wave_name, group_name, site_name)

    # N: participants interviewed per split × wave
    ncols = split_cols(Interview)
    nq = narrow(
        select(Interview.wave_id, *ncols, func.count(func.distinct(interview_participant.c.participant_id)))
        .join(interview_participant, interview_participant.c.interview_id == Interview.id)
        .group_by(Interview.wave_id, *ncols)
    )
    interviewed: dict[tuple[Split, str], int] = defaultdict(int)
    for row in session.execute(nq):
        interviewed[(to_split(tuple(row[1:-1])), wave_name[row[0]])] += row[-1]

    # code -> row it rolls up to, as a small union of literal rows (portable, unlike VALUES aliases)
    pairs = [(cid, row_id) for row_id, ids in members.items() for cid in ids]
    if not pairs:
        cells: dict[tuple[int, Split, str], ThemeWaveCell] = {}
        matrix = ThemeWaveMatrix(rows, [n for _i, n in waves], by, [], cells, rule)
        return matrix
    rollup = union_all(
        *[select(literal(c, Integer).label("code_id"), literal(r, Integer).label("row_id")) for c, r in pairs]
    ).cte("rollup")
    spans_q = (
        select(rollup.c.row_id, Coding.interview_id, Coding.start, Coding.end)
        .join(rollup, rollup.c.code_id == Coding.code_id)
        .distinct()
    )
    if filters.coders:
        spans_q = spans_q.where(Coding.coder_id.in_([i for i, _n in coders]))
    distinct_spans = spans_q.subquery("distinct_spans")
    # the segment unit (see export.matrices.data): spans of one row and interview that overlap or
    # touch are one segment. A span starts a new segment when it begins after every earlier span of
    # its row and interview has ended (gaps and islands, with a window over the sorted spans)
    reach = func.max(distinct_spans.c.end).over(
        partition_by=(distinct_spans.c.row_id, distinct_spans.c.interview_id),
        order_by=(distinct_spans.c.start, distinct_spans.c.end),
        rows=(None, -1),
    )
    spans = select(
        distinct_spans.c.row_id, distinct_spans.c.interview_id,
        case((distinct_spans.c.start <= reach, 0), else_=1).label("opens"),
    ).subquery("spans")
    ccols = split_cols(Interview)
    cq = narrow(
        select(
            spans.c.row_id, Interview.wave_id, *ccols, func.sum(spans.c.opens),
            func.count(func.distinct(interview_participant.c.participant_id)),
            func.min(interview_participant.c.participant_id),
        )
        .select_from(spans)
        .join(Interview, Interview.id == spans.c.interview_id)
        .outerjoin(interview_participant, interview_participant.c.interview_id == spans.c.interview_id)
        .group_by(spans.c.row_id, Interview.wave_id, *ccols)
    )
    counted: dict[tuple[int, Split, str], tuple[int, int, int | None]] = {}
    for row in session.execute(cq):
        key = (row[0], to_split(tuple(row[2:-3])), wave_name[row[1]])
        segs, people, first = counted.get(key, (0, 0, None))
        counted[key] = (segs + row[-3], people + row[-2], first if first is not None else row[-1])

    split_lists = [groups if part == "group" else sites for part in by]
    splits: list[Split] = [tuple(n for _i, n in combo) for combo in product(*split_lists)] if by else [("",)]
    wave_list = [n for _i, n in waves]
    cache: dict[str, Dataset] = {}
    loader = partial(load_dataset, session, filters)
    cells = {}
    mentioners: dict[tuple[int, Split, str], set[int]] = {}
    for code in rows:
        for split in splits:
            for wave in wave_list:
                segs, people, first = counted.get((code.id, split, wave), (0, 0, None))
                cells[(code.id, split, wave)] = ThemeWaveCell(
                    code.name, split, wave, segs, people, interviewed.get((split, wave), 0),
                    partial(_lazy_items, loader, cache, code.id, by, split, wave),
                )
                # who mentioned it matters only for "idiosyncratic" (one person across two waves):
                # one person is known by id; two or more only need to count as two
                mentioners[(code.id, split, wave)] = (
                    {first} if people == 1 and first is not None else {-1, -2} if people > 1 else set()
                )
    matrix = ThemeWaveMatrix(rows, wave_list, by, splits, cells, rule)
    matrix.changes = changes(matrix, mentioners)
    return matrix
