"""Highlighting a search hit: the query's tokens marked with <em> in the name, the summary and
the matching element names (server/domain/search_text.py `highlight`), with a cheap pre-check
that skips the element names that cannot match."""

from __future__ import annotations

from dataclasses import dataclass

from server.domain import search_text


@dataclass(frozen=True)
class Needles:
    """What a text must contain for `search_text.highlight` to mark anything in it.

    An item has dozens of element names and a match in few of them; highlighting them all was
    15 % of the server's CPU in a search. `highlight` marks a query token where it occurs in the
    normalised text (Han and latin tokens), and a pinyin token where it starts the full pinyin of
    a Han run from some character, or equals the initials of some characters of a run. Each
    needs the token as a substring of the normalised text, of a run's full pinyin or of a run's
    initials, so a name with none of them has nothing to mark and is skipped: same output.
    """

    tokens: tuple[str, ...]  # every token of the query
    pinyin: tuple[str, ...]  # the tokens that can match Han text by its pinyin or initials


def needles_of(groups: list[list[str]]) -> Needles:
    tokens = tuple(dict.fromkeys(token for group in groups for token in group if isinstance(token, str) and token))
    return Needles(tokens, tuple(token for token in tokens if len(token) >= 2 and token.isascii() and token.isalpha()))


def may_match(text: str, needles: Needles) -> bool:
    """False only when `search_text.highlight(text, groups)` would mark nothing (see Needles).
    Uses the same normalisation, Han runs and cached pinyin (`_segment`) as highlight does."""
    if not isinstance(text, str) or not text:
        return False
    normal = search_text.normalise(text[: search_text.MAX_INDEX_CHARS * 2])  # highlight's own cut
    if any(token in normal for token in needles.tokens):
        return True
    try:
        for run in search_text._HAN_RUN.findall(normal) if needles.pinyin else ():
            syllables = search_text._segment(run)[1]
            full, initials = "".join(syllables), "".join(s[:1] for s in syllables)
            if any(token in full or token in initials for token in needles.pinyin):
                return True
    except Exception:  # noqa: BLE001 — when unsure, let highlight decide (it never raises)
        return True
    return False


def marked_elements(names: list[str], groups: list[list[str]], needles: Needles) -> list[str]:
    """The element names that hold a match, highlighted."""
    marked = [search_text.highlight(name, groups) for name in names if may_match(name, needles)]
    return [text for text in marked if "<em>" in text]
