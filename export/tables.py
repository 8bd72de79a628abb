"""Matrices laid out as plain tables (title, header, rows) for the Word, Excel and CSV writers.

Two layouts per matrix: ``wide`` tables people read (one per split or wave; cells are short texts)
and one ``long`` table for scripts and filtering (one row per cell, numbers as numbers).
Attribution in cells uses group, pseudonym, site and wave only; interview names never appear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from export.labels import Labels
from export.matrices import (
    CooccurrenceMatrix,
    FrameworkTable,
    LongitudinalMatrix,
    Segment,
    ThemeWaveCell,
    ThemeWaveMatrix,
    Trajectory,
)
from export.matrices.trajectory import TrajectoryCell

SEGMENT_MAX = 400  # characters of a segment shown in a table cell


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]
    sheet: str = ""
    note: str = ""
    widths: list[int] = field(default_factory=list)  # optional hints (characters)
    shading: list[list[str | None]] | None = None  # per body cell an RGB fill (heat-map tables), or None

    @property
    def wide(self) -> bool:
        return len(self.header) >= 7


def _indent(name: str, depth: int) -> str:
    return ("  " * depth + "– " if depth else "") + name


def split_title(split: Sequence[str], by: Sequence[str], L: Labels) -> str:
    parts = [L.group(p) if kind == "group" else p for kind, p in zip(by, split, strict=False)]
    return ", ".join(p for p in parts if p) or L("all")


def theme_cell_text(cell: ThemeWaveCell, L: Labels) -> str:
    if cell.state == "not_interviewed":
        return L.state("not_interviewed")
    # no-break spaces keep «2/5 (40 %)» and «2 segm.» whole when a narrow column wraps the cell
    return (f"{cell.participants}/{cell.interviewed}\u00a0({L.percent(cell.share)}) · "
            f"{cell.segments}\u00a0{L('segments_short')}")


def theme_wave_tables(m: ThemeWaveMatrix, L: Labels) -> list[Table]:
    """One table per split: themes × waves, then the change between consecutive waves."""
    tables = []
    pairs = list(zip(m.waves, m.waves[1:], strict=False))
    for split in m.splits:
        header = [L("theme"), *m.waves, *[f"{a}→{b}" for a, b in pairs]]
        rows = []
        for code in m.codes:
            row: list[Any] = [_indent(code.name, code.depth)]
            row += [theme_cell_text(m.cell(code, split, w), L) for w in m.waves]
            row += [L.marked(m.change(code, split, a).category) for a, _b in pairs]
            rows.append(row)
        title = split_title(split, m.by, L)
        tables.append(Table(title, header, rows, sheet=title))
    return tables


def level_of(code: Any, L: Labels) -> str:
    """``tema`` for a top-level code, ``underkode`` below it: a pivot table filtered on one level never
    counts a sub-code's segments twice (a theme's row already includes them)."""
    return L("level_theme") if code.depth == 0 else L("level_subcode")


def theme_wave_long(m: ThemeWaveMatrix, L: Labels) -> Table:
    header = [L("theme"), L("level"), L("group"), L("site"), L("wave"), L("segments"), L("n_participants"),
              L("n_interviewed"), L("share"), L("state"), L("change")]
    changes = {(c.code_id, c.split, c.to_wave): c.category for c in m.changes}
    rows = []
    for code in m.codes:
        level = level_of(code, L)
        for split in m.splits:
            group = L.group(split[m.by.index("group")]) if "group" in m.by else ""
            site = split[m.by.index("site")] if "site" in m.by else ""
            for w in m.waves:
                c = m.cell(code, split, w)
                cat = changes.get((code.id, split, w))
                rows.append([code.name, level, group, site, w, c.segments, c.participants, c.interviewed,
                             None if c.share is None else round(c.share, 4), L.state(c.state),
                             L.category(cat) if cat else ""])
    return Table("data", header, rows, sheet="data")


def trajectory_cell_text(cell: TrajectoryCell, L: Labels, *, people: bool = False) -> str:
    if cell.state == "not_interviewed":
        return L.state("not_interviewed")
    if cell.state == "not_mentioned":
        return f"– (0/{cell.interviewed})" if people else "–"
    if people:
        return f"✓ {cell.mentioned}/{cell.interviewed} · {cell.segments} {L('segments_short')}"
    return f"✓ {cell.segments}"


def trajectory_tables(trajectories: Sequence[Trajectory], L: Labels) -> list[Table]:
    tables = []
    for t in trajectories:
        people = t.participant is None
        header = [L("theme"), *t.waves]
        rows = [[_indent(c.name, c.depth), *[trajectory_cell_text(t.cell(c, w), L, people=people) for w in t.waves]]
                for c in t.codes]
        title = t.title
        if t.participant is not None:
            title = f"{L.group(t.participant.group or '')} {t.participant.pseudonym}".strip()
            if t.participant.site:
                title += f", {t.participant.site}"
        tables.append(Table(L("trajectory", title=title), header, rows, sheet=t.title))
    return tables


def trajectory_long(trajectories: Sequence[Trajectory], L: Labels) -> Table:
    header = [L("participant"), L("group"), L("site"), L("theme"), L("level"), L("wave"), L("interviewed"),
              L("mentioned"), L("segments"), L("state")]
    rows = []
    for t in trajectories:
        p = t.participant
        for c in t.codes:
            level = level_of(c, L)
            for w in t.waves:
                cell = t.cell(c, w)
                rows.append([p.pseudonym if p else "", L.group(p.group) if p and p.group else "",
                             (p.site if p else t.site) or "", c.name, level, w, cell.interviewed, cell.mentioned,
                             cell.segments, L.state(cell.state)])
    return Table("data", header, rows, sheet="data")


def longitudinal_table(lm: LongitudinalMatrix, code_id: int, L: Labels) -> Table:
    """Participants × waves for one theme, with the researcher's change description."""
    code = next(c for c in lm.codes if c.id == code_id)
    header = [L("participant"), *lm.waves, L("change_description")]
    rows = []
    for p in lm.participants:
        cell = lm.cell(code_id, p)
        if not any(w.interviewed for w in cell.waves):
            continue
        who = f"{L.group(p.group)} {p.pseudonym}" if p.group else p.pseudonym
        rows.append([who, *[trajectory_cell_text(w, L) for w in cell.waves], cell.memo or ""])
    return Table(L("longitudinal", theme=code.name), header, rows, sheet=code.name)


