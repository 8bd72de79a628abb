"""Plain-text and Markdown transcripts: one `Label: text` line opens a turn."""

from __future__ import annotations

from intervju.readers.assemble import TurnAssembler
from intervju.readers.encoding import decode_text, mojibake_warning, repair_mojibake
from intervju.readers.labels import split_label, split_markdown_label
from intervju.readers.model import RawTranscript, ReadError
from intervju.readers.text import clean_text


def read_plaintext(data: bytes, *, markdown: bool = False) -> RawTranscript:
    """Read a .txt (or, with `markdown`, a .md) transcript.

    Every non-empty line is a paragraph: hard line breaks are kept as `\\n` rather than reflowed,
    because a transcriber's line break may be meaningful and reflowing cannot be undone. Blank
    lines only separate paragraphs; they never end a turn.
    """
    if not data:
        raise ReadError("empty file")
    text, encoding = decode_text(data)
    text, repaired = repair_mojibake(text)
    warning = mojibake_warning(repaired)
    assembler = TurnAssembler(split_markdown_label if markdown else split_label)
    for line in clean_text(text).split("\n"):
        assembler.paragraph(line)
    turns = assembler.finish()
    if not turns:
        raise ReadError("no text")
    return RawTranscript(
        turns=turns,
        format="md" if markdown else "txt",
        encoding=encoding,
        warnings=(warning,) if warning else (),
        header=assembler.header,
    )
