"""Lemma accuracy of the language layer against a CoNLL-U file with gold lemmas.

    python bench/lemma.py [FILE.conllu] [--model NAME|PATH|fallback] [--errors N] [--speed TOKENS]

Each sentence's gold tokens are joined by single spaces and analysed by the pipeline in use; a gold
token is scored by the pipeline token that starts at the same offset (tokens that spaCy splits or
joins differently count as wrong and are reported as misaligned). The chosen ``lemma`` is compared
with the gold lemma case-insensitively, on every token whose UPOS is not PUNCT.

The default file is the UD Norwegian Bokmål development set in ``../shared/eval`` beside the
repository. Nothing in the language layer is derived from it: it is only measured here.

``--speed TOKENS`` also times ``analyse`` against bare ``nlp.pipe`` of the same pipeline on a
synthetic corpus of about TOKENS tokens: turns of eight sentences drawn from the file with a fixed
seed. Both are timed in CPU seconds of this process (best of three), so a busy machine does not skew
the ratio.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from intervju.language import LanguagePipeline, load_pipeline  # noqa: E402  (after sys.path)

DEFAULT_FILE = REPO.parent / "shared" / "eval" / "no_bokmaal-ud-dev.conllu"

GoldToken = tuple[str, str, str]  # form, lemma, upos


def read_conllu(path: Path) -> Iterator[list[GoldToken]]:
    """Sentences as (form, lemma, upos); multiword-token ranges and empty nodes are skipped."""
    sentence: list[GoldToken] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if sentence:
                    yield sentence
                    sentence = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) == 10 and cols[0].isdigit():
                sentence.append((cols[1], cols[2], cols[3]))
    if sentence:
        yield sentence


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conllu", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--model", default="nb_core_news_lg",
                        help="spaCy package or path; 'fallback' for the Ordbank fallback")
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent errors")
    parser.add_argument("--speed", type=int, default=0, metavar="TOKENS",
                        help="also time analyse against bare nlp.pipe on about TOKENS tokens")
    args = parser.parse_args(argv)
    if not args.conllu.is_file():
        print(f"error: {args.conllu}: no such CoNLL-U file", file=sys.stderr)
        return 2

    sentences = list(read_conllu(args.conllu))
    texts, offsets = [], []
    for sentence in sentences:
        starts, pos = [], 0
        for form, _, _ in sentence:
            starts.append(pos)
            pos += len(form) + 1
        texts.append(" ".join(form for form, _, _ in sentence))
        offsets.append(starts)

    pipeline = load_pipeline(None if args.model == "fallback" else args.model)
    began = time.perf_counter()
    analyses = list(pipeline.analyse(texts))
    seconds = time.perf_counter() - began

    scored = correct = misaligned = 0
    errors: Counter[tuple[str, str, str, str]] = Counter()
    for sentence, starts, analysis in zip(sentences, offsets, analyses, strict=True):
        by_start = {tok.start: tok for tok in analysis.tokens}
        for (form, gold, upos), start in zip(sentence, starts, strict=True):
            if upos == "PUNCT":
                continue
            scored += 1
            tok = by_start.get(start)
            if tok is None or tok.end != start + len(form):
                misaligned += 1
                errors[(form, gold, "<misaligned>", upos)] += 1
                continue
            if tok.lemma.casefold() == gold.casefold():
                correct += 1
            else:
                errors[(form, gold, tok.lemma, upos)] += 1

    print(f"pipeline   {pipeline.info.name} ({pipeline.info.version})")
    print(f"file       {args.conllu}")
    print(f"tokens     {scored} non-punctuation tokens in {len(sentences)} sentences")
    print(f"accuracy   {correct / scored:.2%} ({correct}/{scored}); misaligned {misaligned}")
    print(f"time       {seconds:.2f} s for analyse")
    for (form, gold, got, upos), count in errors.most_common(args.errors):
        print(f"  {count:4d}  {form!r:24} gold {gold!r:20} got {got!r:20} {upos}")
    if args.speed:
        speed(pipeline, texts, args.speed)
    return 0


def speed(pipeline: LanguagePipeline, sentences: list[str], target: int) -> None:
    """Print tokens/s of bare ``nlp.pipe`` and of ``analyse`` over the same synthetic turns."""
    rng = random.Random(20261126)
    turns, words = [], 0
    while words < target:
        turn = " ".join(rng.choice(sentences) for _ in range(8))
        turns.append(turn)
        words += turn.count(" ") + 1
    bare, full = [], []
    tokens = 0
    for _ in range(3):
        began = time.process_time()
        tokens = pipeline.count_tokens_bare(turns)
        bare.append(time.process_time() - began)
        began = time.process_time()
        for analysis in pipeline.analyse(turns):
            del analysis
        full.append(time.process_time() - began)
    print(f"speed      {tokens} tokens in {len(turns)} turns (CPU s, best of 3)")
    print(f"  bare nlp.pipe  {min(bare):6.2f} s  {tokens / min(bare):10,.0f} tokens/s")
    print(f"  analyse        {min(full):6.2f} s  {tokens / min(full):10,.0f} tokens/s"
          f"  (+{min(full) / min(bare) - 1:.0%})")


if __name__ == "__main__":
    raise SystemExit(main())
