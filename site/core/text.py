"""Characters that no name, title or address needs. Pure: no Django.

A title reaches e-mail subjects (one header line), iCal SUMMARY and LOCATION,
the booklet's PDF and calendar apps as it is typed. A line break there stops
Django from sending the mail at all; a right-to-left override makes
"Festival gnp.exe" read "Festival exe.png". So forms refuse them.
"""

import unicodedata

# The bidirectional embeddings, overrides and isolates (the implicit marks
# LRM/RLM stay allowed: they cannot reverse a run of text).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What a multi-line text may hold of the "Cc" category.
LINE_BREAKS_AND_TABS = frozenset("\n\r\t")


def has_control_characters(text: str, multiline: bool = False) -> bool:
    """True if `text` holds a Unicode control character ("Cc": C0 and C1
    controls, DEL) or a bidirectional override. With `multiline`, line breaks
    and tabs are allowed."""
    allowed = LINE_BREAKS_AND_TABS if multiline else frozenset()
    return any(
        ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and ch not in allowed)
        for ch in text
    )


def single_line(text: str) -> str:
    """`text` on one line: every run of whitespace and control characters
    becomes one space, bidirectional controls are dropped."""
    kept = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in text
        if ch not in BIDI_CONTROLS
    )
    return " ".join(kept.split())


def marked(text: str) -> str:
    """`text` with each control character and bidirectional control in
    place of U+FFFD, so that a log shows a hostile title as it came, neither
    turned around nor broken over lines."""
    return "".join(
        "\ufffd" if ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc" else ch
        for ch in text
    )
