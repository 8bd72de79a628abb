"""Write random transcripts in each format, read them back, and check that the utterances and
labels survive and that the canonical text keeps its invariants."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from hypothesis import given, settings
from hypothesis import strategies as st

from intervju.canonical import TurnSpan, build_canonical
from intervju.readers import RawTranscript, read_transcript_bytes
from intervju.readers.labels import split_label

Check = Callable[[str, Sequence[TurnSpan]], None]
Cues = Sequence[tuple[float, float, str]]

LABELS = ["I", "Int", "INT", "Intervjuar", "IP", "IP1", "Informant", "Ansatt 2", "U03",
          "Miljøterapeut", "SPEAKER_01"]  # fmt: skip
# Words a Norwegian transcript is made of, with the marks that must stay in the text.
VOCABULARY = ["hei", "ja", "nei", "Bodø", "Lunde", "ærlig", "på", "går", "miljøterapeut",
              "«hjemlig»", "–", "[latter]", "(utydelig)", "(...)", "[navn]", "(pause)", "DBT",
              "OEM", "2018", "sånn,", "trygghet.", "medvirkning?", "Å", "Ø", "é", "ok!",
              "Blåbærsyltetøy"]  # fmt: skip
WESTERN_WORDS = st.sampled_from(VOCABULARY)
ANY_WORDS = st.one_of(
    WESTERN_WORDS,
    st.sampled_from(["🙂", "👍🏽", "naïve", "Ωmega", "日本"]),
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8),
)


def _line(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # A line that itself looks like `Label: ...` would (rightly) start a turn of its own.
    return st.lists(words, min_size=1, max_size=8).map(" ".join).filter(lambda line: split_label(line) is None)


def _utterance(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(_line(words), min_size=1, max_size=3).map("\n".join)


@dataclass(frozen=True)
class Turn:
    label: str
    text: str


def _turns(words: st.SearchStrategy[str]) -> st.SearchStrategy[list[Turn]]:
    """Turns whose neighbours have different labels (same-label neighbours merge in timed
    formats, which test_subtitles covers)."""

    def relabel(pairs: list[tuple[str, str]]) -> list[Turn]:
        turns: list[Turn] = []
        for label, text in pairs:
            if turns and turns[-1].label == label:
                label = "I" if label != "I" else "IP"
            turns.append(Turn(label, text))
        return turns

    pair = st.tuples(st.sampled_from(LABELS), _utterance(words))
    return st.lists(pair, min_size=1, max_size=6).map(relabel)


def _assert_round_trip(result: RawTranscript, turns: list[Turn], check: Check, *, joiner: str = "\n") -> None:
    assert [t.label for t in result.turns] == [t.label for t in turns]
    expected = [unicodedata.normalize("NFC", t.text.replace("\n", joiner)) for t in turns]
    assert [t.text for t in result.turns] == expected
    text, spans = build_canonical(result.turns)
    check(text, spans)
    assert [s.text for s in spans] == expected


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]


@settings(max_examples=60, deadline=None)
@given(
    turns=_turns(ANY_WORDS),
    encoding=st.sampled_from(ENCODINGS),
    blank_lines=st.booleans(),
    title=st.booleans(),
)
def test_txt_round_trip(
    turns: list[Turn],
    encoding: str,
    blank_lines: bool,
    title: bool,
    check_canonical: Check,
) -> None:
    separator = "\n\n" if blank_lines else "\n"
    body = separator.join(f"{t.label}: {t.text}" for t in turns)
    if title:
        body = "Intervju med ansatt, T1\n\n" + body
    try:
        data = body.encode(encoding)
    except UnicodeEncodeError:
        data = body.encode("utf-8")
    if encoding == "utf-16-le":
        data = body.encode("utf-16-le")  # no BOM: detection has to find it
    result = read_transcript_bytes(data, ".txt")
    # A title above the first turn is the interview's header, never a turn.
    assert result.header == ("Intervju med ansatt, T1" if title else None)
    _assert_round_trip(result, turns, check_canonical)


@settings(max_examples=40, deadline=None)
@given(turns=_turns(WESTERN_WORDS))
def test_short_cp1252_txt_round_trip(turns: list[Turn], check_canonical: Check) -> None:
    body = "\n".join(f"{t.label}: {t.text}" for t in turns)
    result = read_transcript_bytes(body.encode("cp1252"), ".txt")
    assert result.encoding == ("utf-8" if body.isascii() else "cp1252")
    _assert_round_trip(result, turns, check_canonical)


@settings(max_examples=40, deadline=None)
@given(
    turns=_turns(ANY_WORDS),
    markdown_style=st.sampled_from(["**{}:**", "**{}**:", "{}:"]),
)
def test_md_round_trip(turns: list[Turn], markdown_style: str, check_canonical: Check) -> None:
    body = "\n\n".join(f"{markdown_style.format(t.label)} {t.text}" for t in turns)
    result = read_transcript_bytes(body.encode(), ".md")
    _assert_round_trip(result, turns, check_canonical)


def _docx(turns: list[Turn], layout: str) -> bytes:
    import io

    document: DocxDocument = docx.Document()
    table = document.add_table(rows=0, cols=2) if layout == "table" else None
    for turn in turns:
        first, *rest = turn.text.split("\n")
        if table is not None:
            cells = table.add_row().cells
            cells[0].text = turn.label
            cells[1].text = turn.text
            continue
        if layout == "bold":
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{turn.label}:").bold = True
            paragraph.add_run(f" {first}")
        else:
            document.add_paragraph(f"{turn.label}: {first}")
        for line in rest:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@settings(max_examples=30, deadline=None)
@given(turns=_turns(ANY_WORDS), layout=st.sampled_from(["colon", "bold", "table"]))
def test_docx_round_trip(turns: list[Turn], layout: str, check_canonical: Check) -> None:
    result = read_transcript_bytes(_docx(turns, layout), ".docx")
    _assert_round_trip(result, turns, check_canonical)


def _cues(turns: list[Turn], render: Callable[[Turn], str]) -> list[tuple[float, float, str]]:
    return [(i * 2.0, i * 2.0 + 1.5, render(t)) for i, t in enumerate(turns)]


@settings(max_examples=40, deadline=None)
@given(turns=_turns(ANY_WORDS))
def test_srt_round_trip(turns: list[Turn], srt_text: Callable[[Cues], str], check_canonical: Check) -> None:
    data = srt_text(_cues(turns, lambda t: f"{t.label}: {t.text}")).encode()
    result = read_transcript_bytes(data, ".srt")
    _assert_round_trip(result, turns, check_canonical, joiner=" ")
    assert [(t.time_start, t.time_end) for t in result.turns] == [(i * 2.0, i * 2.0 + 1.5) for i in range(len(turns))]


@settings(max_examples=40, deadline=None)
@given(turns=_turns(ANY_WORDS), voice=st.booleans())
def test_vtt_round_trip(
    turns: list[Turn],
    voice: bool,
    vtt_text: Callable[[Cues], str],
    check_canonical: Check,
) -> None:
    def render(turn: Turn) -> str:
        return f"<v {turn.label}>{turn.text}" if voice else f"{turn.label}: {turn.text}"

    result = read_transcript_bytes(vtt_text(_cues(turns, render)).encode(), ".vtt")
    _assert_round_trip(result, turns, check_canonical, joiner=" ")


@settings(max_examples=40, deadline=None)
@given(turns=_turns(ANY_WORDS))
def test_whisper_round_trip(turns: list[Turn], check_canonical: Check) -> None:
    segments = [
        {
            "start": i * 2.0,
            "end": i * 2.0 + 1.5,
            "text": f" {t.text}",
            "speaker": t.label,
        }
        for i, t in enumerate(turns)
    ]
    data = json.dumps({"segments": segments}, ensure_ascii=False).encode()
    result = read_transcript_bytes(data, ".json")
    _assert_round_trip(result, turns, check_canonical, joiner=" ")
