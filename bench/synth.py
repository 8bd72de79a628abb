"""A synthetic longitudinal project made fast with Core inserts (no NLP): interviews with turns,
an unbalanced panel over T1–T3, a codebook of themes with sub-codes, random codings by two coders
and a few cell memos, all from a fixed seed.

Sizes: S = 100 interviews × 8,000 words with 2,000 codings; L = 1,000 × 8,000 with 20,000.
"""

from __future__ import annotations

import hashlib
import random
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select

from intervju.db import utcnow
from intervju.models import InformantGroup, Interview, Participant, Site, Turn, Wave, interview_participant
from kode.project import Project
from kodebok.models import Code, Coder, Coding, Memo

SIZES = {"S": (100, 8_000, 2_000), "L": (1_000, 8_000, 20_000)}
WORDS = (  # noqa: SIM905
    "jeg du vi de det er var har kan skal ikke og men så når hvis fordi at som på i til med om fra "
    "ungdommene miljøterapeuten behandlingen omsorgen trygghet medvirkning hjemlighet bygget rommet "
    "stuen kjøkkenet møtet planen skolen kommunen barnevernet helsepersonell samarbeid tillit "
    "rutiner inntak utskriving overgang ettervern kartlegging forløp tvang hverdag følelser være få "
    "måtte bestemme snakke høre føle trives gruer gleder lærer ønsker savner bra vanskelig trygt "
    "godt nå før etterpå alltid aldri ofte sjelden litt mye mer mindre øyeblikk får går så blir"
).split()
THEMES = [
    ("Målgruppe og målsetninger", ["Målgruppe", "Mål"]),
    ("Varighet på oppholdet", ["For kort", "For langt"]),
    ("Inntak og utskriving", ["Inntak", "Utskriving"]),
    ("Bemanning", ["Sammensetning", "Turnover"]),
    ("DBT og OEM", ["DBT", "OEM"]),
    ("Samarbeid", ["Miljø og helse", "Kommune og skole"]),
    ("Kompetanse", ["Opplæring", "Veiledning"]),
    ("Bygg og omgivelser", ["Hjemlighet", "Sikkerhet"]),
    ("Behandlingsopplegget", ["Nytte", "Innsikt i planer"]),
    ("Omsorg", ["Trygghet", "Tillit"]),
    ("Medvirkning", ["Å bli hørt", "Å bestemme selv"]),
]
GROUP_LABEL = {"ansatt": "A", "eier": "E", "ungdom": "U"}


@dataclass
class Built:
    path: Path
    interviews: int
    words: int
    codings: int
    seconds: float


