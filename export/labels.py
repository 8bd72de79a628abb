"""Every word the reports and matrix files print, in bokmål (default) and English.

One dictionary per language with the same keys; :class:`Labels` looks them up and formats
numbers the language's way (``67 %`` in bokmål, ``67%`` in English).
"""

from __future__ import annotations

from typing import Literal

from intervju.errors import InputError

Lang = Literal["nb", "en"]
LANGS: tuple[Lang, ...] = ("nb", "en")

_NB: dict[str, str] = {
    "report_title": "Analyse av intervjuer",
    "report_subtitle": "Rapport fra {project}",
    "made": "Laget {date} med kode",
    "filters": "Utvalg",
    "all": "alle",
    "contents_corpus": "Datagrunnlag",
    "corpus_intro": "Tabellen viser intervjuene i utvalget fordelt på sted, informantgruppe og tidspunkt.",
    "method": "Metode",
    "themes": "Temaer",
    "overview": "Oversikt: temaer over tid",
    "overview_intro": (
        "Hver celle viser hvor mange av deltakerne som ble intervjuet på tidspunktet som tok opp temaet "
        "(n av N), andelen og antall kodede segmenter."
    ),
    "appendix_codebook": "Vedlegg: Kodebok",
    "site": "Sted",
    "group": "Gruppe",
    "wave": "Tidspunkt",
    "interviews": "Intervjuer",
    "words": "Ord",
    "participants": "Deltakere",
    "participant": "Deltaker",
    "total": "Totalt",
    "theme": "Tema",
    "code": "Kode",
    "definition": "Definisjon",
    "inclusion": "Inkludering",
    "exclusion": "Ekskludering",
    "example": "Eksempel",
    "retired": "utgått",
    "segments": "Segmenter",
    "segments_short": "segm.",
    "n_participants": "Deltakere med tema (n)",
    "n_interviewed": "Intervjuet (N)",
    "share": "Andel",
    "state": "Status",
    "change": "Endring",
    "summary": "Oppsummering",
    "change_description": "Endring beskrevet av forsker",
    "coders": "Kodere",
    "coder": "Koder",
    "text": "Tekst",
    "count": "Antall",
    "code_a": "Kode A",
    "code_b": "Kode B",
    "interviewed": "Intervjuet",
    "mentioned": "Nevnt",
    "yes": "ja",
    "no": "nei",
    "typical_quotes": "Typiske sitater",
    "chart_title": "{theme}: andel deltakere per tidspunkt",
    "chart_y": "Andel av intervjuede (%)",
    "longitudinal": "Longitudinell matrise: {theme}",
    "longitudinal_intro": (
        "Temaet for hver deltaker over tid (✓ = nevnt, med antall segmenter; – = ikke nevnt) og forskerens "
        "beskrivelse av endringen."
    ),
    "by_group": "{theme} etter informantgruppe",
    "framework": "Rammematrise {wave}",
    "framework_theme": "Rammematrise: {theme}",
    "trajectory": "Forløp: {title}",
    "cooccurrence": "Samforekomst av koder {split}",
    "cooccurrence_unit_turn": "Tallene teller ytringer (turer) der begge kodene forekommer.",
    "cooccurrence_unit_overlap": "Tallene teller par av overlappende segmenter.",
    "changes": "Endringer",
    "state_not_interviewed": "ikke intervjuet",
    "state_not_mentioned": "ikke nevnt",
    "state_mentioned": "nevnt",
    "cat_emerged": "dukket opp",
    "cat_increased": "økte",
    "cat_constant": "stabilt",
    "cat_decreased": "minket",
    "cat_ceased": "opphørte",
    "cat_idiosyncratic": "enkeltstående",
    "cat_absent": "fraværende",
    "cat_not_interviewed": "ikke intervjuet",
    "no_codes": "Utvalget har ingen koder.",
    "no_quotes": "Ingen kodede segmenter i utvalget.",
    "method_coders": "Kodingen er gjort av {coders}.",
    "method_coders_none": "Ingen koder har kodet i utvalget ennå.",
    "method_selection_all": "Alle koderes kodinger er tatt med.",
    "method_segment": (
        "Tellingen bruker segmenter: kodinger med samme kode (for et tema også underkodene) i samme intervju "
        "som overlapper eller ligger inntil hverandre, er ett segment, uansett hvem som kodet dem. Et "
        "tekstutdrag kodet av to kodere telles altså én gang."
    ),
    "method_selection_one": "Bare kodingene til {coders} er tatt med.",
    "method_selection_consensus": (
        "Bare tekst som alle disse koderne har kodet med samme kode er tatt med (konsensus): {coders}. "
        "Der kodingene overlapper, teller den felles delen."
    ),
    "method_codings": "Utvalget har {segments} kodede segmenter i {interviews} intervjuer.",
    "method_pipeline": "Språkbehandling (lemmaer og setninger for søk): {pipelines}.",
    "method_pipeline_none": "Ingen språkbehandling er registrert på intervjuene.",
    "method_share": (
        "Andelene regnes av deltakerne som faktisk ble intervjuet på hvert tidspunkt (n av N). En deltaker "
        "som ikke ble intervjuet på et tidspunkt, regnes som «ikke intervjuet», aldri som «ikke nevnt»."
    ),
    "method_theme": "Et tema omfatter kodingene med temaets kode og alle underkodene.",
    "agreement": "Samsvar mellom kodere",
    "agreement_intro": "Samsvar per kode (prosent enighet, Cohens kappa og Krippendorffs alfa).",
    "percent_agreement": "Enighet (%)",
    "kappa": "Kappa",
    "alpha": "Alfa",
    "change_rule": (
        "Endring mellom to påfølgende tidspunkter bestemmes av andelene p1 og p2 (n/N) med terskel {threshold}, "
        "første regel som passer gjelder: ikke intervjuet (ingen i gruppen intervjuet på et av tidspunktene); "
        "fraværende (ingen nevnte temaet); enkeltstående (bare én deltaker nevnte temaet på de to tidspunktene "
        "til sammen); dukket opp (p1 = 0 og p2 > 0); opphørte (p1 > 0 og p2 = 0); økte (p2 − p1 ≥ {threshold}); "
        "minket (p1 − p2 ≥ {threshold}); ellers stabilt."
    ),
    "quote_rule": (
        "Sitater: for hvert tidspunkt og hver informantgruppe (i prosjektets rekkefølge) inntil {n} av de mest "
        "typiske segmentene, høyst ett per deltaker. Mest typisk er segmentet der ordene (på fire bokstaver eller mer) "
        "forekommer i flest av temaets andre segmenter; segmenter på 8–80 ord går foran kortere og lengre. "
        "Sitater oppgis med gruppe, pseudonym, sted og tidspunkt, aldri med intervjuets navn."
    ),
    "chart_rule": (
        "Diagrammene viser andelen av de intervjuede som tok opp temaet, med n/N ved hvert punkt. Heltrukken "
        "linje binder sammen to tidspunkter der de samme personene ble intervjuet; stiplet linje betyr at "
        "personene ikke er de samme (panelet er ubalansert), så en endring kan skyldes hvem som ble intervjuet."
    ),
    "report_subject": "Tematisk analyse av intervjuer over tid ({project})",
    "contents": "Innhold",
    "toc_hint": "Høyreklikk og velg «Oppdater felt» for å lage innholdsfortegnelsen.",
    "caption_table": "Tabell",
    "caption_figure": "Figur",
    "consensus": "konsensus",
    "and": "og",
    "pipeline_fallback": "språkmodell: spaCy, reserveløsning med Norsk ordbank",
    "pipeline_model": "språkmodell: spaCy {model}",
    "chart_caption": "{theme}: andel av de intervjuede som tok opp temaet, per tidspunkt og gruppe (n/N ved punktene).",
    "chart_panel_note": "Stiplet linje: ikke de samme personene på de to tidspunktene.",
    "chart_alt": "Linjediagram over andelen intervjuede som tok opp temaet {theme}, per tidspunkt.",
    "longitudinal_intro_no_memo": (
        "Temaet for hver deltaker over tid (✓ = nevnt, med antall segmenter; – = ikke nevnt). Forskerens "
        "beskrivelse av endringen vises i en egen kolonne når den finnes: skriv den som et notat på deltaker "
        "og kode, for eksempel kode memo add PROSJEKT --code {code} --participant U01 --text «…»."
    ),
    "group_ansatt": "Ansatt",
    "group_eier": "Eier",
    "group_ungdom": "Ungdom",
    "more_segments": "(+ {n} segmenter til)",
    "columns": "kolonne",
    "title_theme-wave": "Temaer over tid",
    "title_framework": "Rammematriser",
    "title_cooccurrence": "Samforekomst av temaer",
    "title_trajectory": "Forløp per deltaker",
    "title_trajectory-site": "Forløp per sted",
    "legend": "Slik leses tabellene",
    "legend_segment": (
        "Et segment er et sammenhengende kodet tekstutdrag: kodinger med samme kode (for et tema også "
        "underkodene) i samme intervju som overlapper eller ligger inntil hverandre, uansett koder."
    ),
    "legend_theme_wave": (
        "Hver celle viser n/N (andel) · segmenter: n av de N deltakerne som ble intervjuet på tidspunktet "
        "(i gruppen) tok opp temaet. «ikke intervjuet»: ingen i gruppen ble intervjuet på tidspunktet."
    ),
    "legend_change": (
        "Endring mellom to tidspunkter (kolonnene T1→T2 …), etter andelene med terskel {threshold}: {marks}."
    ),
    "legend_framework": (
        "Én tabell per tema: deltakere × tidspunkter. En celle viser forskerens oppsummering (et notat på "
        "deltaker, kode og tidspunkt) eller de første kodede segmentene og hvor mange flere det er; – betyr "
        "intervjuet, men temaet ikke nevnt. Regnearket (--format xlsx) har hele teksten."
    ),
    "legend_cooccurrence": (
        "Kolonnene er nummerert som radene. Diagonalen (grå) er temaets eget antall; jo mørkere celle, jo "
        "oftere forekommer de to temaene sammen. Et tema og dets egne underkoder pares ikke (tom celle)."
    ),
    "legend_cooccurrence_codes": (
        "Tabellen viser temaene på øverste nivå. Velg andre koder med --codes (for eksempel --codes DBT,OEM); "
        "regnearket (--format xlsx) har alle kodene."
    ),
    "legend_trajectory": (
        "✓ n: temaet nevnt, med n segmenter; –: intervjuet, men temaet ikke nevnt; «ikke intervjuet»: "
        "deltakeren ble ikke intervjuet på tidspunktet."
    ),
    "level": "Nivå",
    "level_theme": "tema",
    "level_subcode": "underkode",
    "page": "Side",
}

