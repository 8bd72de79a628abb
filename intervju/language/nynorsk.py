"""Bokmål, nynorsk and dialect spellings of the same word, so one query reaches all of them.

Transcripts in the study are written in bokmål, in nynorsk, or close to the informant's speech.
The lemma tables give every token its lemma in its own written standard (*køyrde* → *køyre*,
*kjører* → *kjøre*); this module says which lemmas are one word across the standards, and the
search expands a lemma query to its whole class. An exact query (``=ikke``) is never expanded.

Two kinds of entry, both hand-made from the standard spellings (no corpus was read):

* :data:`EQUIVALENTS`: classes of lemmas that are the same word, bokmål first, then nynorsk and
  common dialect spellings (*ikke*, *ikkje*, *itte*, *ittj*). Classes are kept to spelling
  variants of one word; synonyms (*snakke*/*prate*) are not mapped, a query names what it means.
* :data:`DIALECT_VERBS`: dialect verbs with the nynorsk verb whose endings they share; the
  dialect forms are made from the model's forms in the nynorsk table by swapping the stem
  (*køyrer* → *kjøyrer*), so they are lemmatised like any table form.

Besides these, the build pairs a nynorsk a-infinitive with its e-infinitive (*køyra*/*køyre*) where
the tables know both spellings as lemmas.
"""

from __future__ import annotations

EQUIVALENTS: tuple[tuple[str, ...], ...] = (
    # negation, pronouns, question words
    ("ikke", "ikkje", "itte", "ittj", "ikkj"),
    ("jeg", "eg", "æ", "æg"),
    ("vi", "me"),
    ("hun", "ho", "hu"),
    ("de", "dei", "dæm"),
    ("dere", "dykk", "dokker", "dokk"),
    ("hva", "kva", "ka", "kæ"),
    ("hvordan", "korleis", "koss", "åssen", "åssn", "hvorsen"),
    ("hvorfor", "kvifor", "koffor", "kofor", "korfor"),
    ("hvem", "kven", "kem", "kæm"),
    ("hvor", "kvar", "kor"),
    ("hver", "kvar"),
    ("noe", "noko", "nåkka", "noka"),
    ("noen", "nokon", "nåken", "nokken"),
    ("mye", "mykje", "møkje", "mykkje"),
    ("selv", "sjølv", "sjøl"),
    # adverbs and prepositions
    ("bare", "berre", "bærre"),
    ("hjem", "heim"),
    ("hjemme", "heime"),
    ("sammen", "saman"),
    ("nå", "no", "nu"),
    ("da", "då"),
    ("ennå", "enno"),
    ("fra", "frå"),
    ("uten", "utan"),
    ("siden", "sidan"),
    ("hos", "hjå"),
    ("også", "òg"),
    ("aldri", "aldrig"),
    # verbs
    ("være", "vere", "væra", "vera"),
    ("bli", "verte"),
    ("komme", "kome", "komma", "kåmme"),
    ("gjøre", "gjere", "gjera", "gjær"),
    ("si", "seie", "seia"),
    ("se", "sjå"),
    ("høre", "høyre", "høyra"),
    ("kjøre", "køyre", "køyra", "kjøyre", "kjøyra"),
    ("tenke", "tenkje", "tenkja", "tenka"),
    ("fortelle", "fortelje", "fortelja"),
    ("begynne", "byrje", "byrja", "begynna"),
    ("bo", "bu"),
    ("følge", "følgje", "følgja"),
    ("velge", "velje", "velja"),
    ("ønske", "ønskje", "ynskje", "ønska"),
    ("huske", "hugse", "hugsa", "huska"),
    ("savne", "sakne", "sakna", "savna"),
    ("glemme", "gløyme", "gløyma", "glømme"),
    ("ligge", "liggje", "liggja"),
    ("legge", "leggje", "leggja", "legga"),
    ("sitte", "sitje", "sitja"),
    ("sette", "setje", "setja"),
    ("spørre", "spørje", "spørja"),
    ("tro", "tru"),
    ("trives", "trivast"),
    ("synes", "synast", "syns"),
    ("eie", "eige", "eiga"),
    # nouns and adjectives
    ("skole", "skule"),
    ("lærer", "lærar"),
    ("norge", "noreg"),
    ("kirke", "kyrkje", "kyrkja"),
    ("uke", "veke"),
    ("sted", "stad"),
    ("søster", "syster"),
    ("mening", "meining"),
    ("fremtid", "framtid"),
    ("hverdag", "kvardag"),
    ("fosterhjem", "fosterheim"),
    ("gutt", "gut"),
    ("gang", "gong"),
    ("følelse", "kjensle"),
    ("voksen", "vaksen"),
    ("hel", "heil"),
    ("egen", "eigen"),
    ("annen", "annan"),
    ("vanskelig", "vanskeleg"),
    ("vanlig", "vanleg"),
    ("dårlig", "dårleg"),
)

#: Dialect verb → the nynorsk verb whose forms it shares after the stem.
DIALECT_VERBS: tuple[tuple[str, str], ...] = (
    ("kjøyre", "køyre"),
)
