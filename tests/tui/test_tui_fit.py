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
            cells.append((" ".join(line[start:end].split()), " ".join(whole.split())))
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


async def goto(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await settle(pilot)
    await pilot.pause(0.1)
    await settle(pilot)


def tables(app: KodeApp) -> list[DataTable[object]]:
    return [t for t in app.screen.query(DataTable) if t.display and t.region.width]


@sizes
def test_matrix_draws_whole_columns_and_true_figures(demo: Path, size: tuple[int, int]) -> None:
    """A matrix wider than the terminal shows whole columns and says how many wait to the right;
    moving the cursor right brings each of them in whole."""
    async def scenario(app: KodeApp, pilot: Pilot[None], project: Project) -> None:
        await goto(pilot, "f5")
        truth = project.workbench("kh").matrix("group")
        table = app.screen.query_one("#matrix-table", DataTable)
        seen: set[str] = set()
        for _ in range(len(truth.columns) + 1):
            assert assert_nothing_cut(table)
            rows = list(drawn_rows(table))
            headers = [d for d, _ in rows[0][1]]
            for column, header in enumerate(headers[1:], start=1):
                assert header in truth.columns, header
                seen.add(header)
                for row, drawn in rows[1:]:
                    assert row is not None
                    cell = truth.cell(truth.codes[row].id, header)
                    text = drawn[column][0]
                    if cell is None or not cell.codings:
                        assert text == "·"
                    else:
                        assert text == (f"{cell.codings} · {cell.participants}/{cell.of_participants} "
                                        f"({100 * cell.share:.0f} %)")
            summary = " ".join(" ".join(screen_text(app)[1:4]).split())
            hidden = len(truth.columns) - len(headers) + 1
            if hidden:
                assert "more column" in summary or "← " in summary, summary
            table.move_cursor(column=len(headers) - 1)
            await pilot.press("right")
            await settle(pilot)
        assert seen == set(truth.columns)

    run(demo, size, scenario)


@sizes
def test_compare_draws_whole_headers_and_figures(demo: Path, size: tuple[int, int]) -> None:
    async def scenario(app: KodeApp, pilot: Pilot[None], project: Project) -> None:
        await goto(pilot, "f6")
        for table in tables(app):
            assert assert_nothing_cut(table)
        agreement = app.screen.query_one("#compare-agreement", DataTable)
        rows = list(drawn_rows(agreement))
        headers = [d for d, _ in rows[0][1]]
        assert headers == ["code", "units", "both", "only kh", "only sb", "neither", "%", "kappa", "alpha"]
        interview = project.workbench("kh").overview().interviews[0]
        truth = project.workbench("kh").compare(interview.id, "kh", "sb")
        for (row, drawn), figures in zip(rows[1:], (truth.overall, *truth.codes), strict=False):
            assert row is not None
            assert [d for d, _ in drawn[1:6]] == [str(figures.units), str(figures.both), str(figures.only_a),
                                                  str(figures.only_b), str(figures.neither)]
        # a transcript's "[latter]" is text, not markup to swallow
        sides = " ".join(screen_text(app))
        assert "[latter]" in sides

    run(demo, size, scenario)


@sizes
def test_code_browser_fits_names_and_filters(demo: Path, size: tuple[int, int]) -> None:
    async def scenario(app: KodeApp, pilot: Pilot[None], project: Project) -> None:
        from tui.widgets.codebook import CodebookTree

        await goto(pilot, "f4")
        tree = app.screen.query_one(CodebookTree)
        width = tree.scrollable_content_region.width
        for y in range(tree.scrollable_content_region.height):
            index = y + tree.scroll_offset.y
            if index >= len(tree.codes):
                break
            code = tree.codes[index]
            drawn = "".join(seg.text for seg in tree.render_line(y)).rstrip()
            assert len(drawn) <= width
            count = (f"{code.count}/{code.total}" if code.total != code.count else f"{code.count}"
                     if code.count or code.total else "")
            assert drawn.endswith(count), drawn  # the count is never cut
            assert code.name in drawn or "…" in drawn, drawn
        text = screen_text(app)
        for prompt in ("every site", "every group", "every wave", "every coder"):
            assert any(prompt in line for line in text), (prompt, text[:8])
        tree.focus()
        await pilot.press("down", "down", "down", "down", "down")  # a code with segments
        await settle(pilot)
        await pilot.pause(0.1)
        for table in tables(app):
            assert assert_nothing_cut(table)

    run(demo, size, scenario)


@sizes
def test_search_hits_keep_the_keyword_whole(demo: Path, size: tuple[int, int]) -> None:
    async def scenario(app: KodeApp, pilot: Pilot[None], project: Project) -> None:
        await goto(pilot, "f3")
        await pilot.press(*"medvirke", "enter")
        await settle(pilot)
        await pilot.pause(0.1)
        table = app.screen.query_one("#search-hits", DataTable)
        assert table.row_count
        for row, drawn in drawn_rows(table):
            texts = [d for d, _ in drawn]
            if row is None:
                continue
            hit = texts[-1]
            assert "medvirke" in hit, hit
            left, _, right = hit.partition("medvirke")
            # a context is whole (it is the hit's own) or starts/ends with "…"
            result = app.screen.result  # type: ignore[attr-defined]
            source = result.hits[row]
            assert left.strip() == " ".join(source.left.split()) or left.lstrip().startswith("…"), left
            assert right.strip() == " ".join(source.right.split()) or right.rstrip().endswith("…"), right
        for t in tables(app):
            for row, cells in drawn_rows(t):
                for drawn_text, whole in cells[:-1]:  # the hit column is checked above
                    assert drawn_text == whole or "…" in drawn_text, (row, drawn_text, whole)

    run(demo, size, scenario)


@pytest.fixture(scope="module")
def suggested(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo with open suggestions (``kode autocode``)."""
    import shutil

    from tests.conftest import run_cli

    copy = tmp_path_factory.mktemp("suggest") / "demo.kode"
    shutil.copy(demo, copy)
    result = run_cli("autocode", str(copy), "--coder", "kh")
    assert result.exit_code == 0, result.output
    return copy


@sizes
def test_suggestions_fit(suggested: Path, size: tuple[int, int]) -> None:
    async def scenario(app: KodeApp, pilot: Pilot[None], project: Project) -> None:
        await goto(pilot, "f7")
        table = app.screen.query_one("#suggestions-table", DataTable)
        assert table.row_count
        assert assert_nothing_cut(table)

    run(suggested, size, scenario)


@sizes
def test_coding_screen_cuts_nothing_silently(demo: Path, size: tuple[int, int]) -> None:
    """The codebook beside the transcript keeps each count whole and marks a cut name; the key hints
    end on whole hints and the palette (they once ended '"  In')."""
    async def scenario(app: KodeApp, pilot: Pilot[None], project: Project) -> None:
        from tui.widgets.codebook import CodebookTree

        interview = project.workbench("kh").overview().interviews[0]
        app.open_interview(interview.id)
        await settle(pilot)
        await pilot.pause(0.1)
        tree = app.screen.query_one(CodebookTree)
        for y in range(tree.scrollable_content_region.height):
            index = y + tree.scroll_offset.y
            if index >= len(tree.codes):
                break
            code = tree.codes[index]
            drawn = "".join(seg.text for seg in tree.render_line(y)).rstrip()
            assert code.name in drawn or "…" in drawn, drawn
        hints = screen_text(app)[-1]
        assert hints.endswith("^p  palette"), hints

    run(demo, size, scenario)


def test_status_line_keeps_its_end() -> None:
    """The coding screen's status line shortens from the middle: an action not saved stays readable."""
    from tui.widgets.codebook import fit_status

    status = Text("turn 2/6")
    status.append(" · 44–131 · 87 chars · ■ Samarbeid miljøpersonale–helsepersonell, ■ Planer og videre forløp")
    status.append(" · undo 1")
    status.append(" · 2 actions not saved: ctrl+r retries", style="bold red")
    assert fit_status(status, 200).plain == status.plain
    for width in (78, 60, 48):
        shown = fit_status(status, width).plain
        assert len(shown) <= width
        assert shown.startswith("turn 2/6 · ") and shown.endswith("2 actions not saved: ctrl+r retries"), shown


def test_tables_come_back_whole_when_the_terminal_widens(demo: Path) -> None:
    """Resize: the columns dropped at 80 columns return at 160, and go again at 80."""
    async def scenario(app: KodeApp, pilot: Pilot[None], project: Project) -> None:
        table = app.screen.query_one("#overview-interviews", DataTable)

        def headers() -> list[str]:
            return [d for d, _ in next(drawn_rows(table))[1]]

        assert "participants" not in headers()
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        await pilot.pause(0.2)
        assert headers() == ["interview", "site", "group", "wave", "participants", "words", "turns", "codings",
                             "coded"]
        assert assert_nothing_cut(table)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.pause(0.2)
        assert "participants" not in headers() and "coded" in headers()
        assert assert_nothing_cut(table)

    run(demo, (80, 24), scenario)
