"""The coding screen driven with keys, checked in the database afterwards."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import TextArea
from tui_fixture import UNGDOM_T1, canonical, open_interview, settle

from kode.project import Project
from tui.app import KodeApp
from tui.screens.overview import OverviewScreen
from tui.widgets.transcript import TranscriptView

TEXT, SPANS = canonical(UNGDOM_T1)


def codings(project: Project, interview: int, coder: str = "kari") -> list[tuple[str, int, int]]:
    return [(c.code, c.start, c.end) for c in project.workbench(coder).codings(interview)]



def test_apply_by_key_remove_undo_redo(small: tuple[Project, dict[str, int]], make_app: Callable[..., KodeApp]) -> None:
    project, ids = small
    u1 = ids["u1"]

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, u1)
            view = screen.query_one(TranscriptView)
            assert view.selection == SPANS[0]
            await pilot.press("down", "down", "down")  # turn 4: the room and the alarm on the door
            assert view.selection == SPANS[3]
            await pilot.press("h")  # Hjemlighet's key
            await settle(pilot)
            assert ("Hjemlighet", *SPANS[3]) in codings(project, u1)
            assert any(c.code == "Hjemlighet" for c in view.codings)
            await pilot.press("delete")
            await settle(pilot)
            assert ("Hjemlighet", *SPANS[3]) not in codings(project, u1)
            await pilot.press("ctrl+z")  # undo the removal
            await settle(pilot)
            assert ("Hjemlighet", *SPANS[3]) in codings(project, u1)
            await pilot.press("ctrl+z")  # undo the coding itself
            await settle(pilot)
            assert ("Hjemlighet", *SPANS[3]) not in codings(project, u1)
            await pilot.press("ctrl+y")  # redo: coded again
            await settle(pilot)
            assert ("Hjemlighet", *SPANS[3]) in codings(project, u1)
            await pilot.press("tab", "d")  # a code's key works from the codebook too
            await settle(pilot)
            assert ("DBT", *SPANS[3]) in codings(project, u1)
            assert codings(project, u1, "ola") == [("Medvirkning", *SPANS[1]), ("Hjemlighet", *SPANS[3])]

    asyncio.run(scenario())


def test_codebook_enter_and_fuzzy_finder_apply_codes(small: tuple[Project, dict[str, int]],
                                                     make_app: Callable[..., KodeApp]) -> None:
    project, ids = small
    u1 = ids["u1"]

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, u1)
            await pilot.press("down", "down", "down", "down", "down")  # turn 6: plans and after-care
            await pilot.press("slash")
            await pilot.pause()
            await pilot.press(*"videre forl", "enter")
            await settle(pilot)
            assert ("Planer og videre forløp", *SPANS[5]) in codings(project, u1)
            await pilot.press("tab", "up", "up", "up")  # from Planer up to Sikkerhet in the tree
            await settle(pilot)
            assert screen.query_one("#code-info").code.name == "Sikkerhet"  # type: ignore[attr-defined]
            await pilot.press("enter")
            await settle(pilot)
            assert ("Sikkerhet", *SPANS[5]) in codings(project, u1)

    asyncio.run(scenario())


def test_selection_by_sentence_word_and_character(small: tuple[Project, dict[str, int]],
                                                  make_app: Callable[..., KodeApp]) -> None:
    _project, ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, ids["u1"])
            view = screen.query_one(TranscriptView)
            await pilot.press("down", "right")  # turn 2, then its first sentence
            first = TEXT.index("Det er egentlig ganske bra.")
            assert view.selection == (first, first + len("Det er egentlig ganske bra."))
            await pilot.press("right_curly_bracket")  # extend by a sentence
            second_end = TEXT.index("og det liker jeg.") + len("og det liker jeg.")
            assert view.selection == (first, second_end)
            await pilot.press("left_curly_bracket")
            assert view.selection[1] == first + len("Det er egentlig ganske bra.")
            await pilot.press("shift+right")  # extend by a word: "Jeg"
            assert TEXT[view.selection[0]:view.selection[1]].endswith("bra. Jeg")
            await pilot.press("greater_than_sign")  # and a character (the space)
            assert TEXT[view.selection[0]:view.selection[1]].endswith("bra. Jeg ")
            await pilot.press("less_than_sign", "shift+left")
            assert TEXT[view.selection[0]:view.selection[1]].endswith("ganske bra")
            await pilot.press("ctrl+n")  # the next informant turn without a coding of kari: turn 4
            assert view.selection == SPANS[3]

    asyncio.run(scenario())


def test_memos_of_interview_code_and_coding(small: tuple[Project, dict[str, int]],
                                            make_app: Callable[..., KodeApp]) -> None:
    project, ids = small
    u1 = ids["u1"]

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            await open_interview(app, pilot, u1)
            await pilot.press("ctrl+g")
            await settle(pilot)
            app.screen.query_one(TextArea).insert("Sterk på medvirkning – hjemlighet også")  # a dash: no key for it
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("down", "ctrl+e")  # kari's Medvirkning coding on turn 2
            await settle(pilot)
            await pilot.press(*"Tydelig eksempel på å bli hørt", "ctrl+s")
            await settle(pilot)
            await pilot.press("ctrl+k")  # the highlighted code (the first: Medvirkning)
            await settle(pilot)
            await pilot.press(*"Husmøtet går igjen", "ctrl+s")
            await settle(pilot)
        wb = project.workbench("kari")
        interview_memo = wb.memo("interview", u1)
        assert interview_memo is not None and interview_memo.text == "Sterk på medvirkning – hjemlighet også"
        coding_id = wb.codings(u1)[0].id
        coding_memo = wb.memo("coding", coding_id)
        assert coding_memo is not None and coding_memo.text == "Tydelig eksempel på å bli hørt"
        code_memo = wb.memo("code", ids["medvirkning"])
        assert code_memo is not None and code_memo.text == "Husmøtet går igjen"

        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:  # reopening shows it; emptying deletes it
            await open_interview(app, pilot, u1)
            await pilot.press("ctrl+g")
            await settle(pilot)
            app.screen.query_one(TextArea).clear()
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert project.workbench("kari").memo("interview", u1) is None

    asyncio.run(scenario())


def test_another_coder_writing_meanwhile_shows_when_reopened(small: tuple[Project, dict[str, int]],
                                                             make_app: Callable[..., KodeApp]) -> None:
    project, ids = small
    u1 = ids["u1"]

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, u1)
            # the CLI (another process) codes turn 6 for kari while the screen is open
            project.workbench("kari").add_coding(u1, ids["planer"], *SPANS[5])
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press("f2")  # F2 is the overview itself, also with an interview open under search
            await settle(pilot)
            assert isinstance(app.screen, OverviewScreen)
            reopened = await open_interview(app, pilot, u1)
            assert reopened is not screen
            assert any(c.code == "Planer og videre forløp" for c in reopened.query_one(TranscriptView).codings)

    asyncio.run(scenario())
