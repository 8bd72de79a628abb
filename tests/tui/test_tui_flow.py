"""The coding flow coders know from NVivo, ATLAS.ti and MAXQDA, driven with keys and the mouse."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Input
from tui_fixture import UNGDOM_T1, canonical, open_interview, settle

from kode.project import Project
from tui.app import KodeApp
from tui.widgets.transcript import TranscriptView

TEXT, SPANS = canonical(UNGDOM_T1)



def spans(project: Project, interview: int, coder: str = "kari") -> list[tuple[str, int, int]]:
    return [(c.code, c.start, c.end) for c in project.workbench(coder).codings(interview)]


def test_anchor_selects_a_phrase_mid_sentence_and_in_vivo_codes_it(small: tuple[Project, dict[str, int]],
                                                                  make_app: Callable[..., KodeApp]) -> None:
    project, ids = small
    u1 = ids["u1"]

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, u1)
            view = screen.query_one(TranscriptView)
            # turn 4, its second sentence: "Det føles ikke helt som hjemme."
            await pilot.press("down", "down", "down", "right", "right")
            assert TEXT[slice(*view.selection)] == "Det føles ikke helt som hjemme."
            await pilot.press("exclamation_mark", "shift+right")  # anchor at its start, caret past "Det"
            await pilot.press("exclamation_mark")  # the anchor moves to the caret
            await pilot.press(*["shift+right"] * 5)  # " føles ikke helt som hjemme"
            phrase = TEXT[slice(*view.selection)]
            assert phrase == " føles ikke helt som hjemme"
            await pilot.press("shift+left", "less_than_sign")  # the caret back a word, then a character
            assert TEXT[slice(*view.selection)] == " føles ikke helt som"
            await pilot.press("greater_than_sign", "shift+right")
            await pilot.press("quotation_mark")  # in vivo (code key 'i' is free here too)
            await settle(pilot)
            await pilot.press(*"Bygg og omg", "enter")  # under "Bygg og omgivelser"
            await settle(pilot)
            made = [c for c in project.workbench("kari").codebook() if c.name == "føles ikke helt som hjemme"]
            assert made and made[0].path == "Bygg og omgivelser/føles ikke helt som hjemme"
            start = TEXT.index("føles ikke helt som hjemme")
            assert ("føles ikke helt som hjemme", start, view.selection[1]) in spans(project, u1)  # no blank
            assert len(screen.undo_stack) == 1

    asyncio.run(scenario())


def test_mouse_drag_selects_characters(small: tuple[Project, dict[str, int]],
                                       make_app: Callable[..., KodeApp]) -> None:
    _project, ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, ids["u1"])
            view = screen.query_one(TranscriptView)
            y = view.line_of(SPANS[1][0])  # turn 2's first text line
            offset = view.region.offset
            await pilot.mouse_down(view, offset=(6 + 7, y))
            await pilot.hover(view, offset=(6 + 22, y))
            await pilot.mouse_up(view, offset=(6 + 22, y))
            await pilot.pause()
            start = SPANS[1][0] + 7
            assert view.selection == (start, start + 15)
            del offset

    asyncio.run(scenario())


def test_recent_codes_on_number_keys_and_apply_then_next_uncoded(small: tuple[Project, dict[str, int]],
                                                                 make_app: Callable[..., KodeApp]) -> None:
    project, ids = small
    u1 = ids["u1"]

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, u1)
            view = screen.query_one(TranscriptView)
            await pilot.press("down", "down", "down", "h")  # turn 4: Hjemlighet
            await settle(pilot)
            await pilot.press("d")  # and DBT: recent are DBT (1), Hjemlighet (2)
            await settle(pilot)
            assert [c.name for c in screen.query_one("#recent-codes").codes] == ["DBT", "Hjemlighet"]  # type: ignore[attr-defined]
            await pilot.press("home", "enter")  # turn 1: the highlighted code (DBT), then on
            await settle(pilot)
            assert ("DBT", *SPANS[0]) in spans(project, u1)
            assert view.selection == SPANS[5]  # turn 6: the next informant turn kari has not coded
            await pilot.press("2")  # recent code 2: Hjemlighet
            await settle(pilot)
            assert ("Hjemlighet", *SPANS[5]) in spans(project, u1)

    asyncio.run(scenario())


def test_find_in_transcript_is_lemma_aware(small: tuple[Project, dict[str, int]],
                                           make_app: Callable[..., KodeApp]) -> None:
    _project, ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, ids["u1"])
            view = screen.query_one(TranscriptView)
            await pilot.press("ctrl+f")
            await settle(pilot)
            app.screen.query_one(Input).value = "skole"  # "skolen" in turn 6 and "skolen?" in turn 5
            await pilot.press("enter")
            await settle(pilot)
            first = view.selection
            assert TEXT[slice(*first)].casefold().startswith("skolen")
            await pilot.press("ctrl+f", "enter")  # again: the next match
            await settle(pilot)
            assert view.selection != first and TEXT[slice(*view.selection)].casefold().startswith("skolen")
            assert "find 'skole'" in str(screen.query_one("#coding-status").text)  # type: ignore[attr-defined]

    asyncio.run(scenario())


def test_other_coders_stripes_toggle_and_codebook_counts(small: tuple[Project, dict[str, int]],
                                                         make_app: Callable[..., KodeApp]) -> None:
    _project, ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(160, 45)) as pilot:
            screen = await open_interview(app, pilot, ids["u1"])
            view = screen.query_one(TranscriptView)
            assert view.others == ()
            await pilot.press("ctrl+w")
            await settle(pilot)
            assert {(c.coder, c.code) for c in view.others} == {("ola", "Medvirkning"), ("ola", "Hjemlighet")}
            y = view.line_of(SPANS[3][0]) - view.scroll_offset.y
            drawn = "".join(seg.text for seg in view.render_line(y))
            assert "Hjemlighet·ola" in drawn  # the name in the margin
            await pilot.press("ctrl+w")
            await settle(pilot)
            assert view.others == ()
            codes = {c.name: c for c in screen.codes}
            assert (codes["Medvirkning"].count, codes["Medvirkning"].total) == (1, 1)
            assert (codes["DBT"].count, codes["DBT"].total) == (0, 1)  # kari's DBT is in the other interview

    asyncio.run(scenario())


def test_at_80_columns_the_transcript_keeps_50(small: tuple[Project, dict[str, int]],
                                               make_app: Callable[..., KodeApp]) -> None:
    _project, ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_interview(app, pilot, ids["u1"])
            assert screen.query_one(TranscriptView).size.width >= 50

    asyncio.run(scenario())
