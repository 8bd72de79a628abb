"""Find direct identifiers in one interview's canonical text.

Pure functions over a text and its utterance spans: nothing here touches the database, so each
detector is tested on strings. :mod:`intervju.deid.scan` stores what they find.

Order matters where spans overlap: patterns (e-mail, fødselsnummer, phone, car registration,
date of birth) claim their characters first, then the project's own lists from the key file,
institution phrases, municipality names, single words (listed names, misspellings of known names,
capitalised words Ordbank does not know), and last the trained pipeline's entities.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

#: Kind → the tag's prefix in the de-identified text.
KINDS: dict[str, str] = {
    "person": "NAVN",
    "place": "STED",
    "institution": "INSTITUSJON",
    "phone": "TELEFON",
    "email": "EPOST",
    "fnr": "FØDSELSNUMMER",
    "birthdate": "FØDSELSDATO",
    "age": "ALDER",
    "car": "REGNR",
}

#: Letters: Latin-1 and Latin Extended-A/B, so that names in Polish, Czech, Baltic, Turkish or Sami
#: spelling (``Wiśniewska``, ``Łukasz``, ``Žaneta``, ``Ánde``, ``Iŋgá``) are whole words, and
#: combining marks, for text in decomposed form. A name cut at its first such letter would leave
#: the rest behind after apply.
_L = "A-Za-zÀ-ÖØ-öø-ɏ\u0300-\u036f"
#: Capitals: Latin-1's, and all of Latin Extended-A/B (upper and lower alternate there; a word
#: opening with a lower-case letter from that block is too rare in Norwegian text to matter).
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ɏ"
_WORD = re.compile(rf"[{_L}][{_L}'’]*(?:-[{_L}][{_L}'’]*)*")
_SENTENCE_OPENERS = frozenset(".!?:;«\"“”()[]–—…\n")

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
FNR = re.compile(r"(?<![\d\w])(\d{6}) ?(\d{5})(?![\d\w])")
#: A Norwegian bank account number as people write it: ``1234 56 78901``, ``1234.56.78901``.
ACCOUNT = re.compile(r"(?<![\d\w])\d{4}([ .])\d{2}\1\d{5}(?![\d\w])")
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)47[\s-]?)?"
    r"(?:[2-9]\d{7}|[2-9]\d{2}[ -]\d{2}[ -]\d{3}|[2-9]\d[ -]\d{2}[ -]\d{2}[ -]\d{2}|[2-9]\d{3}[ -]\d{4})"
    r"(?![\w])"
)
CAR = re.compile(rf"(?<![\w])[{_UPPER}]{{2}}[ -]?\d{{5}}(?![\w])")
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_DATE = (
    rf"\d{{1,2}}\.\s?(?:{_MONTHS})(?:\s+(?:19|20)\d{{2}})?"
    r"|\d{1,2}\.\d{1,2}\.(?:(?:19|20)\d{2}|\d{2})"
    r"|\d{1,2}/\d{1,2}(?:/(?:(?:19|20)\d{2}|\d{2}))?"
    r"|(?:19|20)\d{2}"
)
BIRTHDATE = re.compile(
    rf"\b(?:født|fødd|bursdag|bursdagen|fødselsdag|fødselsdagen|fødselsdato)\b[^.!?\n]{{0,30}}?\b(?P<date>{_DATE})",
    re.IGNORECASE,
)
_TEENS = "ti|elleve|tolv|tretten|fjorten|femten|seksten|sytten|atten|nitten|tjue"
AGE = re.compile(rf"\b(?:\d{{1,2}}|{_TEENS})(?:\s?år(?:\s+gammel)?|-åring(?:en)?)\b", re.IGNORECASE)

#: Institution nouns that follow a capitalised name as a separate word ("Fjellheim skole").
_INSTITUTION_NOUNS = (
    "videregående skole|vidaregåande skule|videregående|vidaregåande|ungdomsskole|ungdomsskule|barneskole|"
    "barneskule|katedralskole|folkehøgskole|folkehøgskule|kulturskole|skole|skule|barnehage|fylkeskommune|"
    "kommune|universitetssykehus|universitetssjukehus|sykehus|sjukehus|hospital|politistasjon|politidistrikt|"
    "voksenopplæring|vaksenopplæring|PPT|PP-tjeneste|barneverntjeneste|helsetjeneste|ungdomsklubb|"
    "fritidsklubb|bibliotek|Turn|turnforening|IF|FK|BK|SK|idrettsforening|fotballklubb|håndballklubb|skiklubb|"
    "universitet|universitetet|høgskole|høgskule|høyskole|menighet|bedehus|"
    "behandlingssenter|bo- og behandlingssenter|ungdomssenter|senter|klinikk|institusjon|"
    "barnevernsinstitusjon|ungdomshjem|barnehjem|fengsel|DPS|BUP|idrettslag|IL|menighet|kirke|"
    "barnevernstjeneste|barnevern|helsestasjon|legekontor|legesenter|"
    # Sports clubs by their suffix (Gjøvik FF, Raufoss IL), local branches of associations
    # (Troms legeforening), and more public and care services named after their place.
    "FF|IK|HK|TIF|OIL|legeforening|sykepleierforbund|lokallag|fylkeslag|sanitetsforening|bondelag|"
    "idrettskrets|fotballkrets|vgs|VGS|sykehjem|omsorgssenter|bo- og omsorgssenter|tannklinikk|legevakt|"
    "krisesenter|asylmottak|kulturhus|ungdomshus|museum|tingrett|lagmannsrett|brannvesen|stadion"
)
def _either_case(nouns: str) -> str:
    """The nouns alternation with each lower-case noun also capitalised ("Nordbakken Ungdomshjem")."""
    out = []
    for noun in nouns.split("|"):
        out.append(noun)
        if noun[:1].islower():
            out.append(noun[0].upper() + noun[1:])
    return "|".join(out)


INSTITUTION_PHRASE = re.compile(
    # The lookahead first: most positions fail on it at once (every alternative opens with a capital).
    rf"(?=[{_UPPER}])(?<![\w])(?P<head>(?:St\. )?[{_UPPER}][\w'’-]*(?: (?:og )?[{_UPPER}][\w'’-]*)*) "
    rf"(?:{_either_case(_INSTITUTION_NOUNS)})(?![\w])"
)
_CAP = rf"[{_UPPER}][\w'’-]*"
#: Organisations by their pattern, tried before everything but the fixed formats: public bodies
#: (``NAV Narvik``, ``Bufetat region nord``, ``Statens vegvesen``, ``Sykehuset i Vestfold``),
#: health trusts and companies by their legal suffix (``Helgelandssykehuset HF``, ``Nordlys Omsorg
#: AS``), a company's trade noun (``Skagerak Energi``), a newspaper named after ``avisen``.
_BODY_PREFIXES = (
    "Sykehuset|Sjukehuset|Helse|Universitetssykehuset|Universitetssjukehuset|Universitetet|Høgskolen|Høgskulen|"
    "Sparebanken|Stiftelsen|Kirkens"
)
ORGANISATION = re.compile(
    rf"(?=[{_UPPER}])(?<![\w])(?:"
    rf"(?:NAV|Nav) {_CAP}(?: {_CAP})?"
    # A national body's region (``Bufetat region Midt-Norge``, ``Kriminalomsorgen region sør``).
    rf"|[{_UPPER}][\w-]*,? region (?:[Mm]idt-Norge|[Nn]ord-Norge|[Ss]ørøst|[Ss]ørvest|[Nn]ordvest|[Nn]ordøst|"
    rf"[Nn]ord|[Ss]ør|[Øø]st|[Vv]est|[Mm]idt|{_CAP})(?![\w-])"
    rf"|Statens (?:[a-zæøå]+|[{_UPPER}][\w-]*)"
    # ``Helse Møre og Romsdal``, but ``Helse Bergen og Helse Førde`` are two.
    rf"|(?:{_BODY_PREFIXES}) (?:i |på )?{_CAP}(?: (?:og (?!(?:{_BODY_PREFIXES}) ))?{_CAP})*(?: (?:HF|RHF))?"
    rf"|(?:Statsforvalteren|Statsforvaltaren|Fylkesmannen|Politiet|Tingretten|Lagmannsretten) (?:i|på) {_CAP}(?: og {_CAP})?"
    rf"|{_CAP}(?: (?:og )?{_CAP})* (?:HF|RHF|ASA|AS|SA|IKS|KF|BA|ANS|DA)"
    rf"|{_CAP} (?:Energi|Kraft|Nett|Bygg|Eiendom|Transport|Omsorg|Helse|Vekst|Tiltak|Ungdomstiltak|Holding|"
    rf"Gruppen|Consult|Invest|Entreprenør|Barnevern|Miljøterapi|Kompetanse|Utvikling|Arkitekter|Regnskap|"
    rf"Rør|Elektro|Maskin|Bil|Media|Reklame|Data|Service|Renhold|Vakt|Sikkerhet|Sparebank|Bank|Båtservice|"
    rf"Tidende|Avis|Blad|Arbeiderblad|Budstikke|Dagblad|"
    # A yard, a works or a plant named after its town (``Ulstein Verft``, ``Mandal Mekaniske``):
    # the company, whose name the town only opens.
    rf"Verft|Verksted|Mekaniske|Shipping|Rederi|Sjømat|Seafood|Fiskeindustri|Slakteri|Bryggeri|Meieri|"
    rf"Trelast|Smelteverk|Aluminium|Industrier|Industri)"
    # A city's district as the body that runs its services (``Bydel Stovner``, ``Bydel Gamle Oslo``):
    # the district's administration, whose child welfare and health services people deal with.
    rf"|Bydel {_CAP}(?: {_CAP})?"

    rf"|(?<=avisen )(?:{_CAP})|(?:Avisa|Avisen) {_CAP}"
    # A national broadcaster's or body's regional branch or channel (``NRK Nordland``, ``NRK
    # Sport``, ``Fagforbundet Troms``, ``Mental Helse Agder``): the branch names its region.
    rf"|(?:NRK|TV 2|TV2|Fagforbundet|Fellesorganisasjonen|Sykepleierforbundet|Norsk Sykepleierforbund|NSF|"
    rf"Legeforeningen|Utdanningsforbundet|Naturvernforbundet|Bondelaget|Norges Bondelag|Røde Kors|Blå Kors|"
    rf"Mental Helse|Redd Barna|Kirkens Bymisjon|Frelsesarmeen|Norsk Folkehjelp|Sanitetsforeningen|"
    rf"Idrettskretsen|Fotballkretsen|Ungdomsrådet|Elevrådet) {_CAP}(?: og {_CAP})?"
    # A club named after its place and its own name, with a slash (``Bodø/Glimt``).
    rf"|{_CAP}/{_CAP}"
    # A club named with its prefix (``FK Haugesund``, ``IK Start``, ``IL Varegg``) or its sport
    # (``Sogndal Fotball``): the club, not the town or the everyday word.
    rf"|(?:FK|IK|IL|IF|SK|BK|FF|TIF|SIF) {_CAP}"
    rf"|{_CAP} (?:Fotball|Håndball|Ishockey|Hockey|Basket|Friidrett|Turn|Svømming|Volleyball)"
    rf"|(?:BUP|DPS|PPT|PPT-tjenesten|UNN|Familievernkontoret|Barnevernvakta|Barnevernvakten) {_CAP}"
    # Regional knowledge and competence centres named by their region (``RKBU Midt-Norge``,
    # ``RBUP Øst og Sør``, ``RVTS Nord``, ``KoRus Bergen``): the centre, not the region.
    rf"|(?:RKBU|RBUP|RVTS|KoRus|Statped) {_CAP}(?: og {_CAP})?"
    # Hospitals named after a saint (``St. Olavs hospital``, ``på St. Olav``, ``St. Elisabeth``):
    # the hospital, not the saint's name nor the place of the gazetteer; not the street, square or
    # church named after the same saint (``St. Olavs gate``, ``St. Olavs plass``).
    rf"|(?:St\.|Sankt) (?:Olavs?|Elisabeths?|Josephs?|Josefs?|Franciskus)(?: (?:hospital|Hospital|sykehus|sjukehus))?"
    rf"(?: HF)?(?! (?:gate|gata|gt\.|plass|vei|veg|kirke|kyrkje|katedral|domkirke|orden|den hellige)(?![\w]))"
    rf"|(?:Kafé|Kafe|Café|Cafe|Restaurant|Hotell|Hotel|Pub|Kiosken|Butikken|Frisør|Treningssenteret) "
    rf"{_CAP}(?: {_CAP})*"
    rf"|[{_UPPER}][\w-]*(?:huset|senteret|gruppen|byrået|klinikken|tjenesten) (?:Nord|Sør|Øst|Vest|Midt|Norge)"
    rf")(?![\w])"
)
#: A club named with its founding year (``Djerv 1919``, ``Sarpsborg 08``) by someone who plays for
#: it or supports it.
CLUB_YEAR = re.compile(
    r"(?<![\w])(?i:spilte|spiller|spelte|speler|spelar|spille|spele|trener|trente|heier|heiet|heia|heiar) "
    rf"(?:på|for|med) (?P<club>{_CAP} (?:18\d\d|19\d\d|20\d\d|0\d))(?![\w])")
#: Shop and service chains people work in. Named alone they identify nobody (they stay in
#: :data:`ALLOWED_WORDS`); as someone's workplace, or as a branch named by its place (``Kiwi på
#: Strømmen``), they are that workplace.
CHAINS = (
    "Kiwi", "Rema 1000", "Rema", "Coop Extra", "Coop Prix", "Coop Mega", "Coop Obs", "Coop Marked", "Coop",
    "Extra", "Prix", "Meny", "Joker", "Spar", "Bunnpris", "Obs", "Europris", "Circle K", "Shell", "Esso", "Uno-X",
    "Burger King", "McDonald's", "Peppes", "Narvesen", "Vinmonopolet", "Apotek 1", "Vitusapotek", "Boots",
    "Elkjøp", "Power", "XXL", "Intersport", "Clas Ohlson", "Nille", "Normal", "Jula", "Biltema", "Plantasjen",
    "Cubus", "Lindex", "Dressmann", "KappAhl", "Bohus", "Jysk", "Kid", "Thon",
    # Furniture stores and hotel chains (a hotel's branch is named by its place or its own name:
    # ``Scandic Bystranda``, ``Clarion Hotel Air``).
    "IKEA", "Ikea", "Rusta", "Scandic", "Clarion", "Radisson", "Quality Hotel", "Comfort Hotel",
)
_CHAIN = "|".join(re.escape(c) for c in sorted(CHAINS, key=len, reverse=True))
#: Words after which ``på``/``i`` and a capitalised name give someone's workplace (``jobbe på
#: Coop Extra``, ``sommerjobb på Rema 1000``).
_WORK_CUES = frozenset({
    "jobb", "jobben", "jobbe", "jobber", "jobbet", "jobba", "jobbar", "sommerjobb", "sommerjobben", "deltidsjobb",
    "deltidsjobben", "helgejobb", "helgejobben", "ekstrajobb", "ekstrahjelp", "arbeide", "arbeider", "arbeidet",
    "arbeida", "praksis", "praksisplass", "lærling", "lærlingplass", "læreplass", "læreplassen", "ansatt",
})
#: A chain's shop named as such (``Kiwi-butikken``): the local branch, someone's shop.
_CHAIN_SHOP = re.compile(rf"(?<![\w-])(?P<chain>{_CHAIN})-(?:butikken|butikk|butikkene|sjappa|sjappe|sjappen)(?![\w])")
#: What someone is called, in quotes: ``sier «X»``, ``kaller ham «X»``.
_NICKNAME = re.compile(
    rf"(?<![\w])(?i:sier|seier|sei|sa|kaller|kallar|kalla|kalte|kalles|heter|het|hete)(?:['’](?i:n|a))? "
    rf"(?:(?i:ham|han|henne|ho|hu|meg|mæ|deg|dæ|oss|dem|dæm) )?(?:(?i:bare|berre|bære|alltid|for) )?"
    rf"[«\"“](?P<name>{_CAP})[»\"”]")
#: ``«Bjønnen» som ungdommene kaller ham``: the name in quotes before the calling.
_NICKNAME_BEFORE = re.compile(
    rf"[«\"“](?P<name>{_CAP})[»\"”],? som (?:[\w]+ ){{0,3}}(?i:kaller|kallar|kalla|kalte|kalles|sier|seier|sa) ")
#: An online name: letters with an underscore, or letters then two or more digits (``vetle_nrk``,
#: ``glimtjenta04``), or a gamer tag framed by ``xX … Xx``: a handle names one person as surely as
#: a name, and the capital rules never see it (it is written in lower case).
_HANDLE = re.compile(
    r"(?<![\w@./-])(?:[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå0-9]*_[A-Za-zÆØÅæøå0-9_]+|[A-Za-zÆØÅæøå]{3,}[0-9]{2,}"
    r"|xX[A-Za-zÆØÅæøå0-9]+Xx"
    # "L0fotLynet", "PierogiPrinc3": a capital, a digit somewhere and a capital inside the word
    r"|(?=[A-Za-zÆØÅæøå0-9]*[0-9])(?=[A-Za-zÆØÅæøå0-9]*[a-zæøå0-9][A-ZÆØÅ])[A-ZÆØÅ][A-Za-zÆØÅæøå0-9]{5,})"
    r"(?![\w@-]|\.[A-Za-z])")
#: A body written as one word, then a capitalised word: its branch by town (see :func:`_detect_utterance`).
_BRANCH_WORDS = ("sykehuset ", "sjukehuset ", "klinikken ", "senteret ", "skolen ")
_BRANCH = re.compile(rf"(?<![\w])(?P<body>[{_UPPER}][\w]*(?:sykehuset|sjukehuset|klinikken|senteret|skolen)) "
                     rf"(?P<place>{_CAP}(?: og {_CAP})?)(?![\w])")
#: ``på``/``i`` before a capital: the cheap anchor :func:`_workplaces` looks back from.
_PREP_CAPITAL = re.compile(rf"(?<![\w])(?:på|i) (?=[{_UPPER}])")
_WORKPLACE_NAME = re.compile(rf"{_CAP}(?: {_CAP})*(?: \d+)?(?![\w])")
_CHAIN_BEFORE = re.compile(rf"(?<![\w])(?:{_CHAIN}) $")
_ROLE_BETWEEN = re.compile(r"(?<![\w])([\wæøå]+) som $")
_CHAIN_WORDS = frozenset(w.casefold() for c in CHAINS for w in c.split())

#: A street address: a street name (``Storgata``, ``Fjellveien``, ``Kongens gate``) and its house
#: number (``12``, ``4B``). The number identifies as much as the name, so it is in the candidate.
_STREET_ENDINGS = (
    "gata|gaten|gate|veien|vegen|vei|veg|allé|alle|plass|plassen|stien|svingen|bakken|lia|løkka|tunet|ringen|"
    "kroken|brygga|kaia|haugen|åsen|jordet|myra|moen|vika|lunden|grenda|feltet|sletta|toppen|dalen|skogen"
)
ADDRESS = re.compile(
    rf"(?<![\w])(?:[{_UPPER}][\w'’-]*(?:{_STREET_ENDINGS})|{_CAP} (?:gate|gata|vei|veg|allé|plass)) "
    rf"\d{{1,4}}(?:[A-Za-z](?![\w]))?(?![\w]| ?(?:år|måneder|måneders|uker|dager|ganger|timer|minutter|prosent|"
    rf"kroner|kr|km|mil|meter|stk|stykker|personer|ansatte|ungdommer|elever|barn)(?![\w]))"
)
_DIGIT = re.compile(r"\d")
_NON_WORD = re.compile(r"[^\w]+")
_MID_CAPITAL = re.compile(rf"[{_L}] [{_UPPER}]")
#: A name given by ``heter``/``kalles`` (``læreren heter Strand``) is a person's, unless what is
#: named is a place (``stedet heter Vik``).
_NAMED_BEFORE = re.compile(r"(?<![\w])(?:heter|het|hette|hete|heite|heiter|heitte|heta|kalles|kaltes|kalt) $")
#: What has a name and is no one: places, and a programme, a game, a song, a book, a method, a
#: group, a firm (``stedet heter Vik``, ``serien heter Skam``, ``Hva heter skolen?``).
_NAMED_THINGS = (
    r"(?:stedet|plassen|byen|bygda|bygden|gården|garden|øya|gata|veien|vegen|kommunen|tettstedet|"
    r"grenda|området|fjellet|vatnet|vannet|elva|elven|dalen|fylket|landsbyen|øyene|sentrum|"
    r"serien|serie|programmet|spillet|sangen|songen|låta|låten|boka|boken|filmen|appen|gruppa|gruppen|"
    r"metoden|modellen|kurset|prosjektet|bandet|laget|klubben|skolen|skulen|firmaet|butikken|huset|"
    r"avdelingen|avdelinga|enheten|tiltaket|opplegget|rommet|båten|bilen|institusjonen|stedet|plassen|"
    r"barnevernet|kontoret|senteret|sykehuset|sjukehuset|firmaet|bedriften|jobben|klassen|partiet)")
_PLACE_NAMED_BEFORE = re.compile(
    rf"(?<![\w]){_NAMED_THINGS}"
    r"(?: [\wæøå]+){0,2} (?:heter|het|hette|kalles|kaltes|kalt) $"
    # "i det som da het Hedmark", "på et sted som heter Vik": a place preposition just before.
    r"|(?<![\w])(?:i|på|fra|til|ved) (?:det|noe|(?:et|en|ei) (?:sted|plass|by|bygd|tettsted|område|land)) "
    r"(?:som )?(?:da |nå |før )?(?:heter|het|hette|kalles|kaltes|kalt) $"
    # "det som før het Nord-Trøndelag", "det som nå heter Innlandet": what *det* names is a thing
    # or a place (a person is *han/hun som het*).
    r"|(?<![\w])det som (?:da |nå |før |tidligere |en gang )?(?:heter|het|hette|kalles|kaltes|ble kalt) $"
    # "det heiter Vestland no": *det* as the subject names a thing or a place, in any dialect.
    r"|(?<![\w])(?:det|de|d) (?:heter|het|hette|hete|heite|heiter|heitte|heta|kalles) $",
    re.IGNORECASE,
)

#: A title after the noun that says what it is (``sangen Vinsjan på kaia``, ``serien Himmelblå``,
#: ``boka Brødrene Løvehjerte``, ``musikk fra Kaizers Orchestra``): a song, a programme, a book
#: or a band names no one in the study, and its words are not candidates.
TITLE = re.compile(
    rf"(?<![\w])(?:sangen|songen|låta|låten|singelen|albumet|plata|platen|bandet|serien|tv-serien|"
    rf"programmet|tv-programmet|radioprogrammet|showet|podkasten|podcasten|podden|filmen|boka|boken|romanen|"
    rf"tegneserien|spillet|dataspillet|appen|kanalen|forestillingen|musikalen|musikk fra|musikk av) "
    rf"(?P<title>{_CAP}(?: (?:og |i |på |av |fra )?{_CAP})*)(?![\w])"
)

#: Compounds written as one word ("Bakkeskolen", "Nordlandssykehuset").
_INSTITUTION_SUFFIXES = (
    "skole", "skolen", "senter", "senteret", "sykehus", "sykehuset", "sjukehuset", "barnehage", "barnehagen",
    "klinikk", "klinikken", "kommune", "hjemmet", "heimen", "gården", "tunet", "koret", "korpset",
    "klubben", "foreningen", "laget", "festivalen", "festival", "avisa", "avisen", "posten", "bladet",
    "huset", "byrået",
)
#: A word after which the capitalised word before it names an organisation ("Ørnes IL", "Bodø
#: kommune"), not a person: such a use is no evidence that the word is a name.
#: A sports club's suffix (``Odds BK``, ``Brann SK``): strong enough that the word before it is the
#: club even where it opens a sentence and is an everyday word.
_CLUB_SUFFIXES = frozenset({"FF", "IK", "HK", "TIF", "OIL", "IF", "FK", "BK", "SK", "IL"})
#: A match's verb after a club named by an everyday word (``Brann slo dei``, ``Viking vant``).
_MATCH_VERB = re.compile(r" (?:slo|slår|vant|vinn|vinner|tapte|tapa|taper|spelte|spilte|scora|scoret|møtte|møter|"
                         r"rykka|rykket|knuste|banka|banket)(?![\w])")
#: Words that say the talk is of sport: an everyday-word club name (``Viking``, ``Start``) opening
#: a sentence of such an utterance is the club.
_SPORT = re.compile(
    r"(?<![\w])(?:kamp|kampen|kamper|kampene|hjemmekamp\w*|bortekamp\w*|fotball\w*|håndball\w*|heier|heia|"
    r"heie|supporter\w*|tabellen|scoret|scora|årskort|stadion|stadionet|eliteserien|obos-ligaen|cupfinalen|"
    r"nedrykk\w*|opprykk\w*|keeper\w*|spiss|trenerne|cupen|cupkamp\w*|seriekamp\w*)(?![\w])", re.IGNORECASE)
_ORG_WORD = re.compile(rf"^(?:{_INSTITUTION_NOUNS}|HF|RHF|ASA|AS|fylkeskommune)$")
_MARKER = re.compile(r"\[[^\]\n]{0,60}\]|\((?:[a-zæøå .,?!-]{0,40})\)")
_PSEUDONYM = re.compile(rf"^[{_UPPER}]{{1,3}}\d{{1,3}}$")
#: A title or role just before a word (``doktor Berg``, ``fru Vik``, ``kontaktlæreren min, Kvam``):
#: what follows is a person's name even where the gazetteer knows it as a place.
_TITLES = (
    "doktor|dr\\.|lege|legen|overlege|rektor|rektoren|lærer|læreren|lærar|læraren|kontaktlærer|kontaktlæreren|"
    "kontaktlærar|kontaktlæraren|fru|herr|frøken|ordfører|ordføreren|advokat|advokaten|professor|pastor|prest|"
    "presten|psykolog|psykologen|sjef|sjefen|saksbehandler|saksbehandleren|saksbehandlar|terapeut|terapeuten|"
    "miljøterapeut|miljøterapeuten|trener|treneren|kollega|kollegaen|nabo|naboen|betjent|konstabel|"
    "stortingsrepresentant|statsråd|minister|direktør|direktøren|helsesykepleier|helsesøster|sykepleier|"
    "sykepleieren|onkel|tante|søster|bror|kompis|kompisen|venninne|venninna|kjæreste|kjæresten"
)
_TITLE_BEFORE = re.compile(
    rf"(?<![\w])(?i:{_TITLES})(?: (?:min|mi|mitt|vår|hans|hennes|deres|din|di|vår))?,? $"
)
#: Prepositions before a place, bokmål, nynorsk and dialect (``frå Evje``, ``te Sverige``, ``ifrå Grong``).
_PLACE_PREPOSITIONS = frozenset({
    "i", "på", "fra", "til", "ved", "nær", "utenfor", "mot", "rundt", "gjennom", "frå", "ifrå", "ifra", "te", "tel",
    "langs", "forbi", "via", "innenfor", "innafor", "utafor", "oppi", "nedi", "borti", "uti", "inni", "utpå",
    "innpå", "oppå", "bortpå"})

#: Capitalised words that are neither persons nor places in these transcripts: services, brands,
#: acronyms of the field, hesitation sounds. Compared casefolded.
ALLOWED_WORDS = frozenset(
    w.casefold()
    for w in (
        "Bufetat", "Bufdir", "BUP", "DPS", "NAV", "DBT", "OEM", "HF", "Helse", "Helsenorge",
        "Statsforvalteren", "Statsforvaltaren", "Fylkesmannen", "Barneombudet", "Facebook", "Snapchat", "Instagram", "TikTok",
        "Messenger", "Teams", "Zoom", "Google", "YouTube", "Netflix", "PlayStation", "Xbox", "Spotify",
        "Discord", "Fortnite", "Minecraft", "FIFA", "Snap", "Insta", "FaceTime", "iMessage", "Telegram", "BeReal",
        "Tinder", "Kahoot", "Twitter", "Pinterest", "Tumblr", "Steam", "Viaplay", "HBO", "Disney", "Wattpad",
        "Duolingo", "ChatGPT", "Outlook", "Gmail", "Hotmail", "Skype", "Valorant", "Roblox", "Vipps", "BankID", "iPad", "iPhone", "Mac", "Norge",
        "Norden", "Europa", "Jul", "Julaften", "Påske", "Gud", "Jesus", "Corona", "Covid", "Ok", "Okei",
        "Mm", "Mhm", "Hm", "Hmm", "Eh", "Ehm", "Øh", "Æh", "Ja", "Nei", "Jo", "Ikke", "Altså", "Liksom",
        "Jaja", "Neida", "Jada", "ASEBA", "BPM", "Tenor",
        # Feast days and the lottery: when, and what one wins, not where or who.
        "Olsok", "Jonsok", "Sankthans", "Pinse", "Nyttår", "Allehelgen", "Lotto", "Extra", "Keno",
        # Programmes, media and chains people mention: not who or where anyone is.
        "NRK", "TV2", "TVNorge", "VG", "Dagbladet", "Aftenposten", "Dagsnytt", "Dagsrevyen", "Debatten",
        "Urix", "Brennpunkt", "Supernytt", "Skavlan", "Farmen", "Skam", "Exit", "Kiwi", "Rema", "Coop", "Meny",
        "Bunnpris", "Joker", "Obs", "Elkjøp", "Power", "XXL", "McDonald's", "Burger", "Peppes", "Wikipedia",
        "WhatsApp", "Roblox", "Twitch", "Reddit", "Vinmonopolet", "Finn", "Ruter", "Vy", "Circle", "Volvo",
        "Tesla", "Toyota", "Audi", "BMW", "Golf", "Mercedes", "Scandic", "Clarion", "Radisson", "Rusta", "IKEA", "Sjøfartsdirektoratet", "Helsedirektoratet",
        "Utdanningsdirektoratet", "Skatteetaten", "Lånekassen", "Barneombudet", "Stortinget", "Regjeringen",
    )
)


#: Labels of lines that describe a recording rather than being said in it (``Program: …``,
#: ``Deltakere: …``); compared casefolded. Such lines, and lines opening with ``#``, are never scanned.
HEADER_LABELS = frozenset({
    "program", "programmet", "deltakere", "deltagere", "kilde", "dato", "tid", "tidspunkt", "sted", "opptak",
    "opptaksdato", "intervjuer", "intervjuere", "informant", "transkribert av", "transkribent", "transkribering",
    "varighet", "lengde", "tittel", "fil", "lydfil", "filnavn", "prosjekt", "kommentar", "merknad", "merknader",
    "notat", "emne", "tema", "sending", "kanal", "episode", "sesong", "medvirkende", "til stede", "tilstede",
})
_HEADER_LINE = re.compile(rf"^\s*(?:#|(?:{'|'.join(sorted(HEADER_LABELS, key=len, reverse=True))})\s*:)", re.IGNORECASE)


def speech_spans(text: str, turns: Sequence[tuple[str | None, int, int]]) -> list[tuple[int, int]]:
    """The parts of ``turns`` (label, start, end) that are speech: a turn whose label is a header
    key is left out, and so is any line inside a turn that opens with ``#`` or a header key. A
    comment line at the top of a transcript once gave a hundred false candidates."""
    out: list[tuple[int, int]] = []
    for label, start, end in turns:
        if label is not None and " ".join(label.casefold().split()) in HEADER_LABELS:
            continue
        pos = start
        for line in text[start:end].split("\n"):
            stop = pos + len(line)
            if line.strip() and not _HEADER_LINE.match(line):
                out.append((pos, stop))
            pos = stop + 1
    return out


@dataclass(frozen=True)
class Found:
    """One candidate: ``text == full_text[start:end]``; ``form`` decides which tag it gets."""

    kind: str
    start: int
    end: int
    text: str
    source: str
    form: str


@dataclass
class Lists:
    """What the detectors look names up in; all forms casefolded."""

    first_names: frozenset[str] = frozenset()
    surnames: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    #: Organisations no pattern tells (regional newspapers), from ``organisasjoner.txt``.
    organisations: frozenset[str] = frozenset()
    #: The given names of Norway's own list (a subset of ``first_names``): a genitive that is
    #: one of them (``Hans``, ``Jonas``) is that name, not another name's genitive; names from
    #: abroad (``Elis``) do not outweigh the commoner reading (``Elis kontor``: Eli's).
    home_first_names: frozenset[str] | None = None
    #: The first words of ``organisations`` (a cheap test before phrases are built).
    organisation_firsts: frozenset[str] = frozenset()
    #: National public bodies named alone (``Bufetat``, ``Stortinget``), from ``etater.txt``: the
    #: alternation :func:`_national_bodies` matches, or ``None`` for none.
    bodies: re.Pattern[str] | None = None
    #: The project's own lists (from the key file): phrase → kind.
    project_phrases: dict[str, str] = field(default_factory=dict)
    #: Words never flagged by the capital rule: sites, groups, waves, pseudonyms, speaker labels.
    ignore: frozenset[str] = frozenset()


@dataclass
class Evidence:
    """How the project's transcripts write each word, gathered over all of them before detection.

    A word that only ever appears with a capital, and somewhere inside a sentence, is a name even
    where it opens a sentence ("Geir sier …" after "… Geir Hovland …"): ``seen`` holds such words
    (casefolded), ``persons`` those of them seen at least once other than after a place preposition.
    """

    seen: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)
    lower: set[str] = field(default_factory=set)

    def add(self, text: str, spans: Sequence[tuple[int, int]]) -> None:
        for a, b in spans:
            seg = text[a:b]
            masked = _MARKER.sub(lambda m: " " * len(m.group()), EMAIL.sub(lambda m: " " * len(m.group()), seg))
            words = [(m.start(), m.group()) for m in _WORD.finditer(masked)]
            for k, (pos, word) in enumerate(words):
                norm = word.casefold()
                if not word[0].isupper():
                    self.lower.add(norm)
                elif not word.isupper() and not _is_initial(masked, pos, 0):
                    self.seen.add(norm)
                    prev = words[k - 1][1].casefold() if k else ""
                    nxt = words[k + 1][1] if k + 1 < len(words) else ""
                    if prev not in _PLACE_PREPOSITIONS and not _ORG_WORD.match(nxt):
                        self.persons.add(norm)

    def name_like(self, norm: str) -> bool:
        return norm in self.seen and norm not in self.lower


def fnr_is_valid(digits: str) -> bool:
    """Whether 11 digits are a fødselsnummer (or D-/H-/synthetic number) with valid mod-11 checks."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    day, month = d[0] * 10 + d[1], d[2] * 10 + d[3]
    if day > 40:
        day -= 40  # D-number
    if month > 80:
        month -= 80  # synthetic test numbers (Skatteetaten's Tenor)
    elif month > 40:
        month -= 40  # H-number
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    k1 = 11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d[:9], strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    if k1 == 10 or k1 != d[9]:
        return False
    k2 = 11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), d[:10], strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    return k2 != 10 and k2 == d[10]