def _segments_text(segments: Sequence[Segment], *, wave: bool = False) -> str:
    parts = []
    for s in segments:
        text = s.text if len(s.text) <= SEGMENT_MAX else s.text[: SEGMENT_MAX - 1] + "…"
        parts.append(f"«{text}»" + (f" ({s.wave})" if wave else ""))
    return "\n".join(parts)


SHORT_SEGMENT = 160  # characters of a segment in a short framework cell (Word)
SHORT_SEGMENTS = 2  # segments shown in a short framework cell; the rest are counted


def framework_cell_text(cell: Any, L: Labels, *, short: bool = False) -> str:
    """The researcher's summary and the segments; ``short`` (Word): the summary, or else the first
    two segments cut at a word near 160 characters and how many more there are."""
    if cell.state == "not_interviewed":
        return L.state("not_interviewed")
    parts = []
    if cell.summary:
        parts.append(cell.summary)
    if cell.segments and short:
        if not cell.summary:
            shown = []
            for s in cell.segments[:SHORT_SEGMENTS]:
                text = s.text if len(s.text) <= SHORT_SEGMENT else s.text[: s.text.rfind(" ", 0, SHORT_SEGMENT)] + " …"
                shown.append(f"«{text.strip()}»")
            parts.append("\n".join(shown))
        if cell.summary:
            parts.append(f"({len(cell.segments)} {L('segments_short')})")
        elif len(cell.segments) > SHORT_SEGMENTS:
            parts.append(L("more_segments", n=len(cell.segments) - SHORT_SEGMENTS))
    elif cell.segments:
        parts.append(_segments_text(cell.segments))
    return "\n\n".join(parts) if parts else "–"


def framework_tables(tables: Sequence[FrameworkTable], L: Labels, *, short: bool = False) -> list[Table]:
    out = []
    for ft in tables:
        header = [L("participant"), *ft.columns]
        rows = []
        for p in ft.participants:
            who = f"{L.group(p.group)} {p.pseudonym}" if p.group else p.pseudonym
            if ft.wave is None and not any(ft.cell(p, col).interviewed for col in ft.columns):
                continue
            rows.append([who, *[framework_cell_text(ft.cell(p, col), L, short=short) for col in ft.columns]])
        if ft.wave is not None:
            title, sheet = L("framework", wave=ft.wave), ft.wave
        else:
            name = ft.code.name if ft.code else ""
            title, sheet = L("framework_theme", theme=name), name
        out.append(Table(title, header, rows, sheet=sheet))
    return out


