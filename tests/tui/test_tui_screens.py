"""Overview, search, code browser, matrix, compare and suggestions driven with keys; the database
checked afterwards."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Markdown, Select, Static
from tui_fixture import ANSATT_T2, UNGDOM_T1, canonical, settle

from kode.project import Project
from tui.app import KodeApp
from tui.screens.browser import BrowserScreen
from tui.screens.coding import CodingScreen
from tui.screens.compare import CompareScreen
from tui.screens.help import HelpScreen
from tui.screens.matrix import MatrixScreen
from tui.screens.overview import OverviewScreen
from tui.screens.search import SearchScreen
from tui.screens.suggestions import SuggestionsScreen
from tui.widgets.transcript import TranscriptView

S = TypeVar("S", bound=Screen[Any])
U_TEXT, U_SPANS = canonical(UNGDOM_T1)
A_TEXT, A_SPANS = canonical(ANSATT_T2)


def codings(project: Project, interview: int, coder: str = "kari") -> list[tuple[str, int, int]]:
    return [(c.code, c.start, c.end) for c in project.workbench(coder).codings(interview)]


def table(app: KodeApp, selector: str) -> DataTable[Any]:
    return app.screen.query_one(selector, DataTable)


async def open_screen(pilot: Pilot[None], key: str, kind: type[S]) -> S:
    """Let the app settle, press a screen's key, and return that screen once it has loaded."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


def test_overview_lists_filters_and_opens(small: tuple[Project, dict[str, int]],
                                          make_app: Callable[..., KodeApp]) -> None:
    _project, ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, OverviewScreen)
            interviews = table(app, "#overview-interviews")
            assert interviews.row_count == 2
            assert "fallback:blank-nb+ordbank" in app.sub_title and "kari" in app.sub_title
            from textual.widgets import Select

            app.screen.query_one("#filter-site", Select).value = "Sjøglimt"
            await settle(pilot)
            assert interviews.row_count == 1
            assert str(interviews.get_row_at(0)[0]) == "SG_ansatt_A01_T2"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, CodingScreen) and app.screen.interview_id == ids["a2"]
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, OverviewScreen)

    asyncio.run(scenario())


def test_search_then_code_marked_hits(small: tuple[Project, dict[str, int]],
                                      make_app: Callable[..., KodeApp]) -> None:
    project, _ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            await open_screen(pilot, "f3", SearchScreen)
            await pilot.press(*"med", "enter")  # "med": one sentence in each interview
            await settle(pilot)
            hits = table(app, "#search-hits")
            assert hits.row_count == 2
            await pilot.press("asterisk", "a")  # mark all, code them
            await settle(pilot)
            await pilot.press(*"samarb", "enter")
            await settle(pilot)
            result = app.screen.result
            assert result is not None
            for hit in result.hits:
                assert ("Samarbeid", hit.start, hit.end) in codings(project, hit.interview_id)
            await pilot.press("o")  # open the first hit in context
            await settle(pilot)
            assert isinstance(app.screen, CodingScreen)
            first = result.hits[0]
            assert app.screen.query_one(TranscriptView).selection == (first.start, first.end)

    asyncio.run(scenario())


def test_search_filters_by_site_and_wave(small: tuple[Project, dict[str, int]],
                                         make_app: Callable[..., KodeApp]) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_screen(pilot, "f3", SearchScreen)
            await pilot.press(*"med", "enter")
            await settle(pilot)
            assert {h.interview for h in screen.result.hits} == {"NB_ungdom_U01_T1", "SG_ansatt_A01_T2"}  # type: ignore[union-attr]
            screen.query_one("#search-site", Select).value = "Sjøglimt"  # a new site searches again
            await settle(pilot)
            assert [h.interview for h in screen.result.hits] == ["SG_ansatt_A01_T2"]  # type: ignore[union-attr]
            assert "in Sjøglimt" in str(screen.query_one("#search-summary", Static).render())
            screen.query_one("#search-wave", Select).value = "T1"  # Sjøglimt at T1: no one said it
            await settle(pilot)
            assert screen.result is not None and screen.result.hits == ()
            assert table(app, "#search-hits").row_count == 0

    asyncio.run(scenario())


