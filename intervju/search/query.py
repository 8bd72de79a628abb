"""The search query language, parsed into a small tree.

    medvirke            a word matches by lemma (medvirket, medvirker, medvirke)
    =medvirket          the exact form only
    hjem*               forms starting with "hjem"
    hjemlihet~          forms near in spelling (over the corpus vocabulary)
    "ta del"            a phrase: these forms in this order
    a AND b, a OR b, NOT a, a b (= a AND b), ( … )
    NEAR/5(a b)         a and b at most five words apart (any term kinds inside)

``NOT`` binds tightest, then ``AND`` (written or implied), then ``OR``. Operators are upper case;
a lower-case ``and``/``or``/``not`` is a word. A malformed query raises :class:`QueryError` with
the 1-based character position of the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from intervju.errors import InputError

TermKind = Literal["lemma", "exact", "prefix", "fuzzy"]
_WORD_CHAR = re.compile(r"\w", re.UNICODE)
_NEAR = re.compile(r"NEAR/(\d+)\(")
_SPECIAL = set('()"')


class QueryError(InputError):
    """A query that does not parse; ``position`` is 1-based."""

    def __init__(self, position: int, message: str) -> None:
        super().__init__(f"query error at {position}: {message}")
        self.position = position
        self.reason = message


@dataclass(frozen=True)
class Term:
    kind: TermKind
    word: str  # casefolded, without the = * ~ marks
    position: int


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    position: int


@dataclass(frozen=True)
class Near:
    distance: int
    terms: tuple[Term | Phrase, ...]
    position: int


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Leaf = Term | Phrase | Near
Node = Term | Phrase | Near | And | Or | Not


@dataclass(frozen=True)
class _Tok:
    kind: str  # word, phrase, near, lparen, rparen, and, or, not, end
    text: str
    position: int  # 0-based
    value: int = 0


def _tokenise(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i = 0
    n = len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c == "(":
            toks.append(_Tok("lparen", c, i))
            i += 1
        elif c == ")":
            toks.append(_Tok("rparen", c, i))
            i += 1
        elif c == '"':
            close = query.find('"', i + 1)
            if close < 0:
                raise QueryError(i + 1, "unclosed '\"'")
            toks.append(_Tok("phrase", query[i + 1 : close], i))
            i = close + 1
        else:
            m = _NEAR.match(query, i)
            if m:
                toks.append(_Tok("near", m.group(0), i, int(m.group(1))))
                i = m.end()
                continue
            j = i
            while j < n and not query[j].isspace() and query[j] not in _SPECIAL:
                j += 1
            word = query[i:j]
            kind = {"AND": "and", "OR": "or", "NOT": "not"}.get(word, "word")
            if word.startswith("NEAR/") or word == "NEAR":
                raise QueryError(i + 1, "expected NEAR/N( with a number N")
            toks.append(_Tok(kind, word, i))
            i = j
    toks.append(_Tok("end", "", n))
    return toks


def _term(tok: _Tok) -> Term:
    raw = tok.text
    kind: TermKind = "lemma"
    body = raw
    if body.startswith("="):
        kind, body = "exact", body[1:]
    if body.endswith("*"):
        if kind == "exact":
            raise QueryError(tok.position + 1, "'=' and '*' cannot be combined")
        kind, body = "prefix", body[:-1]
    elif body.endswith("~"):
        if kind == "exact":
            raise QueryError(tok.position + 1, "'=' and '~' cannot be combined")
        kind, body = "fuzzy", body[:-1]
    for offset, char in enumerate(body):
        if char in "=*~":
            raise QueryError(tok.position + 1 + (len(raw) - len(body) if raw.startswith("=") else 0)
                             + offset, f"unexpected {char!r}")
    if not _WORD_CHAR.search(body):
        raise QueryError(tok.position + 1, f"expected a word, found {raw!r}")
    return Term(kind, body.casefold(), tok.position + 1)


def _phrase(tok: _Tok) -> Phrase | Term:
    words = tuple(w.casefold() for w in tok.text.split() if _WORD_CHAR.search(w))
    if not words:
        raise QueryError(tok.position + 1, "empty phrase")
    if len(words) == 1:
        return Term("exact", words[0], tok.position + 1)
    return Phrase(words, tok.position + 1)


class _Parser:
    def __init__(self, query: str) -> None:
        self.toks = _tokenise(query)
        self.i = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def fail(self, expected: str) -> QueryError:
        tok = self.tok
        found = "end of query" if tok.kind == "end" else repr(tok.text)
        return QueryError(tok.position + 1, f"expected {expected}, found {found}")

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise QueryError(1, "empty query")
        node = self.or_expr()
        if self.tok.kind != "end":
            if self.tok.kind == "rparen":
                raise QueryError(self.tok.position + 1, "unmatched ')'")
            raise self.fail("an operator or the end of the query")
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.tok.kind == "or":
            self.i += 1
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        items = [self.not_expr()]
        while True:
            if self.tok.kind == "and":
                self.i += 1
                items.append(self.not_expr())
            elif self.tok.kind in ("word", "phrase", "near", "lparen", "not"):
                items.append(self.not_expr())
            else:
                break
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_expr(self) -> Node:
        if self.tok.kind == "not":
            self.i += 1
            return Not(self.not_expr())
        return self.primary()

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind == "lparen":
            self.i += 1
            node = self.or_expr()
            if self.tok.kind != "rparen":
                raise QueryError(self.tok.position + 1, "expected ')'")
            self.i += 1
            return node
        if tok.kind == "word":
            self.i += 1
            return _term(tok)
        if tok.kind == "phrase":
            self.i += 1
            return _phrase(tok)
        if tok.kind == "near":
            self.i += 1
            terms: list[Term | Phrase] = []
            while self.tok.kind in ("word", "phrase"):
                terms.append(_term(self.tok) if self.tok.kind == "word" else _phrase(self.tok))
                self.i += 1
            if self.tok.kind != "rparen":
                raise self.fail("a word or ')' inside NEAR")
            if len(terms) < 2:
                raise QueryError(tok.position + 1, "NEAR needs at least two terms")
            self.i += 1
            return Near(tok.value, tuple(terms), tok.position + 1)
        raise self.fail("a word, a phrase or '('")


def parse_query(query: str) -> Node:
    """Parse a query string into its tree, or raise :class:`QueryError`."""
    return _Parser(query).parse()


def leaves(node: Node, negated: bool = False) -> list[tuple[Term | Phrase | Near, bool]]:
    """Every leaf with whether it sits under an odd number of NOTs (not highlighted then)."""
    if isinstance(node, Term | Phrase | Near):
        return [(node, negated)]
    if isinstance(node, Not):
        return leaves(node.item, not negated)
    out: list[tuple[Term | Phrase | Near, bool]] = []
    for item in node.items:
        out.extend(leaves(item, negated))
    return out
