"""A parsed search query in each engine's full-text syntax: Lucene on Neo4j, RediSearch on FalkorDB.

The domain (server/domain/search_text.py) turns what a clerk typed into an AND of groups, each
an OR of tokens made only of ``[0-9a-z]`` and Han characters, and decides which tokens are asked
as prefixes (``prefix_term``) and how much each field weighs (``FIELD_WEIGHTS``). How that is
written for an engine, and how the form is chosen so the engine scores it as the domain means,
is engine knowledge and lives here, beside the Cypher that sends it (graph/repos/search.py).

Scores. RediSearch scores a prefix match by one of the expanded terms the item holds, not always
the same one (``dengji*`` scored 企业登记信息 by ``dengjixinxi``, not ``dengji``), so whole-word and
partial matches score alike; name > summary > elements still holds (tests/test_search_relevance.py
checks it for whole and partial pinyin). Lucene scores a prefix as a constant (its boost), and on
Neo4j every other term is asked as a constant too (``render_query``), so whole-word and partial
matches score alike there as well.

Nothing here reads user input directly: tokens that are not ``[0-9a-z]``/Han only are dropped
(``search_text.clean_groups``), and the only syntax in a query is what this module puts there.
"""

from __future__ import annotations

import re

from graph.queries import ENGINES
from server.domain.search_text import FIELD_WEIGHTS, clean_groups, prefix_term

__all__ = ["ALTERNATIVE_WEIGHT", "full_text_query", "render_query"]

#: Neo4j: what an alternative of a group (the whole word, a synonym, a spelled word) counts for
#: against the token typed, which counts 1. It stands in for what FalkorDB's whole-item idf does
#: between a word and its synonyms (``render_query`` says why; any value from 0.3 to 0.99 gives
#: the same relevance figures), so it is part of the Lucene form, not of the domain's query.
ALTERNATIVE_WEIGHT = 0.5

_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")


def full_text_query(groups: list[list[str]], engine: str, *, require_all: bool = True) -> str:
    """What the service's search sends ``engine`` for ``groups``; ``""`` when nothing is left to ask.

    FalkorDB weighs the fields in its index (graph/cypher/falkordb/schema/indexes.cypher, the
    same weights as ``FIELD_WEIGHTS``); Neo4j's full-text index has no per-property weights, so
    its query carries them."""
    weights = FIELD_WEIGHTS if engine == "neo4j" else None
    return render_query(groups, engine, require_all=require_all, field_weights=weights)


def _weight(value: float) -> str:
    return f"{value:g}" if float(value) > 0 else "1"


def _falkordb_term(token: str) -> str:
    """One query token in RediSearch syntax: ``renkou*`` for a spelling (``prefix_term``), the
    token itself otherwise. RediSearch expands a prefix into the first ~88 terms that start with
    it, in byte order (the token itself first, when stored), and scores a match by one of the
    expanded terms the item holds, as it would score that term asked alone."""
    stem = prefix_term(token)
    return token if stem is None else f"{stem}*"


def _neo4j_term(token: str) -> str:
    """One query token as a constant-score Lucene clause: ``renkou*`` for a spelling
    (``prefix_term``), the one-term range ``[煤矿 TO 煤矿]`` otherwise. Lucene rewrites prefix and
    range queries to a constant score (the clause's boost) and never scores them with BM25; a
    range from a token to itself matches exactly the items that the plain term matches. Why no
    BM25: ``render_query``."""
    stem = prefix_term(token)
    return f"[{token} TO {token}]" if stem is None else f"{stem}*"


def _neo4j_group(tokens: list[str]) -> list[str]:
    """A group's clauses for Neo4j: the token typed (the group's first) as it is, every
    alternative boosted by ``ALTERNATIVE_WEIGHT``. Two tokens that become the same clause (long
    spellings cut at ``PINYIN_MAX``) are asked once, with the first one's weight."""
    boost = "" if ALTERNATIVE_WEIGHT == 1 else f"^{_weight(ALTERNATIVE_WEIGHT)}"
    clauses: dict[str, str] = {}
    for index, token in enumerate(tokens):
        term = _neo4j_term(token)
        clauses.setdefault(term, term if index == 0 else term + boost)
    return list(clauses.values())


def _lucene(groups: list[list[str]], require_all: bool, field_weights: dict[str, float] | None) -> str:
    clauses = [_neo4j_group(tokens) for tokens in groups]
    fields = [(f, w) for f, w in (field_weights or {}).items() if _FIELD_NAME.fullmatch(f)]
    if fields:
        parts = []
        for group in clauses:
            inner = " OR ".join(group)
            parts.append("(" + " OR ".join(f"{f}:({inner})^{_weight(w)}" for f, w in fields) + ")")
    else:
        parts = [group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in clauses]
    return (" AND " if require_all else " OR ").join(parts)


def _redisearch(groups: list[list[str]], require_all: bool) -> str:
    terms = [list(dict.fromkeys(_falkordb_term(token) for token in tokens)) for tokens in groups]
    parts = [tokens[0] if len(tokens) == 1 else "(" + "|".join(tokens) + ")" for tokens in terms]
    if len(parts) == 1 and len(terms[0]) == 1:
        return parts[0]  # one term: nothing to combine, nothing to penalise
    if require_all and len(parts) > 1:
        # (A B)|(A B): a union of two identical intersections (see render_query)
        inner = " ".join(parts)
        return f"({inner})|({inner})"
    # (a|b|c) (a|b|c): an intersection of two identical unions
    inner = "|".join(dict.fromkeys(token for tokens in terms for token in tokens))
    return f"({inner}) ({inner})"


