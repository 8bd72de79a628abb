from __future__ import annotations

import pytest

from intervju.readers.timestamps import (
    extract_turn_times,
    only_timestamp,
    parse_seconds,
)


@pytest.mark.parametrize(
    ("text", "rest", "start"),
    [
        ("[00:12:31] Hei", "Hei", 751.0),
        ("(00:12) Hei", "Hei", 12.0),
        ("00:12:31 Hei", "Hei", 751.0),
        ("[12:31] Hei", "Hei", 751.0),
        ("[00:12:31.5] Hei", "Hei", 751.5),
        ("[1:02:03,25] Hei", "Hei", 3723.25),
        ("Hei [00:12:31]", "Hei", 751.0),
        ("Hei #00:01:23-4#", "Hei", 83.4),
        ("Hei 00:12:31", "Hei", 751.0),
    ],
)
def test_marks_at_the_edges_become_times(text: str, rest: str, start: float) -> None:
    assert extract_turn_times(text) == (rest, start, None)


def test_marks_at_both_edges_are_start_and_end() -> None:
    assert extract_turn_times("[00:00:05] Hei [00:00:09]") == ("Hei", 5.0, 9.0)


@pytest.mark.parametrize(
    "text",
    [
        "Han kom [00:12:40] og satte seg",  # inside the text
        "Klokka 12:30 kom hun",  # a clock time, not a mark
        "12:30 kom hun",  # bare mm:ss is too ambiguous
        "Vi spiste kl 12:30",
        "[latter] hei",
        "(utydelig) hei (...)",
        "[navn] bor her (pause)",
    ],
)
def test_other_text_is_left_alone(text: str) -> None:
    assert extract_turn_times(text) == (text, None, None)


def test_only_timestamp() -> None:
    assert only_timestamp(" [00:01:10] ") == 70.0
    assert only_timestamp("[00:01:10] hei") is None


def test_parse_seconds_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_seconds("abc")