def test_accept_one_and_reject_the_rest(small: tuple[Project, dict[str, int]],
                                        make_app: Callable[..., KodeApp]) -> None:
    project, _ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            await open_screen(pilot, "f7", SuggestionsScreen)
            assert table(app, "#suggestions-table").row_count == 2
            first = app.screen.items[0]
            await pilot.press("a")
            await settle(pilot)
            assert (first.code, first.start, first.end) in codings(project, first.interview_id)
            assert table(app, "#suggestions-table").row_count == 1
            await pilot.press("asterisk", "d")
            await settle(pilot)
            assert table(app, "#suggestions-table").row_count == 0
        assert project.workbench("kari").suggestions("open") == []
        assert len(project.workbench("kari").suggestions("rejected")) == 1

    asyncio.run(scenario())


def test_compare_walks_and_adopts(small: tuple[Project, dict[str, int]],
                                  make_app: Callable[..., KodeApp]) -> None:
    project, ids = small
    u1 = ids["u1"]

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_screen(pilot, "f6", CompareScreen)
            comparison = screen.comparison
            assert comparison is not None and comparison.coder_b == "ola"
            assert comparison.overall.units == 6 and comparison.overall.both == 1  # 3 turns × 2 codes, pooled
            assert [d.code for d in comparison.disagreements] == ["Hjemlighet"]
            await pilot.press("n", "a")
            await settle(pilot)
            assert ("Hjemlighet", *U_SPANS[3]) in codings(project, u1)
            assert screen.comparison is not None and screen.comparison.disagreements == ()

    asyncio.run(scenario())


def test_matrix_counts_and_quotes(small: tuple[Project, dict[str, int]],
                                  make_app: Callable[..., KodeApp]) -> None:
    _project, ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_screen(pilot, "f5", MatrixScreen)
            assert screen.data is not None
            assert screen.data.columns == ("T1 · ungdom", "T2 · ansatt")
            cell = screen.data.cell(ids["medvirkning"], "T1 · ungdom")
            assert cell is not None and (cell.codings, cell.participants, cell.of_participants) == (1, 1, 1)
            await pilot.press("right", "enter")  # Medvirkning × T1 · ungdom
            await settle(pilot)
            assert [q.text for q in screen.quotes] == [U_TEXT[U_SPANS[1][0]:U_SPANS[1][1]]]
            await pilot.press("s")
            await settle(pilot)
            assert screen.data.split_by == "site"
            assert screen.data.columns == ("T1 · Nordbakken", "T2 · Sjøglimt")

    asyncio.run(scenario())


def test_code_browser_filters_by_coder(small: tuple[Project, dict[str, int]],
                                       make_app: Callable[..., KodeApp]) -> None:
    _project, ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_screen(pilot, "f4", BrowserScreen)
            assert [s.coder for s in screen.segments] == ["kari", "ola"]  # Medvirkning, highlighted first
            from textual.widgets import Select

            screen.query_one("#browser-coder", Select).value = "ola"
            await settle(pilot)
            assert [s.coder for s in screen.segments] == ["ola"]
            await pilot.press("tab", "enter")
            await settle(pilot)
            assert isinstance(app.screen, CodingScreen) and app.screen.interview_id == ids["u1"]

    asyncio.run(scenario())


def test_help_lists_the_keys_and_the_palette_every_action(small: tuple[Project, dict[str, int]],
                                                          make_app: Callable[..., KodeApp]) -> None:
    _project, ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            app.open_interview(ids["u1"])
            await settle(pilot)
            coding = app.screen
            titles = {c.title for c in app.get_system_commands(coding)}
            assert {"Apply code", "Remove coding", "Undo", "Redo", "Memo", "Next uncoded", "Find code",
                    "Search", "Matrix", "Compare", "Suggestions", "Theme"} <= titles
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            markdown = app.screen.query_one(Markdown)
            assert "Remove coding" in markdown.source and "Next sentence" in markdown.source
            await pilot.press("escape")
            theme = app.theme
            await pilot.press("ctrl+t")
            assert app.theme != theme

    asyncio.run(scenario())


def test_search_input_keeps_norwegian_letters(small: tuple[Project, dict[str, int]],
                                              make_app: Callable[..., KodeApp]) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press(*"døra", "enter")
            await settle(pilot)
            assert app.screen.query_one(Input).value == "døra"
            result = app.screen.result  # type: ignore[attr-defined]
            assert [h.match for h in result.hits] == ["døra"]

    asyncio.run(scenario())
