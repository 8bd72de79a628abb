from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from intervju.readers import RawTurn, ReadError, read_transcript, read_transcript_bytes
from intervju.readers.encoding import decode_text

TRANSCRIPT = """Intervju med ansatt, Bodø behandlingssenter, T1

I: [00:00:05] Hei, kan du fortelle litt om deg selv?
IP: Ja. Jeg har jobbet her som miljøterapeut i fem år. (pause)

Det var sånn: vi startet i 2018, og det var «hjemlig» – men trygt.
I: Hvordan er bygget? [00:01:15]
IP: Det er fint [latter], men (utydelig) på Lunde.
"""

# The title above the first turn is the interview's header, not a turn.
HEADER = "Intervju med ansatt, Bodø behandlingssenter, T1"
EXPECTED = [
    RawTurn("I", "Hei, kan du fortelle litt om deg selv?", 5.0),
    RawTurn(
        "IP",
        "Ja. Jeg har jobbet her som miljøterapeut i fem år. (pause)\n"
        "Det var sånn: vi startet i 2018, og det var «hjemlig» – men trygt.",
    ),
    RawTurn("I", "Hvordan er bygget?", 75.0),
    RawTurn("IP", "Det er fint [latter], men (utydelig) på Lunde."),
]


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp1252", "cp1252"),
        ("utf-16", None),  # with BOM, LE on this machine
        ("utf-16-le", None),
        ("utf-16-be", None),
    ],
)
def test_txt_in_every_usual_encoding(tmp_path: Path, encoding: str, detected: str | None) -> None:
    data = TRANSCRIPT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    path = tmp_path / "intervju.txt"
    path.write_bytes(data)
    result = read_transcript(path)
    assert result.format == "txt"
    assert result.turns == EXPECTED
    assert result.header == HEADER
    if detected is not None:
        assert result.encoding == detected
    else:
        assert result.encoding is not None and result.encoding.startswith("utf-16")


@pytest.mark.parametrize(
    "text",
    [
        "ø",
        "IP: Jeg bor på Bodø.",
        "Ærlig talt, så går det bra på Lunde. Ja!",
        "I: Blåbær",
    ],
)
def test_short_cp1252_text_is_not_mojibake(text: str) -> None:
    """charset-normalizer reads short Norwegian cp1252 as cp1250 ("ø" -> "ř")."""
    decoded, encoding = decode_text(text.encode("cp1252"))
    assert decoded == text
    assert encoding == "cp1252"


def test_latin1_reads_as_cp1252() -> None:
    """Both agree on every Norwegian letter, so reading latin-1 as cp1252 loses nothing."""
    text = "IP: Ærlig talt, øyeblikket på Bodø var fint. «Hjemlig»."
    assert decode_text(text.encode("latin-1")) == (text, "cp1252")


def test_cp1252_typography_survives() -> None:
    text = "IP: Det er «hjemlig» – sa hun … “ikke sant” ’ja’ €"
    assert decode_text(text.encode("cp1252")) == (text, "cp1252")


def test_utf16_without_bom_is_detected() -> None:
    text = "I: Hvordan er det å bo her på Lunde?\nU03: Det er ganske fint, egentlig."
    decoded, encoding = decode_text(text.encode("utf-16-le"))
    assert decoded == text
    assert encoding == "utf-16-le"


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "støy.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReadError, match="cannot detect the text encoding"):
        read_transcript(path)


def test_bad_bom(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfa hei")
    with pytest.raises(ReadError, match="byte-order mark"):
        read_transcript(path)


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", codecs.BOM_UTF8])
def test_empty_txt(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "tom.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError, match="empty file|no text"):
        read_transcript(path)


def test_text_is_normalised(tmp_path: Path) -> None:
    raw = "I: Hei\u00a0på\u200b deg   \r\nfortsatt\rIP: A\u030a se\ufeff\u2028ny linje  "
    path = tmp_path / "x.txt"
    path.write_bytes(raw.encode("utf-8"))
    turns = read_transcript(path).turns
    assert turns == [
        RawTurn("I", "Hei på deg\nfortsatt"),
        RawTurn("IP", "Å se\nny linje"),
    ]


def test_label_alone_on_a_line_takes_the_next_lines() -> None:
    data = b"I:\nHvordan gikk det?\n\nIP:\nBra.\nVeldig bra."
    assert read_transcript_bytes(data, ".txt").turns == [
        RawTurn("I", "Hvordan gikk det?"),
        RawTurn("IP", "Bra.\nVeldig bra."),
    ]


def test_timestamp_before_the_label_and_on_its_own_line() -> None:
    data = b"[00:00:10] I: Hei\n[00:00:12]\nIP: Hei hei\n(00:20) og mer\nslutt\n[00:00:30]\n"
    assert read_transcript_bytes(data, ".txt").turns == [
        RawTurn("I", "Hei", 10.0),
        RawTurn("IP", "Hei hei\n(00:20) og mer\nslutt", 12.0, 30.0),
    ]


def test_markdown_labels(tmp_path: Path) -> None:
    path = tmp_path / "intervju.MD"
    path.write_text(
        "# Intervju T2\n\n**I:** Hva tenker du om **medvirkning**?\n\n**U03**: Vi får *litt* å si.\n\nI: Og skolen?\n",
        encoding="utf-8",
    )
    result = read_transcript(path)
    assert result.format == "md"
    assert result.header == "# Intervju T2"
    assert result.turns == [
        RawTurn("I", "Hva tenker du om **medvirkning**?"),
        RawTurn("U03", "Vi får *litt* å si."),
        RawTurn("I", "Og skolen?"),
    ]


def test_txt_does_not_strip_markdown() -> None:
    turns = read_transcript_bytes(b"**I:** hei", ".txt").turns
    assert turns == [RawTurn(None, "**I:** hei")]
