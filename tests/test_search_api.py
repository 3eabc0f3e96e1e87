"""Search, the three browse columns and item detail (第十五条, 第二十七条) through the real server."""

from __future__ import annotations

import httpx

from seed.load import item_id
from tests.helpers import auth, gql

SEARCH = """
query($text: String!, $filter: SearchFilter, $sort: SortOrder!, $first: Int!, $after: String) {
  search(text: $text, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount relaxed
    pageInfo { hasNextPage endCursor }
    edges { score node { id name providerCode shareType regionCode publishedOn updatedAt themeCodes }
            highlight { name summary elements } }
    facets { name label values { value label count } }
  }
}"""


async def _search(client: httpx.AsyncClient, settings, text: str = "", first: int = 20, **variables: object) -> dict:
    variables = {"text": text, "first": first, "sort": "RELEVANCE", **variables}
    body = (await gql(client, SEARCH, auth(settings), variables)).json()
    assert "errors" not in body, body
    return body["data"]["search"]


async def test_search_ranks_highlights_and_counts_facets(client: httpx.AsyncClient, settings) -> None:
    result = await _search(client, settings, "身份证")
    top = result["edges"][0]
    assert top["node"]["name"] == "居民身份证信息"
    assert "<em>" in top["highlight"]["name"]
    scores = [edge["score"] for edge in result["edges"]]
    assert scores == sorted(scores, reverse=True)
    facets = {facet["name"]: facet for facet in result["facets"]}
    assert set(facets) == {"DEPARTMENT", "REGION", "LEVEL", "THEME", "DATABASE", "SHARE_TYPE", "OPEN_TYPE", "UPDATE_CYCLE", "FORMAT", "SHARE_MODE"}
    assert facets["SHARE_TYPE"]["label"] == "共享属性"
    for name in ("DEPARTMENT", "SHARE_TYPE", "LEVEL", "UPDATE_CYCLE", "FORMAT"):
        assert sum(value["count"] for value in facets[name]["values"]) == result["totalCount"], name
    police = next(value for value in facets["DEPARTMENT"]["values"] if value["value"] == "140500-GAJ")
    assert police["label"] == "晋城市公安局"
    assert {value["label"] for value in facets["SHARE_TYPE"]["values"]} <= {"无条件共享", "有条件共享", "不予共享"}


async def test_filters_combine_with_text(client: httpx.AsyncClient, settings) -> None:
    everything = await _search(client, settings, "信息", first=100)
    conditional = await _search(client, settings, "信息", first=100, filter={"shareTypes": ["CONDITIONAL"]})
    assert 0 < conditional["totalCount"] < everything["totalCount"]
    assert all(edge["node"]["shareType"] == "CONDITIONAL" for edge in conditional["edges"])
    narrow = await _search(client, settings, "信息", first=100,
                           filter={"shareTypes": ["CONDITIONAL"], "departmentCodes": ["140500-GAJ"]})
    assert narrow["totalCount"] <= conditional["totalCount"]
    assert all(edge["node"]["providerCode"] == "140500-GAJ" for edge in narrow["edges"])


async def test_empty_text_browses_and_pages_do_not_overlap(client: httpx.AsyncClient, settings) -> None:
    first = await _search(client, settings, "", first=50, sort="RECENTLY_PUBLISHED")
    assert first["totalCount"] >= 300 and first["pageInfo"]["hasNextPage"]
    dates = [edge["node"]["publishedOn"] for edge in first["edges"]]
    assert dates == sorted(dates, reverse=True)
    second = await _search(client, settings, "", first=50, sort="RECENTLY_PUBLISHED", after=first["pageInfo"]["endCursor"])
    ids_first = {edge["node"]["id"] for edge in first["edges"]}
    ids_second = {edge["node"]["id"] for edge in second["edges"]}
    assert len(ids_second) == 50 and not ids_first & ids_second


async def test_department_column_rolls_up_subordinate_units(client: httpx.AsyncClient, settings) -> None:
    query = """query($code: String!, $sub: Boolean!) { departmentItems(departmentCode: $code, includeSubordinates: $sub, first: 100) {
        totalCount edges { node { providerCode } } } department(code: $code) { itemCount ownItemCount children { code } } }"""
    own = (await gql(client, query, auth(settings), {"code": "140500-GAJ", "sub": False})).json()["data"]
    rolled = (await gql(client, query, auth(settings), {"code": "140500-GAJ", "sub": True})).json()["data"]
    assert own["departmentItems"]["totalCount"] == own["department"]["ownItemCount"]
    assert rolled["departmentItems"]["totalCount"] == rolled["department"]["itemCount"] > own["department"]["ownItemCount"]
    children = {child["code"] for child in rolled["department"]["children"]}
    assert {edge["node"]["providerCode"] for edge in rolled["departmentItems"]["edges"]} <= children | {"140500-GAJ"}


async def test_theme_column_covers_the_subtree(client: httpx.AsyncClient, settings) -> None:
    themes = (await gql(client, "{ themes { code children { code itemCount } itemCount } }", auth(settings))).json()["data"]["themes"]
    parent = next(theme for theme in themes if sum(child["itemCount"] for child in theme["children"]) > 0)
    result = (await gql(client, 'query($c: String!) { themeItems(themeCode: $c, first: 100) { totalCount edges { node { themeCodes } } } }',
                        auth(settings), {"c": parent["code"]})).json()["data"]["themeItems"]
    subtree = {parent["code"], *(child["code"] for child in parent["children"])}
    assert result["totalCount"] >= max(child["itemCount"] for child in parent["children"])
    assert all(set(edge["node"]["themeCodes"]) & subtree for edge in result["edges"])