_EN: dict[str, str] = {
    "report_title": "Interview analysis",
    "report_subtitle": "Report from {project}",
    "made": "Made {date} with kode",
    "filters": "Selection",
    "all": "all",
    "contents_corpus": "Data",
    "corpus_intro": "The table shows the interviews in the selection by site, informant group and wave.",
    "method": "Method",
    "themes": "Themes",
    "overview": "Overview: themes over time",
    "overview_intro": (
        "Each cell shows how many of the participants interviewed in the wave raised the theme (n of N), "
        "the share, and the number of coded segments."
    ),
    "appendix_codebook": "Appendix: Codebook",
    "site": "Site",
    "group": "Group",
    "wave": "Wave",
    "interviews": "Interviews",
    "words": "Words",
    "participants": "Participants",
    "participant": "Participant",
    "total": "Total",
    "theme": "Theme",
    "code": "Code",
    "definition": "Definition",
    "inclusion": "Inclusion",
    "exclusion": "Exclusion",
    "example": "Example",
    "retired": "retired",
    "segments": "Segments",
    "segments_short": "segm.",
    "n_participants": "Participants with theme (n)",
    "n_interviewed": "Interviewed (N)",
    "share": "Share",
    "state": "State",
    "change": "Change",
    "summary": "Summary",
    "change_description": "Change described by the researcher",
    "coders": "Coders",
    "coder": "Coder",
    "text": "Text",
    "count": "Count",
    "code_a": "Code A",
    "code_b": "Code B",
    "interviewed": "Interviewed",
    "mentioned": "Mentioned",
    "yes": "yes",
    "no": "no",
    "typical_quotes": "Typical quotes",
    "chart_title": "{theme}: share of participants per wave",
    "chart_y": "Share of those interviewed (%)",
    "longitudinal": "Longitudinal matrix: {theme}",
    "longitudinal_intro": (
        "The theme for each participant over time (✓ = mentioned, with the number of segments; – = not "
        "mentioned) and the researcher's description of the change."
    ),
    "by_group": "{theme} by informant group",
    "framework": "Framework matrix {wave}",
    "framework_theme": "Framework matrix: {theme}",
    "trajectory": "Trajectory: {title}",
    "cooccurrence": "Code co-occurrence {split}",
    "cooccurrence_unit_turn": "The numbers count turns in which both codes occur.",
    "cooccurrence_unit_overlap": "The numbers count pairs of overlapping segments.",
    "changes": "Changes",
    "state_not_interviewed": "not interviewed",
    "state_not_mentioned": "not mentioned",
    "state_mentioned": "mentioned",
    "cat_emerged": "emerged",
    "cat_increased": "increased",
    "cat_constant": "constant",
    "cat_decreased": "decreased",
    "cat_ceased": "ceased",
    "cat_idiosyncratic": "idiosyncratic",
    "cat_absent": "absent",
    "cat_not_interviewed": "not interviewed",
    "no_codes": "The selection has no codes.",
    "no_quotes": "No coded segments in the selection.",
    "method_coders": "Coding was done by {coders}.",
    "method_coders_none": "Nobody has coded in the selection yet.",
    "method_selection_all": "All coders' codings are included.",
    "method_segment": (
        "Counts are of segments: codings with the same code (for a theme also its sub-codes) in one interview "
        "that overlap or touch are one segment, whoever coded them. A passage coded by two coders counts once."
    ),
    "method_selection_one": "Only the codings of {coders} are included.",
    "method_selection_consensus": (
        "Only text that all these coders coded with the same code is included (consensus): {coders}. "
        "Where codings overlap, the shared part counts."
    ),
    "method_codings": "The selection has {segments} coded segments in {interviews} interviews.",
    "method_pipeline": "Language processing (lemmas and sentences for search): {pipelines}.",
    "method_pipeline_none": "No language pipeline is recorded on the interviews.",
    "method_share": (
        "Shares are taken of the participants actually interviewed in each wave (n of N). A participant not "
        "interviewed in a wave counts as “not interviewed”, never as “not mentioned”."
    ),
    "method_theme": "A theme includes the codings with the theme's code and all its sub-codes.",
    "agreement": "Agreement between coders",
    "agreement_intro": "Agreement per code (percent agreement, Cohen's kappa and Krippendorff's alpha).",
    "percent_agreement": "Agreement (%)",
    "kappa": "Kappa",
    "alpha": "Alpha",
    "change_rule": (
        "Change between two consecutive waves is decided on the shares p1 and p2 (n/N) with threshold {threshold}; "
        "the first rule that fits applies: not interviewed (nobody in the group interviewed in one of the waves); "
        "absent (nobody mentioned the theme); idiosyncratic (only one participant mentioned it in the two waves "
        "together); emerged (p1 = 0 and p2 > 0); ceased (p1 > 0 and p2 = 0); increased (p2 − p1 ≥ {threshold}); "
        "decreased (p1 − p2 ≥ {threshold}); otherwise constant."
    ),
    "quote_rule": (
        "Quotes: for each wave and informant group (in the project's order) up to {n} of the most typical "
        "segments, at most one per participant. Most typical is the segment whose words (of four letters or more) occur in "
        "the most of the theme's other segments; segments of 8–80 words come before shorter and longer ones. "
        "Quotes give group, pseudonym, site and wave, never the interview's name."
    ),
    "chart_rule": (
        "The charts show the share of those interviewed who raised the theme, with n/N at each point. A solid "
        "line joins two waves in which the same people were interviewed; a dotted line means the people differ "
        "(the panel is unbalanced), so a change may be a change of who was interviewed."
    ),
    "report_subject": "Thematic analysis of interviews over time ({project})",
    "contents": "Contents",
    "toc_hint": "Right-click and choose “Update field” to build the table of contents.",
    "caption_table": "Table",
    "caption_figure": "Figure",
    "consensus": "consensus",
    "and": "and",
    "pipeline_fallback": "language model: spaCy, fallback with the Norwegian Ordbank word list",
    "pipeline_model": "language model: spaCy {model}",
    "chart_caption": "{theme}: share of those interviewed who raised the theme, by wave and group (n/N at the points).",
    "chart_panel_note": "Dotted line: not the same people in the two waves.",
    "chart_alt": "Line chart of the share of those interviewed who raised the theme {theme}, by wave.",
    "longitudinal_intro_no_memo": (
        "The theme for each participant over time (✓ = mentioned, with the number of segments; – = not "
        "mentioned). The researcher's description of the change appears in a column of its own once written: "
        "write it as a memo on participant and code, e.g. kode memo add PROJECT --code {code} --participant U01 "
        "--text \"…\"."
    ),
    "group_ansatt": "Staff",
    "group_eier": "Owner",
    "group_ungdom": "Youth",
    "more_segments": "(+ {n} more segments)",
    "columns": "columns",
    "title_theme-wave": "Themes over time",
    "title_framework": "Framework matrices",
    "title_cooccurrence": "Co-occurrence of themes",
    "title_trajectory": "Trajectories by participant",
    "title_trajectory-site": "Trajectories by site",
    "legend": "How to read the tables",
    "legend_segment": (
        "A segment is one continuous coded passage: codings with the same code (for a theme also its "
        "sub-codes) in one interview that overlap or touch, whoever coded them."
    ),
    "legend_theme_wave": (
        "Each cell shows n/N (share) · segments: n of the N participants interviewed in the wave (in the group) "
        "raised the theme. “not interviewed”: nobody in the group was interviewed in that wave."
    ),
    "legend_change": "Change between two waves (columns T1→T2 …), on the shares with threshold {threshold}: {marks}.",
    "legend_framework": (
        "One table per theme: participants × waves. A cell shows the researcher's summary (a memo on "
        "participant, code and wave) or else the first coded segments and how many more there are; – means "
        "interviewed, theme not mentioned. The spreadsheet (--format xlsx) has the full text."
    ),
    "legend_cooccurrence": (
        "Columns are numbered like the rows. The diagonal (grey) is the theme's own count; the darker a cell, "
        "the more often the two themes occur together. A theme and its own sub-codes are not paired (empty)."
    ),
    "legend_cooccurrence_codes": (
        "The table shows the top-level themes. Choose other codes with --codes (e.g. --codes DBT,OEM); the "
        "spreadsheet (--format xlsx) has every code."
    ),
    "legend_trajectory": (
        "✓ n: theme mentioned, with n segments; –: interviewed, theme not mentioned; “not interviewed”: the "
        "participant was not interviewed in that wave."
    ),
    "level": "Level",
    "level_theme": "theme",
    "level_subcode": "sub-code",
    "page": "Page",
}

