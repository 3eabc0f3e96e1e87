"""The search tokeniser (server/domain/search_text.py): index tokens, query groups, highlighting,
synonyms — pure functions, no database. The engines' query strings: tests/test_search_syntax.py."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_

from server.domain import search_text as st

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN = re.compile(f"[0-9a-z{HAN}]+")


def doc_tokens(name: str, summary: str = "", elements: list[str] | None = None, extra: list[str] | None = None) -> set[str]:
    fields = st.document_text(name, summary, elements or [], extra or [])
    return {token for text in fields.values() for token in text.split()}


def found(tokens: set[str], token: str) -> bool:
    """What both engines do with one query token: itself, or as a prefix (``renk*``)."""
    stem = st.prefix_term(token)
    if stem is not None:
        return any(stored.startswith(stem) for stored in tokens)
    return token in tokens


def matches(tokens: set[str], query: str) -> bool:
    """What both engines do with an AND of ORs over whitespace tokens."""
    groups = st.query_terms(query)
    return bool(groups) and all(any(found(tokens, t) for t in group) for group in groups)


# ------------------------------------------------------------------------------------ index


def test_word_pinyin_and_initials_are_indexed():
    tokens = st.index_tokens("人口")
    assert {"人口", "renkou", "rk", "人", "口", "ren", "kou"} <= set(tokens)


def test_whole_name_initials_and_their_prefixes_are_indexed():
    tokens = set(st.index_tokens("居民身份证信息"))
    assert {"jmsfzxx", "jmsfz", "jmsf", "jms", "jm"} <= tokens  # the whole name, as typed
    assert {"sfz", "sfzxx", "xx"} <= tokens  # from each word on
    assert {"shenfenzheng", "xinxi"} <= tokens  # each word's pinyin
    assert {"juminshenfen", "shenfenzheng"} <= tokens  # from each word on, cut at 12 letters
    assert {"身份证", "居民身份证", "居民", "身份", "份证", "信息"} <= tokens


def test_full_pinyin_keeps_only_its_short_prefixes():
    """Longer partial spellings are prefix queries now: storing them was 60 % of the index."""
    tokens = set(st.index_tokens("居民身份证信息"))
    assert {"ju", "jum", "jumi", "jumin", "sh", "she", "shen", "shenf"} <= tokens  # short: asked exactly
    assert not {"shenfe", "shenfenzh", "juminshenfenzheng", "shenfenzhengxinxi"} & tokens
    for typed in ["shenfe", "shenfenzh", "juminshenfenzheng", "shenfenzhengxinxi", "juminshenfenzhengxinxi"]:
        assert st.prefix_term(typed) and matches(tokens, typed), typed


def test_long_spellings_are_asked_by_what_the_index_stores():
    """Stored spellings stop at 12 letters (fewer distinct terms: see the module docstring); a
    longer query token is asked by its first 12, but keeps its own synonyms (all 20 letters)."""
    assert st.prefix_term("tongyishehuixinyongdaima") == "tongyishehui"
    assert matches(doc_tokens("统一社会信用代码"), "tongyishehuixinyongdaima")
    assert "公民身份号码" in st.query_terms("shenfenzhenghao")[0]  # 身份证号's synonyms, not 身份证's
    assert "公民身份号码" not in st.query_terms("shenfenzheng")[0]


def test_prefix_terms_are_latin_with_a_letter_and_long_enough():
    candidates = ["renkou", "shenfenzh", "gb2312", "a1b2c3", "renk", "shenf", "12345678", "sfz", "身份证身份证", "renkou*"]
    assert [t for t in candidates if st.prefix_term(t)] == ["renkou", "shenfenzh", "gb2312", "a1b2c3"]
    assert st.QUERY_PREFIX_MIN == st.SHORT_PREFIX_MAX + 1  # everything shorter is stored and asked exactly


def test_index_tokens_are_engine_safe_and_unique():
    tokens = st.index_tokens("ＧＢ/Ｔ 2260—2007《行政区划代码》：晋城市(140500) & <b>API</b> «São Paulo» ①")
    assert tokens, tokens
    assert all(TOKEN.fullmatch(t) for t in tokens), tokens
    assert len(tokens) == len(set(tokens))
    assert {"gb", "2260", "2007", "api", "sao", "paulo", "140500", "1", "行政区划代码"} <= set(tokens)


def test_latin_words_are_lowercased_with_prefixes_digits_kept_whole():
    tokens = set(st.index_tokens("GB2312 Excel Spreadsheet 20240222"))
    assert {"gb2312", "gb", "2312", "gb23", "excel", "exc", "spreadsheet", "sprea", "20240222"} <= tokens
    assert not {"spread", "spreadsh"} & tokens  # longer prefixes are asked as spread*
    assert matches(tokens, "spread") and matches(tokens, "spreadsh")
    assert "2024" not in tokens and not matches(tokens, "2024")  # digit runs stay whole: codes are exact


def test_summary_mode_keeps_per_word_pinyin_without_cross_word_prefixes():
    tokens = set(st.index_tokens("居民身份证信息", mode="words"))
    assert {"身份证", "shenfenzheng", "sfz", "jmsfz", "xinxi"} <= tokens
    assert "jmsfzxx" not in tokens and "shenf" not in tokens


def test_document_text_fields():
    fields = st.document_text("人口基础信息库", "记录全市户籍人口。", ["姓名", "公民身份号码"], ["晋城市公安局"])
    assert set(fields) == {"searchName", "searchSummary", "searchElements", "searchExtra"}
    assert "rkjc" in fields["searchName"].split()
    assert "户籍" in fields["searchSummary"].split()
    assert "公民身份号码" in fields["searchElements"].split()
    assert "gaj" in fields["searchExtra"].split()
    assert st.document_text("人口", "", []) ["searchElements"] == ""
    combined = st.combined_search_text(fields)
    assert combined.split().count("rkjc") == 4  # the name weighs 4 in the fallback


def test_index_input_is_capped():
    started = time.perf_counter()
    tokens = st.index_tokens("数据" * 50_000)
    assert time.perf_counter() - started < 1.0
    assert len(tokens) < 200


# ------------------------------------------------------------------------------------ query


def test_query_groups_for_words_pinyin_and_synonyms():
    groups = st.query_terms("身份证 renkou")
    assert groups[-1] == ["renkou"]
    assert all("身份证" in g for g in groups[:-1])
    assert [g[0] for g in groups[:-1]] == ["身份", "份证"]  # bigrams cover the word
    assert any("居民身份证" in g for g in groups)  # synonym


@pytest.mark.parametrize(
    "query",
    ["身份证", "shenfenzheng", "sfz", "jmsfz", "jmsfzxx", "居民身份", "居民身份证信息", "sfz 信息", "ＳＦＺ　信息",
     "shenfenzh", "jmsf", "Shen Fen Zheng", "身份证号", "二代身份证"],
)
def test_resident_id_item_is_found_the_way_clerks_type(query):
    item = doc_tokens(
        "居民身份证信息",
        "全市常住人口居民身份证的办理与签发信息。",
        ["姓名", "性别", "民族", "出生日期", "公民身份号码", "住址", "签发机关", "有效期限"],
        ["晋城市公安局"],
    )
    assert matches(item, query), st.query_terms(query)


def test_name_alone_is_found_by_word_partial_pinyin_and_initials():
    name = doc_tokens("居民身份证信息")
    for query in ["身份证", "shenfenzheng", "sfz", "jmsfz", "居民身份", "民身份证", "xinxi"]:
        assert matches(name, query), query
    assert not matches(name, "营业执照")
    assert not matches(name, "renkou")


def test_full_width_and_case_are_normalised():
    assert st.query_terms("ＳＦＺ　信息") == st.query_terms("sfz 信息") == st.query_terms("SFZ，信息")


def test_synonym_words_expand_both_ways():
    assert "公民身份号码" in st.query_terms("身份证号")[0]
    assert "身份证号" in st.query_terms("公民身份号码")[0]
    low = st.query_terms("低保")
    assert low and "最低生活保障" in low[0]
    assert "社会保险" in st.query_terms("shebao")[0]  # the pinyin of a synonym word
    assert "住房公积金" in st.query_terms("gjj")[0]  # and its initials


def test_synonym_words_are_cut_as_one_word():
    tk = st._jieba()
    words = [w for w in st.load_synonyms() if len(w) > 1 and not w.isascii()]
    assert len(words) > 100
    broken = [w for w in words if tk.lcut(w, HMM=False) != [w]]
    assert not broken, broken


def test_synonyms_file_has_enough_groups():
    groups = st._parse_synonyms(st.DEFAULT_SYNONYMS.read_text(encoding="utf-8"))
    assert len(groups) >= 40
    assert all(TOKEN.fullmatch(w) for g in groups for w in g)


def test_custom_synonyms_file(tmp_path: Path):
    path = tmp_path / "syn.txt"
    path.write_text("# 测试\n晋城 凤城  # 晋城的别称\n\n单独一个词\nAPI，接口、服务接口\n", encoding="utf-8")
    try:
        loaded = st.load_synonyms(path)
        assert loaded["凤城"] == ["晋城"]
        assert "接口" in loaded["api"]
        assert "单独一个词" not in loaded
        assert "凤城" in st.query_terms("晋城")[0]
        assert "公民身份号码" not in st.query_terms("身份证号")[0]  # the default file is replaced
    finally:
        st.load_synonyms()
    assert "公民身份号码" in st.query_terms("身份证号")[0]


def test_reloading_synonyms_leaves_no_trace_of_the_previous_file(tmp_path: Path):
    before = st.index_tokens("晋城市居民身份证信息登记表")
    path = tmp_path / "odd.txt"
    path.write_text("晋城市居民 信息登记表\n", encoding="utf-8")
    try:
        st.load_synonyms(path)
        odd = st.index_tokens("晋城市居民身份证信息登记表")
        assert {"晋城市居民", "信息登记表"} <= set(odd) and odd != before
    finally:
        st.load_synonyms()
    assert st.index_tokens("晋城市居民身份证信息登记表") == before


def test_missing_synonyms_file_degrades_to_none(tmp_path: Path):
    try:
        assert st.load_synonyms(tmp_path / "nope.txt") == {}
        assert st.query_terms("低保") == [["低保"]]
    finally:
        st.load_synonyms()


def test_stop_characters_and_keywords_are_dropped():
    assert st.query_terms("居民的户籍") == st.query_terms("居民 户籍")
    assert st.query_terms("的 人口 和") == st.query_terms("人口")
    assert st.query_terms("的") == [["的"]]  # kept when it is all there is
    assert st.query_terms("12345") == [["12345", "市民热线", "便民热线", "政务服务热线"]]
    assert st.query_terms("人口 AND 户籍 OR NOT 婚姻") == st.query_terms("人口 户籍 婚姻")


def test_unknown_single_characters_stay_together_as_bigrams():
    groups = st.query_terms("端氏")
    assert groups and groups[0][0] == "端氏"


def test_a_request_sentence_keeps_only_what_it_asks_for():
    assert st.query_terms("请帮我找一下阳城县的低保对象名单") == st.query_terms("阳城县 低保对象")
    assert st.query_terms("我想查询一下本市居民的身份证信息以便核验身份") == st.query_terms("居民 身份证 身份")
    assert st.query_terms("哪个部门有煤矿安全生产许可证的数据") == st.query_terms("煤矿安全 生产 许可证")
    # a short query keeps its weak words: nothing says it is a sentence, and they narrow the list
    assert st.query_terms("人口信息") == [["人口"], ["信息"]]
    assert st.query_terms("守信 名单")[-1] == ["名单"]
    # and so does a sentence with nothing else in it
    assert st.query_terms("我想查询数据") == [["数据"]]
    assert st.query_terms("查询") == [["查询"]]


@pytest.mark.parametrize(
    "typo, meant",
    [("营业执炤", "营业执照"), ("不动产登计", "不动产登记"), ("婚姻登纪", "婚姻登记"), ("公积今", "公积金"), ("驾驶正", "驾驶证")],
)
def test_homophone_typos_become_the_word_meant(typo, meant):
    assert st.query_terms(typo) == st.query_terms(meant)


def test_loose_characters_also_match_by_their_pinyin():
    assert st.query_terms("登计") == [["登计", "dengji"]]
    assert matches(doc_tokens("不动产登记信息"), "不动产 登计")
    # a lone character does not: one syllable (bao) sounds like dozens of characters
    assert st.query_terms("户口薄")[-1] == ["薄"]


@pytest.mark.parametrize("junk", ["@name:", "@searchName :", "searchName:", "^2", "~0.8", "^ 3", "＠name："])
def test_query_syntax_leaves_no_word_behind(junk):
    assert st.query_terms(f"{junk}身份证") == st.query_terms("身份证")
    assert st.query_terms(f"sfz {junk}身份证") == st.query_terms("sfz 身份证")
    if junk != "searchName:":  # a trailing "word:" is kept: it may be what was typed before a colon
        assert st.query_terms(f"sfz {junk}") == st.query_terms("sfz")


def test_every_synonym_word_inside_a_text_is_indexed():
    # 个体工商户登记 is a synonym, so jieba cuts it as one word; 个体工商户 must still be a token
    tokens = set(st.index_tokens("个体工商户登记信息"))
    assert {"个体工商户登记", "个体工商户"} <= tokens
    assert matches(doc_tokens("个体工商户登记信息"), "个体户")
    assert "身份证" in st.query_terms("身分证")[0]  # the old form is a synonym


@pytest.mark.parametrize("text", ["", "   ", "！!？?…—", "*\"~()|@:-+!^[]{}\\/", "AND OR NOT", "&&||", "🙂🙂", "\x00\n\t"])
def test_nothing_to_search_gives_no_groups(text):
    assert st.query_terms(text) == []


def test_long_input_is_capped_and_fast():
    text = "居民身份证信息sfz人口" * 1000  # 10,000+ characters
    started = time.perf_counter()
    groups = st.query_terms(text)
    assert time.perf_counter() - started < 0.5
    assert 0 < len(groups) <= st.MAX_GROUPS
    assert all(1 <= len(g) <= st.MAX_ALTERNATIVES for g in groups)


def test_non_string_input_never_raises():
    assert st.query_terms(None) == []  # type: ignore[arg-type]
    assert st.highlight(None, [["a"]]) == ""  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st_.text(max_size=300))
def test_any_text_gives_safe_query_groups(text):
    """Within the limits and only plain tokens: what graph/search_syntax.py may write for an
    engine without escaping (tests/test_search_syntax.py checks the query strings)."""
    groups = st.query_terms(text)
    assert len(groups) <= st.MAX_GROUPS
    assert all(1 <= len(g) <= st.MAX_ALTERNATIVES for g in groups)
    assert all(TOKEN.fullmatch(t) for g in groups for t in g)
    assert st.clean_groups(groups) == groups


def test_clean_groups_keeps_only_plain_tokens_within_the_limits():
    assert st.clean_groups([["ok", "a*", 'b"', "c d", "AND", "x:y", "ok"], ["@name"], "好", ["人口"]]) == [
        ["ok"], ["好"], ["人口"]]
    assert st.clean_groups([[f"t{i}" for i in range(20)]] * 20) == [[f"t{i}" for i in range(st.MAX_ALTERNATIVES)]] * st.MAX_GROUPS
    assert st.clean_groups(None) == []  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st_.text(max_size=200), st_.sampled_from(["phrase", "words"]))
def test_any_text_gives_safe_index_tokens(text, mode):
    tokens = st.index_tokens(text, mode)
    assert all(TOKEN.fullmatch(t) for t in tokens)
    assert len(tokens) == len(set(tokens))


@settings(max_examples=200, deadline=None)
@given(st_.text(max_size=80), st_.text(max_size=30))
def test_highlight_never_raises_and_keeps_the_text(text, query):
    marked = st.highlight(text, st.query_terms(query))
    plain = marked.replace("<em>", "").replace("</em>", "")
    import html

    assert html.unescape(plain) == text


# ------------------------------------------------------------------------------------ highlight


def test_highlight_words_pinyin_initials_and_escaping():
    assert st.highlight("居民身份证信息", st.query_terms("身份")) == "居民<em>身份</em>证信息"
    assert st.highlight("户籍人口基础信息库", st.query_terms("人口信息")) == "户籍<em>人口</em>基础<em>信息</em>库"
    assert st.highlight("人口基础信息库", st.query_terms("renkou")) == "<em>人口</em>基础信息库"
    assert st.highlight("公民身份证号码", st.query_terms("sfz")) == "公民<em>身份证</em>号码"
    # synonyms are highlighted too: 居民身份证 is a synonym of 身份证
    assert st.highlight("居民身份证信息", st.query_terms("身份证")) == "<em>居民身份证</em>信息"
    assert st.highlight("居民身份证信息", st.query_terms("shenf")) == "居民<em>身份</em>证信息"
    assert st.highlight("<b>人口</b> & API", st.query_terms("人口 api")) == "&lt;b&gt;<em>人口</em>&lt;/b&gt; &amp; <em>API</em>"
    assert st.highlight("ＳＦＺ号码", st.query_terms("sfz")) == "<em>ＳＦＺ</em>号码"
    assert st.highlight("人口", []) == "人口"


# ------------------------------------------------------------------------------------ relevance

ITEMS = [
    "居民身份证信息", "企业登记信息", "最低生活保障对象信息", "不动产登记信息", "社会保险参保信息",
    "人口基础信息库", "机动车驾驶证信息", "婚姻登记信息", "出生医学证明信息", "住房公积金缴存信息",
    "特困人员救助供养信息", "残疾人证信息", "行政处罚信息", "食品经营许可证信息", "纳税人登记信息",
    "中小学生学籍信息", "医师执业注册信息", "预防接种记录", "煤矿安全生产许可信息", "城乡居民基本养老保险待遇发放信息",
]
CLERK_QUERIES = {
    "居民身份证信息": ["身份证", "sfz", "jmsfz", "二代身份证"],
    "企业登记信息": ["营业执照", "企业登记", "qydj", "工商登记"],
    "最低生活保障对象信息": ["低保", "dibao", "最低生活保障", "低保对象"],
    "不动产登记信息": ["房产证", "不动产", "bdc", "房屋登记"],
    "社会保险参保信息": ["社保", "shebao", "参保", "社保参保"],
    "人口基础信息库": ["人口", "renkou", "rkjc", "人口库"],
    "机动车驾驶证信息": ["驾照", "驾驶证", "jsz", "jiashizheng"],
    "婚姻登记信息": ["结婚证", "婚姻", "hydj", "离婚登记"],
    "出生医学证明信息": ["出生证", "出生证明", "csyxzm", "chusheng"],
    "住房公积金缴存信息": ["公积金", "gjj", "gongjijin", "公积金缴存"],
    "特困人员救助供养信息": ["特困", "五保", "tkry", "特困供养"],
    "残疾人证信息": ["残疾证", "残疾人", "cjrz", "canji"],
    "行政处罚信息": ["处罚", "行政处罚", "xzcf", "处罚决定"],
    "食品经营许可证信息": ["食品经营许可", "食品许可", "spjy", "食品经营"],
    "纳税人登记信息": ["纳税", "纳税人", "nsr", "nashui"],
    "中小学生学籍信息": ["学籍", "xueji", "学生", "在校生"],
    "医师执业注册信息": ["执业医师", "医师", "ysz", "yishi"],
    "预防接种记录": ["疫苗接种", "预防接种", "yfjz", "接种"],
    "煤矿安全生产许可信息": ["煤矿", "安全生产", "mkaq", "meikuang"],
    "城乡居民基本养老保险待遇发放信息": ["养老保险", "养老金", "ylbx", "yanglao"],
}


def test_relevance_of_clerk_queries_on_realistic_names():
    docs = {name: doc_tokens(name) for name in ITEMS}
    wide = []
    for right, queries in CLERK_QUERIES.items():
        for query in queries:
            found = [name for name, tokens in docs.items() if matches(tokens, query)]
            assert right in found, (query, right, st.query_terms(query))
            if len(found) > 3:
                wide.append((query, found))
    # precision: almost every query finds its item among at most three of the twenty
    assert len(wide) <= 3, wide


def test_jieba_loads_quietly_in_a_fresh_process():
    code = "from server.domain import search_text as st; st.warm_up(); st.query_terms('人口')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout == ""