async def test_cascade_column_splits_city_and_county(client: httpx.AsyncClient, settings) -> None:
    query = 'query($l: RegionLevel!, $r: String) { cascadeItems(level: $l, regionCode: $r, first: 100) { totalCount edges { node { regionCode } } } }'
    city = (await gql(client, query, auth(settings), {"l": "CITY"})).json()["data"]["cascadeItems"]
    county = (await gql(client, query, auth(settings), {"l": "COUNTY"})).json()["data"]["cascadeItems"]
    zone = (await gql(client, query, auth(settings), {"l": "ZONE"})).json()["data"]["cascadeItems"]
    everything = await _search(client, settings, "")
    assert city["totalCount"] + county["totalCount"] + zone["totalCount"] == everything["totalCount"]
    assert all(edge["node"]["regionCode"] == "140500" for edge in city["edges"])
    zezhou = (await gql(client, query, auth(settings), {"l": "COUNTY", "r": "140525"})).json()["data"]["cascadeItems"]
    assert 0 < zezhou["totalCount"] < county["totalCount"]
    assert all(edge["node"]["regionCode"] == "140525" for edge in zezhou["edges"])


async def test_where_a_datum_lives(client: httpx.AsyncClient, settings) -> None:
    query = """query($n: String!, $first: Int!, $after: String) { whereDatumLives(elementName: $n, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { elementName isSource copies item { name } provider { code name } sourceItemId } } } }"""

    async def holders_of(name: str, first: int = 100, after: str | None = None) -> dict:
        body = (await gql(client, query, auth(settings), {"n": name, "first": first, "after": after})).json()
        assert "errors" not in body, body
        return body["data"]["whereDatumLives"]

    found = await holders_of("身份证号")
    holders = [edge["node"] for edge in found["edges"]]
    assert found["totalCount"] > 10 and {h["elementName"] for h in holders} >= {"公民身份号码"}
    source = holders[0]
    assert source["isSource"] and source["provider"]["code"] == "140500-GAJ" and source["item"]["name"] == "居民身份证信息"
    assert any(h["sourceItemId"] == item_id("140500-GAJ", "居民身份证信息") for h in holders[1:])
    # pages of a connection: the first five, then the rest, in the same order as one long page
    head = await holders_of("身份证号", first=5)
    assert head["totalCount"] == found["totalCount"] and head["pageInfo"]["hasNextPage"]
    tail = await holders_of("身份证号", first=100, after=head["pageInfo"]["endCursor"])
    assert [e["node"] for e in head["edges"] + tail["edges"]] == holders[: 5 + len(tail["edges"])]
    credit = [edge["node"] for edge in (await holders_of("营业执照号"))["edges"]]
    assert any(h["elementName"] == "统一社会信用代码" and h["isSource"] for h in credit)


async def test_item_detail_reads_like_the_catalog(client: httpx.AsyncClient, settings) -> None:
    query = """query($i: ID) { catalogItem(id: $i) {
        articleFields { field label value valueLabel } themes { code name } database { name }
        shareCondition shareScope { code name } legalBasis
        provider { name dataOfficer { name phone } responsibleUnit }
        elements { name code type length sensitivity maskingRule verifyOnly }
        relatedItems(first: 5) { item { name providerCode } sharedElements sourceLinks } } }"""
    item = (await gql(client, query, auth(settings), {"i": item_id("140500-GAJ", "居民身份证信息")})).json()["data"]["catalogItem"]
    labels = [field["label"] for field in item["articleFields"]]
    for label in ("数据资源名称", "存储层级", "分类", "分级", "数据格式", "数据项名称", "共享属性", "共享方式", "开放属性", "开放方式", "更新周期", "发布日期"):
        assert label in labels
    share = next(field for field in item["articleFields"] if field["field"] == "shareType")
    assert share["valueLabel"] == "有条件共享" and item["shareCondition"]
    assert item["database"]["name"] == "人口基础库" and item["themes"]
    assert item["provider"]["dataOfficer"]["phone"]
    assert item["relatedItems"] and item["relatedItems"][0]["sourceLinks"] > 0
    assert "公民身份号码" in item["relatedItems"][0]["sharedElements"]


async def test_not_shared_items_show_their_legal_basis(client: httpx.AsyncClient, settings) -> None:
    result = await _search(client, settings, "", first=5, filter={"shareTypes": ["NOT_SHARED"]})
    assert result["totalCount"] > 0
    ids = [edge["node"]["id"] for edge in result["edges"]]
    for identifier in ids:
        item = (await gql(client, "query($i: ID) { catalogItem(id: $i) { legalBasis openType } }", auth(settings), {"i": identifier})).json()["data"]["catalogItem"]
        assert item["legalBasis"] and item["openType"] == "NOT_OPEN"


async def test_hostile_input_never_errors(client: httpx.AsyncClient, settings) -> None:
    for text in ["", " ", "x" * 10_000, "！？。，", '*', '"', "~", "AND(", "||", "@name:", "\\", "身份证 *"]:
        result = await _search(client, settings, text, first=5)
        assert result["totalCount"] >= 0
    plain = await _search(client, settings, "身份证", first=5)
    starred = await _search(client, settings, "身份证 *", first=5)
    assert [e["node"]["id"] for e in plain["edges"]] == [e["node"]["id"] for e in starred["edges"]]