def render_query(
    groups: list[list[str]],
    engine: str,
    *,
    require_all: bool = True,
    field_weights: dict[str, float] | None = None,
) -> str:
    """The engine's full-text query for ``groups``; ``""`` when there is nothing to search.

    Latin tokens of ``search_text.QUERY_PREFIX_MIN`` or more letters are asked as prefixes on
    both engines (``prefix_term``): ``renkou*``. ``require_all=False`` ORs the groups instead of
    ANDing them (a relaxed second try). Tokens that are not ``[0-9a-z]``/Han only are dropped, and
    the only syntax in the result is what this function puts around such tokens (``*`` after
    ``[0-9a-z]`` letters, ``[t TO t]``, boosts, field names from ``field_weights``), so it never
    carries syntax that came from the user.

    falkordb (RediSearch syntax; weights live in the index): ``((身份|身份证) renkou*)|((身份|
    身份证) renkou*)`` — the AND of the groups, twice, as a union — and with ``require_all=False``
    ``(身份|身份证|renkou*) (身份|身份证|renkou*)`` — the OR, twice, as an intersection; one
    plain term stays itself. Why twice: RediSearch's TF-IDF scorer divides a hit's score by the
    spread of the positions of the terms it matched (``IndexResult_MinOffsetDelta``: √Σ d² of
    the distances between consecutive matched terms). Our fields are token lists, not prose:
    positions say nothing about meaning, and the terms of one item sit in different fields,
    hundreds of positions apart. Measured on the demo catalog, that divisor put 煤矿基本信息 at
    0.03 for 煤矿 (it matches 煤矿, 煤炭 and 矿井) below items that only mention 煤矿 once at
    5.0, and made the relaxed OR rank an item matching one word above one matching five. The
    scorer only looks at the top node of the query, and when its two children match at the same
    positions the distance is 0 and the divisor is 1. So the doubled query scores every item at
    exactly twice Σ weight × tf × idf / max tf — the same order as without the penalty.

    neo4j (Lucene classic syntax): every term is a constant-score clause (``_neo4j_term``), and
    every alternative after a group's first token (what was typed) is boosted by
    ``ALTERNATIVE_WEIGHT``: ``([身份 TO 身份] OR [身份证 TO 身份证]^0.5) AND [sfz TO sfz]``, and
    ``renkou*``; with ``field_weights`` every group is asked per field with the field's weight
    as its boost, ``(searchName:([a TO a] OR [b TO b]^0.5)^4 OR searchSummary:(…)^2 OR …)`` —
    how Neo4j gets name > summary > elements, since its full-text index has no per-property
    weights. An item's score is Σ, over the groups, fields and tokens it matches, of the field's
    weight × 1 for the token typed or ``ALTERNATIVE_WEIGHT`` for an alternative: FalkorDB's
    Σ weight × tf × idf without the idf.

    Why not Lucene's BM25 (the plain terms this form used before). A term query is scored from
    the statistics of *its field*: an idf from how many items hold the term in that field, and a
    length normalisation by the field's token count. FalkorDB's TF-IDF has neither — one idf per
    term over whole items, no length normalisation — and that is why the engines ranked apart.
    Measured on the demo catalog (366 items):

    - Per-field idf. Names are the sparsest field, so a term rare among names gets a large name
      idf however common it is in the catalog. 煤矿 asks 煤矿|煤炭|矿井 (synonyms.txt); 煤炭 is in
      1 name but in 13 items (the theme 煤炭生产, the database 煤炭能源主题库), 煤矿 in 7 names and
      10 items. In the name field, 煤炭 scored 12.3 in 煤炭产量信息 and 煤矿 8.8 in 煤矿基本信息
      (names of 38 and 37 tokens), which put 煤炭产量信息 second of the results for 煤矿 — an item
      about coal output among the coal-mine items; FalkorDB, whose idf counts whole items (there
      煤炭 is the commoner word), puts it seventh.
    - Length normalisation. A field's token count is what ``index_tokens`` made of it (unigrams,
      bigrams, pinyin, initials and their prefixes: 37 to 108 tokens for a name), not how much
      the field is about something; a name of 37 tokens scored 1.3 times one of 76 for the same
      term.

    The stored tokens scored as Lucene does, over tests/test_search_relevance.py: BM25 with
    whole-item idf and without length normalisation gives FalkorDB's figures (precision@5 0.972,
    every kind the same); with either change alone 煤矿 still fails. Neo4j allows neither: its
    full-text index takes no similarity setting (5.26: "Invalid index config key
    'fulltext.similarity'"), and Lucene keeps its statistics per field (whole-item statistics
    would need one more indexed copy of every token). So the query leaves BM25 out, idf and
    length normalisation with it.

    ``ALTERNATIVE_WEIGHT`` stands in for what the idf did between a word and its synonyms on
    FalkorDB: with every token at 1, 煤炭产量信息 (煤炭 in its name, 煤矿 in its summary) ties at 9
    with two 煤矿 items and the publication date decides. It is a rule of its own, not the idf
    (FalkorDB weighs a synonym rarer than the word typed above it: 矿井, in 4 items), so
    FalkorDB's form does not take it (with it FalkorDB measured 0.970 instead of 0.972). With
    the weight anywhere from 0.3 to 0.99 Neo4j's precision@5 is 0.970 with no failing case
    (BM25 gave 0.967 and failed 煤矿); at 0.25 the word typed outweighs a synonym that says the
    same (户口薄: 户口 above 户籍人口信息).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    cleaned = clean_groups(groups)
    if not cleaned:
        return ""
    if engine == "neo4j":
        return _lucene(cleaned, require_all, field_weights)
    return _redisearch(cleaned, require_all)