def framework_long(tables: Sequence[FrameworkTable], L: Labels) -> Table:
    header = [L("wave"), L("participant"), L("group"), L("site"), L("theme"), L("state"), L("segments"),
              L("summary"), L("text")]
    rows = []
    for ft in tables:
        for p in ft.participants:
            for col in ft.columns:
                cell = ft.cell(p, col)
                wave, theme = (ft.wave, col) if ft.wave is not None else (col, ft.code.name if ft.code else "")
                rows.append([wave, p.pseudonym, L.group(p.group) if p.group else "", p.site or "", theme,
                             L.state(cell.state), len(cell.segments), cell.summary or "",
                             _segments_text(cell.segments)])
    return Table("data", header, rows, sheet="data")


def cooccurrence_tables(m: CooccurrenceMatrix, L: Labels) -> list[Table]:
    out = []
    note = L("cooccurrence_unit_turn") if m.unit == "turn" else L("cooccurrence_unit_overlap")
    for split in m.splits:
        header = [L("code"), *[c.name for c in m.codes]]
        rows = []
        for a in m.codes:
            row: list[Any] = [_indent(a.name, a.depth)]
            for b in m.codes:
                n = m.count(split, a, b)
                row.append("" if n is None else n)
            rows.append(row)
        label = (L.group(split) if m.by == "group" else split) if split else ""
        out.append(Table(L("cooccurrence", split=label).strip(), header, rows, sheet=label or L("all"), note=note))
    return out


COLUMN_GROUP = 8  # codes per column group of a compact co-occurrence table
_ACCENT = (0x4F, 0x81, 0xBD)  # Word's "Accent 1" blue


def _fill(n: int, top: int) -> str | None:
    """A shade of the accent colour for a count: white for 0, at most 60 % of the accent for the top."""
    if n <= 0 or top <= 0:
        return None
    t = 0.12 + 0.48 * n / top
    return "".join(f"{round(255 - (255 - c) * t):02X}" for c in _ACCENT)


def cooccurrence_compact(m: CooccurrenceMatrix, codes: Sequence[Any], L: Labels) -> list[Table]:
    """The chosen codes as a shaded matrix: columns are numbered (the row labels carry the numbers
    and names), split into groups of ``COLUMN_GROUP`` columns with the row labels repeated; the
    diagonal (a code's own count) is grey, other cells shaded by their count."""
    out = []
    note = L("cooccurrence_unit_turn") if m.unit == "turn" else L("cooccurrence_unit_overlap")
    numbered = [(i + 1, c) for i, c in enumerate(codes)]
    for split in m.splits:
        label = (L.group(split) if m.by == "group" else split) if split else ""
        top = max((m.count(split, a, b) or 0 for a in codes for b in codes if a.id != b.id), default=0)
        for g in range(0, len(numbered), COLUMN_GROUP):
            cols = numbered[g : g + COLUMN_GROUP]
            header = [L("code"), *[str(i) for i, _c in cols]]
            rows: list[list[Any]] = []
            shading: list[list[str | None]] = []
            for i, a in numbered:
                row: list[Any] = [f"{i} {a.name}"]
                shade: list[str | None] = [None]
                for _j, b in cols:
                    n = m.count(split, a, b)
                    row.append("" if n is None else n)
                    shade.append("D9D9D9" if a.id == b.id else None if n is None else _fill(n, top))
                rows.append(row)
                shading.append(shade)
            title = L("cooccurrence", split=label).strip()
            if len(numbered) > COLUMN_GROUP:
                title += f" ({L('columns')} {cols[0][0]}–{cols[-1][0]})"
            out.append(Table(title, header, rows, sheet=label or L("all"), note=note, shading=shading))
    return out


def cooccurrence_long(m: CooccurrenceMatrix, L: Labels) -> Table:
    header = [L("wave") if m.by == "wave" else L("group"), L("code_a"), L("code_b"), L("count")]
    rows = []
    for split in m.splits:
        for i, a in enumerate(m.codes):
            for b in m.codes[i:]:
                n = m.count(split, a, b)
                if n:
                    rows.append([L.group(split) if m.by == "group" else split, a.name, b.name, n])
    return Table("data", header, rows, sheet="data")
