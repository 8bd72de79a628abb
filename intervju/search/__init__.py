"""Corpus search: lemma, exact, prefix, fuzzy, phrase and proximity queries over the index.

    from intervju.search import search
    result = search(session, 'medvirke AND NOT "ta del"', Filters(waves=["T1"]), scope="sentence")

The CLI (``kode search``), the TUI and the autocoder all call :func:`search`.
"""

from intervju.search.engine import SCOPES, SPEAKERS, SearchHit, SearchResult, search
from intervju.search.query import QueryError, parse_query

__all__ = ["SCOPES", "SPEAKERS", "QueryError", "SearchHit", "SearchResult", "parse_query", "search"]