LABELS: dict[Lang, dict[str, str]] = {"nb": _NB, "en": _EN}

CHANGE_MARKS = {
    "emerged": "↗",
    "increased": "↑",
    "constant": "→",
    "decreased": "↓",
    "ceased": "↘",
    "idiosyncratic": "•",
    "absent": "∅",
    "not_interviewed": "·",
}


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise InputError(f"--lang {lang!r}: choose nb (bokmål) or en")
    return "nb" if lang == "nb" else "en"


class Labels:
    def __init__(self, lang: str = "nb") -> None:
        self.lang: Lang = check_lang(lang)
        self.words = LABELS[self.lang]

    def __call__(self, key: str, **values: object) -> str:
        text = self.words[key]
        return text.format(**values) if values else text

    def group(self, name: str) -> str:
        """The group's label for attribution (``ungdom`` → ``Ungdom``/``Youth``); other groups as named."""
        key = f"group_{name.casefold()}"
        return self.words.get(key, name[:1].upper() + name[1:])

    def state(self, state: str) -> str:
        return self.words[f"state_{state}"]

    def category(self, category: str) -> str:
        return self.words[f"cat_{category}"]

    def marked(self, category: str) -> str:
        return f"{CHANGE_MARKS[category]} {self.category(category)}"

    def percent(self, share: float | None) -> str:
        if share is None:
            return "–"
        value = round(share * 100)
        return f"{value}\u00a0%" if self.lang == "nb" else f"{value}%"  # no-break space: never «40» / «%»

    def number(self, value: float, digits: int = 2) -> str:
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if self.lang == "nb" else text

    def attribution(self, group: str, pseudonym: str | None, site: str, wave: str) -> str:
        who = f"{self.group(group)} {pseudonym}" if pseudonym else self.group(group)
        return f"({who}, {site}, {wave})"
