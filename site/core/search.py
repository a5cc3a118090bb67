"""Search input made safe for the search backends. Pure: no Django."""

import re

_NOT_A_WORD = re.compile(r"[^\w\s-]+")


def search_terms(query: str) -> str:
    """The words of a visitor's query, without the punctuation and control
    characters that full-text backends read as syntax: a lone `"` is an
    unterminated string to SQLite FTS5, and PostgreSQL refuses NUL bytes.
    Both used to turn a search into a server error."""
    return " ".join(_NOT_A_WORD.sub(" ", query.replace("\x00", " ")).split())
