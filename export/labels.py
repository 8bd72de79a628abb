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
    "method_pipeline": "Språkbehandling registrert på intervjuene: {pipelines}.",
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
        "Typiske sitater: de {n} segmentene med lengde nærmest medianlengden for temaets segmenter, høyst ett per "
        "deltaker, ordnet etter tidspunkt. Sitater oppgis med gruppe, pseudonym, sted og tidspunkt."
    ),
    "group_ansatt": "Ansatt",
    "group_eier": "Eier",
    "group_ungdom": "Ungdom",
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
    "method_pipeline": "Language pipeline recorded on the interviews: {pipelines}.",
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
        "Typical quotes: the {n} segments whose length is closest to the median length of the theme's segments, "
        "at most one per participant, in wave order. Quotes give group, pseudonym, site and wave."
    ),
    "group_ansatt": "Staff",
    "group_eier": "Owner",
    "group_ungdom": "Youth",
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
        return f"{value} %" if self.lang == "nb" else f"{value}%"

    def number(self, value: float, digits: int = 2) -> str:
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if self.lang == "nb" else text

    def attribution(self, group: str, pseudonym: str | None, site: str, wave: str) -> str:
        who = f"{self.group(group)} {pseudonym}" if pseudonym else self.group(group)
        return f"({who}, {site}, {wave})"
