"""A seeded synthetic corpus for the benchmarks: S = 100 × 8,000 words, L = 1,000 × 8,000.

The text is built from the study's own vocabulary (the seed documents in ../shared/seeds when
present, else a built-in word list) so token lengths and æøå frequency look like real
transcripts. The same seed always gives the same files.

    python -m bench.corpus S bench/out/S       # writes docx and txt files plus manifest.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path

SIZES = {"XS": (10, 2_000), "S": (100, 8_000), "L": (1_000, 8_000)}
SITES = ("Nordbakken", "Sjøglimt")
GROUPS = ("ansatt", "eier", "ungdom")
WAVES = ("T1", "T2", "T3")
FALLBACK_WORDS = [
    "ungdommene",
    "medvirkning",
    "miljøterapeut",
    "behandling",
    "hjemlighet",
    "sikkerhet",
    "trygghet",
    "samarbeid",
    "kommune",
    "skole",
    "bemanning",
    "opplæring",
    "kartlegging",
    "forløp",
    "overgang",
    "ettervern",
    "planer",
    "omsorg",
    "institusjon",
    "avdeling",
    "helse",
    "barnevern",
    "ferdigheter",
    "dialektisk",
    "atferdsterapi",
    "endringsmodellen",
    "husmøte",
    "kjøkken",
    "rommet",
    "døra",
    "alarmen",
    "og",
    "i",
    "på",
    "at",
    "det",
    "er",
    "som",
    "en",
    "til",
    "med",
    "for",
    "av",
    "ikke",
    "har",
    "de",
    "vi",
    "jeg",
    "du",
    "han",
    "hun",
    "så",
    "men",
    "også",
    "når",
    "hva",
    "hvordan",
    "liksom",
    "altså",
    "egentlig",
    "veldig",
    "litt",
    "mye",
    "bra",
    "godt",
    "vanskelig",
    "viktig",
    "første",
    "gang",
    "etter",
    "før",
    "nå",
    "der",
    "her",
]
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
INTERVIEWER = ("I", "Int", "Intervjuer")
INFORMANT = {"ansatt": ("IP", "Ansatt", "A"), "eier": ("IP", "Eier", "Leder"), "ungdom": ("IP", "Ungdom", "U")}


def vocabulary() -> list[str]:
    words: list[str] = []
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            words += re.findall(r"[A-Za-zÆØÅæøå]+", path.read_text(encoding="utf-8"))
    return [w.lower() for w in words if len(w) > 1] or list(FALLBACK_WORDS)


def sentence(rng: random.Random, vocab: list[str]) -> str:
    n = rng.randint(5, 18)
    words = [rng.choice(vocab) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice((".", ".", ".", "?", "…"))


def interview_turns(rng: random.Random, vocab: list[str], words: int, group: str) -> list[tuple[str, str]]:
    turns: list[tuple[str, str]] = []
    count = 0
    informant = rng.choice(INFORMANT[group])
    interviewer = rng.choice(INTERVIEWER)
    while count < words:
        if len(turns) % 2 == 0:
            text = sentence(rng, vocab)
            label = interviewer
        else:
            text = " ".join(sentence(rng, vocab) for _ in range(rng.randint(2, 9)))
            label = informant
        count += len(text.split())
        turns.append((label, text))
    return turns


def write_corpus(size: str, out: Path, seed: int = 20261126) -> Path:
    from docx import Document

    n, words = SIZES[size]
    rng = random.Random(seed)
    vocab = vocabulary()
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n):
        site = SITES[i % 2]
        group = GROUPS[(i // 2) % 3]
        wave = WAVES[(i // 6) % 3]
        participant = f"{group[0].upper()}{i // 18 + 1:03d}{site[0]}"
        stem = f"{site.lower().replace('ø', 'o')}_{group}_{participant}_{wave}_{i:04d}"
        turns = interview_turns(rng, vocab, words, group)
        if i % 2 == 0:
            doc = Document()
            for label, text in turns:
                doc.add_paragraph(f"{label}: {text}")
            name = f"{stem}.docx"
            doc.save(str(out / name))
        else:
            name = f"{stem}.txt"
            (out / name).write_text("\n\n".join(f"{label}: {text}" for label, text in turns) + "\n", encoding="utf-8")
        rows.append({"file": name, "site": site, "group": group, "participant": participant, "wave": wave})
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["file", "site", "group", "participant", "wave"])
        writer.writeheader()
        writer.writerows(rows)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    path = write_corpus(args.size, args.out, args.seed)
    print(f"wrote {SIZES[args.size][0]} interviews to {path}")


if __name__ == "__main__":
    main()
