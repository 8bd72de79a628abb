"""Reading and parsing transcript files in a second process while the first one writes.

An import spends about a third of its time in the readers (python-docx above all) and the rest in
the language pipeline and the database, one file after the other. A second process that reads,
hashes and parses the next few files meanwhile puts the second core to work. What it hands back is
exactly what :func:`intervju.importing.read_source` and the readers would have produced (or the
exception they raised), so every file's outcome and message stay the same; if the helper process
fails in any way (cannot start, dies, a result cannot be sent back) the file is read in this
process as before.

Only a few files are in flight at once, and a new helper process takes over every
:data:`FILES_PER_HELPER` files, so memory stays bounded whatever the size of the folder: parsing
Word files leaves native memory behind in the process that did it (lxml/libxml2 and the C
allocator; the Python objects do not grow), and one helper for the 1,000 files of the L corpus
grew to 317 MB (139 MB after the 100 of S).
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from intervju.readers import RawTranscript, read_transcript_bytes

#: Files read ahead of the one being stored.
LOOKAHEAD = 3
#: Below this many files a second process costs more than it saves.
MIN_FILES = 3
#: Files one helper process reads before a new one (forked afresh) takes over.
FILES_PER_HELPER = 100


@dataclass(frozen=True)
class Prepared:
    """One file as the helper process read it: its SHA-256 and parsed turns, or the exception
    reading (``read_error``) or parsing (``parse_error``) raised there; ``seconds`` is the time
    the helper spent on it (``bench.import_bench`` reports where an import's time goes)."""

    digest: str | None = None
    raw: RawTranscript | None = None
    read_error: BaseException | None = None
    parse_error: BaseException | None = None
    seconds: float = 0.0

    def source(self) -> str:
        """The digest, or the reading error raised again here."""
        if self.read_error is not None:
            raise self.read_error
        assert self.digest is not None
        return self.digest

    def transcript(self) -> RawTranscript:
        """The parsed transcript, or the reader's error raised again here."""
        if self.parse_error is not None:
            raise self.parse_error
        assert self.raw is not None
        return self.raw


def prepare(path: Path, max_bytes: int) -> Prepared:
    """Read, hash and parse one file (runs in the helper process)."""
    from intervju.importing import read_source

    started = time.perf_counter()
    try:
        data, digest = read_source(path, max_bytes)
    except Exception as exc:
        return Prepared(read_error=exc, seconds=time.perf_counter() - started)
    try:
        raw = read_transcript_bytes(data, path.suffix.lower())
    except Exception as exc:
        return Prepared(digest=digest, parse_error=exc, seconds=time.perf_counter() - started)
    return Prepared(digest=digest, raw=raw, seconds=time.perf_counter() - started)


def _context() -> multiprocessing.context.BaseContext | None:
    """``fork`` where it is the platform's way (Linux): the helper starts in milliseconds with the
    readers already imported. Elsewhere no helper (spawn would re-import everything per run)."""
    if not sys.platform.startswith("linux"):
        return None
    return multiprocessing.get_context("fork")


def prefetched(paths: Sequence[Path], max_bytes: int, *, enabled: bool = True) -> Generator[Prepared | None, None, None]:
    """For each path in order: what the helper process made of it, or None (read it here).

    Files ``k * FILES_PER_HELPER`` … go to the ``k``-th helper; the next one starts when the
    look-ahead first reaches its files, and the one before is shut down once its last file is
    handed over, so two run at once only across that boundary."""
    context = _context() if enabled and len(paths) >= MIN_FILES else None
    if context is None:
        yield from (None for _ in paths)
        return
    helpers: dict[int, ProcessPoolExecutor] = {}

    def helper(block: int) -> ProcessPoolExecutor:
        if block not in helpers:
            helpers[block] = ProcessPoolExecutor(max_workers=1, mp_context=context)
        return helpers[block]

    try:
        helper(0)
    except (OSError, ValueError):
        yield from (None for _ in paths)
        return
    futures: dict[int, Future[Prepared]] = {}
    try:
        for i in range(len(paths)):
            for ahead in range(i, min(i + LOOKAHEAD + 1, len(paths))):
                if ahead not in futures:
                    try:
                        futures[ahead] = helper(ahead // FILES_PER_HELPER).submit(prepare, paths[ahead], max_bytes)
                    except Exception:  # the helper broke or a new one cannot start: those are read here
                        break
            future = futures.pop(i, None)
            result: Prepared | None = None
            if future is not None:
                try:
                    result = future.result()
                except Exception:  # the helper died or the result did not pickle: read it here
                    result = None
            if (i + 1) % FILES_PER_HELPER == 0 and (done := helpers.pop(i // FILES_PER_HELPER, None)):
                done.shutdown(wait=True, cancel_futures=True)  # its files are all handed over
            yield result
    finally:
        for future in futures.values():
            future.cancel()
        for pool in helpers.values():
            pool.shutdown(wait=True, cancel_futures=True)
