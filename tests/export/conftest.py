"""A small hand-counted longitudinal study with an unbalanced panel (see the counts in test_matrices)."""

from __future__ import annotations

import export_helpers as h
import pytest

from kode.project import Project


@pytest.fixture
def study(project: Project) -> Project:
    """Youth U01 (T1–T3), U02 (T1, T3: not interviewed in T2), U03 (T1, T2); staff A01 (T1, T2), A02 (T3)."""
    with project.session() as s:
        m = h.code(s, "medvirkning", "Medvirkning", definition="Å ha noe å si i egen hverdag.",
                   inclusion="Ungdom forteller om å bli spurt.", exclusion="Tvang.", examples=["Jeg får bestemme."])
        hh = h.code(s, "medvirkning.hort", "Å bli hørt", parent=m, position=0)
        t = h.code(s, "trygghet", "Trygghet", position=1, definition="Følelsen av å være trygg.")
        b = h.code(s, "bygg", "Bygg og omgivelser", position=2, definition="Hjemlighet og sikkerhet i bygget.")
        ung = {"site": "Nordbakken", "group": "ungdom"}
        u01t1 = h.interview(s, "U01_T1", wave="T1", participants=["U01"], **ung, turns=[
            ("I", "Hva tenker du om huset?"),
            ("U01", "Jeg får være med å bestemme. Her føler jeg meg trygg på rommet mitt."),
        ])
        u02t1 = h.interview(s, "U02_T1", wave="T1", participants=["U02"], **ung, turns=[
            ("I", "Hvordan har du det?"), ("U02", "Ingen hører på meg. Det er bråkete om natta."),
        ])
        u03t1 = h.interview(s, "U03_T1", wave="T1", participants=["U03"], site="Sjøglimt", group="ungdom", turns=[
            ("I", "Fortell."), ("U03", "Maten er god. Jeg er trygg her."),
        ])
        a01t1 = h.interview(s, "A01_T1", wave="T1", participants=["A01"], site="Nordbakken", group="ansatt", turns=[
            ("I", "Fortell om arbeidet."), ("A01", "Vi lar ungdommene medvirke i møter. Bygget er slitent."),
        ])
        u01t2 = h.interview(s, "U01_T2", wave="T2", participants=["U01"], **ung, turns=[
            ("I", "Hva har endret seg?"), ("U01", "Jeg blir hørt nå. Personalet er trygge voksne."),
        ])
        u03t2 = h.interview(s, "U03_T2", wave="T2", participants=["U03"], site="Sjøglimt", group="ungdom", turns=[
            ("I", "Og nå?"), ("U03", "Jeg får si min mening på husmøtet."),
        ])
        a01t2 = h.interview(s, "A01_T2", wave="T2", participants=["A01"], site="Nordbakken", group="ansatt", turns=[
            ("I", "Bygget?"), ("A01", "Bygget er pusset opp og føles hjemlig."),
        ])
        u01t3 = h.interview(s, "U01_T3", wave="T3", participants=["U01"], **ung, turns=[
            ("I", "Siste gang."), ("U01", "Jeg bestemmer mer selv."),
        ])
        u02t3 = h.interview(s, "U02_T3", wave="T3", participants=["U02"], **ung, turns=[
            ("I", "Velkommen tilbake."), ("U02", "Nå hører de på meg."),
        ])
        a02t3 = h.interview(s, "A02_T3", wave="T3", participants=["A02"], site="Sjøglimt", group="ansatt", turns=[
            ("I", "Tvang?"), ("A02", "Vi har mindre tvang nå."),
        ])
        h.coding(s, u01t1, m, "Jeg får være med å bestemme", "kari")
        h.coding(s, u01t1, m, "Jeg får være med å bestemme", "ola")
        h.coding(s, u01t1, t, "Her føler jeg meg trygg på rommet mitt", "kari")
        h.coding(s, u01t1, t, "føler jeg meg trygg", "ola")
        h.coding(s, u02t1, hh, "Ingen hører på meg", "kari")
        h.coding(s, u03t1, t, "Jeg er trygg her", "kari")
        h.coding(s, a01t1, m, "Vi lar ungdommene medvirke i møter", "kari")
        h.coding(s, a01t1, b, "Bygget er slitent", "kari")
        h.coding(s, u01t2, hh, "Jeg blir hørt nå", "kari")
        h.coding(s, u01t2, t, "Personalet er trygge voksne", "kari")
        h.coding(s, u03t2, m, "Jeg får si min mening på husmøtet", "ola")
        h.coding(s, a01t2, b, "Bygget er pusset opp og føles hjemlig", "kari")
        h.coding(s, a01t2, t, "føles hjemlig", "kari")
        h.coding(s, u01t3, m, "Jeg bestemmer mer selv", "kari")
        h.coding(s, u02t3, hh, "Nå hører de på meg", "kari")
        h.suggestion(s, a02t3, t, "mindre tvang")
        h.memo(s, "Går fra å bli spurt til å bestemme selv; økende medvirkning.", code=m, participant="U01", wave=None)
        h.memo(s, "Opplever å få være med å bestemme – også på rommet.", code=m, participant="U01", wave="T1")
    return project
