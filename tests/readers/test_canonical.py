from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import given
from hypothesis import strategies as st

from intervju.canonical import TurnSpan, build_canonical
from intervju.readers import RawTurn

Check = Callable[[str, Sequence[TurnSpan]], None]


def test_layout_and_offsets() -> None:
    turns = [
        RawTurn(None, "Intervju T1"),
        RawTurn("I", "Hei, hvordan går det?", 1.0, 2.0),
        RawTurn("U03", "Bra.\nPå Lunde er det fint."),
    ]
    text, spans = build_canonical(turns)
    assert text == "Intervju T1\n\nI: Hei, hvordan går det?\n\nU03: Bra.\nPå Lunde er det fint."
    assert spans[1] == TurnSpan("I", "Hei, hvordan går det?", 16, 37, 1.0, 2.0)
    for span in spans:
        assert text[span.start : span.end] == span.text


def test_turn_text_is_cleaned() -> None:
    turns = [
        RawTurn(" I ", "  A\u030a se  \r\n\r\n\u00a0 videre\u200b  \n"),
        RawTurn("IP\n2", "x"),
    ]
    text, spans = build_canonical(turns)
    assert spans[0].text == "Å se\nvidere"
    assert spans[0].label == "I"
    assert spans[1].label == "IP 2"
    assert text == "I: Å se\nvidere\n\nIP 2: x"


def test_empty_turns_keep_their_place() -> None:
    text, spans = build_canonical([RawTurn("I", ""), RawTurn(None, "  "), RawTurn("IP", "ja")])
    assert text == "I:\n\n\n\nIP: ja"
    assert [(s.start, s.end) for s in spans] == [(2, 2), (4, 4), (10, 12)]


def test_no_turns() -> None:
    assert build_canonical([]) == ("", [])


# Text as transcribers produce it, plus the awkward cases: combining marks, emoji, CR, NBSP,
# zero-width characters, blank and whitespace-only lines.
_awkward = st.sampled_from(
    ["æ", "ø", "å", "Æ", "Ø", "Å", "a\u030a", "e\u0301", "\u0301", "🙂", "👩\u200d👧", "\r\n", "\r",
     "\n", "\n\n", "  ", "\t", "\u00a0", "\u200b", "\ufeff", "\u2028", "[latter]", "(...)", ":"]
)  # fmt: skip
_text = st.lists(st.one_of(st.text(max_size=8), _awkward), max_size=12).map("".join)
_label = st.one_of(st.none(), st.sampled_from(["I", "IP", "Ansatt 2", "U03", "Miljøterapeut"]),
                   st.text(max_size=10))  # fmt: skip
_time = st.one_of(st.none(), st.floats(min_value=0, max_value=1e5, allow_nan=False))
_turn = st.builds(RawTurn, label=_label, text=_text, time_start=_time, time_end=_time)


@given(turns=st.lists(_turn, max_size=8))
def test_canonical_invariants(turns: list[RawTurn], check_canonical: Check) -> None:
    text, spans = build_canonical(turns)
    assert len(spans) == len(turns)
    check_canonical(text, spans)
    for turn, span in zip(turns, spans, strict=True):
        assert (span.time_start, span.time_end) == (turn.time_start, turn.time_end)


@given(st.lists(_turn, max_size=8))
def test_canonical_is_idempotent_on_its_own_spans(turns: list[RawTurn]) -> None:
    """Rebuilding from the stored spans gives the same text: nothing is cleaned twice."""
    text, spans = build_canonical(turns)
    again = [RawTurn(s.label, s.text, s.time_start, s.time_end) for s in spans]
    assert build_canonical(again) == (text, spans)
