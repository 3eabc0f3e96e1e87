"""A parsed query in each engine's full-text syntax (graph/search_syntax.py): Lucene for Neo4j,
RediSearch for FalkorDB — pure functions, no database. What the engines score for these forms:
tests/test_search_relevance.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_

from graph import search_syntax as sx
from server.domain import search_text as st

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN = re.compile(f"[0-9a-z{HAN}]+")
# a prefix term: four or more of [0-9a-z], at least one a letter, then the one * we put there
_PREFIX = rf"(?=[0-9a-z]{{{st.QUERY_PREFIX_MIN}}})[0-9a-z]*[a-z][0-9a-z]*\*"
_TERM = rf"(?:{_PREFIX}|[0-9a-z{HAN}]+)"
# Neo4j: every term a constant-score clause — a prefix, or the one-term range [t TO t] — and an
# alternative (not a group's first token) boosted by ALTERNATIVE_WEIGHT
_RANGE = rf"\[([0-9a-z{HAN}]+) TO ([0-9a-z{HAN}]+)\]"
_BOOST = rf"\^{re.escape(sx._weight(sx.ALTERNATIVE_WEIGHT))}"
_N4_TERM = rf"(?:{_PREFIX}|\[[0-9a-z{HAN}]+ TO [0-9a-z{HAN}]+\])"
_N4_GROUP = rf"(?:{_N4_TERM}|\({_N4_TERM}(?: OR {_N4_TERM}(?:{_BOOST})?)+\))"
NEO4J_QUERY = re.compile(rf"{_N4_GROUP}(?: (?:AND|OR) {_N4_GROUP})*")
# what render_query itself puts into a query: a prefix's *, a range from a token to itself, a boost
_OURS = rf"{_PREFIX}|\[([0-9a-z{HAN}]+) TO \1\]|{_BOOST}"
_ATOM = rf"(?:{_TERM}|\({_TERM}(?:\|{_TERM})+\))"
# one term; (A B …)|(A B …) — every group required; (a|b|…) (a|b|…) — any group. The two halves
# are the same (the backreference), which is what keeps RediSearch's proximity penalty out.
FALKOR_QUERY = re.compile(
    rf"{_TERM}|\(({_ATOM}(?: {_ATOM})+)\)\|\(\1\)|\(({_TERM}(?:\|{_TERM})*)\) \(\2\)"
)


def test_render_both_engines():
    groups = [["身份", "身份证"], ["sfz"]]
    assert sx.render_query(groups, "neo4j") == "([身份 TO 身份] OR [身份证 TO 身份证]^0.5) AND [sfz TO sfz]"
    assert sx.render_query(groups, "falkordb") == "((身份|身份证) sfz)|((身份|身份证) sfz)"
    assert sx.render_query(groups, "neo4j", require_all=False) == "([身份 TO 身份] OR [身份证 TO 身份证]^0.5) OR [sfz TO sfz]"
    assert sx.render_query(groups, "falkordb", require_all=False) == "(身份|身份证|sfz) (身份|身份证|sfz)"
    assert sx.render_query([["人口"]], "falkordb") == "人口"
    assert sx.render_query([["煤矿", "煤炭"]], "falkordb") == "(煤矿|煤炭) (煤矿|煤炭)"
    assert sx.render_query([["人口"]], "falkordb", require_all=False) == "人口"
    with pytest.raises(ValueError):
        sx.render_query(groups, "solr")


def test_render_prefix_terms_for_both_engines():
    """Both engines: renkou*. FalkorDB scores it by a term the item holds (the word itself when it
    has it); Lucene scores it as a constant (its boost), like every other Neo4j clause."""
    groups = [["身份", "身份证"], ["renkou", "人口"], ["12345"]]
    assert sx.render_query(groups, "falkordb") == (
        "((身份|身份证) (renkou*|人口) 12345)|((身份|身份证) (renkou*|人口) 12345)"
    )
    assert sx.render_query(groups, "neo4j") == (
        "([身份 TO 身份] OR [身份证 TO 身份证]^0.5) AND (renkou* OR [人口 TO 人口]^0.5) AND [12345 TO 12345]"
    )
    assert sx.render_query([["shenfenzh"]], "falkordb") == "shenfenzh*"
    assert sx.render_query([["shenfenzh"]], "neo4j", field_weights={"searchName": 4, "searchSummary": 2}) == (
        "(searchName:(shenfenzh*)^4 OR searchSummary:(shenfenzh*)^2)"
    )
    assert sx.render_query([["renkou"]], "falkordb", require_all=False) == "renkou*"
    assert sx.render_query([["renk"], ["dibao"]], "falkordb") == "(renk dibao)|(renk dibao)"  # stored: exact


def test_render_neo4j_with_field_weights():
    query = sx.render_query([["a", "b"], ["c"]], "neo4j", field_weights={"searchName": 4, "searchSummary": 2.5, "bad name": 9})
    assert query == (
        "(searchName:([a TO a] OR [b TO b]^0.5)^4 OR searchSummary:([a TO a] OR [b TO b]^0.5)^2.5)"
        " AND (searchName:([c TO c])^4 OR searchSummary:([c TO c])^2.5)"
    )
    # no usable field name: the groups are asked over every indexed field
    assert sx.render_query([["c"]], "neo4j", field_weights={"bad name": 9}) == "[c TO c]"


def test_render_neo4j_asks_constant_scores_with_the_typed_token_first():
    """What the Neo4j form relies on (render_query's docstring): no term is left to BM25 — an
    exact token is the one-term range [t TO t], which Lucene scores as a constant, and a spelling
    the prefix t*, also a constant — and a group's first token (what was typed) counts 1, every
    alternative (the whole word, synonyms, spelled words) ALTERNATIVE_WEIGHT, below it.
    tests/test_search_relevance.py checks the scores Neo4j returns for this form."""
    assert 0 < sx.ALTERNATIVE_WEIGHT < 1
    groups = st.query_terms("煤矿")
    assert groups == [["煤矿", "煤炭", "矿井"]]  # the typed word first, then its synonyms
    assert sx.render_query(groups, "neo4j") == "([煤矿 TO 煤矿] OR [煤炭 TO 煤炭]^0.5 OR [矿井 TO 矿井]^0.5)"
    assert sx.render_query(groups, "neo4j", field_weights=st.FIELD_WEIGHTS) == (
        "(searchName:([煤矿 TO 煤矿] OR [煤炭 TO 煤炭]^0.5 OR [矿井 TO 矿井]^0.5)^4"
        " OR searchSummary:([煤矿 TO 煤矿] OR [煤炭 TO 煤炭]^0.5 OR [矿井 TO 矿井]^0.5)^2"
        " OR searchElements:([煤矿 TO 煤矿] OR [煤炭 TO 煤炭]^0.5 OR [矿井 TO 矿井]^0.5)^1"
        " OR searchExtra:([煤矿 TO 煤矿] OR [煤炭 TO 煤炭]^0.5 OR [矿井 TO 矿井]^0.5)^1)"
    )
    # a spelling is typed first too; the Han words it spells are alternatives
    assert sx.render_query(st.query_terms("meikuang"), "neo4j") == (
        "(meikuang* OR [煤矿 TO 煤矿]^0.5 OR [煤炭 TO 煤炭]^0.5 OR [矿井 TO 矿井]^0.5)"
    )
    # two spellings that cut to the same 12 letters are one clause, with the first one's weight
    assert sx.render_query([["zuidishenghuobaozhang", "zuidishenghuojiuzhu", "低保"]], "neo4j") == (
        "(zuidishenghu* OR [低保 TO 低保]^0.5)"
    )
    # every group: the typed token first and unboosted, each alternative boosted; FalkorDB's
    # form carries no boosts at all
    for text in ["居民身份证", "sfz 信息", "营业执炤", "户籍 renkou", "请帮我找一下阳城县的低保对象名单"]:
        groups = st.query_terms(text)
        for group in groups:
            first, *others = sx.render_query([group], "neo4j").strip("()").split(" OR ")
            assert "^" not in first and first in (f"[{group[0]} TO {group[0]}]", f"{group[0]}*"), (text, group)
            assert len(others) == len(group) - 1 and all(c.endswith("^0.5") for c in others), (text, group)
        assert "^" not in sx.render_query(groups, "falkordb")


def test_render_drops_tokens_that_are_not_plain():
    groups = [["ok", "a*", 'b"', "c d", "AND", "x:y"], ["@name"], ["好"]]
    assert sx.render_query(groups, "neo4j") == "[ok TO ok] AND [好 TO 好]"
    assert sx.render_query(groups, "falkordb") == "(ok 好)|(ok 好)"


@pytest.mark.parametrize(
    "text",
    ['renkou* "身份证" ~2 AND(户籍) || 人口 @name:低保 -婚姻 +社保 !医保 ^3 [1 TO 5] {x} a\\b c/d',
     "title:人口^10 OR 1=1; DROP", "(((((((", "%s %d {0}", "NOT NOT NOT"],
)
def test_query_syntax_from_the_user_never_reaches_the_engine(text):
    groups = st.query_terms(text)
    for engine, grammar in (("neo4j", NEO4J_QUERY), ("falkordb", FALKOR_QUERY)):
        query = sx.render_query(groups, engine)
        ours = re.sub(_OURS, "", query)  # the only *, [, ^ are the ones render_query puts there
        for forbidden in ("*", '"', "~", "AND(", "||", "@", ":", "^", "[", "{", "\\", "/", "-", "+", "!", "=", ";"):
            assert forbidden not in ours, (engine, query)
        assert query == "" or grammar.fullmatch(query), (engine, query)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st_.text(max_size=300))
def test_any_text_gives_a_safe_query_for_both_engines(text):
    groups = st.query_terms(text)
    assert len(groups) <= st.MAX_GROUPS
    assert all(TOKEN.fullmatch(t) for g in groups for t in g)
    for engine, grammar in (("neo4j", NEO4J_QUERY), ("falkordb", FALKOR_QUERY)):
        query = sx.render_query(groups, engine)
        assert query == "" or grammar.fullmatch(query), (engine, query)
        assert all(low == high for low, high in re.findall(_RANGE, query)), query  # one token each


def test_nothing_to_search_gives_no_query():
    assert sx.render_query([], "neo4j") == sx.render_query([], "falkordb") == ""
    assert sx.full_text_query([], "neo4j") == sx.full_text_query([["*", "a b"]], "falkordb") == ""


def test_long_input_gives_a_bounded_query():
    groups = st.query_terms("居民身份证信息sfz人口" * 1000)
    assert len(sx.render_query(groups, "neo4j")) < 2000
    # every field of every alternative of every group: far below Lucene's 1,024-clause limit
    assert st.MAX_GROUPS * st.MAX_ALTERNATIVES * len(st.FIELD_WEIGHTS) < 1024


def test_full_text_query_weighs_the_fields_where_each_engine_can():
    """FalkorDB weighs the fields in its index, Neo4j in the query (its index has no weights)."""
    groups = st.query_terms("户籍 renkou")
    assert sx.full_text_query(groups, "falkordb") == sx.render_query(groups, "falkordb")
    assert sx.full_text_query(groups, "neo4j") == sx.render_query(groups, "neo4j", field_weights=st.FIELD_WEIGHTS)
    assert sx.full_text_query(groups, "neo4j", require_all=False) == sx.render_query(
        groups, "neo4j", require_all=False, field_weights=st.FIELD_WEIGHTS)


def test_falkordb_index_weighs_the_fields_as_the_domain_does():
    """The weights FalkorDB keeps in its index are the domain's FIELD_WEIGHTS, which Neo4j's query
    carries: both engines rank name > summary > elements alike."""
    root = Path(__file__).resolve().parents[1] / "graph" / "cypher" / "falkordb" / "schema"
    for name in ("indexes.cypher", "rebuild_search_index.cypher"):
        text = (root / name).read_text(encoding="utf-8")
        found = {field: float(weight) for field, weight in
                 re.findall(r"\{field: '(\w+)', weight: ([0-9.]+)", text)}
        assert found == st.FIELD_WEIGHTS, name
