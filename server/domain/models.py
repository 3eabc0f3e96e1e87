"""The catalog's nouns, validated (第九条, 第十条, 第十一条, 第十四条, 第二十三条).

Pydantic models with camelCase aliases: the alias is the property name in the graph and the
field name in GraphQL and import files, so one name follows a value everywhere. Every
rule that can reject a value says which field and why, in Chinese with English beside it,
because a clerk fixes the form and a developer reads the log.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic.alias_generators import to_camel

from server.domain.values import (
    DatabaseKind,
    DataFormat,
    DataGrade,
    DepartmentKind,
    ElementType,
    MaskingRule,
    OpenMode,
    OpenType,
    RegionLevel,
    ResourceCategory,
    Sensitivity,
    ShareMode,
    ShareType,
    StorageLevel,
    UpdateCycle,
)

REGION_CODE = re.compile(r"^\d{6}$")
DEPARTMENT_CODE = re.compile(r"^\d{6}-[A-Z0-9]{2,12}$")
PLACEHOLDER_NAMES = {"无", "空", "待定", "测试", "test", "xxx", "未命名", "暂无", "-", "/"}


def _not_placeholder(value: str) -> str:
    """第十一条: names must be understandable — no empty or placeholder names."""
    if value.strip().lower() in PLACEHOLDER_NAMES:
        raise ValueError("名称不能是占位词 (placeholder name not allowed)")
    return value


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_not_placeholder),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
RegionCode = Annotated[str, StringConstraints(pattern=REGION_CODE.pattern)]
DepartmentCode = Annotated[str, StringConstraints(pattern=DEPARTMENT_CODE.pattern)]
Key = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        use_enum_values=False,
    )

    def to_graph(self) -> dict:
        """Properties as stored on the node: camelCase, enums as their names."""
        return self.model_dump(by_alias=True, mode="json")


class Region(Model):
    """行政区划: the city, its counties/districts and the development zone."""

    code: RegionCode
    name: Name
    level: RegionLevel
    parent_code: RegionCode | None = None


class DataOfficer(Model):
    """第六条: the person a department files with the authority as responsible for its data."""

    name: Name
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9\-+ ]{7,20}$")]
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+$")] | None = None


class Department(Model):
    """政务部门 (第二条) with its responsible unit and data officer (第六条)."""

    code: DepartmentCode
    name: Name
    short_name: Name | None = None
    region_code: RegionCode
    kind: DepartmentKind
    parent_code: DepartmentCode | None = None
    responsible_unit: Name
    data_officer: DataOfficer
    is_authority: bool = False

    @model_validator(mode="after")
    def _code_in_region(self) -> "Department":
        if not self.code.startswith(self.region_code):
            raise ValueError(
                f"code: 部门编码须以所属行政区划代码 {self.region_code} 开头 "
                "(department code must start with its region code)"
            )
        return self


class Theme(Model):
    """政务主题: a node of the theme tree."""

    code: Key
    name: Name
    parent_code: Key | None = None


class Database(Model):
    """第十四条: a 基础库 or 主题库, catalogued by its lead department."""

    code: Key
    name: Name
    kind: DatabaseKind
    lead_department_code: DepartmentCode
    contributor_codes: list[DepartmentCode] = Field(default_factory=list)
    description: Text = ""


class DataElement(Model):
    """数据项 with its data dictionary entry (第十条)."""

    name: Name = Field(description="数据项名称 (element name)")
    code: Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,63}$")] = Field(description="数据项编码/字段名 (element code)")
    type: ElementType = Field(description="数据类型 (data type)")
    length: Annotated[int, Field(ge=0, le=100000)] | None = Field(None, description="长度 (length)")
    description: Text = Field("", description="说明 (description)")
    sensitivity: Sensitivity = Field(Sensitivity.NON_SENSITIVE, description="敏感属性 (sensitivity)")
    masking_rule: MaskingRule = Field(MaskingRule.NONE, description="脱敏规则 (masking rule)")
    verify_only: bool = Field(False, description="仅供比对核验，第二十二条 (verification only)")
    withheld: bool = Field(False, description="不予提供，有条件共享的部分内容，第二十二条 (withheld from every consumer)")
    source_item_code: str | None = Field(None, description="一数一源：权威来源目录 <部门编码>/<目录名称>，第十五条 (authoritative source item)")


class CatalogItem(Model):
    """政务数据资源目录条目 with exactly the fields of 第九条."""

    name: Name = Field(description="数据资源名称 (name)")
    summary: Text = Field(description="摘要 (summary)")
    provider_code: DepartmentCode = Field(description="提供部门编码 (provider department code)")
    storage_level: StorageLevel = Field(description="存储层级 (storage level)")
    category: ResourceCategory = Field(description="分类 (category)")
    grade: DataGrade = Field(description="分级，GB/T 43697-2024 (grade)")
    format: DataFormat = Field(description="数据格式 (data format)")
    format_detail: Annotated[str, StringConstraints(max_length=40)] = Field("", description="具体格式，如 xlsx、mysql (concrete format)")
    share_type: ShareType = Field(description="共享属性，第二十二条 (share type)")
    share_condition: Text = Field("", description="共享条件，有条件共享时填写，第二十三条 (share condition)")
    share_scope: list[DepartmentCode] = Field(default_factory=list, description="共享范围：可申请的部门编码 (departments a conditional item is shared with)")
    legal_basis: Text = Field("", description="不予共享依据，第二十三条 (legal basis when not shared)")
    share_modes: list[ShareMode] = Field(min_length=1, description="共享方式，第十七条 (share modes)")
    open_type: OpenType = Field(description="开放属性，第二十四条 (open type)")
    open_mode: OpenMode = Field(description="开放方式 (open mode)")
    update_cycle: UpdateCycle = Field(description="更新周期，第十八条 (update cycle)")
    update_cycle_note: Text = Field("", description="更新周期说明，“其他”时必填 (note for OTHER)")
    published_on: date | None = Field(None, description="发布日期 (publication date)")
    theme_codes: list[Key] = Field(default_factory=list, description="所属主题编码 (theme codes)")
    database_code: Key | None = Field(None, description="所属基础库/主题库编码，第十四条 (database code)")
    elements: list[DataElement] = Field(min_length=1, description="数据项及数据字典，第十条 (data elements)")

    @model_validator(mode="after")
    def _article_rules(self) -> "CatalogItem":
        check_item_rules(self)
        return self


def check_item_rules(item: CatalogItem) -> None:
    """Cross-field rules of 第十一条, 第十七条, 第二十三条 and 第二十四条; raises naming the field."""
    # 第二十三条: conditional sharing states its scope or condition.
    if item.share_type is ShareType.CONDITIONAL and not (item.share_condition or item.share_scope):
        raise ValueError("shareCondition: 有条件共享须填写共享条件或共享范围 (CONDITIONAL needs a condition or scope)")
    # 第二十三条: not-shared data cites its legal basis.
    if item.share_type is ShareType.NOT_SHARED and not item.legal_basis:
        raise ValueError("legalBasis: 不予共享须提供法律、法规、规章或政策依据 (NOT_SHARED needs a legal basis)")
    # 不予共享 forces 不予开放.
    if item.share_type is ShareType.NOT_SHARED and item.open_type is not OpenType.NOT_OPEN:
        raise ValueError("openType: 不予共享的数据只能不予开放 (NOT_SHARED data cannot be opened)")
    # 第二十四条 with 第二十二条: what is opened to society cannot be wider than what is shared.
    if item.share_type is ShareType.CONDITIONAL and item.open_type is OpenType.UNCONDITIONAL:
        raise ValueError("openType: 有条件共享的数据不能无条件开放 (CONDITIONAL data cannot be opened UNCONDITIONALLY)")
    if item.open_type is not OpenType.NOT_OPEN and item.open_mode is OpenMode.NONE:
        raise ValueError("openMode: 开放的数据须选择开放方式 (an open item needs an open mode)")
    if item.open_type is OpenType.NOT_OPEN and item.open_mode is not OpenMode.NONE:
        raise ValueError("openMode: 不予开放时开放方式应为“不开放” (NOT_OPEN requires openMode NONE)")
    # 第十七条: data that changes in real time is shared by API.
    if item.update_cycle is UpdateCycle.REALTIME and ShareMode.API not in item.share_modes:
        raise ValueError("shareModes: 实时更新的数据应采用服务接口（API）共享 (REALTIME data must be shared by API)")
    if item.update_cycle is UpdateCycle.OTHER and not item.update_cycle_note:
        raise ValueError("updateCycleNote: 更新周期为“其他”时须说明 (OTHER update cycle needs a note)")
    # 第二十二条: only conditional items share part of their content.
    for index, element in enumerate(item.elements):
        if element.withheld and item.share_type is not ShareType.CONDITIONAL:
            raise ValueError(f"elements[{index}].withheld: 仅有条件共享的目录可部分数据项不予提供 (only CONDITIONAL items withhold elements)")
        if element.withheld and element.verify_only:
            raise ValueError(f"elements[{index}].verifyOnly: 不予提供的数据项不能同时仅供比对 (withheld and verifyOnly exclude each other)")
    # 第十一条: no duplicate element names or codes within an item.
    seen_names: set[str] = set()
    seen_codes: set[str] = set()
    for index, element in enumerate(item.elements):
        if element.name in seen_names:
            raise ValueError(f"elements[{index}].name: 数据项名称重复：{element.name} (duplicate element name)")
        if element.code.upper() in seen_codes:
            raise ValueError(f"elements[{index}].code: 数据项编码重复：{element.code} (duplicate element code)")
        seen_names.add(element.name)
        seen_codes.add(element.code.upper())


class FieldError(BaseModel):
    """One problem with one input field, for the clerk who filled it in."""

    field: str
    message: str


def field_errors(exc: ValidationError) -> list[FieldError]:
    """Turns pydantic's errors into field-named messages (model-level rules name their field first)."""
    out: list[FieldError] = []
    for err in exc.errors():
        location = ".".join(str(part) for part in err["loc"])
        message = str(err["msg"])
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        if not location and ": " in message:
            location, message = message.split(": ", 1)
        out.append(FieldError(field=location or "input", message=message))
    return out
