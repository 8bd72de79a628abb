"""Search over an imported corpus: every term kind, operators, filters, speakers, scopes, JSON.

Runs through the ``project`` fixture, so with ``KODE_TEST_PG_URL`` set every test runs on
PostgreSQL too and must find the same hits there.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from intervju.corpus import Filters
from intervju.models import Interview, Sentence, Turn
from intervju.search import SearchResult, search
from kode.project import Project
from tests.conftest import run_cli


def texts(result: SearchResult) -> list[str]:
    return [h.text for h in result.hits]


def matched(result: SearchResult) -> list[list[str]]:
    """The highlighted words of each hit, read back from the hit's own text."""
    return [[h.text[s - h.start : e - h.start] for s, e in h.matches] for h in result.hits]


def run(project: Project, query: str, **kw: object) -> SearchResult:
    with project.session() as s:
        return search(s, query, **kw)  # type: ignore[arg-type]


def test_sentences_are_stored_at_import_with_offsets_into_the_canonical_text(corpus: Project) -> None:
    with corpus.session() as s:
        iv = s.scalars(select(Interview).order_by(Interview.name)).first()
        assert iv is not None
        assert iv.pipeline == "fallback:blank-nb+ordbank"
        rows = s.execute(
            select(Sentence.n, Sentence.start, Sentence.end, Sentence.forms, Sentence.lemmas, Turn.start, Turn.end)
            .join(Turn, Turn.id == Sentence.turn_id).where(Sentence.interview_id == iv.id).order_by(Sentence.n)
        ).all()
        got = [iv.text[r.start : r.end] for r in rows]
    assert got == [
        "Hvordan medvirker ungdommene?",
        "Ungdommene medvirket i planene.", "Vi snakket om hjemlighet på avdelingen.",
        "Det er viktig å ta del i hverdagen.",
        "Og tryggheten?",
        "Tryggheten på rommet er god.", "Døra står åpen.", "Hun øver på DBT-ferdigheter.",
    ]
    assert [r.n for r in rows] == list(range(1, 9))
    assert all(r[5] <= r.start < r.end <= r[6] for r in rows)
    assert rows[6].forms == "døra står åpen"
    assert "ferdighet" in rows[7].lemmas.split()[-1].split("|")  # compound parts indexed too


def test_lemma_finds_every_form_and_highlights_the_words(corpus: Project) -> None:
    result = run(corpus, "medvirke")
    assert texts(result) == [
        "Ungdommene medvirket i planene.",  # T1 first, then T2
        "Jeg medvirker på husmøtet.",
    ]
    assert matched(result) == [["medvirket"], ["medvirker"]]
    assert result.total == 2
    assert result.counts == {"total": 2, "wave": {"T1": 1, "T2": 1, "T3": 0},
                             "group": {"ansatt": 1, "eier": 0, "ungdom": 1}}
    assert texts(run(corpus, "medvirket")) == texts(result)  # an inflected query word works too


def test_exact_prefix_fuzzy_phrase(corpus: Project) -> None:
    assert texts(run(corpus, "=medvirket")) == ["Ungdommene medvirket i planene."]
    assert matched(run(corpus, "hjem*")) == [["hjemlighet"], ["hjemlighet"]]
    fuzzy = run(corpus, "hjemlihet~")
    assert matched(fuzzy) == [["hjemlighet"], ["hjemlighet"]]
    assert run(corpus, "zzzqqq~").total == 0
    phrase = run(corpus, '"ta del"')
    assert texts(phrase) == ["Det er viktig å ta del i hverdagen.", "Læreren sier at vi skal ta del i planen."]
    assert matched(phrase) == [["ta del"], ["ta del"]]
    assert run(corpus, '"del ta"').total == 0


def test_norwegian_letters_are_kept_apart(corpus: Project) -> None:
    assert matched(run(corpus, "=døra")) == [["Døra"]]
    assert run(corpus, "=dora").total == 0
    assert texts(run(corpus, "trygghet")) == ["Tryggheten på rommet er god."]
    assert matched(run(corpus, "=å")) == [["å"], ["Å"]]
    assert run(corpus, "=a").total == 0
    assert matched(run(corpus, "øve")) == [["øver"]]


def test_boolean_operators_within_a_sentence(corpus: Project) -> None:
    assert texts(run(corpus, "ungdom AND medvirke")) == ["Ungdommene medvirket i planene."]
    assert run(corpus, "medvirke NOT ungdom").total == 1
    assert run(corpus, "NOT medvirke", speaker="all").total == 15 - 4
    assert texts(run(corpus, "(skole OR døra) NOT bra")) == ["Døra står åpen."]
    assert run(corpus, "tryggheten AND døra").total == 0  # two sentences, not one


def test_near_counts_words_between(corpus: Project) -> None:
    assert texts(run(corpus, "NEAR/2(ungdom plan)")) == ["Ungdommene medvirket i planene."]
    assert texts(run(corpus, "NEAR/2(plan ungdom)")) == ["Ungdommene medvirket i planene."]
    assert run(corpus, "NEAR/1(ungdom plan)").total == 0
    assert matched(run(corpus, "NEAR/0(medvirke ungdom)", speaker="all")) == [
        ["medvirker", "ungdommene"], ["Ungdommene", "medvirket"]]
    hit = run(corpus, 'NEAR/2("ta del" hverdag)').hits
    assert [h.text for h in hit] == ["Det er viktig å ta del i hverdagen."]


def test_speaker_default_is_the_informant(corpus: Project) -> None:
    assert run(corpus, "medvirke").total == 2
    interviewer = run(corpus, "medvirke", speaker="interviewer")
    assert texts(interviewer) == ["Hvordan medvirker ungdommene?", "Medvirker du i møtene?"]
    assert run(corpus, "medvirke", speaker="all").total == 4


