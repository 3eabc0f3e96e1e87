"""Domain validation (第九条, 第十一条, 第十七条, 第二十三条): bad input names the field."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from server.domain.coding import catalog_code, check_code_format, code_sequence_key, code_template
from server.domain.models import CatalogItem, Department, field_errors
from server.domain.values import ALL_VALUE_LISTS, ResourceCategory, ShareType
from tests.helpers import make_settings

GOOD = {
    "name": "居民身份证信息",
    "summary": "本市户籍居民身份证登记信息",
    "providerCode": "140500-GAJ",
    "storageLevel": "CITY",
    "category": "BASIC",
    "grade": "IMPORTANT",
    "format": "DATABASE",
    "formatDetail": "oracle",
    "shareType": "CONDITIONAL",
    "shareCondition": "仅限履行法定职责需要核验身份的部门",
    "shareScope": ["140500-MZJ"],
    "shareModes": ["API"],
    "openType": "NOT_OPEN",
    "openMode": "NONE",
    "updateCycle": "REALTIME",
    "elements": [
        {"name": "公民身份号码", "code": "GMSFHM", "type": "STRING", "length": 18, "sensitivity": "SENSITIVE", "maskingRule": "ID_NUMBER"},
        {"name": "姓名", "code": "XM", "type": "STRING", "length": 50},
    ],
}


def _errors(**changes: object) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        CatalogItem.model_validate({**GOOD, **changes})
    return [(e.field, e.message) for e in field_errors(caught.value)]


def test_a_good_item_validates() -> None:
    item = CatalogItem.model_validate(GOOD)
    assert item.share_type is ShareType.CONDITIONAL
    assert item.to_graph()["shareType"] == "CONDITIONAL"


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"name": "  "}, "name", "不能为空"),
        ({"name": "待定"}, "name", "占位"),
        ({"shareType": "MAYBE"}, "shareType", "UNCONDITIONAL"),
        ({"shareCondition": ""}, "shareCondition", "有条件共享"),
        ({"shareType": "NOT_SHARED", "legalBasis": ""}, "legalBasis", "法律"),
        ({"shareType": "NOT_SHARED", "legalBasis": "《个人信息保护法》", "openType": "UNCONDITIONAL", "openMode": "DOWNLOAD"}, "openType", "不予开放"),
        ({"shareModes": ["FILE"]}, "shareModes", "API"),
        ({"shareModes": []}, "shareModes", "至少填写 1 项"),
        ({"updateCycle": "OTHER", "shareModes": ["FILE"]}, "updateCycleNote", "其他"),
        ({"elements": []}, "elements", "至少填写 1 项"),
        ({"elements": [GOOD["elements"][0], {**GOOD["elements"][0], "code": "X2"}]}, "elements[1].name", "重复"),
        ({"elements": [{**GOOD["elements"][0], "code": "1bad"}]}, "elements[0].code", "字母开头"),
        ({"providerCode": "公安局"}, "providerCode", "140500-GAJ"),
    ],
)
def test_bad_input_names_the_field(changes: dict, field: str, words: str) -> None:
    errors = _errors(**changes)
    assert any(f == field and words in message for f, message in errors), errors


def test_department_code_belongs_to_its_region() -> None:
    with pytest.raises(ValidationError) as caught:
        Department.model_validate({
            "code": "140521-GAJ", "name": "市公安局", "regionCode": "140500", "kind": "GOVERNMENT_DEPARTMENT",
            "responsibleUnit": "科技信息化科", "dataOfficer": {"name": "王强", "phone": "0356-2021234"},
        })
    assert field_errors(caught.value)[0].field == "code"


def test_every_value_has_a_chinese_label() -> None:
    for enum in ALL_VALUE_LISTS:
        for member in enum:
            assert member.label and any("\u4e00" <= ch <= "\u9fff" for ch in member.label), member
            assert enum.from_label(member.label) is member


def test_catalog_code_scheme() -> None:
    assert catalog_code("140500-GAJ", ResourceCategory.BASIC, 1) == "140500-GAJ/100001"
    assert catalog_code("140525-MZJ", ResourceCategory.DEPARTMENTAL, 42) == "140525-MZJ/300042"
    with pytest.raises(ValueError, match="sequence"):
        catalog_code("140500-GAJ", ResourceCategory.BASIC, 0)


def test_open_type_is_no_wider_than_share_type() -> None:
    errors = _errors(openType="UNCONDITIONAL", openMode="DOWNLOAD")
    assert ("openType", "有条件共享的数据不能无条件开放（第二十二条、第二十四条） "
                        "(CONDITIONAL data cannot be opened UNCONDITIONALLY)") in errors
    errors = _errors(shareType="UNCONDITIONAL", openType="CONDITIONAL", openMode="NONE")
    assert any(field == "openMode" for field, _ in errors)


def test_the_code_scheme_is_configuration() -> None:
    assert catalog_code("140525-MZJ", ResourceCategory.BASIC, 7, "{region}{category}-{department_suffix}-{sequence:04d}") == "1405251-MZJ-0007"
    from server.domain.coding import check_code_format

    for bad in ("{department}/{sequence}", "{nope}{department}{category}{sequence}", "{department}{category}"):
        with pytest.raises(ValueError, match="catalogCodeFormat"):
            check_code_format(bad)
    with pytest.raises(ValueError):
        make_settings(catalog_code_format="{department}")


@pytest.mark.parametrize("code_format", [
    "{department}/{category}{sequence:05d}", "{region}{category}-{department_suffix}-{sequence:04d}",
    "{department}-{category}-{sequence}", "{category}{sequence:06d}@{department}",
])
@pytest.mark.parametrize("sequence", [1, 42, 99999])
def test_code_template_renders_what_catalog_code_formats(code_format: str, sequence: int) -> None:
    template = code_template("140525-MZJ", ResourceCategory.THEMATIC, code_format)
    assert template.render(sequence) == catalog_code("140525-MZJ", ResourceCategory.THEMATIC, sequence, code_format)
    assert template.key == code_sequence_key("140525-MZJ", ResourceCategory.THEMATIC)


def test_a_sequence_written_otherwise_is_refused() -> None:
    with pytest.raises(ValueError, match="sequence"):
        check_code_format("{department}/{category}{sequence:>5}")
