"""Tables that fit a width (80 columns over SSH): drop columns by priority, shorten names with
an ellipsis, wrap only the text column. Pure width logic, no terminal code: the CLI
(:mod:`kode.cli.output`) and the workbench (:mod:`tui.widgets.fitted`) fit their tables with it, so
both follow one rule.

Rich shrinks every column alike, which breaks interview names and dates over four lines and
leaves a transcript quote a word per line. Here each column says what it is: a number or a date
is never cut, a name is cut with ``…`` (a code path keeps its end, where the leaf is), a column
that is not essential goes first when room runs out, and only the text column wraps. CSV and
JSON output never pass through here: they stay complete.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

GAP = "  "


@dataclass(frozen=True)
class Col:
    """One column: its header, what kind of value it holds and how readily it goes.

    ``drop`` orders the columns that may be left out when the table is too wide (1 goes first;
    0 never goes). ``kind``: ``fixed`` is never cut (ids, numbers, dates), ``name`` is cut with an
    ellipsis down to ``min`` characters, ``text`` wraps (at ``min`` characters or more). ``keep`` says which end of a name
    survives the cut (``middle``: both ends, for file names whose end tells them apart).
    """

    header: str
    kind: Literal["fixed", "name", "text"] = "name"
    drop: int = 0
    min: int = 8
    max: int = 32  # a name grows no wider while the text column could use the room
    keep: Literal["start", "end", "middle"] = "start"
    right: bool = False  # right-aligned (numbers)


def ellipsize(value: str, width: int, keep: str = "start") -> str:
    """``value`` in at most ``width`` characters, the cut marked with ``…``."""
    if len(value) <= width:
        return value
    if width <= 1:
        return "…"[:width]
    if keep == "middle":
        tail = width // 2
        return value[: width - 1 - tail] + "…" + value[len(value) - tail :]
    return value[: width - 1] + "…" if keep == "start" else "…" + value[len(value) - width + 1 :]


def _cell(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def fit_columns(columns: Sequence[Col], rows: Sequence[Sequence[str]], width: int) -> tuple[list[int], list[int]]:
    """Which columns to show (indexes) and how wide each is, so one line is at most ``width``."""
    natural = [max([len(c.header), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]

    def least(i: int) -> int:
        c = columns[i]
        if c.kind == "fixed":
            return natural[i]
        return min(natural[i], max(len(c.header), c.min))

    shown = list(range(len(columns)))

    def total(widths: Sequence[int]) -> int:
        return sum(widths) + len(GAP) * (len(widths) - 1)

    # Columns with the same ``drop`` go together (start and end, say: one without the other is no use).
    ranks = sorted({c.drop for c in columns if c.drop})
    while total([least(i) for i in shown]) > width and ranks:
        rank = ranks.pop(0)
        shown = [i for i in shown if columns[i].drop != rank]
    widths = {i: least(i) for i in shown}
    room = width - total(list(widths.values()))
    # Names grow back first, the nearest to whole first (a site name whole rather than every name
    # cut), then the text column takes what is left.
    names = sorted((i for i in shown if columns[i].kind == "name"), key=lambda i: natural[i] - widths[i])
    texts = [i for i in shown if columns[i].kind == "text"]
    for limit in ((lambda i: min(natural[i], max(widths[i], columns[i].max))) if texts else (lambda i: natural[i]),
                  lambda i: natural[i]):
        for i in names:
            grow = max(0, min(room, limit(i) - widths[i]))
            widths[i] += grow
            room -= grow
        for i in texts:
            grow = max(0, min(room, natural[i] - widths[i]))
            widths[i] += grow
            room -= grow
    return shown, [widths[i] for i in shown]


def render_table(columns: Sequence[Col], rows: Sequence[Sequence[Any]], width: int) -> list[str]:
    """The table's lines: a header, a rule, then each row (its text cell wrapped onto more lines)."""
    cells = [[_cell(v) for v in row] for row in rows]
    shown, widths = fit_columns(columns, cells, width)

    def line(parts: Sequence[str]) -> str:
        out = []
        for (i, w), part in zip(zip(shown, widths, strict=True), parts, strict=True):
            out.append(part.rjust(w) if columns[i].right else part.ljust(w))
        return GAP.join(out).rstrip()

    lines = [line([ellipsize(columns[i].header, w) for i, w in zip(shown, widths, strict=True)])]
    lines.append(GAP.join("─" * w for w in widths))
    for row in cells:
        parts: list[list[str]] = []
        for i, w in zip(shown, widths, strict=True):
            col, value = columns[i], row[i]
            if col.kind == "text":
                parts.append(textwrap.wrap(value, w, break_long_words=True, break_on_hyphens=False) or [""])
            elif col.kind == "name":
                parts.append([ellipsize(value, w, col.keep)])
            else:
                parts.append([value])
        for k in range(max(len(p) for p in parts)):
            lines.append(line([p[k] if k < len(p) else "" for p in parts]))
    return lines