@lru_cache(maxsize=1)
def municipalities() -> tuple[str, ...]:
    """Norway's municipalities as shipped in ``kommuner.txt`` (source named in that file)."""
    raw = resources.files("intervju.deid").joinpath("kommuner.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def gazetteer() -> tuple[str, ...]:
    """Counties (current and earlier names), larger towns, city districts and regions, as shipped
    in ``steder.txt`` (sources named in that file): places people name that are not municipalities."""
    raw = resources.files("intervju.deid").joinpath("steder.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def countries() -> tuple[str, ...]:
    """The world's states in bokmål, as shipped in ``land.txt`` (source named in that file)."""
    raw = resources.files("intervju.deid").joinpath("land.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _country_forms() -> frozenset[str]:
    return frozenset(c.casefold() for c in countries())


@lru_cache(maxsize=1)
def organisation_names() -> tuple[str, ...]:
    """Organisations named without a telling pattern (``organisasjoner.txt``: regional newspapers)."""
    raw = resources.files("intervju.deid").joinpath("organisasjoner.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def national_bodies() -> tuple[str, ...]:
    """Norway's national public bodies by the names people use (``etater.txt``, source named there)."""
    raw = resources.files("intervju.deid").joinpath("etater.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _body_firsts() -> frozenset[str]:
    """The first words of :func:`national_bodies`, as written, and their genitives: the cheap test
    before the pattern."""
    return frozenset(f for n in national_bodies() for f in (n.split()[0], n.split()[0] + "s"))


@lru_cache(maxsize=1)
def _bodies_pattern() -> re.Pattern[str]:
    """The bodies of :func:`national_bodies`, written as listed, longest first, also in the genitive."""
    names = sorted(national_bodies(), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in names)
    # Also opening a compound (``Bufetat-siden``, ``NAV-kontoret``): the body alone.
    return re.compile(rf"(?<![\w-])(?P<body>{alternation})(?:(?P<gen>s|'s|’s)(?![\w-])|(?![\w]))")


@lru_cache(maxsize=1)
def _listed_as_written() -> frozenset[str]:
    """The one-word names of ``organisasjoner.txt`` exactly as written there."""
    return frozenset(o for o in organisation_names() if " " not in o)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Norwegian function words, bokmål, nynorsk and dialect (``funksjonsord.txt``, sources named
    there): a capitalised ``Dei``, ``Kva``, ``Korleis``, ``Ikkje`` opening a sentence is no name."""
    raw = resources.files("intervju.deid").joinpath("funksjonsord.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Frequent English words Ordbank does not know (``engelsk.txt``, source named there): a
    sentence opening with one (``Basically kaos.``) is youth speech switching language, not a name."""
    raw = resources.files("intervju.deid").joinpath("engelsk.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def norwegian_names() -> tuple[frozenset[str], frozenset[str]]:
    """Given names and surnames of Faker's ``no_NO`` person provider (casefolded).

    Faker's Norwegian lists are the most common given names and surnames in Norway as counted by
    Statistics Norway (SSB); kode reads them from the installed package rather than copying them.
    """
    from faker.providers.person.no_NO import Provider

    first = {*Provider.first_names_male, *Provider.first_names_female, *_given_names_abroad()}
    return frozenset(n.casefold() for n in first), frozenset(n.casefold() for n in Provider.last_names)


@lru_cache(maxsize=1)
def home_given_names() -> frozenset[str]:
    """Norway's own list of given names (Faker's ``no_NO``, from SSB), casefolded."""
    from faker.providers.person.no_NO import Provider

    return frozenset(n.casefold() for n in (*Provider.first_names_male, *Provider.first_names_female))


#: Faker locales whose given names are common among people living in Norway: the Nordic
#: neighbours and the largest immigrant groups that write names in the Latin alphabet (Poland,
#: Lithuania, Germany, the Netherlands, Britain, Turkey, Vietnam, the Philippines, Spain, and Arabic,
#: East African and South Asian names as written in Latin letters by the French (Algeria), Kenyan,
#: Nigerian (Hausa) and Indian providers). SSB's 200 most common Norwegian names alone missed
#: Amina, Mohammed, Kacper and Ove in blind held-out batches.
_ABROAD = ("sv_SE", "da_DK", "fi_FI", "is_IS", "pl_PL", "lt_LT", "de_DE", "nl_NL", "en_GB", "tr_TR", "vi_VN",
           "fil_PH", "es_ES", "fr_DZ", "en_KE", "ha_NG", "en_IN")


def _given_names_abroad() -> set[str]:
    import importlib

    out: set[str] = set()
    for locale in _ABROAD:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):
            continue  # an older Faker without the locale: the others still count
        for attr in ("first_names", "first_names_male", "first_names_female"):
            names = provider.__dict__.get(attr)
            if isinstance(names, dict | tuple | list | set | frozenset):
                out.update(n for n in names if isinstance(n, str) and len(n) > 2 and n[:1].isupper()
                           and all(c.isalpha() or c in "-'" for c in n) and not any(ord(c) > 0x24F for c in n))
    return out


def default_lists(project_phrases: dict[str, str] | None = None, ignore: Iterable[str] = ()) -> Lists:
    first, last = norwegian_names()
    return Lists(
        first_names=first,
        home_first_names=home_given_names(),
        surnames=last,
        places=frozenset(m.casefold() for m in (*municipalities(), *gazetteer(), *countries())),
        organisations=frozenset(o.casefold() for o in organisation_names()),
        organisation_firsts=frozenset(o.casefold().split()[0] for o in organisation_names()),
        bodies=_bodies_pattern(),
        project_phrases={" ".join(k.casefold().split()): v for k, v in (project_phrases or {}).items() if k.strip()},
        ignore=frozenset(w.casefold() for w in ignore),
    )


def _is_initial(text: str, pos: int, floor: int) -> bool:
    """Whether the word at ``pos`` begins a sentence (or the utterance, or a quote)."""
    i = pos - 1
    while i >= floor and text[i] in " \t":
        i -= 1
    return i < floor or text[i] in _SENTENCE_OPENERS


class _Claims:
    """Character ranges already taken by a candidate or a transcript marker."""

    def __init__(self) -> None:
        self._ranges: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self._ranges)

    def take(self, start: int, end: int) -> None:
        self._ranges.append((start, end))


def detect(
    text: str,
    spans: Sequence[tuple[int, int]],
    lists: Lists,
    *,
    is_word: Callable[[str], bool],
    is_proper: Callable[[str], bool] | None = None,
    entities: Callable[[str], list[tuple[int, int, str]]] | None = None,
    evidence: Evidence | None = None,
) -> list[Found]:
    """All candidates in the utterances ``spans`` of ``text``, sorted by position.

    ``is_word`` says whether a casefolded form is an ordinary Ordbank word, ``is_proper`` whether
    Ordbank knows it only as a proper noun; ``entities`` (a trained pipeline) gives
    ``(start, end, label)`` per utterance, offsets relative to the utterance; ``evidence`` is how
    the whole project writes each word (gathered from ``text`` alone when not given).
    """
    if evidence is None:
        evidence = Evidence()
        evidence.add(text, spans)
    phrases = None
    if lists.project_phrases:
        ordered = sorted(lists.project_phrases, key=len, reverse=True)
        alternation = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)
        phrases = re.compile(rf"(?<![\w])(?:{alternation})(?![\w])", re.IGNORECASE)
    known_tokens = frozenset(t for p, k in lists.project_phrases.items() if k == "person" for t in p.split())
    ctx = _Context(lists, is_word, is_proper or (lambda _w: False), entities, evidence, phrases, known_tokens,
                   sorted(known_tokens), sorted(n for n in evidence.persons if len(n) >= 5 and not is_word(n)))
    # "I: Hva heter katten?" "IP: Narvik.": the word a turn opens with, answering a question about
    # a name, is that name, whatever else it names.
    for (pa, pb), (a, b) in itertools.pairwise(spans):
        if ((q := _NAME_QUESTION.search(text, pa, pb)) is not None and _THING_ASKED.search(q.group()) is None
                and (m := _ANSWER.match(text, a, b)) is not None and m.group("name").casefold() not in _no_name_words()):
            ctx.answers.add(m.start("name"))
    per_span = [_detect_utterance(text, a, b, ctx) for a, b in spans]
    # A place name that is also the surname of someone named in full in this text ("Per Egil
    # Strand" … "enig med Strand") is that person where it stands alone: the strongest evidence
    # is the text's own. Only the utterances where such a word was taken for a place run again.
    # A place name the text itself gives someone ("alle kalle han Bergen", "en hund som hete
    # Snøhetta", "han Vik") is that person or pet where it stands alone in the text too ("Bergen
    # hadde med kake"), though not after a place preposition ("i Bergen").
    surnames = frozenset(w for found in per_span for f in found if f.kind == "person" and " " in f.text
                         for w in f.text.casefold().split()[1:]) | frozenset(ctx.called)
    # A word found as a name in a list of names ("Sanna og Kristoffer og Jonas.") is that name
    # where it opens another sentence of the text ("Sanna har vært her lengst").
    listed = frozenset(ctx.coordinated)
    # The name of a school or other body the text gives in full ("Fagerlia videregående skole") is
    # that body where it stands alone ("Fagerlia e for stor"): a word no dictionary knows, and no
    # place or listed name, that heads such a phrase. Only utterances where it became a person
    # run again.
    bodies = frozenset(
        head for found in per_span for f in found if f.kind == "institution" and f.source == "institution"
        and (head := _phrase_head(f.text)) is not None and head not in lists.places
        and head not in lists.first_names and head not in lists.surnames and not is_word(head))
    # "Lykke e elleve. … Lykkes stemme …", "Hildes ting er at …": the genitive of a name the text
    # has found is that person, also where the name is an everyday word (lykke) or opens a
    # sentence. Only utterances holding such a genitive that no candidate covers run again.
    # The parts of a full name count too ("Ewa Kowalska" … "Ewas gruppe").
    names = frozenset(part for found in per_span for f in found if f.kind == "person"
                      for part in f.text.casefold().split() if len(part) >= 3 and part not in _PARTICLE_WORDS)
    covered = {(f.start, f.end) for found in per_span for f in found}

    def has_genitive(a: int, b: int) -> bool:
        for m in _WORD.finditer(text, a, b):
            word = m.group()
            if (word[0].isupper() and word.endswith("s") and word[:-1].casefold() in names
                    and not any(cs <= m.start() < ce for cs, ce in covered)):
                return True
        return False

    genitive_spans = [k for k, (a, b) in enumerate(spans) if names and has_genitive(a, b)]
    # A listed organisation's one-word name that the text gives someone as a given name ("Yara
    # Al-Masri" … "Yara har sagt"): that person where it stands alone.
    given = frozenset(f.text.casefold().split()[0] for found in per_span for f in found
                      if f.kind == "person" and " " in f.text)
    given_orgs = given & frozenset(f.form for found in per_span for f in found if f.kind == "institution")
    if surnames or listed or bodies or genitive_spans or given_orgs:
        ctx.surnames, ctx.text_persons, ctx.text_bodies = surnames, listed, bodies
        ctx.text_names, ctx.text_given = names, given_orgs
        again = set(genitive_spans)
        for k, (a, b) in enumerate(spans):
            # The body's name alone is that body only where it had been taken for a person: an
            # utterance run again for another reason keeps "på Ørnes" the place it was.
            for_body = any(f.kind == "person" and f.form in bodies for f in per_span[k])
            if k in again or for_body or any((f.kind == "place" and f.form in surnames)
                                             or (f.kind == "institution" and f.form in given_orgs)
                                             for f in per_span[k]) or (
                    listed and any(m.group().casefold() in listed for m in _WORD.finditer(text, a, b))):
                ctx.text_bodies = bodies if for_body else frozenset()
                per_span[k] = _detect_utterance(text, a, b, ctx)
    out = [f for found in per_span for f in found]
    out.sort(key=lambda f: (f.start, f.end))
    return out


@dataclass
class _Context:
    lists: Lists
    is_word: Callable[[str], bool]
    is_proper: Callable[[str], bool]
    entities: Callable[[str], list[tuple[int, int, str]]] | None
    evidence: Evidence
    phrases: re.Pattern[str] | None
    #: Words of the team's own person names; the same sorted for rapidfuzz; names seen in the project.
    known_tokens: frozenset[str] = frozenset()
    known_list: list[str] = field(default_factory=list)
    seen_list: list[str] = field(default_factory=list)
    #: Surnames of people named in full in the text being scanned (see :func:`detect`).
    surnames: frozenset[str] = frozenset()
    #: Words found as names in a list of names (see :func:`_coordinated_names`), and, on the second
    #: pass, the same words as names wherever they open a sentence of the text.
    coordinated: set[str] = field(default_factory=set)
    text_persons: frozenset[str] = frozenset()
    #: One-word names of bodies the text gives in full (see :func:`detect`).
    text_bodies: frozenset[str] = frozenset()
    #: One-word names the text's first pass found as persons: their genitives elsewhere in the
    #: text are those persons (see :func:`detect`).
    text_names: frozenset[str] = frozenset()
    #: Given names of people the text names in full (see :func:`detect`).
    text_given: frozenset[str] = frozenset()
    #: Where a turn answering a question about a name opens with that name (see :func:`detect`).
    answers: set[int] = field(default_factory=set)
    #: Words the text gives someone by a cue (a calling, a naming, the dialects' pronoun, quotes).
    called: set[str] = field(default_factory=set)


#: ``så på X``, ``ser på X``: what follows is watched (a programme), not where someone is.
_WATCHED_BEFORE = re.compile(r"(?<![\w])(?i:så|ser|såg|sjå|ser|sett|sitte og se|hørte|hører|høyrde) på $")
#: Two to five capitalised words in a row: a name, a place, a body or a title.
#: English small words may stand between them (``Spirit in the Sky``, ``Lord of the Rings``).
_ENGLISH_SMALL = frozenset({"the", "of", "a", "an", "in", "on", "and", "to", "my", "your", "for", "with", "at"})
#: Small words only English has: between capitals, they say a title is English.
_ENGLISH_ONLY = frozenset({"the", "of", "in", "with", "your", "my"})
_SMALL = "|".join(sorted(_ENGLISH_SMALL))
_CAP_RUN = re.compile(rf"(?<![\w-])[{_UPPER}][{_L}]+(?:(?: (?:{_SMALL})){{0,2}} [{_UPPER}][{_L}]+){{1,4}}(?![\w-])")


@lru_cache(maxsize=1)
def english_lemmas() -> frozenset[str]:
    """English nouns, verbs, adjectives and adverbs (WordNet's lemma index as spaCy-lookups-data ships
    it, ``en_lemma_index``), loaded the first time a run of capitalised words needs it."""
    import gzip
    import json

    raw = resources.files("spacy_lookups_data").joinpath("data", "en_lemma_index.json.gz").read_bytes()
    index: dict[str, list[str]] = json.loads(gzip.decompress(raw))
    return frozenset(w for words in index.values() for w in words if w.isalpha())


def _english_title(run: str, lists: Lists, is_word: Callable[[str], bool], known: frozenset[str]) -> bool:
    """Whether capitalised words in a row are a title in English (``Squid Game``, ``Wise Mind``,
    ``Stranger Things``): every word an English word, at least one unknown to Norwegian, and none a
    listed name, a place or a name of the team's key."""
    words = [w.casefold() for w in run.split()]
    if any(w in lists.first_names or w in lists.surnames or w in lists.places or w in known or w in _CHAIN_WORDS
           or w in lists.organisation_firsts or w in ALLOWED_WORDS for w in words):
        return False
    if " ".join(words) in lists.places:
        return False
    content = [w for w in words if w not in _ENGLISH_SMALL]
    # A small word only English has ("Spirit in the Sky") says English as well as a word unknown
    # to Norwegian does; "and", "at", "for", "to" are Norwegian words too.
    if not content or not (any(not is_word(w) for w in content)
                           or any(w in _ENGLISH_ONLY for w in words[1:-1])):
        return False
    lemmas = english_lemmas()
    return all(w in lemmas or (w.endswith("s") and w[:-1] in lemmas) for w in content)


def _phrase_head(text: str) -> str | None:
    """The one-word name before an institution noun (``Fagerlia`` of ``Fagerlia videregående
    skole``), casefolded, or ``None`` where the phrase is no such name and noun."""
    m = INSTITUTION_PHRASE.fullmatch(text)
    if m is None or " " in m.group("head") or m.group("head").isupper():
        return None
    return m.group("head").casefold()


def _detect_utterance(text: str, a: int, b: int, ctx: _Context) -> list[Found]:
    lists, is_word, is_proper, entities, evidence = (ctx.lists, ctx.is_word, ctx.is_proper, ctx.entities,
                                                     ctx.evidence)
    seg = text[a:b]
    claims = _Claims()
    found: list[Found] = []

    def add(kind: str, s: int, e: int, source: str, form: str | None = None) -> bool:
        s, e = s + a, e + a
        if s >= e or not claims.free(s, e):
            return False
        claims.take(s, e)
        found.append(Found(kind, s, e, text[s:e], source, form or " ".join(text[s:e].casefold().split())))
        return True

    for m in _MARKER.finditer(seg):
        claims.take(m.start() + a, m.end() + a)

    for m in EMAIL.finditer(seg):
        add("email", m.start(), m.end(), "pattern")
    # Any eleven digits in a run (``DDMMYY NNNNN`` too) and a bank account number (``1234 56
    # 78901``): a fødselsnummer whose check digits fail is still one (a transcriber's slip or a
    # digit mis-spoken identifies as well), and eleven digits that are no date are most likely an
    # account number, which identifies its owner as surely. kode has no kind of its own for
    # accounts: both are ``fnr`` (the reviewer sees the digits).
    digits = _DIGIT.search(seg) is not None
    tokens = frozenset(_NON_WORD.split(seg))
    if digits:
        for m in FNR.finditer(seg):
            add("fnr", m.start(), m.end(), "pattern", m.group(1) + m.group(2))
        for m in ACCOUNT.finditer(seg):
            add("fnr", m.start(), m.end(), "pattern", re.sub(r"\D", "", m.group()))
    for m in PHONE.finditer(seg):
        add("phone", m.start(), m.end(), "pattern", re.sub(r"\D", "", m.group())[-8:])
    for m in CAR.finditer(seg):
        add("car", m.start(), m.end(), "pattern", re.sub(r"[\s-]", "", m.group()).upper())
    for m in BIRTHDATE.finditer(seg):
        add("birthdate", m.start("date"), m.end("date"), "pattern")

    # The project's own lists: whole phrases, any case, longest first (one alternation).
    if ctx.phrases is not None:
        for m in ctx.phrases.finditer(seg):
            add(lists.project_phrases[" ".join(m.group().casefold().split())], m.start(), m.end(), "key")

    if digits:
        for m in ADDRESS.finditer(seg):
            add("place", m.start(), m.end(), "pattern")
        for m in CLUB_YEAR.finditer(seg):
            add("institution", m.start("club"), m.end("club"), "institution")

    # Titles and workplaces follow a word in the middle of a sentence: most utterances have no
    # capital there at all, and one cheap search spares them both passes.
    mid_capital = _MID_CAPITAL.search(seg) is not None
    for m in TITLE.finditer(seg) if mid_capital else ():
        title = m.group("title")
        first = title.split()[0].casefold()
        if first in lists.places or first in lists.first_names or first in ctx.known_tokens:
            continue  # "musikk fra Bodø", "sangen Kari skrev": the place, the person
        claims.take(m.start("title") + a, m.end("title") + a)

    for m in ORGANISATION.finditer(seg):
        text_ = m.group()
        if text_.startswith(("Statsforvalteren", "Statsforvaltaren", "Fylkesmannen")):
            # "Statsforvalteren i Nordland": the state's office for that county is one body, and
            # the whole phrase its candidate (the county inside it is hidden with it).
            add("institution", m.start(), m.end(), "institution")
            continue
        if text_.startswith(("Politiet", "Tingretten", "Lagmannsretten")):
            # The body is the state's; the place after it is what identifies.
            place = text_.split(" ", 2)[2]
            add("place", m.end() - len(place), m.end(), "municipality")
            continue
        # Where the whole is taken (a word of it is a name found already), try from a later word.
        starts = [0] + [k + 1 for k, ch in enumerate(text_) if ch == " "]
        for off in starts:
            if off and " " not in text_[off:]:
                break  # never the legal suffix or the last word alone
            first = text_[off:].split()[0]
            if not first[0].isupper() or first.casefold() in lists.ignore:
                continue
            if add("institution", m.start() + off, m.end(), "institution"):
                break

    for m in INSTITUTION_PHRASE.finditer(seg):
        # The head may have taken words that are not the name ("NAV og Kragerø kommune", "NAV
        # Narvik og Narvik kommune"): try it whole, then from each later capitalised word.
        head = m.group("head")
        offsets = [0] + [k + 1 for k, ch in enumerate(head) if ch == " "]
        for off in offsets:
            sub = head[off:]
            first = sub.split()[0]
            if not first[0].isupper():
                continue
            start = m.start() + off
            if first.casefold() in lists.ignore or first.isupper():
                continue
            low = first.casefold()
            if low in function_words():
                continue  # "Og Kacpers skole": the sentence's first word is no part of a name
            if " " not in sub.strip() and len(low) > 3 and low.endswith("s") and (
                    low[:-1] in lists.first_names or low[:-1] in ctx.evidence.persons) \
                    and seg[m.end("head") + 1:m.end()] not in _CLUB_SUFFIXES:
                break  # "Kacpers skole": someone's school, the person's genitive, no school's name
            if (_is_initial(seg, start, 0) and is_word(first.casefold()) and first.casefold() not in lists.places
                    and " " not in sub and seg[m.end("head") + 1:m.end()] not in _CLUB_SUFFIXES):
                break  # "Den skole", "Ny skole": an ordinary word that only carries a sentence's capital
            if add("institution", start, m.end(), "institution"):
                break

    if "-" in seg:
        for m in _CHAIN_SHOP.finditer(seg):
            add("institution", m.start("chain"), m.end("chain"), "institution")  # "Kiwi-butikken over veien"
    if "_" in seg or "xX" in seg or _DIGIT.search(seg):
        for m in _HANDLE.finditer(seg):
            stem = m.group().rstrip("0123456789").casefold()
            if "_" not in m.group() and not m.group().startswith("xX") and (
                    is_word(stem) or stem in english_words() or stem in ("covid", "win", "windows", "iphone")):
                continue  # "covid19", "Windows11": a word and a number, no one's handle
            parts = [w.casefold() for w in re.findall(r"[A-ZÆØÅ]?[a-zæøå]+", m.group())]
            if "_" not in m.group() and len(parts) > 1 and sum(map(len, parts)) == sum(
                    ch.isalpha() for ch in m.group()) and all(w in english_lemmas() or is_word(w) for w in parts):
                claims.take(m.start() + a, m.end() + a)
                continue  # "PlayStation5": a product's name of everyday words and a number
            add("person", m.start(), m.end(), "pattern")  # "vetle_nrk på Snap", "glimtjenta04"
    if "«" in seg or '"' in seg or "“" in seg:
        for m in _NICKNAME_BEFORE.finditer(seg):
            if add("person", m.start("name"), m.end("name"), "capital"):  # "«Bjønnen» som de kaller ham"
                ctx.coordinated.add(m.group("name").casefold())
                ctx.called.add(m.group("name").casefold())
        for m in _NICKNAME.finditer(seg):
            name = m.group("name")
            norm = name.casefold()
            # "alle sier «Visnevski»", "folk kaller ham «Bergen»", "alle kaller ho "Sæbø"": what
            # someone is called, a person, whatever else the word may name — and that person
            # where the text names them so again ("Ikkje si det til Sæbø").
            calling = m.group().split()[0].casefold().startswith("kal") and m.group().count(" ") >= 2
            if (not (is_word(norm) or norm in function_words() or _allowed(norm, lists))
                    or (calling and norm not in function_words())) and add(
                    "person", m.start("name"), m.end("name"), "capital"):
                ctx.coordinated.add(norm)
                ctx.called.add(norm)
    if mid_capital:
        for m in _BRANCH.finditer(seg) if any(b in seg for b in _BRANCH_WORDS) else ():
            # "Helgelandssykehuset Mosjøen", "Sørlandssenteret Arendal": a body's branch named by
            # its town is that body, town and all, not a person or a place beside it.
            if " ".join(m.group("place").casefold().split()) in lists.places and _is_institution_compound(
                    m.group("body").casefold(), is_word):
                add("institution", m.start(), m.end(), "institution")
        _workplaces(seg, lists, add)
    for m in _CAP_RUN.finditer(seg) if mid_capital else ():
        quoted = seg[m.start() - 1:m.start()] in ("«", '"', "“") and seg[m.end():m.end() + 1] in ("»", '"', "”")
        if _english_title(m.group(), lists, is_word, ctx.known_tokens) and (
                quoted or not _is_initial(seg, m.start(), 0)):
            # "ser på Squid Game", "det med Wise Mind", "hørte på «Dance Monkey»": a title in
            # English (in quotes too, where its first word opens what is quoted), not a person.
            claims.take(m.start() + a, m.end() + a)

    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(seg)]
    _listed_organisations(seg, words, lists, add, is_word, ctx.text_given)
    _national_bodies(seg, tokens, lists, ctx, add)
    if mid_capital or "-" in seg:
        _clubs(seg, words, lists, is_word, add, mid_capital)
    _places(seg, words, lists, is_word, add, ctx.surnames, ctx.called,
            frozenset(p - a for p in ctx.answers if a <= p < b))
    if _ENDING_WORD.search(seg) is not None:
        _places_by_ending(seg, words, lists, ctx, add)

    person_tokens: list[tuple[int, int, str, str]] = []  # (start, end, source, form)
    known_tokens, known_list, seen_list = ctx.known_tokens, ctx.known_list, ctx.seen_list
    held: list[tuple[int, int, str, bool]] = []  # sentence-initial capitals left alone: (start, end, norm, strong)
    no_names = _no_name_words()
    for k, (s, e, word) in enumerate(words):
        capital = word[0].isupper()
        if not capital and not known_tokens:
            continue  # the common case, kept cheap: a lower-case word and no names of the team's own
        gap_end = e  # where the word ends in the text, its apostrophe included
        apostrophe = word[-1] in "'’"
        if apostrophe:
            # "Jonas' rom", "Andreas’ mor": the apostrophe genitive of a name ending in s.
            word, e = word[:-1], e - 1
            if not word:
                continue
        norm = word.casefold()
        if not capital and norm not in known_tokens:
            continue
        if not claims.free(s + a, e + a):
            continue
        joined_given = ("-" in word and all(w[:1].isupper() and not w.isupper() for w in word.split("-"))
                        and word.count("-") == 1 and (norm.split("-")[1] in lists.first_names
                                                      or norm.split("-")[0] in _SHORT_GIVEN))
        if (_allowed(norm, lists) and not joined_given) or _PSEUDONYM.match(word):
            continue  # ("Jo-Martin": two given names, not the allowed "Jo" opening a compound)
        if "-" in word and word.split("-")[0].isupper():
            continue  # "HF-siden", "DBT-greia": an acronym with an ending
        if ("-" in word and norm.rsplit("-", 1)[1] in _MEDIA_TAILS and norm.split("-")[0] not in lists.first_names
                and norm.split("-")[0] not in known_tokens):
            continue  # "Eurovision-sangen", "Heartstopper-kveld": a song's, a series' name
        if seg[e:e + 2] == "- ":
            continue  # "Omsorgs- og endringsmodellen": the first part of a shared compound
        lexical = is_word(norm)
        function = norm in function_words()
        cue = ("called" if (s + a) in ctx.answers else _person_cue(seg, words, k)
               if capital and (not word.isupper() or len(word) <= 3) and not (function and _is_initial(seg, s, 0))
               else None)
        if cue == "with" and lexical and not (norm in lists.first_names or norm in lists.surnames
                                              or evidence.name_like(norm)):
            cue = None  # "Trening og jeg er ikke venner": an everyday word, unless it is a name too (Lykke)
        if (word.isupper() or function) and cue != "called":
            # "Ho kalle mæ JP", "venninna mi, Vår": initials, or a word that is also a function
            # word, as what someone is called; never "han DBT"
            cue = None
        if cue is not None and (cue not in ("cleft", "with")
                                or (norm not in lists.places and norm not in lists.organisations)):
            # "ho Lia", "kallar han berre Stormen", "Det va Lia som …", "Kris kaller vi han": where
            # only a person stands, an everyday word (or a car's name) with a capital is that
            # person's name, and is so where it opens another sentence of the text.
            person_tokens.append((s, e, "capital", norm))
            ctx.coordinated.add(norm)
            if cue not in ("cleft", "with"):
                ctx.called.add(norm)
            continue
        if norm in no_names and norm not in known_tokens and norm not in lists.first_names \
                and norm not in lists.surnames and norm not in ctx.text_persons \
                and not (norm.endswith("s") and norm[:-1] in ctx.called and norm[:-1] in ctx.text_names):
            # "Dei kom", "Kva skal eg seie", "Lillesøstra mi", "den gamle Volvoen": a nynorsk or
            # dialect function word, a family word, a car by its make or model — no name.
            continue
        if norm in _CARS and k > 0 and words[k - 1][2].casefold() in _CAR_DETERMINERS and norm not in known_tokens:
            continue  # "Vi har en Caddy", "pappas gamle … min Volvo": a car, no one's name
        if norm in known_tokens:
            if capital or not lexical:
                person_tokens.append((s, e, "key", norm))
            continue
        if not capital:
            continue
        if _is_institution_compound(norm, is_word) or norm in ctx.text_bodies:
            add("institution", s, e, "institution")
            continue
        if ctx.text_names and len(norm) > 3 and norm.endswith("s") and norm[:-1] in ctx.text_names \
                and not apostrophe:
            person_tokens.append((s, e - 1, "capital", norm[:-1]))  # the genitive of a name found
            continue
        if word.isupper() and len(word) > 1:
            continue  # acronyms (DBT, OEM) are not names
        parts = norm.split("-")
        if "-" in norm and (all(part in lists.first_names for part in parts) or (
                len(parts) == 2 and all(w[:1].isupper() for w in word.split("-")) and parts[1] in lists.first_names
                and parts[0] in _SHORT_GIVEN and norm not in lists.places)):
            # "Geir-Ove", "hunden til Per-Erik": two given names joined are one person's, also
            # after a preposition that would make a single listed word a place.
            person_tokens.append((s, e, "namelist", norm))
            continue
        initial = _is_initial(seg, s, 0)
        next_capital = k + 1 < len(words) and words[k + 1][2][:1].isupper() and seg[e:words[k + 1][0]] == " "
        # "te Sverige, Østersund og sånn": a word the lists lack, in a list of places, is one too,
        # whatever other sentences of the text make of it.
        place_list = norm not in lists.first_names and _in_a_list_of_places(seg, words, k, lists)
        after_preposition = (k > 0 and words[k - 1][2].casefold() in _PLACE_PREPOSITIONS) or place_list
        name_like = evidence.name_like(norm) or norm in ctx.text_persons
        listed = norm in lists.first_names or norm in lists.surnames
        if (initial and (listed or not lexical or is_proper(norm)) and norm not in lists.places
                and _DISLOCATED.match(seg, gap_end) is not None and not _compound(norm, is_word)
                and norm not in english_words()):
            # "Tharshika, hun kom fra Stavanger", "Sol, for eksempel, hun som bodde innerst": a
            # name opening a sentence and taken up again by *han*/*hun* is someone, also where the
            # name is an everyday word (sol) — and is so where it opens another sentence.
            person_tokens.append((s, e, "namelist" if listed else "capital", norm))
            ctx.coordinated.add(norm)
            continue
        if initial and _NAME_EXPLAINED.match(seg, gap_end) is not None and norm not in _apposition_heads():
            # "Kuba, han heite eigentleg Jakub Nowak": what someone is called, whatever the word
            # is besides (an everyday word, a country), and so wherever the text uses it.
            person_tokens.append((s, e, "capital", norm))
            ctx.coordinated.add(norm)
            ctx.called.add(norm)
            continue
        if after_preposition and k + 1 < len(words) and words[k + 1][2][:1].islower() \
                and seg[gap_end:words[k + 1][0]] == " " and (apostrophe or (
                    len(norm) > 3 and norm.endswith("s") and norm[:-1] not in lists.places
                    and any(norm[:-1] in n for n in (lists.first_names, lists.surnames, known_tokens,
                                                      evidence.persons)))):
            # "på Elis kontor", "på Jonas' rom": a name's genitive before its noun is whose the
            # room is, not a place after "på" (the genitive pass below keeps the name alone).
            person_tokens.append((s, e, "namelist" if listed else "capital", norm))
            continue
        if (not listed and norm in lists.organisation_firsts and norm not in lists.places and norm not in ctx.called
                and norm not in lists.organisations and (not lexical or name_like)):
            # "Landsforeningen har en gruppe": a listed organisation by the first word of its name
            # (an everyday word only where the text writes it with a capital inside sentences).
            add("institution", s, e, "institution")
            continue
        if listed or is_proper(norm):
            if not listed and initial and len(norm) <= 2 and not name_like:
                continue  # "No har æ …", "Ho sa": a short dialect word opening a sentence
            # "Sander e tjue og jobbe på IKEA": a given name with its age after it is someone.
            verb_after = listed and (_verb_after(seg, words, k) or (
                norm in lists.first_names and _NAME_AGE.match(seg, e) is not None))
            if not lexical or not initial or next_capital or name_like or verb_after:
                if not listed and after_preposition and (place_list or norm not in evidence.persons) and norm not in ctx.text_persons:
                    add("place", s, e, "ordbank")
                elif norm in lists.places and norm not in evidence.persons and not verb_after \
                        and norm not in ctx.surnames:
                    # "Vi bor i Vik. Vik ligger fint.": a place opening a sentence, written with
                    # a capital elsewhere only as that place.
                    add("place", s, e, "municipality")
                else:
                    person_tokens.append((s, e, "namelist" if listed else "ordbank", norm))
            elif (norm in lists.first_names and norm not in lists.places and norm not in _CALENDAR
                  and norm not in evidence.lower and _ALONE.match(seg, gap_end) is not None
                  and (not seg[:s].strip() or seg[:s].rstrip(" -–—\"«").endswith("?"))
                  and not seg[gap_end:].strip(" .!?…\"»”")):
                # "IP: Linnea.", "Bestevenninna? Sol.": a given name that is also a word, as the
                # whole answer and the end of the turn, is the name ("Viking. Det var en film" goes on) — unless the text writes the word in lower case too
                # ("om du skal si det kort?" — "Kort?").
                person_tokens.append((s, e, "namelist", norm))
            elif initial:
                held.append((s, e, norm, True))
            continue
        if lexical:
            # An ordinary word ("mikkel" is a fox) that the transcripts only ever write with a
            # capital, and somewhere inside a sentence, is used as a name.
            if name_like and (len(word) > 2 or norm in ctx.text_persons):  # "alle kalle han Mo. Mo sa …"
                if after_preposition and (_titled_compound(norm, is_word)
                                          or _WATCHED_BEFORE.search(seg, max(0, s - 12), s) is not None):
                    # "så på Førstegangstjenesten", "ser på Morgensendingen": an everyday word with a
                    # capital, watched or heard, is a programme's title, not a place.
                    continue
                if after_preposition and (place_list or norm not in evidence.persons) and norm not in ctx.text_persons:
                    add("place", s, e, "capital")  # "ut til Støtt": a place that is also a word
                else:
                    person_tokens.append((s, e, "capital", norm))
            elif initial and len(word) > 2:
                held.append((s, e, norm, False))
            continue
        if len(word) < 2:
            continue
        if _titled_compound(norm, is_word):
            continue  # "Morgensendingen", "Distriktskontoret": a compound noun used as a title
        if known_list and len(norm) >= 4:
            hit = process.extractOne(norm, known_list, scorer=fuzz.ratio, score_cutoff=80)
            if hit is not None:
                person_tokens.append((s, e, "fuzzy", str(hit[0])))
                continue
        if initial and not name_like and seen_list and len(norm) >= 4:
            hit = process.extractOne(norm, seen_list, scorer=fuzz.ratio, score_cutoff=80)
            if hit is not None and hit[0] != norm:
                person_tokens.append((s, e, "fuzzy", str(hit[0])))
                continue
        if not initial or name_like:
            if after_preposition and (place_list or norm not in evidence.persons) and norm not in ctx.text_persons:
                add("place", s, e, "capital")
            else:
                person_tokens.append((s, e, "capital", norm))
        elif (len(norm) >= 3 and k + 1 < len(words) and words[k + 1][2][:1].islower()
              and seg[e:words[k + 1][0]] == " " and is_word(words[k + 1][2].casefold())
              and not _compound(norm, is_word) and not _nynorsk_form(norm, is_word)
              and (norm not in english_words() or _verb_after(seg, words, k))):
            # A word no dictionary knows, opening a sentence that goes on in ordinary words
            # ("Sebbe var verst."): a name, as everywhere else in a sentence.
            person_tokens.append((s, e, "capital", norm))
        elif (initial and len(norm) >= 4 and _ALONE.match(seg, gap_end) is not None and norm not in english_words()
              and not _compound(norm, is_word, 3) and not _nynorsk_form(norm, is_word)):
            # "Bestevenninna mi? Mirela.": a word no dictionary knows, a sentence on its own, is
            # the name someone answers with.
            person_tokens.append((s, e, "capital", norm))
        elif initial and _APPOSITION.match(seg, e) is not None and not _compound(norm, is_word):
            # "Kacper, polakken fra blokka, han sa …", "Jonatan, som bor der, …": a word no
            # dictionary knows, described in apposition or by *som*, is someone.
            person_tokens.append((s, e, "capital", norm))
        elif initial:
            held.append((s, e, norm, True))

    if held and person_tokens:
        _coordinated_names(seg, held, person_tokens, lists, ctx)

    # "Ragnhild de Vibe", "Anne van der Berg": a surname with its particle after a name is that
    # person's, whatever the word is alone (``vibe``), and is so where the text uses it alone
    # ("Uten de Vibe …", on the text's second pass).
    if person_tokens and " " in seg:
        token_starts = {t[0] for t in person_tokens}
        for token in list(person_tokens):
            particle = _PARTICLE.match(seg, token[1])
            if (particle is not None and particle.start("name") not in token_starts
                    and claims.free(particle.start("name") + a, particle.end("name") + a)):
                surname = particle.group("name").casefold()
                if surname not in lists.places and surname not in function_words():
                    person_tokens.append((particle.start("name"), particle.end("name"), "capital", surname))
                    ctx.coordinated.add(surname)
        person_tokens.sort()

    # "Karis mamma", "Hansens hund": the genitive of a known name is that name (same tag, the
    # "s" stays outside the candidate), unless the word is a name of its own (Hans, Jonas).
    names = (lists.first_names, lists.surnames, known_tokens, evidence.persons)
    for i, (s, e, source, form) in enumerate(person_tokens):
        word = seg[s:e].casefold()
        if len(word) > 3 and word.endswith("s") and "-" not in word:
            base = word[:-1]
            own = (lists.first_names if lists.home_first_names is None else lists.home_first_names,
                   lists.surnames, known_tokens)
            if (any(base in n for n in names) or is_proper(base)) and not any(word in n for n in own):
                person_tokens[i] = (s, e - 1, source, form if form != word else base)

    # "Kari Nordmann", "Jon-Erik Kjærstad": neighbouring name words are one person.
    merged: list[tuple[int, int, str, list[str]]] = []
    for s, e, source, form in person_tokens:
        if merged and (seg[merged[-1][1]:s] == " " or _PARTICLE_GAP.fullmatch(seg, merged[-1][1], s) is not None):
            ps, _pe, psource, pforms = merged[-1]
            best = psource if _RANK[psource] <= _RANK[source] else source
            merged[-1] = (ps, e, best, [*pforms, form])
        else:
            merged.append((s, e, source, [form]))
    for s, e, source, forms in merged:
        add("person", s, e, source, " ".join(forms))

    if entities is not None:
        for s, e, label in entities(seg):
            kind = {"PER": "person", "PERSON": "person", "LOC": "place", "GPE": "place", "GPE_LOC": "place",
                    "ORG": "institution", "GPE_ORG": "institution"}.get(label)
            if kind and not seg[s:e].isupper():
                add(kind, s, e, "model")

    _ages(seg, a, found, add, digits, tokens)
    return found


#: After a word opening a sentence: an apposition and a pronoun (``, polakken fra blokka, han``)
#: or a relative clause about a person (``, som leder det``).
_APPOSITION = re.compile(
    r", (?:som (?:er|var|e|va|leder|leier|leiar|bor|budde|bodde|jobber|jobba|jobbar|går|gikk|heter|het|sa|sier)"
    r"(?![\w])|[a-zæøå]+(?: [a-zæøå]+){0,3}, (?:han|hun|ho|hu|hen)(?![\w]))")
#: After a word opening a sentence: the same person taken up again by a pronoun, at once or after
#: a few words in apposition (``, hun kom``, ``, for eksempel, hun som``).
#: Not after *altså*, *eller*, *dvs.*: ``Áhkku, altså bestemor, ho …`` says what a word means.
_DISLOCATED = re.compile(r",(?! (?:altså|eller|dvs|det vil si)\b)(?: [a-zæøå]+){0,3}, (?:han|hun|ho|hu|hen) (?=[a-zæøå])"
                         r"|, (?:han|hun|ho|hu|hen) (?=[a-zæøå])"
                         # "Kasia, altså Katarzyna Wiśniewska, hun …": the full name in apposition.
                         rf"|, (?:altså |eller |dvs\. )?[{_UPPER}][\w'’-]+(?: [{_UPPER}][\w'’-]+){{1,2}}, (?:han|hun|ho|hu|hen) ")
#: After a nickname opening a sentence: the name it stands for (``Kuba, han heiter eigentleg …``);
#: *egentlig* says the word before is not the name (``Psykologen, hun heter Nithya`` is a role).
_NAME_EXPLAINED = re.compile(
    r", (?:han|hun|ho|hu|hen) (?:heter|heiter|heite|hete|het|heitte|hette) (?:egentlig|eigentleg|eigentlig|egentli) "
    rf"[{_UPPER}]")
#: A word that is a sentence on its own (``Tharshika.``, ``Bestevenninna mi? Mirela.``).
#: Months and weekdays, bokmål and nynorsk: an answer of its own (``Når? Mars.``), never a name.
_CALENDAR = frozenset(_MONTHS.split("|")) | frozenset({
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag", "måndag", "tysdag", "laurdag", "sundag"})
_ALONE = re.compile(r"[.!?…]+[\"»”]?(?:\s|$)|\s*$")
#: After a name: ``Kris kaller vi han``, ``«Tobbe» kallar dei han``, ``Sol heter ho``; not where the
#: name called follows (``Ungdommane kallar ho berre Storm``: the subject, who do the calling).
_CALLED_AFTER = re.compile(
    r"[»”\"]? (?:kaller|kalte|kalla|kallar|kalle|kallast|kalles) (?:vi|me|dei|de|dem|alle|folk|eg|jeg|æ|je|han|hun|ho|hu)"
    r"(?: (?:han|ham|ho|henne|hun|hu|meg|mæ|deg|dæ))?(?![\w])"
    rf"(?!(?: (?:bare|berre|bære|for|just|alltid|no|nå))* [«\"“]?[{_UPPER}])"
    r"|[»”\"]? (?:heter|het|hette|heiter|heitte|hete|heite) (?:han|hun|ho|hu|hen)(?![\w])")
#: A question about a name, at the end of a turn: ``Hva heter katten?``, ``Kva heiter ho?``.
_NAME_QUESTION = re.compile(
    r"(?<![\w])(?i:hva|ka|kva|kå|hvem|kem|ke)(?: [\wæøå]+){0,3}? (?i:heter|hete|heiter|het|heitte|hette|heta|kalles|kaltes)"
    r"(?:[^?\n]{0,40})\?[\s\]\)]*$")
_THING_ASKED = re.compile(rf"(?<![\w]){_NAMED_THINGS}(?![\w])", re.IGNORECASE)
#: The answer: the turn's first word with a capital, a filler or two allowed before it, then a stop.
_ANSWER = re.compile(
    rf"\s*(?:(?i:eh|ehm|øh|hm|mm|ja|jo|nei|altså|hun|han|ho|hu|den|det|de|hun heter|han heter|ho heiter|"
    rf"han heiter|den heter|det heter|hun het|han het)[,.]? )*(?P<name>[{_UPPER}][\w'’-]*)(?=[.!,…]|\s*$)")
#: One more item of a list of names: ``, Sara``, `` og Thea``.
_LIST_ITEM = re.compile(rf"(?:, | og )({_CAP})")
#: Family words and roles that open a list beside names (``Mamma, Kari og Per``): not names.
_KIN = frozenset({
    "mamma", "pappa", "mor", "far", "mora", "faren", "moren", "mormor", "morfar", "farmor", "farfar", "bestemor",
    "bestefar", "besta", "søster", "søstera", "søsteren", "bror", "broren", "brodern", "onkel", "tante", "kusine",
    "fetter", "stemor", "stefar", "steffaren", "fosterfar", "fostermor", "læreren", "treneren", "naboen", "kjæresten",
    "kompisen", "venninna", "venninnen", "alle", "begge", "både", "vi", "dere", "de",
    # Greetings and answers that open a sentence before names: "Takk, Kari og Per", "Hei, …".
    "hei", "hallo", "takk", "tusen", "velkommen", "kjære", "hilsen", "ja", "nei", "jo", "vel", "tja", "jaha",
    "men", "og", "eller", "så", "da", "nå", "enten", "først", "etterpå", "unnskyld", "sorry",
})


#: Family words in dialect and nynorsk forms (``søstra``, ``systera``, ``bror'n``), and the
#: prefixes that make more of them (``lillesøstra``, ``storebroren``, ``halvbror``, ``fostermora``).
_KIN_FORMS = frozenset({
    "søster", "søstera", "søstra", "søsteren", "syster", "systera", "systra", "bror", "broren", "brodern", "brorn",
    "bróren", "mor", "mora", "moren", "morn", "mamma", "mammaen", "far", "faren", "farn", "fari", "pappa", "pappaen",
    "datter", "dattera", "datra", "dotter", "dottera", "sønn", "sønnen", "son", "sonen", "onkel", "onkelen", "tante",
    "tanta", "tanten", "kusine", "kusina", "fetter", "fetteren", "bestemor", "bestemora", "bestefar", "bestefaren",
    "besta", "bestaen", "mormor", "morfar", "farmor", "farfar", "oldemor", "oldefar", "familie", "familien",
    "familia", "søsken", "søskena", "søskenet", "kjæreste", "kjæresten", "kjærasten", "barn", "barnet", "unge",
    "ungen", "ungane", "ungene", "gutt", "gutten", "guten", "jente", "jenta", "jenten", "jenter", "jentene",
    # North Sami family words said in Norwegian speech (grandmother, grandfather, mother, father).
    "áhkku", "ahkku", "áddjá", "addja", "eadni", "áhčči", "ahcci",
})
#: Car makes and models people drive, by the names in Opplysningsrådet for Veitrafikken's (OFV)
#: yearly registration statistics for Norway: in the definite form (``Volvoen``, ``Caddyen``,
#: ``Golfen``) the car, never a person.
_CARS = frozenset({
    "volvo", "tesla", "toyota", "volkswagen", "vw", "audi", "bmw", "mercedes", "skoda", "ford", "nissan", "hyundai",
    "kia", "peugeot", "citroën", "citroen", "opel", "mazda", "mitsubishi", "subaru", "suzuki", "honda", "renault",
    "saab", "fiat", "jeep", "porsche", "polestar", "byd", "lexus", "dacia", "seat", "cupra", "jaguar", "mini",
    "chevrolet", "dodge", "lada", "golf", "passat", "polo", "caddy", "transporter", "transit", "sprinter", "corolla",
    "yaris", "auris", "avensis", "rav4", "hiace", "hilux", "leaf", "qashqai", "micra", "octavia", "fabia", "superb",
    "enyaq", "ioniq", "kona", "tucson", "niro", "sportage", "outlander", "amarok", "tiguan", "focus", "fiesta",
    "mondeo", "escort", "sierra", "astra", "corsa", "zafira", "berlingo", "kangoo", "clio", "megane", "zoe",
    "twingo", "punto", "panda", "cayenne", "taycan", "amazon", "cherokee", "wrangler", "mustang", "camaro",
    "vito", "crafter", "multivan", "touran", "sharan", "ducato", "boxer", "master", "trafic", "vivaro", "xc60",
    "xc90", "xc40", "v70", "v60", "v90", "s60", "240", "740", "940",
})


#: Words of Oslo's multiethnolect ("kebabnorsk") and youth slang that open a sentence or stand
#: alone (``Wallah, han kom``, ``Yalla vi drar``, ``Sjofe!``): interjections, greetings, address
#: words and the slang for police, girls, money. Written from the Norwegian Wikipedia article
#: *Kebabnorsk* and Språkrådet's pages on youth language; no name is among them.
_SLANG = frozenset({
    "wallah", "walla", "wolla", "wollah", "vallah", "yalla", "jalla", "inshallah", "insjallah", "mashallah",
    "masjallah", "habibi", "habibti", "khalas", "aiwa", "sjofe", "sjofa", "kæbe", "kæba", "kæber", "shuno", "sjuno",
    "tæsje", "tæsj", "azzi", "lættis", "dritings", "chille", "chillern", "bruh", "bror'n", "broder", "brodern",
    "mannen", "wesh", "sho", "shoo", "yo", "jao", "jåo", "akhi", "ukhti", "sahbi", "haram", "halal", "baba",
    "skamfull", "keff", "kef", "stæsj", "fett", "digg", "swag", "flex", "cap", "nocap", "slay", "bars", "bussin",
    # English slang in Norwegian youth speech ("Helt ærlig? Cringe.", "Ja, okei. Chill.").
    "cringe", "chill", "chillings", "tbh", "lol", "omg", "wtf", "sus", "lit", "ngl", "idk", "btw", "fr", "vibe",
    "vibes", "random", "awkward", "creepy", "basic", "whatever", "literally", "lowkey", "highkey",
    # Trøndersk and northern slang for bad, rubbish ("Rævva. Nei, …").
    "rævva", "ræva", "rævvå",
    # Laughter written out: "Ha-ha.", "He-he".
    "ha-ha", "haha", "hehe", "he-he", "hæ-hæ", "hihi", "hi-hi", "hah",
})


_KIN_PREFIXES = ("", "lille", "vesle", "litle", "store", "stor", "halv", "ste", "foster", "tvilling", "yngste",
                 "eldste")


#: Short given names that are also words (``jo``, ``per``, ``tor``): the first part of two joined
#: given names (``Jo-Martin``, ``Per-Erik``) whose second part is a listed given name.
_SHORT_GIVEN = frozenset({"jo", "per", "tor", "ole", "liv", "siv", "kai", "dag", "bo", "jan", "eva", "ann", "mai",
                          "sol", "vår", "ask", "are", "odd", "åse", "kim", "lars", "geir", "stig", "tom"})

#: Family and friends, and the roles of the people around a young person in care, in the forms
#: that stand in apposition to a name (``venninna mi, Vår``, ``Kajan, kompisen min``).
_FRIENDS_AND_ROLES = frozenset({
    "venn", "vennen", "venninne", "venninna", "venninnen", "kompis", "kompisen", "bestevenn", "bestevennen",
    "bestevenninne", "bestevenninna", "bestevenninnen", "bestekompis", "bestekompisen", "kamerat", "kameraten",
    "nabo", "naboen", "kjæreste", "kjæresten", "kjærasten", "lærer", "læreren", "læraren", "kontaktlærer",
    "kontaktlæreren", "kontaktlæraren", "miljøterapeut", "miljøterapeuten", "kontaktperson", "kontaktpersonen",
    "primærkontakt", "primærkontakten", "sjef", "sjefen", "leder", "lederen", "leiar", "leiaren", "kollega",
    "kollegaen", "kollegen", "psykolog", "psykologen", "terapeut", "terapeuten", "saksbehandler", "saksbehandleren",
    "saksbehandlar", "saksbehandlaren", "trener", "treneren", "trenar", "trenaren", "rektor", "rektoren",
    "fosterfar", "fostermor", "verge", "vergen", "tvilling", "tvillingen", "romkamerat", "romkameraten",
})
_APPOSITION_POSSESSIVES = frozenset({"mi", "min", "mitt", "mine", "vår", "vårt", "våre", "di", "din", "ditt",
                                     "hans", "hennes", "deres", "dokkers", "sin", "si", "sitt"})


@lru_cache(maxsize=1)
def _apposition_heads() -> frozenset[str]:
    """The words of :data:`_FRIENDS_AND_ROLES` and the family words with their prefixes."""
    return frozenset((*_FRIENDS_AND_ROLES, *(p + k for p in _KIN_PREFIXES for k in _KIN_FORMS)))


#: Words before a name that only a person takes: the dialects' pronoun before a name (``ho Lia``,
#: ``han Per``), what someone is called (``kallar han berre X``).
_PRONOUN_ARTICLES = frozenset({"ho", "hu", "hun", "han"})
#: Nouns after a hyphen that make the word before it a title (``Eurovision-sangen``).
_MEDIA_TAILS = frozenset({
    "sang", "sangen", "songen", "låt", "låta", "låten", "film", "filmen", "filmene", "filmane", "serie", "serien",
    "serier", "seriene", "seriane", "kveld", "kvelden", "konsert", "konserten", "spill", "spillet", "podden",
    "podkasten", "episode", "episoden", "sesong", "sesongen", "album", "albumet", "plakat", "plakaten"})
#: Particles of surnames (``de Vibe``, ``van der Berg``, ``von Hall``, ``af Geijerstam``), after a name.
_PARTICLE_LIST = ("van der", "van den", "von der", "van", "von", "de", "af", "du", "di", "da", "del", "della", "dos",
                  "das", "ter", "ten")
_PARTICLE_WORDS = frozenset(w for p in _PARTICLE_LIST for w in p.split())
_PARTICLES = f"(?:{'|'.join(_PARTICLE_LIST)})"
_PARTICLE_GAP = re.compile(rf" {_PARTICLES} ")
_PARTICLE = re.compile(rf" {_PARTICLES} (?P<name>[{_UPPER}][{_L}'’]+(?:-[{_UPPER}][{_L}'’]+)?)(?![\w-])")
_INDEFINITE = frozenset({"en", "ein", "ei", "eit", "et", "e", "æin"})
#: Before a car's make or model: an article or a possessive (``en Caddy``, ``min Volvo``).
_CAR_DETERMINERS = _INDEFINITE | _APPOSITION_POSSESSIVES
_CALLED = frozenset(v + end for v in ("kaller", "kalte", "kalt", "kalla", "kallar", "kalle", "kallast", "kalles")
                    for end in ("", "'n", "’n", "'a", "’a"))  # "Dom kaller'n bære «Stormen»"
#: After a name: the speaker with them (``Lykke og jeg skal ta videreutdanning``).
_WITH_ME = frozenset({"jeg", "eg", "æ", "je", "jæ", "æg"})
_CALLED_OBJECTS = frozenset({"han", "ham", "ho", "hu", "henne", "hun", "meg", "mæ", "meij", "deg", "dæ",
                             "oss", "dei", "dem", "dæm", "seg", "sæ"})
_CALLED_FILLERS = frozenset({"bare", "berre", "bære", "for", "just", "alltid", "no", "nå"})
_CLEFT_VERBS = frozenset({"var", "va", "vart", "ble", "blei", "er", "e", "æ"})
_CLEFT_SUBJECTS = frozenset({"det", "de", "d", "dæ"})


def _person_cue(seg: str, words: list[tuple[int, int, str]], k: int) -> str | None:
    """Whether the capitalised word ``k`` stands where only a person stands, whatever the word is
    (an everyday word such as *lia*, *stormen*, or one no list knows), and which cue says so
    (``"pronoun"``, ``"called"``: a place's name too, ``alle kalle han Mo``; ``"cleft"``):

    - after the dialects' pronoun used as an article before a name: ``ho Lia``, ``han Stormen``
      (the pronoun and the word on one line, the pronoun not itself the sentence's subject
      followed by a verb: ``Ho Lia har …``, ``e sa det te ho Lia``);
    - after a verb of calling, its object and a filler: ``kallar han berre Stormen``;
    - in a cleft with *som*: ``Det va Lia som fiksa det``.
    """
    def prev(i: int) -> str:
        return words[i][2].casefold() if i >= 0 else ""

    def joined(i: int) -> bool:  # words i and i+1 separated by one space
        return i >= 0 and seg[words[i][1]:words[i + 1][0]] == " "

    p1 = prev(k - 1)
    if p1 in _PRONOUN_ARTICLES and joined(k - 1):
        nxt = words[k + 1][2] if k + 1 < len(words) else ""
        if nxt[:1].islower() and seg[words[k][1]:words[k + 1][0]] in (" ", ", "):
            return "pronoun"
    i = k - 1
    while i >= 0 and prev(i) in _CALLED_FILLERS and joined(i):
        i -= 1
    if i >= 0 and prev(i) in _CALLED_OBJECTS and joined(i):
        i -= 1
    if i >= 0 and i < k - 1 and prev(i) in _CALLED and joined(i):
        return "called"
    if i == k - 1 and prev(i) in _CALLED and joined(i):
        return "called"  # "kalles Stormen"
    if _CALLED_AFTER.match(seg, words[k][1]) is not None and words[k][2].casefold() not in _no_name_words():
        return "called"  # "Kris kaller vi han", "Sol heter ho"
    heads = _apposition_heads()
    if words[k][2].casefold() in _KIN:
        return None  # "Takk, leder.", "Hei, mamma": a greeting or an answer, no name
    if (k + 2 < len(words) and prev(k + 1) == "og" and prev(k + 2) in _WITH_ME and joined(k) and joined(k + 1)
            and words[k + 2][2] != "I" and (k + 3 >= len(words) or words[k + 3][2][:1].islower())
            and words[k][2].casefold() not in _no_name_words() and words[k][2].casefold() not in heads):
        return "with"  # "Lykke og jeg skal …": someone the speaker does things with (not "Mamma og jeg")
    if k >= 1 and seg[words[k - 1][1]:words[k][0]] == ", ":
        j = k - 1
        if prev(j) in _APPOSITION_POSSESSIVES and j >= 1 and joined(j - 1):
            j -= 1
        if prev(j) in heads and (j == 0 or prev(j - 1) not in _PLACE_PREPOSITIONS):
            return "called"  # "venninna mi, Vår", "veslebror, Jo-Are,"
    if (k + 2 < len(words) and seg[words[k][1]:words[k + 1][0]] == ", " and prev(k + 1) in heads
            and prev(k + 2) in _APPOSITION_POSSESSIVES and joined(k + 1)):
        return "called"  # "Kajan, kompisen min fra …", "Vår, søstera mi, hu e ni år"
    if (k + 3 < len(words) and prev(k + 1) in _CLEFT_VERBS and prev(k + 2) in heads
            and prev(k + 3) in _APPOSITION_POSSESSIVES and joined(k) and joined(k + 1) and joined(k + 2)):
        return "called"  # "Dag e stefaren min", "Sol er bestevenninna mi": who someone is to the speaker
    if (k + 2 < len(words) and seg[words[k][1]:words[k + 1][0]] == ", " and prev(k + 1) in _INDEFINITE
            and prev(k + 2) in heads and joined(k + 1)):
        return "called"  # "Thusanth, ein kompis frå ungdomsskulen", "Rania, en venninne av meg"
    s = words[k][0]
    if (_NAMED_BEFORE.search(seg, max(0, s - 12), s) is not None
            and _PLACE_NAMED_BEFORE.search(seg, max(0, s - 60), s) is None
            and (k + 1 >= len(words) or not words[k + 1][2][:1].isupper() or seg[words[k][1]:words[k + 1][0]] != " ")):
        return "called"  # "en katt som heter Fredag" (one word; "heter Squid Game" is a title's)
    cleft = (k >= 2 and p1 in _CLEFT_VERBS and prev(k - 2) in _CLEFT_SUBJECTS and joined(k - 1) and joined(k - 2)
            and k + 1 < len(words) and words[k + 1][2] == "som" and joined(k))
    return "cleft" if cleft else None


@lru_cache(maxsize=1)
def _no_name_words() -> frozenset[str]:
    """Words that are never a name, casefolded: the function words of ``funksjonsord.txt``, family
    words in dialect forms with their prefixes (``lillesøstra``), and cars in the definite form
    (``volvoen``, ``caddyen``). One set, so the test per capitalised word is one look-up."""
    kin = [p + k for p in _KIN_PREFIXES for k in (*_KIN_FORMS, *_KIN)]
    cars = [c + e for c in _CARS for e in ("en", "n", "a", "et", "'en", "’en")]
    return frozenset((*function_words(), *kin, *cars, *_SLANG))


def _coordinated_names(seg: str, held: list[tuple[int, int, str, bool]],
                       person_tokens: list[tuple[int, int, str, str]], lists: Lists, ctx: _Context) -> None:
    """A word opening a sentence that lists names (``Sanna og Kristoffer og Jonas.``, ``Ida, Sara
    og Thea, me har …``) is a name too: a listed name or one no dictionary knows beside one name,
    a word that is also an everyday word (``Sanna``) only beside two, never a family word
    (``Mamma og Kari``). The text's other sentences opening with it then count it a name too."""
    starts = {s for s, _e, _src, _f in person_tokens}
    for s, e, norm, strong in held:
        if norm in _KIN:
            continue
        items, pos = 0, e
        while (m := _LIST_ITEM.match(seg, pos)) is not None:
            if m.start(1) not in starts and m.group(1).casefold() not in lists.first_names:
                items = 0
                break
            items, pos = items + 1, m.end()
        if items >= (1 if strong else 2):
            person_tokens.append((s, e, "capital", norm))
            ctx.coordinated.add(norm)
    person_tokens.sort()


def _allowed(norm: str, lists: Lists) -> bool:
    """Project words and allowed words, also in the genitive ("Bufetats") or as a compound's head."""
    for form in (norm, norm[:-1] if norm.endswith("s") else norm, norm.split("-")[0]):
        if form in lists.ignore or form in ALLOWED_WORDS:
            return True
    return False


_RANK = {"key": 0, "fuzzy": 1, "namelist": 2, "ordbank": 3, "capital": 4, "model": 5}


def _compound(norm: str, is_word: Callable[[str], bool], shortest: int = 4) -> bool:
    """Whether ``norm`` is two dictionary words put together ("kjedeanalyse", "fastlegen",
    "ferdighetsgruppa"), with a linking s or e allowed: an ordinary noun Ordbank does not list.
    ``shortest`` is the shortest last part (``ungdomsråd`` needs 3)."""
    for cut in range(3, len(norm) - shortest + 1):
        head, tail = norm[:cut], norm[cut:]
        if is_word(tail) and (is_word(head) or (head[-1] in "se" and is_word(head[:-1]))):
            return True
    return False


#: Nynorsk stems that differ from bokmål's in a letter or two (``skule``/``skole``,
#: ``rådgjevar``/``rådgiver``, ``sjukehus``/``sykehus``, ``heim``/``hjem``, ``tenest``/``tjenest``).
_NYNORSK_STEMS = (("skul", "skol"), ("gjev", "giv"), ("sjuk", "syk"), ("heim", "hjem"), ("tenest", "tjenest"),
                  ("kyrkj", "kirk"), ("leiar", "leder"), ("mjølk", "melk"), ("golv", "gulv"), ("røynd", "erfar"))


def _nynorsk_form(norm: str, is_word: Callable[[str], bool]) -> bool:
    """Whether ``norm`` is a nynorsk or dialect inflection of a bokmål word Ordbank knows
    (``kompisane``, ``ferdigheiter``, ``gutar``): Ordbank lists bokmål forms only."""
    if "'" in norm or "’" in norm:
        base = norm.replace("’", "'").split("'")[0]
        return len(base) >= 3 and (is_word(base) or _compound(base, is_word))  # "lærer'n", "bil'n"
    if norm.endswith("tt") and len(norm) >= 5 and is_word(norm[:-1]):
        return True  # "greitt", "fint" written "fintt": the neuter of an adjective, in dialect spelling
    stem = norm.replace("heit", "het")
    bokmål = stem
    for ny, bm in _NYNORSK_STEMS:
        bokmål = bokmål.replace(ny, bm)
    if bokmål != stem and (is_word(bokmål) or any(
            bokmål.endswith(e) and is_word(bokmål[:-len(e)] + f)
            for e, f in (("en", ""), ("en", "e"), ("et", ""), ("a", ""), ("a", "e")))):
        return True  # "skulen" (skolen), "sjukehuset"; the definite forms only of such stems
    stem = bokmål  # "rådgjevaren" goes on as "rådgivaren", a definite form in -aren below
    for ending in ("ane", "ene", "ar", "er", "one", "a", "i"):
        if stem.endswith(ending) and len(stem) - len(ending) >= 3:
            base = stem[:-len(ending)]
            if is_word(base) or is_word(base + "e") or is_word(base + "er"):
                return True
    # Definite forms in -aren, -ern, -an of nouns in -er (``læraren``, ``saksbehandlaren``,
    # ``kontaktlærern``, ``foreldran``, ``læreran``): the bokmål noun, or a compound ending in one.
    for ending, instead in (("aren", "er"), ("ern", "er"), ("an", ""), ("an", "e")):
        if stem.endswith(ending) and len(stem) - len(ending) >= (3 if ending == "aren" else 4):
            base = stem[:-len(ending)] + instead
            if is_word(base) or _compound(base, is_word):
                return True
    return False


def _titled_compound(norm: str, is_word: Callable[[str], bool]) -> bool:
    """A compound whose last part is a long ordinary noun in its definite form ("-sendingen",
    "-kontoret", "-programmet"): the name of a programme, an office or a thing, not of a person
    (surnames end in short parts: "-haugen", "-bakken", "-stad")."""
    for cut in range(3, len(norm) - 6):
        tail = norm[cut:]
        if tail.endswith(("en", "et", "a")) and is_word(tail) and is_word(norm[:cut].rstrip("s")):
            return True
    return False


def _is_institution_compound(norm: str, is_word: Callable[[str], bool]) -> bool:
    for suffix in _INSTITUTION_SUFFIXES:
        if norm.endswith(suffix) and len(norm) - len(suffix) >= 3 and not is_word(norm):
            return True
    return False


def _workplaces(seg: str, lists: Lists, add: Callable[..., bool]) -> None:
    """Someone's workplace by its cue (``jobber på Kiwi``, ``sommerjobb på Rema 1000``) and a
    chain's branch named by its place (``Kiwi på Strømmen``). A place (``jobber i Bodø``), the
    project's own sites and a national body (``jobber i Bufetat``) are left to their own rules."""
    for m in _PREP_CAPITAL.finditer(seg):
        cue = seg.rfind(" ", 0, m.start() - 1)
        cue_word = seg[cue + 1:m.start() - 1].casefold()
        if cue_word not in _WORK_CUES and cue > 0:
            # "jobber som kokk på X", "læreplass som vikar på X": the role between cue and place.
            before = _ROLE_BETWEEN.search(seg, max(0, cue - 40), cue + 1)
            if before is not None and before.group(1).casefold() in _WORK_CUES:
                cue_word = before.group(1).casefold()
        if cue_word in _WORK_CUES:
            name = _WORKPLACE_NAME.match(seg, m.end())
            if name is None:
                continue
            first = name.group().split()[0].casefold()
            if (first in lists.places or first in lists.ignore or first in lists.first_names
                    or (first in ALLOWED_WORDS and first not in _CHAIN_WORDS)
                    or (" " not in name.group() and _place_ending(first))):
                # "jobber på Melkøya", "jobber på Herøya": an island or a site by its name's ending
                # is where someone works, not whom they work for.
                continue
            add("institution", name.start(), name.end(), "institution")
            continue
        chain = _CHAIN_BEFORE.search(seg, max(0, m.start() - 16), m.start())
        if chain is not None:
            add("institution", chain.start(), chain.end() - 1, "institution")


#: A street noun after a name (``St. Olavs gate``, ``Rosenborg gate``): the street, not the body.
_STREET_AFTER = re.compile(r" (?:gate|gata|gaten|gt\.|plass|plassen|vei|veien|veg|vegen|allé)(?![\w])")


def _listed_organisations(seg: str, words: list[tuple[int, int, str]], lists: Lists,
                          add: Callable[..., bool], is_word: Callable[[str], bool] = lambda _w: False,
                          given: frozenset[str] = frozenset()) -> None:
    """Organisations of ``organisasjoner.txt``, one to three words, written as listed (a capital),
    also as the first part of a hyphenated compound (``Glimt-skjerf``). A name that is also an
    everyday word (``Brann``) counts only inside a sentence, and one the text gives someone as a
    given name (``Yara Al-Masri`` … ``Yara er god på det``, ``given``) is that person alone."""
    if not lists.organisations:
        return
    firsts = lists.organisation_firsts or frozenset(o.split()[0] for o in lists.organisations)
    for k, (s, _e, word) in enumerate(words):
        if word[0].islower() and word != "iTromsø":
            continue
        head = word.split("-")[0] if "-" in word else word
        if head.casefold() not in firsts and not (
                head == word and seg[_e:_e + 1] == "." and head.casefold() + "." in firsts):
            continue  # (the second test: an abbreviation opening a listed name, "St. Olavs")
        if head != word:
            if head.casefold() in lists.organisations and not (is_word(head.casefold()) and _is_initial(seg, s, 0)):
                add("institution", s, s + len(head), "institution")
            continue
        for n in (3, 2, 1):
            if k + n > len(words):
                continue
            end = words[k + n - 1][1]
            norm = " ".join(seg[s:end].casefold().split())
            if norm in lists.organisations:
                if n == 1 and (norm in given or (
                        norm in lists.first_names and k + 1 < len(words) and seg[end:words[k + 1][0]] == " "
                        and words[k + 1][2][:1].isupper() and not is_word(words[k + 1][2].casefold())
                        and words[k + 1][2].casefold() not in lists.places and not words[k + 1][2].isupper()
                        and words[k + 1][2].casefold() not in lists.organisations)):
                    break  # "Yara Al-Masri": a given name before a surname, not the company
                if _STREET_AFTER.match(seg, end):
                    break  # "St. Olavs gate", "Rosenborg gate": the street named after it
                if n == 1 and is_word(norm) and _is_initial(seg, s, 0) and not (
                        word in _listed_as_written() and (seg[end:end + 1] in (".", ",", "!", "?")
                                                          or _MATCH_VERB.match(seg, end))
                        and _SPORT.search(seg)):
                    # "Brann" opening a sentence: the word, carrying the sentence's capital; but
                    # "Viking." named alone where the talk is of matches is the club (written as
                    # listed: "Til" opening a sentence is never "TIL"; "Rødt kort" is no party),
                    # and so is "Brann slo dei i cupen" (a match's verb after it, the same talk).
                    break
                add("institution", s, end, "institution")
                break


#: Endings of the names of national public bodies (``Helsedirektoratet``, ``Arbeidstilsynet``,
#: ``Sivilombudet``, ``Skatteetaten``, ``Brønnøysundregistrene``, ``Kunnskapsdepartementet``):
#: nothing else has them, so a capitalised word with one is such a body. ``-forbundet``,
#: ``-organisasjonen`` and ``-verket`` also end everyday compounds (``Kraftverket``): see
#: :func:`_national_bodies`.
_BODY_ENDINGS = ("direktoratet", "tilsynet", "ombudet", "etaten", "registrene", "departementet")
_WEAK_BODY_ENDINGS = ("forbundet", "organisasjonen", "verket")
_BODY_ENDING = re.compile(
    rf"(?<![\w-])(?P<body>(?:[{_UPPER}][\w]*- og [\w-]*?|[{_UPPER}][\w-]*?)(?:{'|'.join(_BODY_ENDINGS + _WEAK_BODY_ENDINGS)}))"
    rf"(?P<gen>s)?(?![\w'’-])")


def _national_bodies(seg: str, tokens: frozenset[str], lists: Lists, ctx: _Context,
                     add: Callable[..., bool]) -> None:
    """National public bodies named alone (``Bufetat``, ``Stortingets vedtak``, ``NRK``), from the
    list of ``etater.txt`` or by their names' endings (``Helsedirektoratet``): organisations, by the
    lead's convention of December 2026 (a missed identifier is invisible, a false alarm one click).
    In the genitive the body alone is the candidate, as for places and names. Opening a sentence, a
    listed body that is also an everyday word (``Forsvaret``) counts unless the transcripts write
    it in lower case too; a word with a weak ending (``-verket``, ``-forbundet``) only where it is
    no dictionary word or the transcripts write it with a capital inside sentences."""
    # Cheap tests first: most utterances name no body at all.
    if lists.bodies is not None and not _body_firsts().isdisjoint(tokens):
        for m in lists.bodies.finditer(seg):
            body = m.group("body")
            norm = " ".join(body.casefold().split())
            if (" " not in norm and _is_initial(seg, m.start(), 0) and ctx.is_word(norm)
                    and norm in ctx.evidence.lower):
                continue  # "Forsvaret mitt": the word carrying a sentence's capital
            add("institution", m.start(), m.end("body"), "institution")
    if not any(e in seg for e in _BODY_ENDINGS + _WEAK_BODY_ENDINGS):
        return
    for m in _BODY_ENDING.finditer(seg):
        body = m.group("body")
        norm = body.casefold()
        ending = next(e for e in _BODY_ENDINGS + _WEAK_BODY_ENDINGS if norm.endswith(e))
        if len(norm) - len(ending) < 3 or body.isupper() or norm in lists.places or _place_ending(norm):
            continue  # "Direktoratet", "Tilsynet": the everyday noun
        if _is_initial(seg, m.start(), 0) and ctx.is_word(norm):
            if norm in ctx.evidence.lower:
                continue
            if ending in _WEAK_BODY_ENDINGS and not (ctx.is_proper(norm) or ctx.evidence.name_like(norm)):
                continue  # "Kraftverket ble bygd …": an everyday compound
        add("institution", m.start(), m.end("body"), "institution")


#: Verbs whose subject is a person (``Per sa``, ``Liv synes``, ``Strand mente``): after a name
#: that is also an everyday word or a place, they say which one is meant. Auxiliaries and *er*,
#: *var*, *har* are left out: ``Liv er viktig`` is the noun.
HUMAN_VERBS = frozenset({
    "sa", "sier", "seier", "sei", "mente", "mener", "meiner", "tror", "trur", "trodde", "trudde", "synes", "syns",
    "syntes", "fortalte", "forteller", "fortel", "spurte", "spør", "svarte", "svarer", "ringte", "ringer", "ringe",
    "skrev", "skriver", "sendte", "sender", "likte", "liker", "hjalp", "hjelper", "jobber", "jobbet", "jobba",
    "bor", "bodde", "flytta", "flyttet", "lo", "smilte", "ropte", "snakket", "snakka", "prata", "pratet",
    "lurte", "lurer", "ville", "kjefta", "kjeftet", "fikk", "gråt", "visste", "husker", "huska",
})


def _verb_after(seg: str, words: list[tuple[int, int, str]], k: int) -> bool:
    """Whether word ``k`` is followed, after one space, by a verb whose subject is a person."""
    return (k + 1 < len(words) and seg[words[k][1]:words[k + 1][0]] == " "
            and words[k + 1][2].casefold() in HUMAN_VERBS)


#: Endings of Norwegian place names: a river, fjord, island, road or street, lake, valley,
#: headland, bay … in the definite form names take (``Altaelva``, ``Frierfjorden``, ``Herøya``,
#: ``Hydrovegen``, ``Storgata``, ``Tyrivatnet``). Endings that end many surnames too (``-bakken``,
#: ``-haugen``, ``-moen``, ``-lia``, ``-åsen``, ``-vik``, ``-stad``) are left out.
_PLACE_ENDINGS = (
    "elva", "elven", "elvi", "fjorden", "fjord", "øya", "øyene", "øyane", "vegen", "veien", "gata", "gaten",
    "vatnet", "vannet", "dalen", "neset", "vika", "sundet", "fjellet", "breen", "fossen", "sjøen", "tinden",
    "bukta", "holmen", "kollen", "marka", "tjernet", "skjæret",
    # Mountains, hills, moors, beaches and tidal currents (``Keiservarden``, ``Hamresanden``,
    # ``Saltstraumen``, ``Gaustatoppen``, ``Vardeheia``, ``Hardangervidda``): no common surname
    # ends so (checked against the surnames and given names of Faker's ``no_NO`` lists).
    "varden", "varda", "sanden", "straumen", "strømmen", "toppen", "heia", "nuten", "vidda", "ryggen",
    "skaret", "piggen", "hornet", "egga", "stranda", "stranden",
)


#: A capitalised word with such an ending (also in the genitive or opening a compound): the cheap
#: test before :func:`_places_by_ending` looks closer.
_ENDING_WORD = re.compile(rf"[{_UPPER}][\w]*(?:{'|'.join(_PLACE_ENDINGS)})(?:s?(?![\w'’-])|-)")


def _place_ending(norm: str) -> bool:
    """Whether ``norm`` is a name part (two letters or more) and a place name's ending."""
    return any(norm.endswith(e) and len(norm) - len(e) >= 2 for e in _PLACE_ENDINGS)


def _places_by_ending(seg: str, words: list[tuple[int, int, str]], lists: Lists, ctx: _Context,
                      add: Callable[..., bool]) -> None:
    """A capitalised word the gazetteer lacks, with a place name's ending (``langs Altaelva``, ``fra
    Frierfjorden``, ``på Herøya``, ``langs Hydrovegen``), is a place where nothing says person: no
    given name just before (``Ole Einar Bjørndalen``) nor a listed surname just after, no title,
    no *heter*, no *med*, *hos* or *av* before it (``snakket med Bjørndalen``), no verb whose
    subject is a person after it (``Bjørndalen sa``), not beside a person's name (``Kari og
    Sørdalen``), not a name of the team's key nor a surname the text gave in full. Inside a
    sentence the capital is enough; opening one, the word must not be an everyday compound
    carrying the sentence's capital (``Skoleveien var lang``, ``Elva var stor``): Ordbank knows
    it as a proper noun, the transcripts write it with a capital inside sentences, or it is no
    dictionary word nor two put together. In the genitive or opening a hyphenated compound
    (``Frierfjordens``, ``Herøya-fabrikken``) the place alone is the candidate, as for the
    gazetteer's places."""
    is_word = ctx.is_word
    for k, (s, _e, word) in enumerate(words):
        if not word[0].isupper() or word.isupper() or word[-1] in "'’":
            continue
        if "-" in word:
            name = word.split("-")[0]
        elif word[-1] == "s" and not _place_ending(word.casefold()):
            name = word[:-1]
        else:
            name = word
        norm = name.casefold()
        if not _place_ending(norm):
            continue
        if (norm in lists.places or norm in lists.first_names or norm in lists.surnames
                or norm in lists.organisations or norm in ctx.known_tokens or norm in ctx.surnames
                or norm in ctx.text_persons or _allowed(norm, lists)):
            continue
        proper = ctx.is_proper(norm) or ctx.evidence.name_like(norm)
        if _is_initial(seg, s, 0):
            if not (proper or (not is_word(norm) and not _everyday_head(norm, is_word))
                    or (not is_word(norm) and _listed_with_a_place(seg, words, k, lists))):
                continue
        elif is_word(norm) and not proper:
            continue  # an everyday compound the transcript happened to write with a capital once
        prev = words[k - 1] if k else None
        after = words[k + 1] if k + 1 < len(words) else None
        if (prev is not None and prev[2][0].isupper() and seg[prev[1]:s] == " "
                and (prev[2].casefold() in lists.first_names
                     or (not is_word(prev[2].casefold()) and prev[2].casefold() not in lists.places
                         and not prev[2].isupper()))):
            continue  # "Ole Einar Bjørndalen": a surname after a given name
        if (name == word and after is not None and after[2][0].isupper() and seg[_e:after[0]] == " "
                and after[2].casefold() in lists.surnames):
            continue  # a given name before a listed surname
        prev_word = prev[2].casefold() if prev is not None else ""
        if prev_word in _PERSON_PREPOSITIONS and not ctx.is_proper(norm):
            continue  # "snakket med Bjørndalen", "hos Sørdalen"
        after_preposition = prev_word in _PLACE_PREPOSITIONS
        if not after_preposition and (_verb_after(seg, words, k)
                                      or _after_a_persons_name(seg, words, k, lists, is_word)):
            continue  # "Bjørndalen sa", "Kari og Sørdalen": someone doing what people do
        if _TITLE_BEFORE.search(seg, max(0, s - 40), s) or (
                _NAMED_BEFORE.search(seg, max(0, s - 12), s)
                and not _PLACE_NAMED_BEFORE.search(seg, max(0, s - 60), s)):
            continue  # "treneren Bjørndalen", "læreren heter Sørdalen"
        add("place", s, s + len(name), "capital")


def _everyday_head(norm: str, is_word: Callable[[str], bool]) -> bool:
    """Whether the part before a place name's ending is an everyday word (``Skole|veien``,
    ``Fjell|vatnet``, with a linking s or e): an everyday compound, where ``Trom|øya`` is a name."""
    for ending in _PLACE_ENDINGS:
        if norm.endswith(ending) and len(norm) - len(ending) >= 2:
            head = norm[:-len(ending)]
            if is_word(head) or (head[-1] in "se" and len(head) > 3 and is_word(head[:-1])):
                return True
    return False


def _in_a_list_of_places(seg: str, words: list[tuple[int, int, str]], k: int, lists: Lists) -> bool:
    """Whether word ``k`` stands in a list of places (``te Sverige, Østersund og sånn``, ``Ørland,
    Bjugn, Åfjord``): between two places, or after a place that follows a place preposition where
    *og* ties the list. A place the gazetteer lacks is then a place, as it would be after *i*."""
    def place(i: int) -> bool:
        w = words[i][2] if 0 <= i < len(words) else ""
        return w[:1].isupper() and not w.isupper() and (w.casefold() in lists.places or _place_ending(w.casefold()))

    def neighbour(step: int) -> tuple[int, bool]:
        """The list item next to ``k`` in direction ``step`` (±1), and whether *og* joins it."""
        i = k + step
        if not 0 <= i < len(words):
            return -1, False
        lo, hi = (i, k) if step < 0 else (k, i)
        if seg[words[lo][1]:words[hi][0]] == ", ":
            return i, False
        if words[i][2] == "og" and seg[words[lo][1]:words[hi][0]] == " ":
            j = i + step
            if 0 <= j < len(words):
                return j, True
        return -1, False

    left, left_og = neighbour(-1)
    right, _ = neighbour(1)
    if left >= 0 and place(left) and right >= 0 and place(right):
        return True
    # After one place only where *og* ties the list ("i Sverige, Østersund og sånn", "i Bodø og
    # Fauske"; "fra Romsås, Abdiqani, som alle kjenner" is someone in apposition) and the word ends
    # the clause or the list goes on ("i Bodø og Thusanth var hjemme" is someone doing something).
    tied = left_og or (k + 1 < len(words) and words[k + 1][2] == "og")
    ends = k + 1 >= len(words) or words[k + 1][2] in ("og", "eller") or seg[words[k][1]:words[k + 1][0]].strip() != ""
    return (ends and left >= 1 and place(left) and tied and words[left - 1][2].casefold() in _PLACE_PREPOSITIONS
            and seg[words[left - 1][1]:words[left][0]] == " ")


def _listed_with_a_place(seg: str, words: list[tuple[int, int, str]], k: int, lists: Lists) -> bool:
    """Whether word ``k`` is followed (``, X`` or `` og X``) by a capitalised place of the gazetteer
    or a word with a place name's ending: ``Keiservarden, Løpsmarka, sånne steder``."""
    if k + 1 >= len(words) or seg[words[k][1]:words[k + 1][0]] not in (", ", " og "):
        return False
    nxt = words[k + 1][2]
    return nxt[0].isupper() and (nxt.casefold() in lists.places or _place_ending(nxt.casefold()))


#: Words before a name that say it is a person's, not a place's (``snakket med X``, ``hos X``).
_PERSON_PREPOSITIONS = frozenset({"med", "hos", "av"})


#: The second part of a compound that makes its first part a sports club (``Odd-supporter``,
#: ``Strømsgodset-kamp``, ``Molde-skjerf``): the club, whatever else the first part names (a
#: given name, a town). Parts that may follow a player's or an artist's name (``-fan``,
#: ``-drakt``, ``-trener``) are left out.
_CLUB_COMPOUND = re.compile(
    rf"(?<![\w-])(?P<club>[{_UPPER}][\w'’]*)-(?:supporter|supporteren|supporterne|supportere|supportar|"
    r"supportaren|supportarane|kamp|kampen|kamper|kampene|hjemmekamp|hjemmekampen|bortekamp|bortekampen|"
    r"heimekamp|heimekampen|skjerf|skjerfet|skjerfa|skjerva|stadion|stadionet|klubb|klubben)(?![\w-])"
)
#: Words before a town that make the town its club: always (``heier på Sandefjord``, ``spiller
#: for Molde``, ``kampen mot Tromsø``), or where the utterance talks of sport (``vi skal slå
#: Sandefjord``, ``tapte mot Lillestrøm``).
_CLUB_CUE = re.compile(
    r"(?<![\w])(?i:(?P<always>(?:heier|heia|heie|heiet|heiar|heira) (?:på|for)|(?:holder|holdt|held) med"
    r"|(?:spiller|spilte|spilt|spelar|speler|spelte|spelt) (?:for|mot)"
    r"|(?:kamp|kampen|kamper|kampene|hjemmekampen|bortekampen|heimekampen|cupkampen|seieren|tapet) mot"
    r"|(?:supporter|supportar) (?:av|for))"
    r"|(?P<sport>(?:slå|slår|slo|slått|knuse|knuste|banke|banka|banket|møte|møter|møtte)"
    r"|(?:vinne|vinner|vant|vunnet|tape|taper|tapte|tapa|tapt|spille|spele) (?:mot|over)))"
    rf" (?=[{_UPPER}])"
)
#: Countries whose national teams play each other: ``Norge-kampen`` names no club.
_COUNTRIES = frozenset({
    "norge", "noreg", "sverige", "danmark", "finland", "island", "tyskland", "england", "frankrike", "spania",
    "italia", "nederland", "holland", "belgia", "portugal", "skottland", "wales", "irland", "polen", "brasil",
    "argentina", "usa", "kroatia", "serbia", "sveits", "østerrike", "russland", "ukraina", "tyrkia", "hellas",
    "japan", "kina", "færøyene", "europa",
})


def _clubs(seg: str, words: list[tuple[int, int, str]], lists: Lists, is_word: Callable[[str], bool],
           add: Callable[..., bool], mid_capital: bool = True) -> None:
    """Clubs inside compounds (``Odd-supporter``, ``Strømsgodset-kamp``) and by their town after
    words that make it the club (``heier på Sandefjord``; ``slå Sandefjord`` where the utterance
    talks of sport): before the gazetteer, so the town's own reading gives way there. The town
    after a cue is a capital inside a sentence: without one (``mid_capital``) no cue is sought."""
    if "-" in seg:
        for m in _CLUB_COMPOUND.finditer(seg):
            club = m.group("club")
            norm = club.casefold()
            if (club.isupper() or norm in _COUNTRIES or norm in _country_forms() or _allowed(norm, lists)
                    or (is_word(norm) and norm not in lists.first_names and norm not in lists.places)):
                continue  # "VM-kamp", "Norge-kampen", "Cup-kampen"
            add("institution", m.start("club"), m.end("club"), "institution")
    if not mid_capital:
        return
    sport: bool | None = None
    starts: dict[int, int] | None = None
    for m in _CLUB_CUE.finditer(seg):
        if m.group("sport") is not None:
            if sport is None:
                sport = _SPORT.search(seg) is not None
            if not sport:
                continue
        if starts is None:
            starts = {w[0]: k for k, w in enumerate(words)}
        k = starts.get(m.end())
        if k is None:
            continue
        for n in (3, 2, 1):
            if k + n > len(words):
                continue
            end = words[k + n - 1][1]
            norm = " ".join(seg[m.end():end].casefold().split())
            if (norm in lists.places and norm not in _COUNTRIES and norm not in _country_forms()
                    and norm not in lists.ignore):
                add("institution", m.end(), end, "institution")
                break


def _places(
    seg: str,
    words: list[tuple[int, int, str]],
    lists: Lists,
    is_word: Callable[[str], bool],
    add: Callable[..., bool],
    surnames: frozenset[str] = frozenset(),
    called: set[str] | None = None,
    answered: frozenset[int] = frozenset(),
) -> None:
    """Places of the gazetteer (municipalities, counties, towns, districts), one or several words,
    written with a capital. The gazetteer is the strongest evidence for a place, so it comes before
    the name lists, except where the words around say person: a given name just before (``Kari
    Lund``), or a listed surname just after (``Lena Hansen``)."""
    for k, (s, _e, word) in enumerate(words):
        if not word[0].isupper():
            continue
        low = word.casefold()
        if low not in lists.places and low not in lists.ignore:
            # "Bodø-jenta", "Oslo-folk": a place opening a hyphenated compound; "Bodøs ordfører":
            # a place in the genitive. The place alone is the candidate (its tag keeps the rest).
            head = word.split("-")[0] if "-" in word else (word[:-1] if low.endswith("s") else "")
            given_before = k > 0 and seg[words[k - 1][1]:s] == " " and words[k - 1][2].casefold() in lists.first_names
            if (len(head) > 2 and head.casefold() in lists.places and head.casefold() not in lists.ignore
                    and not is_word(head.casefold()) and not is_word(low)
                    and not ("-" in word and given_before)  # "Sigrid Rindal-Aune": a surname
                    and head.casefold() not in surnames):  # "Peder Ulstein" … "Ulsteins gruppe"
                add("place", s, s + len(head), "municipality")
                continue
        # Try the longest phrase first ("Nore og Uvdal", "Vestfold og Telemark", "Mo i Rana").
        if word.isupper() and len(word) > 2 and is_word(low):
            continue  # "VELKOMMEN HEIM": an everyday word shouted in capitals, not the municipality
        for n in (3, 2, 1):
            if k + n > len(words):
                continue
            end = words[k + n - 1][1]
            phrase = seg[s:end]
            norm = " ".join(phrase.casefold().split())
            if norm not in lists.places or norm in lists.ignore:
                continue
            if n == 1:
                if _is_initial(seg, s, 0) and is_word(norm):
                    break  # "Moss", "Time", "Lier" carrying a sentence's capital
                prev = words[k - 1] if k else None
                after = words[k + 1] if k + 1 < len(words) else None
                after_preposition = prev is not None and prev[2].casefold() in _PLACE_PREPOSITIONS
                if (prev is not None and prev[2][0].isupper() and seg[prev[1]:s] == " "
                        and (prev[2].casefold() in lists.first_names
                             or (not is_word(prev[2].casefold()) and prev[2].casefold() not in lists.places
                                 and not prev[2].isupper()))):
                    break  # "Kari Lund", "Jostein Hattfjelldal": a surname after a given name
                if (after is not None and after[2][0].isupper() and seg[_e:after[0]] == " "
                        and after[2].casefold() in lists.surnames):
                    break  # "Lena Hansen": a given name
                if not after_preposition and _after_a_persons_name(seg, words, k, lists, is_word):
                    add("person", s, end, "capital")  # "Ahmed og Mo, kompisene mine": one of the two
                    break
                if norm in surnames and not after_preposition:
                    break  # "Strand" after "Per Egil Strand" in the same text
                if _person_cue(seg, words, k) in ("pronoun", "called") or s in answered:
                    break  # "han Vik, han e fra Harstad", "Vik kaller vi han": a person (see below)
                if norm in lists.surnames and not after_preposition and _verb_after(seg, words, k):
                    break  # "Strand sa nei": one of the commonest surnames, doing what people do
                if _TITLE_BEFORE.search(seg, max(0, s - 40), s) or (
                        _NAMED_BEFORE.search(seg, max(0, s - 12), s)
                        and not _PLACE_NAMED_BEFORE.search(seg, max(0, s - 60), s)):
                    # "doktor Berg", "rektor Vik", "kontaktlæreren min, Kvam,": a title or role
                    # just before says person, whatever else the word may name.
                    if add("person", s, end, "capital") and called is not None and _NAMED_BEFORE.search(
                            seg, max(0, s - 12), s):
                        called.add(norm)  # "en hund som hete Snøhetta": the text's name for someone
                    break
            add("place", s, end, "municipality")
            break


def _after_a_persons_name(seg: str, words: list[tuple[int, int, str]], k: int, lists: Lists,
                          is_word: Callable[[str], bool]) -> bool:
    """Whether word ``k`` is coordinated (``X og Mo``, ``X, Mo``, ``Mo og Bilal``) with a word that
    names a person: a listed given name, or a capitalised word that is neither a dictionary word
    nor a place nor an acronym, itself not after a place preposition (``i Bodø og Mo`` are two
    places). The word before is tried first, then the one after."""
    return _before_is_a_name(seg, words, k, lists, is_word) or _after_is_a_name(seg, words, k, lists, is_word)


def _after_is_a_name(seg: str, words: list[tuple[int, int, str]], k: int, lists: Lists,
                     is_word: Callable[[str], bool]) -> bool:
    """``har vi Tennfjord og Kowalczyk``, ``på Fjell, Mo og Bilal``: a name after ``og``, the word
    itself not after a place preposition."""
    if not (k + 2 < len(words) and seg[words[k][1]:words[k + 2][0]] == " og "
            and not (k > 0 and words[k - 1][2].casefold() in _PLACE_PREPOSITIONS)):
        return False
    nxt = words[k + 2][2]
    low = nxt.casefold()
    return (nxt[0].isupper() and not nxt.isupper() and low not in lists.places and not _place_ending(low)
            and (low in lists.first_names or (
                not is_word(low) and low not in lists.organisations and low not in lists.organisation_firsts
                and nxt not in _body_firsts() and len(low) > 3)))


def _before_is_a_name(seg: str, words: list[tuple[int, int, str]], k: int, lists: Lists,
                      is_word: Callable[[str], bool]) -> bool:
    s = words[k][0]
    if k >= 2 and words[k - 1][2] == "og" and seg[words[k - 2][1]:s] == " og ":
        j = k - 2
    elif k >= 1 and seg[words[k - 1][1]:s] == ", ":
        j = k - 1
    else:
        return False
    prev = words[j][2]
    low = prev.casefold()
    if not prev[0].isupper() or prev.isupper() or low in lists.places or _place_ending(low):
        return False  # "Keiservarden, Løpsmarka": a place beside a place
    if low not in lists.first_names and _in_a_list_of_places(seg, words, j, lists):
        return False  # "Ørland, Bjugn, Åfjord": an unlisted word in a list of places is one too
    if j > 0 and words[j - 1][2].casefold() in _PLACE_PREPOSITIONS:
        return False
    return low in lists.first_names or not is_word(low)


#: Numbers from 2 to 25, in digits or words (bokmål, nynorsk and dialect forms): the ages a study of
#: young people in care talks of. One (``en``, ``ei``, ``ett``) is left out: it is an article.
_AGE_WORDS = (
    r"to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|elve|tolv|tretten|trettan|fjorten|fjortan|femten|femtan|"
    r"seksten|sekstan|sytten|syttan|søtten|søttan|atten|attan|nitten|nittan|tjue|tjuge|tyve|"
    r"tjue(?:en|ein|to|tre|fire|fem)|(?:en|to|tre|fire|fem)og(?:tjue|tyve)"
)
_AGE_NUMBER = rf"(?:1\d|2[0-5]|[2-9]|{_AGE_WORDS})"
#: The same words as a set: an utterance with none of them, no digit and no ``-åring`` holds no age.
_AGE_NUMBER_WORDS = frozenset(
    [w for w in _AGE_WORDS.split("|") if w.isalpha()]
    + [f"tjue{n}" for n in ("en", "ein", "to", "tre", "fire", "fem")]
    + [f"{n}og{t}" for n in ("en", "to", "tre", "fire", "fem") for t in ("tjue", "tyve")])
_AGE_NUMBER_WORDS = frozenset(f for w in _AGE_NUMBER_WORDS for f in (w, w.capitalize(), w.upper()))
#: What may follow a number that is not an age: a unit, a count of things, a share, a range.
_NOT_AGE_AFTER = (
    r"(?! ?(?:%|prosent|kroner|kr|timer|timar|time|minutter|minutt|min|sekunder|dager|dagar|døgn|uker|veker|"
    r"måneder|månader|mnd|ganger|gonger|gongar|stykker|stk|meter|m|kilo|kg|km|mil|poeng|mål|av|over|grader|"
    r"personer|folk|barn|unger|ungar|elever|klasse|trinn|dager|netter|timer|sider|bøker|rom|ansatte|plasser|"
    r"ungdommer|ungdomar|jenter|gutter|gutta|jentene|på rad|i gangen|om dagen|i uka|i uken|i måneden|"
    r"på jobb|på vakt|på skift|siden|sida|sia|år)(?![\w]))"
)
#: After ``N år``, words that make it a length of time (``var to år der``, ``er tre år i Bodø``).
_DURATION_AFTER = (
    r"(?! (?:siden|sida|sia|til|på|i|der|her|hos|etter|før|fram|frem|borte|ute|inne|hjemme|heime|igjen|"
    r"med|uten|for|om|mellom|sammen|lenger|lengre|til)(?![\w]))"
)
_AGE_TAIL = rf"(?: år(?: gammel| gamal| gammal)?{_DURATION_AFTER}|{_NOT_AGE_AFTER})"
#: An age by the words that tell it: ``jeg er/var/blir/fylte seksten``, ``da eg va tolv``, ``nå e eg
#: sytten``, ``hun er sju``, ``ho e ni år``, ``en jente som var femten``, ``en gutt på seksten``,
#: ``som tiåring``, ``16-åring``, ``15 år gammel``. The subject is one person (``vi er fire`` is a
#: count), the number 2–25, and no unit or duration follows.
_AGE_SUBJECTS = r"jeg|je|jæ|eg|æ|ej|du|han|hun|ho|hu|hen|hæn"
_AGE_VERBS = r"er|e|æ|var|va|vart|blir|bli|blei|ble|fylte|fyllte|fylt|fyller|fylle|fyll"
_AGE_ADVERBS = r"(?:(?:snart|nesten|bare|akkurat|typ|liksom|allerede|fortsatt|straks|jo|vel|ikke|nå|no) )?"
AGE_CUE = re.compile(
    rf"(?<![\w])(?i:(?:(?:{_AGE_SUBJECTS}) (?:{_AGE_VERBS})|(?:{_AGE_VERBS}) (?:{_AGE_SUBJECTS})"
    rf"|som (?:er|e|var|va|blir|ble|blei|fylte|fyller|fylle)"
    rf"|(?P<on>(?:gutt|gutten|jente|jenta|jenten|sønn|sønnen|datter|dattera|datteren|ungdom|ungdommen|barn|"
    rf"barnet|unge|ungen|elev|eleven|bror|broren|søster|søstera|søsteren|lillebror|lillesøster) på)) {_AGE_ADVERBS})"
    rf"(?P<age>(?i:{_AGE_NUMBER}){_AGE_TAIL})(?![\w-])"
    # "Eg er seksten, blir sytten i februar", "Æ e femten, snart seksten": the next age said.
    rf"(?:, (?i:(?:snart |nesten )?(?:blir |bli |fyller |fylle )?(?:snart )?)"
    rf"(?P<next>(?i:{_AGE_NUMBER}){_AGE_TAIL})(?![\w-]))?"
)
#: ``16-åring``, ``som tiåring``, ``femtenåringen``, ``15 år gammel``: an age in any sentence.
AGE_WORD = re.compile(
    rf"(?<![\w-])(?i:(?:(?:1\d|2[0-5]|[2-9])-|(?:{_AGE_WORDS}))åring(?:en|er|ene|ar|ane)?"
    rf"|{_AGE_NUMBER} år (?:gammel|gamal|gammal|gamle))(?![\w-])"
)
#: A person's name before ``er``/``var`` and a number (``Maja er 22``): the name must be a candidate.
_NAME_AGE = re.compile(rf" (?:er|e|var|va|blir|fylte|fyller) (?P<age>(?i:{_AGE_NUMBER}){_AGE_TAIL})(?![\w-])")


#: After ``gutt på N``: what ends the phrase when N is an age (``en gutt på seksten, fra …``).
_AFTER_AGE_ON = re.compile(
    r"(?: år)?(?:[,.!?;:)]|$| (?:og|som|fra|da|då|med|det|den|hadde|har|var|ble|kom|hun|han|ho|hu)(?![\w]))")
#: ``når jeg blir atten``, ``til æ e tjuefem``: an age to come after these words is a limit.
_FUTURE_AGE_VERBS = frozenset({"blir", "bli", "er", "e", "fyller", "fylle", "fyll"})
_PLURAL_BEFORE = re.compile(
    r"(?<![\w])(?i:de|dei|dem|dom|alle|disse|mange|noen|nokre|andre|ungdommer|ungdommene|ungdomane|barna|"
    r"elevene) $")
_AGE_RANGE_BEFORE = re.compile(rf"(?<![\w])(?i:mellom|fra) (?i:{_AGE_NUMBER}) (?:og|til|-) $|[-–]$")
_THRESHOLD_BEFORE = re.compile(r"(?<![\w])(?i:når|til|før|innen|etter|om) $")


def _ages_by_cue(seg: str, found: list[Found], a: int, add: Callable[..., bool]) -> None:
    """An age said of someone (see :data:`AGE_CUE`), wherever it stands: an age with a first name,
    a place or an institution narrows who it is."""
    for m in AGE_CUE.finditer(seg):
        if m.group("on") is not None and _AFTER_AGE_ON.match(seg, m.end("age")) is None:
            continue  # "ungdom på tre tidspunkter": a count of something, not an age
        said = seg[m.start():m.start("age")].casefold().split()
        if said[0] == "som" and _PLURAL_BEFORE.search(seg, max(0, m.start() - 16), m.start()) is not None:
            continue  # "de som blir atten", "alle som fyller atten": a rule for many, nobody's age
        if (any(w in _FUTURE_AGE_VERBS for w in said)
                and _THRESHOLD_BEFORE.search(seg, max(0, m.start() - 12), m.start()) is not None):
            continue  # "når jeg blir atten", "til æ e tjuefem": a limit the law sets, not someone's age
        add("age", m.start("age"), m.end("age"), "pattern")
        if m.group("next"):
            add("age", m.start("next"), m.end("next"), "pattern")
    for w in AGE_WORD.finditer(seg):
        add("age", w.start(), w.end(), "pattern")
    for f in found:
        if f.kind == "person":
            n = _NAME_AGE.match(seg, f.end - a)
            if n is not None:
                add("age", n.start("age"), n.end("age"), "pattern")


def _ages(seg: str, a: int, found: list[Found], add: Callable[..., bool], digits: bool = True,
          tokens: frozenset[str] | None = None) -> None:
    """An exact age in a sentence that also names a place or an institution, and an age said of
    someone wherever it stands."""
    if tokens is None or digits or "åring" in seg or not _AGE_NUMBER_WORDS.isdisjoint(tokens):
        _ages_by_cue(seg, list(found), a, add)
    located = [f for f in found if f.kind in {"place", "institution"}]
    if not located:
        return
    for m in AGE.finditer(seg):
        left = max(seg.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        right_candidates = [i for i in (seg.find(c, m.end()) for c in ".!?\n") if i >= 0]
        right = min(right_candidates) if right_candidates else len(seg)
        if _AGE_RANGE_BEFORE.search(seg, max(0, m.start() - 30), m.start()) is not None:
            continue  # "ungdom mellom tretten og atten år": the ages of a group, nobody's age
        if any(left + a <= f.start and f.end <= right + a for f in located):
            add("age", m.start(), m.end(), "pattern")
