"""The highlight pre-check (server/api/search/highlight.py `may_match`): skipping element names it rules
out must never change `SearchEdge.highlight`, and it must rule out most of them."""

from __future__ import annotations

import pytest

from seed import demo
from server.api.search.highlight import may_match, needles_of
from server.domain import search_text

# Han words and synonyms, full pinyin (whole, partial, mid-word), initials, latin and digits.
QUERIES = [
    "人口", "身份证", "身份证号", "煤矿 安全", "低保", "企业 名称", "地址 电话", "法人", "養老",
    "renkou", "shenfenzheng", "fenzheng", "xingming", "dianhua", "haoma", "qiye", "tongyi shehui", "ren",
    "sfz", "yyzz", "xm", "dh", "gmsfhm", "zh", "lv",
    "a", "2023", "id", "gps", "ＩＤ", "", "   ", "!!!",
]


@pytest.fixture(scope="module")
def element_names() -> list[str]:
    names = {element.name for item in demo.demo_items() for element in item.elements}
    return sorted(names) + ["", "ID号", "GPS定位", "2023年度", "Ｇｍｓｆｈｍ"]


@pytest.mark.parametrize("text", QUERIES)
def test_skipped_names_have_nothing_to_mark(text: str, element_names: list[str]) -> None:
    groups = search_text.query_terms(text)
    needles = needles_of(groups)
    for name in element_names:
        if not may_match(name, needles):
            assert "<em>" not in search_text.highlight(name, groups), (text, name)


def test_most_names_are_skipped(element_names: list[str]) -> None:
    kept = checked = 0
    for text in ("人口", "renkou", "sfz", "身份证号"):
        needles = needles_of(search_text.query_terms(text))
        kept += sum(may_match(name, needles) for name in element_names)
        checked += len(element_names)
    assert kept < checked * 0.2
