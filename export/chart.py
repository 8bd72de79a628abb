"""The share-of-participants chart for a theme: one series per informant group across the waves.

Drawn with matplotlib's Agg backend (no display needed on a server) into PNG bytes at print
resolution (200 dpi). Each point is labelled n/N; series have their own marker and line style
and sit slightly apart on the x axis, so lines that coincide stay visible. Points of two waves are
joined by a solid line only when the same people were interviewed in both; otherwise the line is
dotted and the caption says so (unbalanced panels: a change may be a change of people).
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from export.labels import Labels
from export.matrices import CodeRef, ThemeWaveMatrix

DPI = 200
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
People = Mapping[tuple[tuple[str, ...], str], frozenset[int]]


def share_chart(m: ThemeWaveMatrix, code: CodeRef, L: Labels, people: People | None = None) -> tuple[bytes, str, bool]:
    """PNG bytes, the alt text (every point in words) and whether any joined points are of different
    people. A wave where nobody in a group was interviewed is a gap in that group's line."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.5, 3.2), dpi=DPI)
    # fixed margins with the legend outside the axes: tight_layout and loc="best" cost a second draw
    fig.subplots_adjust(left=0.11, right=0.74, top=0.88, bottom=0.12)
    ax = fig.add_subplot()
    waves = list(m.waves)
    series = [s for s in m.splits if any(m.cell(code, s, w).share is not None for w in waves)]
    alt_parts: list[str] = []
    varying = False
    for k, split in enumerate(series):
        offset = (k - (len(series) - 1) / 2) * 0.06
        parts = [L.group(p) if kind == "group" else p for kind, p in zip(m.by, split, strict=False)]
        label = ", ".join(parts) or L("all")
        cells = [m.cell(code, split, w) for w in waves]
        xs = [i + offset for i in range(len(waves))]
        ys = [None if c.share is None else c.share * 100 for c in cells]
        marker = MARKERS[k % len(MARKERS)]
        line = ax.plot([x for x, y in zip(xs, ys, strict=True) if y is not None],
                       [y for y in ys if y is not None], linestyle="none", marker=marker, markersize=6,
                       label=label)[0]
        colour = line.get_color()
        for i in range(len(waves) - 1):
            if ys[i] is None or ys[i + 1] is None:
                continue  # a gap: nobody interviewed in one of the two waves
            same = people is None or people.get((split, waves[i])) == people.get((split, waves[i + 1]))
            varying |= not same
            y0, y1 = ys[i], ys[i + 1]
            assert y0 is not None and y1 is not None
            ax.plot(xs[i:i + 2], [y0, y1], color=colour, linewidth=1.4, linestyle="-" if same else ":")
        for x, y, c in zip(xs, ys, cells, strict=True):
            if y is not None:
                ax.annotate(f"{c.participants}/{c.interviewed}", (x, y), textcoords="offset points",
                            xytext=(0, 7 if k % 2 == 0 else -12), ha="center", fontsize=7, color=colour)
        alt_parts.append(f"{label}: " + ", ".join(
            f"{w} {L.state('not_interviewed')}" if c.share is None
            else f"{w} {c.participants}/{c.interviewed} ({L.percent(c.share)})"
            for w, c in zip(waves, cells, strict=True)))
    ax.set_xticks(list(range(len(waves))), waves)
    ax.set_xlim(-0.5, len(waves) - 0.5)
    ax.set_ylim(-5, 112)
    ax.set_ylabel(L("chart_y"))
    ax.set_title(L("chart_title", theme=code.name), fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False,
                  title="n/N", title_fontsize=8)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, pil_kwargs={"compress_level": 3})  # zlib's default 6 costs 3x
    alt = L("chart_alt", theme=code.name) + " " + "; ".join(alt_parts or [L("no_quotes")])
    return out.getvalue(), alt, varying