def test_filters(corpus: Project) -> None:
    assert texts(run(corpus, "medvirke", filters=Filters(waves=["T2"]))) == ["Jeg medvirker på husmøtet."]
    assert texts(run(corpus, "medvirke", filters=Filters(sites=["nordbakken"]))) == ["Ungdommene medvirket i planene."]
    assert run(corpus, "medvirke", filters=Filters(groups=["eier"])).total == 0
    one = run(corpus, "medvirke", filters=Filters(participants=["U001"]))
    assert [(h.participant, h.group, h.site, h.wave) for h in one.hits] == [("U001", "ungdom", "Sjøglimt", "T2")]


def test_scope_turn_makes_the_turn_the_unit(corpus: Project) -> None:
    result = run(corpus, "tryggheten AND døra", scope="turn")
    assert len(result.hits) == 1
    hit = result.hits[0]
    assert hit.text == "Tryggheten på rommet er god. Døra står åpen. Hun øver på DBT-ferdigheter."
    assert hit.turn == 4
    assert matched(result) == [["Tryggheten", "Døra"]]
    assert (hit.sentence_start, hit.sentence_end) == (hit.start, hit.start + len("Tryggheten på rommet er god."))
    assert run(corpus, "NEAR/3(trygghet døra)", scope="turn").total == 0  # NEAR stays in a sentence


def test_limit_keeps_total_and_counts(corpus: Project) -> None:
    result = run(corpus, "medvirke", speaker="all", limit=1)
    assert len(result.hits) == 1 and result.total == 4 and result.counts["total"] == 4


def test_cli_json_shape(corpus: Project) -> None:
    done = run_cli("search", corpus.target, "medvirke", "--wave", "T1", "--format", "json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["counts"]["total"] == 1
    (hit,) = data["hits"]
    assert set(hit) == {"interview", "turn", "start", "end", "text", "sentence_start", "sentence_end",
                        "participant", "group", "site", "wave", "time", "matches"}
    assert hit["interview"] == "nordbakken_ansatt_A001_T1" and hit["turn"] == 2
    with corpus.session() as s:
        text = s.scalar(select(Interview.text).where(Interview.name == hit["interview"]))
    assert text is not None
    assert text[hit["start"] : hit["end"]] == hit["text"] == "Ungdommene medvirket i planene."
    assert [text[a:b] for a, b in hit["matches"]] == ["medvirket"]


def test_cli_text_and_csv(corpus: Project) -> None:
    done = run_cli("search", corpus.target, "hjemlighet", "--context", "12")
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert "hjemlighet" in lines[0] and "nordbakken_ansatt_A001_T1" in lines[0] and "turn 2" in lines[0]
    assert "2 matching sentences" in done.stdout
    assert "T1 1, T2 1, T3 0" in done.stdout
    done = run_cli("search", corpus.target, "=døra", "--format", "csv")
    assert done.exit_code == 0
    assert done.stdout.splitlines()[1].split(",")[9:12] == ["", "Døra", " står åpen."]


def test_cli_malformed_query_is_one_line_with_the_position(corpus: Project) -> None:
    done = run_cli("search", corpus.target, "(ungdom OR skole")
    assert done.exit_code == 1
    assert done.stderr.strip() == "Error: query error at 17: expected ')'"


def test_code_filter_keeps_hits_inside_coded_passages(corpus: Project) -> None:
    """`--code` keeps hits inside passages coded with the code or a sub-code; `--coder` narrows
    to one coder's codings; counts follow."""
    target = corpus.target
    for args in (("Medvirkning",), ("Å bli hørt", "--parent", "Medvirkning"), ("Omsorg",)):
        assert run_cli("codebook", "add", target, *args, "--coder", "kh").exit_code == 0
    # Turn 4 of the youth's interview speaks of hjemlighet and of being with ("være med").
    done = run_cli("code", target, "sjoglimt_ungdom_U001_T2", "--code", "Å bli hørt", "--turn", "2",
                   "--coder", "kh")
    assert done.exit_code == 0, done.output
    assert run_cli("code", target, "nordbakken_ansatt_A001_T1", "--code", "Omsorg", "--turn", "2",
                   "--coder", "sb").exit_code == 0

    everywhere = json.loads(run_cli("search", target, "hjemlighet", "--format", "json").stdout)
    assert {h["interview"] for h in everywhere["hits"]} == {"sjoglimt_ungdom_U001_T2", "nordbakken_ansatt_A001_T1"}

    inside = json.loads(run_cli("search", target, "hjemlighet", "--code", "medvirkning", "--format", "json").stdout)
    assert [h["interview"] for h in inside["hits"]] == ["sjoglimt_ungdom_U001_T2"]  # via the sub-code
    assert inside["counts"]["total"] == 1 and inside["counts"]["wave"]["T2"] == 1

    by_sb = json.loads(run_cli("search", target, "hjemlighet", "--code", "Omsorg,Medvirkning", "--coder", "sb",
                               "--format", "json").stdout)
    assert [h["interview"] for h in by_sb["hits"]] == ["nordbakken_ansatt_A001_T1"]

    limited = corpus.search("hjemlighet", codes=["Medvirkning", "Omsorg"], limit=1)
    assert limited.total == 2 and len(limited.hits) == 1

    nothing = run_cli("search", target, "skolen", "--code", "Medvirkning")
    assert nothing.exit_code == 0 and "0 matching sentences" in nothing.stdout
    unknown = run_cli("search", target, "hjemlighet", "--code", "Medvirknig")
    assert unknown.exit_code != 0 and "Medvirkning" in unknown.output  # the near match is named
    lonely = run_cli("search", target, "hjemlighet", "--coder", "kh")
    assert lonely.exit_code != 0 and "--coder needs --code" in lonely.output
