"""Nothing on screen is cut without a sign (the trust defect "letters cut off on screen"): driven on
the demo project at 80×24 and 160×45, every table cell that is drawn is its whole value or ends in
"…" (a name; a number never is), the figures drawn equal the project's, and summaries keep their
end. At 80 columns the overview once showed 988 words as "98" and 1 029 as "1 02"."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_fixture import settle

from kode.demo import build_demo
from kode.project import Project
from tui.app import KodeApp

SIZES = [(80, 24), (160, 45)]
sizes = pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo project of ``kode demo`` (built once for this module; the tests only read it)."""
    yield build_demo(tmp_path_factory.mktemp("fit")).path


def plain(value: object) -> str:
    return value.plain if isinstance(value, Text) else str(value)


def drawn_rows(table: DataTable[object]) -> Iterator[tuple[int | None, list[tuple[str, str]]]]:
    """For the header (row None) and every row on screen: each column at least partly in view, as
    (what is drawn in its cells, its whole value). A column the right edge cuts is drawn in part."""
    region = table.scrollable_content_region
    scroll_x, scroll_y = table.scroll_offset
    spans: list[tuple[int, int, int]] = []  # column index, first and last cell on screen
    x = 0
    for index, column in enumerate(table.ordered_columns):
        width = column.get_render_width(table)
        start, end = x - scroll_x, x + width - scroll_x
        x += width
        if end > 0 and start < region.width:
            spans.append((index, max(0, start), min(region.width, end)))
    header = table.header_height if table.show_header else 0
    for y in range(min(region.height, header + table.row_count - scroll_y)):
        line = "".join(segment.text for segment in table.render_line(y))
        row = None if y < header else y - header + scroll_y
        cells = []
        for index, start, end in spans:
            whole = (plain(table.ordered_columns[index].label) if row is None
                     else plain(table.get_cell_at((row, index))))
            cells.append((line[start:end].strip(), " ".join(whole.split())))
        yield row, cells


def assert_nothing_cut(table: DataTable[object]) -> int:
    """Every drawn cell of ``table`` is whole or marked cut; returns how many cells were checked."""
    checked = 0
    for row, cells in drawn_rows(table):
        for drawn, whole in cells:
            checked += 1
            assert drawn == whole or ("…" in drawn and len(drawn) < len(whole)), (
                f"{table.id} row {row}: drawn {drawn!r} for {whole!r}")
    return checked


def screen_text(app: KodeApp) -> list[str]:
    """The screen as text, read from the app's own SVG export (what a user sees)."""
    svg = app.export_screenshot()
    lines: dict[int, dict[int, str]] = {}
    for m in re.finditer(r'<text class="terminal-[\w-]*r\d+" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                         r'clip-path="url\(#terminal-[\w-]*line-(\d+)\)">(.*?)</text>', svg):
        col, line = round(float(m.group(1)) / 12.2), int(m.group(2))
        for k, ch in enumerate(html.unescape(m.group(3)).replace("\u00a0", " ")):
            lines.setdefault(line, {})[col + k] = ch
    return ["".join(row.get(c, " ") for c in range(max(row) + 1)).rstrip() if row else ""
            for row in (lines.get(n, {}) for n in range(max(lines, default=-1) + 1))]


def run(demo: Path, size: tuple[int, int], scenario) -> None:  # type: ignore[no-untyped-def]
    async def main() -> None:
        with Project.open(str(demo)) as project:
            app = KodeApp(project.workbench("kh"))
            async with app.run_test(size=size) as pilot:
                await settle(pilot)
                await pilot.pause(0.1)
                await scenario(app, pilot, project)

    asyncio.run(main())


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


@sizes
def test_overview_draws_whole_figures(demo: Path, size: tuple[int, int]) -> None:
    async def scenario(app: KodeApp, pilot: Pilot[None], project: Project) -> None:
        truth = project.workbench("kh").overview()
        interviews = app.screen.query_one("#overview-interviews", DataTable)
        cells = app.screen.query_one("#overview-cells", DataTable)
        assert assert_nothing_cut(interviews) and assert_nothing_cut(cells)
        # the essential figures are on screen, and equal the project's
        headers = [drawn for drawn, _ in next(drawn_rows(interviews))[1]]
        for name in ("interview", "words", "codings", "coded"):
            assert name in headers, headers
        by_name = {iv.name: iv for iv in truth.interviews}
        rows = list(drawn_rows(interviews))[1:]
        assert rows
        for row, drawn in rows:
            assert row is not None
            values = dict(zip(headers, (d for d, _ in drawn), strict=True))
            iv = truth.interviews[row]
            assert iv.name in by_name
            assert values["words"] == thousands(iv.words)
            assert values["codings"] == str(iv.codings)
            share = f"{100 * iv.coded_turns / iv.informant_turns:.0f} %" if iv.informant_turns else "–"
            assert values["coded"] == share
        # every wave of the grid in view, each cell whole (interviews · words · codings)
        grid = list(drawn_rows(cells))
        assert [d for d, _ in grid[0][1]][1:] == list(truth.waves)
        for _row, drawn in grid[1:]:
            site, group = drawn[0][0].split(" · ")
            for wave, (text, _whole) in zip(truth.waves, drawn[1:], strict=True):
                cell = next((c for c in truth.cells if (c.site, c.group, c.wave) == (site, group, wave)), None)
                if cell is None:
                    assert text == "–"
                else:
                    figures = [part.removesuffix(" iv").removesuffix(" w").removesuffix(" cod")
                               for part in text.split(" · ")]
                    assert figures == [str(cell.interviews), thousands(cell.words), str(cell.codings)], text
        # the summary keeps its end: it wraps instead
        coded = sum(iv.coded_turns for iv in truth.interviews)
        informant = sum(iv.informant_turns for iv in truth.interviews)
        summary = " ".join(" ".join(screen_text(app)[:4]).split())
        assert f"informant turns coded {100 * coded / informant:.0f} %" in summary, summary
        assert f"pipeline {truth.pipeline}" in summary, summary

    run(demo, size, scenario)