def build(path: Path, size: str = "S", seed: int = 20261126) -> Built:
    n_interviews, n_words, n_codings = SIZES[size]
    rng = random.Random(seed)
    t0 = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    project = Project.create(str(path), sites=["Nordbakken", "Sjøglimt"])
    with project, project.session() as s:
        waves = dict(s.execute(select(Wave.name, Wave.id)).all())
        sites = list(s.execute(select(Site.id)).scalars())
        groups = dict(s.execute(select(InformantGroup.name, InformantGroup.id)).all())
        # the panel: each participant in 2–3 waves (youth drop out), until there are enough interviews
        n_people = max(3, round(n_interviews / 2.3))
        people = []
        for i in range(n_people):
            group = rng.choices(["ungdom", "ansatt", "eier"], weights=[5, 4, 1])[0]
            people.append({"id": i + 1, "pseudonym": f"{GROUP_LABEL[group]}{i + 1:04d}", "group_id": groups[group],
                           "site_id": rng.choice(sites), "attributes": {}})
        s.execute(insert(Participant), people)
        pairs = []
        for p in people:
            chosen = ["T1", "T2", "T3"] if rng.random() < 0.5 else sorted(rng.sample(["T1", "T2", "T3"], 2))
            pairs.extend((p, w) for w in chosen)
        rng.shuffle(pairs)
        pairs = sorted(pairs[:n_interviews], key=lambda pw: (pw[1], pw[0]["id"]))
        interviews, links, turns = [], [], []
        turn_spans: list[list[tuple[int, int]]] = []
        now = utcnow()
        for k, (p, wave) in enumerate(pairs, 1):
            parts, spans, pos, words_left, n = [], [], 0, n_words, 0
            while words_left > 0:
                n += 1
                count = min(words_left, rng.randint(10, 120))
                label = "I" if n % 2 else p["pseudonym"]
                utterance = " ".join(rng.choices(WORDS, k=count)).capitalize() + "."
                prefix = f"{label}: "
                if parts:
                    parts.append("\n\n")
                    pos += 2
                parts.append(prefix + utterance)
                start = pos + len(prefix)
                spans.append((start, start + len(utterance)))
                turns.append({"interview_id": k, "n": n, "label": label,
                              "role": "interviewer" if label == "I" else "informant", "participant_id": None,
                              "start": start, "end": start + len(utterance), "time_start": None, "time_end": None})
                pos = start + len(utterance)
                words_left -= count
            text = "".join(parts)
            turn_spans.append([sp for i, sp in enumerate(spans) if i % 2])
            interviews.append({
                "id": k, "name": f"{p['pseudonym']}_{wave}", "site_id": p["site_id"], "group_id": p["group_id"],
                "wave_id": waves[wave], "date": None, "interviewer": None,
                "source_path": f"{p['pseudonym']}_{wave}.txt",
                "source_format": "txt", "source_encoding": "utf-8",
                "content_hash": hashlib.sha256(text.encode()).hexdigest(), "text": text,
                "word_count": len(text.split()), "turn_count": n, "pipeline": "blank:nb+ordbank", "attributes": {},
                "imported_at": now,
            })
            links.append({"interview_id": k, "participant_id": p["id"], "position": 0})
        s.execute(insert(Interview), interviews)
        s.execute(insert(interview_participant), links)
        s.execute(insert(Turn), turns)
        # codebook
        codes, leaf_ids, cid = [], [], 0
        for pos, (theme, children) in enumerate(THEMES):
            cid += 1
            parent = cid
            codes.append({"id": cid, "uid": f"t{pos}", "parent_id": None, "name": theme, "position": pos,
                          "definition": f"Utsagn om {theme.lower()}.", "inclusion": "Når informanten beskriver det.",
                          "exclusion": "Rene spørsmål.", "examples": ["«Det føles trygt her.»"], "search_terms": [],
                          "status": "active", "version": 1, "created_at": now, "updated_at": now})
            for cpos, child in enumerate(children):
                cid += 1
                leaf_ids.append(cid)
                codes.append({"id": cid, "uid": f"t{pos}.{cpos}", "parent_id": parent, "name": child,
                              "position": cpos, "definition": None, "inclusion": None, "exclusion": None,
                              "examples": [], "search_terms": [], "status": "active", "version": 1,
                              "created_at": now, "updated_at": now})
        s.execute(insert(Code), codes)
        s.execute(insert(Coder), [{"id": 1, "name": "kari", "is_consensus": False, "created_at": now},
                                  {"id": 2, "name": "ola", "is_consensus": False, "created_at": now}])
        seen, codings = set(), []
        all_codes = [c["id"] for c in codes]
        while len(codings) < n_codings:
            k = rng.randint(1, len(interviews))
            start, end = rng.choice(turn_spans[k - 1])
            a = rng.randint(start, max(start, end - 40))
            b = min(end, a + rng.randint(30, 400))
            code = rng.choice(leaf_ids) if rng.random() < 0.8 else rng.choice(all_codes)
            coder = 1 if rng.random() < 0.7 else 2
            key = (code, k, a, b, coder)
            if key in seen or b <= a:
                continue
            seen.add(key)
            codings.append({"code_id": code, "interview_id": k, "start": a, "end": b, "coder_id": coder,
                            "created_at": now})
            if coder == 1 and rng.random() < 0.3 and (code, k, a, b, 2) not in seen:  # the second coder agrees
                seen.add((code, k, a, b, 2))
                codings.append({"code_id": code, "interview_id": k, "start": a, "end": b, "coder_id": 2,
                                "created_at": now})
        s.execute(insert(Coding), codings)
        memos = [{"code_id": rng.choice(all_codes), "participant_id": p["id"], "wave_id": None, "author_id": 1,
                  "title": None, "text": "Endring: temaet blir viktigere over tid.", "created_at": now,
                  "updated_at": now} for p in people[: n_people // 4]]
        s.execute(insert(Memo), memos)
    return Built(path, len(interviews), sum(i["word_count"] for i in interviews), len(codings),
                 time.perf_counter() - t0)
