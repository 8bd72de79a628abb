"""The share-of-participants chart for a theme: one line per informant group across the waves.

Drawn with matplotlib's Agg backend (no display needed on a server) into PNG bytes.
"""

from __future__ import annotations

import io

from export.labels import Labels
from export.matrices import CodeRef, ThemeWaveMatrix


def share_chart(m: ThemeWaveMatrix, code: CodeRef, L: Labels) -> bytes:
    """PNG bytes; a wave where nobody in a group was interviewed is a gap in that group's line."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.5, 3.0), dpi=110)
    # fixed margins with the legend outside the axes: tight_layout and loc="best" cost a second draw
    fig.subplots_adjust(left=0.11, right=0.76, top=0.88, bottom=0.12)
    ax = fig.add_subplot()
    x = list(range(len(m.waves)))
    for split in m.splits:
        shares = [m.cell(code, split, w).share for w in m.waves]
        if all(s is None for s in shares):
            continue
        y = [float("nan") if s is None else s * 100 for s in shares]
        parts = [L.group(p) if kind == "group" else p for kind, p in zip(m.by, split, strict=False)]
        label = ", ".join(parts) or L("all")
        ax.plot(x, y, marker="o", label=label)
    ax.set_xticks(x, m.waves)
    ax.set_ylim(-5, 105)
    ax.set_ylabel(L("chart_y"))
    ax.set_title(L("chart_title", theme=code.name), fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
