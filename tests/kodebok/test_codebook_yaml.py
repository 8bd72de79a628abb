"""The YAML codebook format: the example loads, errors are one line naming file and code path."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervju.errors import InputError
from kodebok.codebook_yaml import MAX_BYTES, dump_codebook, load_codebook, parse_codebook
from tests.kodebok.helpers import CODEBOOK

THEMES = ["DBT", "OEM", "Medvirkning", "Hjemlighet", "Sikkerhet", "Målgruppe", "Målsetninger", "Varighet",
          "Inntak", "Utskriving", "Bemanning", "Samarbeid miljøpersonale–helsepersonell", "Kompetansebygging",
          "Behandlingsopplegg", "Omsorg", "Planer og videre forløp", "Fysiske omgivelser",
          "Innflytting og kartlegging", "Utvikling og endring", "Overgang og ettervern", "Kommune",
          "BUP og psykisk helsevern", "Skole", "Tvang", "Trygghet"]


def test_the_example_codebook_covers_every_theme_with_usable_codes() -> None:
    book = load_codebook(CODEBOOK)
    codes = list(book.walk())
    names = {c.name for c, *_ in codes}
    assert set(THEMES) <= names
    assert 25 <= len(codes) <= 35
    assert max(path.count("/") for _c, _p, path, _n in codes) == 1  # two levels
    assert "Arbeidsmetodikk/DBT" in {path for *_x, path, _n in codes}
    for code, parent, path, _n in codes:
        assert code.colour and code.definition, path
        if parent is not None:
            assert code.inclusion and code.exclusion and code.examples and code.search and code.key, path
    all_terms = [t for c, *_ in codes for t in c.search]
    assert "medvirke" in all_terms and "hjem*" in all_terms and "hjemlihet~" in all_terms
    assert any(t.startswith('"') for t in all_terms) and any(t.startswith("NEAR/") for t in all_terms)


def test_yaml_round_trips_to_the_same_tree() -> None:
    book = load_codebook(CODEBOOK)
    assert parse_codebook(dump_codebook(book), "again.yml") == book


def _bad(text: str) -> str:
    with pytest.raises(InputError) as err:
        parse_codebook(text, "kodebok.yml")
    return str(err.value)


def test_a_bad_colour_names_file_and_code_path() -> None:
    text = """
codes:
  - id: metodikk
    name: Arbeidsmetodikk
    children:
      - id: dbt
        name: DBT
        colour: rød
"""
    assert _bad(text) == "kodebok.yml: code 'Arbeidsmetodikk/DBT': colour 'rød' is not #rrggbb"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("codes: [{name: Omsorg}]", "code 'Omsorg': 'id' is missing"),
        ("codes: [{id: a, name: Omsorg, defintion: x}]", "unknown key 'defintion'"),
        ("codes: [{id: a, name: Omsorg}, {id: a, name: Trygghet}]", "id 'a' is used by 'Omsorg' too"),
        ("codes: [{id: a, name: Omsorg}, {id: b, name: omsorg}]", "two codes with this name"),
        ("codes: [{id: a, name: Omsorg, key: x}, {id: b, name: Tvang, key: x}]", "key 'x' is used by 'Omsorg'"),
        ("codes: [{id: a, name: 'Bygg/hus'}]", "may not contain '/'"),
        ("codes: [{id: a, name: Omsorg, search: ['\"bry seg']}]", "quotation mark is not closed"),
        ("codes: [{id: a, name: Omsorg, search: ['NEAR/5(a b']}]", "'(' is not closed"),
        ("codes: [{id: a, name: Omsorg, examples: tekst}]", "'examples' must be a list"),
        ("codes: [{id: a, name: Omsorg, status: gammel}]", "status 'gammel' must be active or retired"),
        ("codes: []", "'codes:' must be a non-empty list"),
        ("- a\n- b", "the top level must be a mapping"),
        ("codes: [{id: a, name: Omsorg", "not valid YAML"),
        ("codes: [{id: 'a b', name: Omsorg}]", "id 'a b' must be"),
    ],
)
def test_problems_are_one_line_with_the_file_name(text: str, message: str) -> None:
    error = _bad(text)
    assert error.startswith("kodebok.yml: ") and message in error and "\n" not in error


def test_safe_load_refuses_python_tags() -> None:
    assert "not valid YAML" in _bad("codes: !!python/object/apply:os.system ['true']")


def test_file_problems(tmp_path: Path) -> None:
    big = tmp_path / "stor.yml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match=r"^stor.yml: the file is .* at most"):
        load_codebook(big)
    latin = tmp_path / "latin.yml"
    latin.write_bytes("codes: [{id: a, name: Trygghet på huset}]".encode("cp1252"))
    with pytest.raises(InputError, match=r"latin\.yml: not UTF-8"):
        load_codebook(latin)
    with pytest.raises(InputError, match="no such file"):
        load_codebook(tmp_path / "mangler.yml")
