"""Regenerate the non-docx example transcripts (.txt, .md, .srt, .vtt, .json).

Sources are the same ``Label: utterance`` files in src/ as for make_docx.py.
Times for timestamps and subtitle cues are invented from word counts
(about 2.6 words per second plus a short pause per turn).

* ``txt``  – ``Label: text`` lines separated by blank lines, written in the
             given encoding; some turns start with a timestamp ``[hh:mm:ss]``.
* ``md``   – plain ``Label: text`` paragraphs; a title line without a colon
             may stand first in the source (lines starting with ``#title``).
* ``srt``  – SubRip cues, each cue text prefixed by the speaker (``Label: ``).
* ``vtt``  – WebVTT cues with ``<v Label>`` voice tags.
* ``json`` – Whisper-like JSON with ``text`` and ``segments`` carrying a
             ``speaker`` field.

Run:  /work/main/.venv/bin/python examples/tools/make_other.py
"""
from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
OUT = HERE.parent / "transcripts"

# stem -> (format, encoding, timestamps every n-th turn (0 = none))
OTHER = {
    "nordbakken_ungdom_U01_T2": ("txt", "utf-8", 3),
    "nordbakken_ungdom_U01_T3": ("srt", "utf-8", 0),
    "nordbakken_ungdom_U02_T1": ("txt", "cp1252", 4),
    "nordbakken_ungdom_U03_T2": ("vtt", "utf-8", 0),
    "nordbakken_ungdom_U03_T3": ("txt", "utf-16", 0),
    "nordbakken_ansatt_A02_T2": ("txt", "utf-8-sig", 5),
    "nordbakken_ansatt_A03_T1": ("txt", "utf-8", 0),
    "nordbakken_eier_E01_T3": ("txt", "utf-8", 4),
    "sjoglimt_ungdom_U04_T3": ("md", "utf-8", 0),
    "sjoglimt_ungdom_U05_T2": ("txt", "utf-8", 3),
    "sjoglimt_ungdom_U06_T3": ("json", "utf-8", 0),
    "sjoglimt_ansatt_A08_T1": ("txt", "utf-8", 0),
}

TURN = re.compile(r"^(?P<label>[^:]{1,30}):\s*(?P<text>.*)$")
WPS = 2.6  # words per second
CUE_WORDS = 14


def read_source(stem: str) -> tuple[str | None, list[tuple[str, str]]]:
    title, turns = None, []
    for line in (SRC / f"{stem}.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#title "):
            title = line[len("#title "):]
            continue
        m = TURN.match(line)
        if not m:
            raise ValueError(f"{stem}: line without speaker label: {line[:60]!r}")
        turns.append((m["label"].strip(), m["text"].strip()))
    return title, turns


def timed(turns, start=4.0):
    """Yield (label, text, start, end) per turn with invented times."""
    t = start
    for label, text in turns:
        dur = max(1.2, len(text.split()) / WPS)
        yield label, text, t, t + dur
        t += dur + 0.6


def chunks(text: str, n: int = CUE_WORDS):
    """Split a turn into cue texts, at sentence ends where possible."""
    buf: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = sentence.split()
        while len(words) > 2 * n:  # a very long sentence: cut it by words
            if buf:
                yield " ".join(buf)
                buf = []
            yield " ".join(words[:n])
            words = words[n:]
        buf += words
        if len(buf) >= n:
            yield " ".join(buf)
            buf = []
    if buf:
        yield " ".join(buf)


def hms(sec: float) -> str:
    s = int(sec)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def stamp(sec: float, sep: str) -> str:
    ms = round((sec - int(sec)) * 1000)
    return f"{hms(sec)}{sep}{ms:03d}"


def cues(turns):
    """Split turns into subtitle cues: (label, text, start, end)."""
    for label, text, s, e in timed(turns):
        parts = list(chunks(text))
        step = (e - s) / len(parts)
        for k, part in enumerate(parts):
            yield label, part, s + k * step, s + (k + 1) * step - 0.05


def write_txt(stem, turns, encoding, every):
    lines = []
    for k, (label, text, s, _) in enumerate(timed(turns, start=2.0 + 60 * (len(stem) % 5))):
        prefix = f"[{hms(s)}] " if every and k % every == 0 else ""
        lines.append(f"{prefix}{label}: {text}")
    # plain UTF-8 files get Unix line ends; the "Windows" encodings get CRLF
    eol = "\n" if encoding == "utf-8" else "\r\n"
    body = (eol * 2).join(lines) + eol
    path = OUT / f"{stem}.txt"
    # utf-16 writes a BOM; utf-8-sig writes the UTF-8 BOM; cp1252 is Windows-1252
    path.write_bytes(body.encode(encoding))
    return path


def write_md(stem, title, turns):
    parts = [title] if title else []
    parts += [f"{label}: {text}" for label, text in turns]
    path = OUT / f"{stem}.md"
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def write_srt(stem, turns):
    out = []
    for n, (label, text, s, e) in enumerate(cues(turns), start=1):
        out.append(f"{n}\n{stamp(s, ',')} --> {stamp(e, ',')}\n{label}: {text}\n")
    path = OUT / f"{stem}.srt"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def write_vtt(stem, turns):
    out = ["WEBVTT", ""]
    for n, (label, text, s, e) in enumerate(cues(turns), start=1):
        out.append(f"{n}\n{stamp(s, '.')} --> {stamp(e, '.')}\n<v {label}>{text}</v>\n")
    path = OUT / f"{stem}.vtt"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def write_json(stem, turns):
    segments = []
    for n, (label, text, s, e) in enumerate(cues(turns)):
        segments.append({
            "id": n,
            "start": round(s, 2),
            "end": round(e, 2),
            "text": " " + text,
            "speaker": label,
        })
    doc = {
        "text": "".join(seg["text"] for seg in segments),
        "segments": segments,
        "language": "no",
    }
    path = OUT / f"{stem}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for stem, (fmt, encoding, every) in OTHER.items():
        title, turns = read_source(stem)
        if fmt == "txt":
            path = write_txt(stem, turns, encoding, every)
        elif fmt == "md":
            path = write_md(stem, title, turns)
        elif fmt == "srt":
            path = write_srt(stem, turns)
        elif fmt == "vtt":
            path = write_vtt(stem, turns)
        elif fmt == "json":
            path = write_json(stem, turns)
        else:
            raise ValueError(fmt)
        print(path.relative_to(HERE.parent))


if __name__ == "__main__":
    main()
