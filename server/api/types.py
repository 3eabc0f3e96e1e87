"""GraphQL types of the catalog, declared once; nested fields resolve through DataLoaders."""

from __future__ import annotations


import strawberry
from strawberry.types import Info

from graph.store import Row
from server.context import Context
from server.auth import ROLE_LABELS, Role
from server.domain import values as v
from server.services import catalog
from server.services.reference import reference_names

# Domain value lists exposed as GraphQL enums (values UPPER_CASE; labels via `valueLists`).
ShareType = strawberry.enum(v.ShareType)
ShareMode = strawberry.enum(v.ShareMode)
OpenType = strawberry.enum(v.OpenType)
OpenMode = strawberry.enum(v.OpenMode)
UpdateCycle = strawberry.enum(v.UpdateCycle)
DataFormat = strawberry.enum(v.DataFormat)
StorageLevel = strawberry.enum(v.StorageLevel)
ResourceCategory = strawberry.enum(v.ResourceCategory)
DataGrade = strawberry.enum(v.DataGrade)
Sensitivity = strawberry.enum(v.Sensitivity)
ElementType = strawberry.enum(v.ElementType)
MaskingRule = strawberry.enum(v.MaskingRule)
ItemStatus = strawberry.enum(v.ItemStatus)
DepartmentKind = strawberry.enum(v.DepartmentKind)
RegionLevel = strawberry.enum(v.RegionLevel)
DatabaseKind = strawberry.enum(v.DatabaseKind)
RoleEnum = strawberry.enum(Role, name="Role", description="角色 (role of the caller)")

Ctx = Info[Context, None]


@strawberry.type(description="取值及其中文名称 (a value with its Chinese label)")
class LabelledValue:
    value: str
    label: str


@strawberry.type(description="值列表：第九条各字段的可选值 (a value list of the catalog)")
class ValueList:
    name: str = strawberry.field(description="枚举类型名 (GraphQL enum name)")
    description: str
    values: list[LabelledValue]

    @classmethod
    def of(cls, enum: type[v.LabelledEnum]) -> "ValueList":
        return cls(
            name=enum.__name__,
            description=(enum.__doc__ or "").strip().splitlines()[0],
            values=[LabelledValue(value=m.value, label=m.label) for m in enum],
        )


@strawberry.type(description="行政区划 (administrative region: city, county/district, development zone)")
class Region:
    code: str = strawberry.field(description="行政区划代码 (region code)")
    name: str = strawberry.field(description="名称 (name)")
    level: RegionLevel = strawberry.field(description="级别：省级、市级、县级、开发区 (cascade level)")
    parent_code: str | None = strawberry.field(description="上级区划代码 (parent region code)")
    department_count: int = strawberry.field(description="部门数 (number of departments)")


@strawberry.type(description="数据管理责任人 (data officer filed under 第六条)")
class DataOfficer:
    name: str
    phone: str
    email: str | None


@strawberry.type(description="政务部门 (government department, 第二条)")
class Department:
    code: str = strawberry.field(description="部门编码 (department code)")
    name: str = strawberry.field(description="部门名称 (name)")
    short_name: str | None = strawberry.field(description="简称 (short name)")
    region_code: str = strawberry.field(description="所属行政区划 (region code)")
    kind: DepartmentKind = strawberry.field(description="部门类别 (kind of body, 第二条)")
    parent_code: str | None = strawberry.field(description="上级部门编码，下属单位才有 (parent, for subordinate units)")
    responsible_unit: str = strawberry.field(description="数据管理责任部门 (responsible unit, 第六条)")
    is_authority: bool = strawberry.field(description="是否政务数据主管部门 (is the data authority, 第五条)")
    data_officer: DataOfficer = strawberry.field(description="数据管理责任人 (data officer, 第六条)")
    child_codes: strawberry.Private[list[str]]

    @classmethod
    def from_row(cls, row: Row) -> "Department":
        return cls(
            code=row["code"],
            name=row["name"],
            short_name=row.get("shortName"),
            region_code=row["regionCode"],
            kind=v.DepartmentKind(row["kind"]),
            parent_code=row.get("parentCode"),
            responsible_unit=row["responsibleUnit"],
            is_authority=bool(row.get("isAuthority")),
            data_officer=DataOfficer(
                name=row["dataOfficerName"], phone=row["dataOfficerPhone"], email=row.get("dataOfficerEmail")
            ),
            child_codes=row.get("childCodes") or [],
        )

    @strawberry.field(description="下属单位 (subordinate units)")
    async def children(self, info: Ctx) -> list["Department"]:
        rows = await info.context.row_loaders.departments.load_many(self.child_codes)
        return [Department.from_row(row) for row in rows if row]

    @strawberry.field(description="本部门已发布目录数 (published items of this department itself)")
    async def own_item_count(self, info: Ctx) -> int:
        return (await info.context.row_loaders.item_counts.load(self.code))[0]

    @strawberry.field(description="已发布目录数，含下属单位 (published items incl. subordinate units)")
    async def item_count(self, info: Ctx) -> int:
        return (await info.context.row_loaders.item_counts.load(self.code))[1]


@strawberry.type(description="政务主题 (theme, a node of the theme tree)")
class Theme:
    code: str
    name: str
    parent_code: str | None
    item_count: int = strawberry.field(description="本主题已发布目录数 (published items in this theme itself)")
    children: list["Theme"] = strawberry.field(description="子主题 (sub-themes)")


@strawberry.type(description="基础库或主题库 (basic or thematic database, 第十四条)")
class Database:
    code: str
    name: str
    kind: DatabaseKind
    description: str
    lead_department_code: str = strawberry.field(description="牵头部门 (lead department)")
    contributor_codes: list[str] = strawberry.field(description="共建部门 (contributing departments)")


@strawberry.type(description="数据项及其数据字典 (data element with its dictionary entry, 第十条)")
class DataElement:
    id: strawberry.ID
    seq: int = strawberry.field(description="序号 (position in the item)")
    name: str = strawberry.field(description="数据项名称 (name)")
    code: str = strawberry.field(description="数据项编码/字段名 (code)")
    type: ElementType = strawberry.field(description="数据类型 (type)")
    length: int | None = strawberry.field(description="长度 (length)")
    description: str = strawberry.field(description="说明 (description)")
    sensitivity: Sensitivity = strawberry.field(description="敏感属性 (sensitivity)")
    masking_rule: MaskingRule = strawberry.field(description="脱敏规则 (masking rule)")
    verify_only: bool = strawberry.field(description="仅供比对核验 (verification only)")
    withheld: bool = strawberry.field(description="不予提供，有条件共享的部分内容 (withheld from every consumer)")
    source_item_id: strawberry.ID | None = strawberry.field(
        description="一数一源：权威来源目录 (authoritative source item, 第十五条)"
    )

    @classmethod
    def from_row(cls, row: Row) -> "DataElement":
        return cls(
            id=strawberry.ID(row["id"]),
            seq=row["seq"],
            name=row["name"],
            code=row["code"],
            type=v.ElementType(row["type"]),
            length=row.get("length"),
            description=row.get("description") or "",
            sensitivity=v.Sensitivity(row["sensitivity"]),
            masking_rule=v.MaskingRule(row["maskingRule"]),
            verify_only=bool(row.get("verifyOnly")),
            withheld=bool(row.get("withheld")),
            source_item_id=row.get("sourceItemId"),
        )


@strawberry.type(description="目录字段及其中文名称 (a catalog field with its Chinese label and value)")
class ArticleField:
    field: str = strawberry.field(description="字段名 (GraphQL field name)")
    label: str = strawberry.field(description="中文名称 (Chinese label)")
    value: str | None = strawberry.field(description="取值 (raw value; lists joined by 、)")
    value_label: str | None = strawberry.field(description="取值的中文名称 (Chinese label of the value)")


@strawberry.type(description="主题引用 (a theme an item is in)")
class ThemeRef:
    code: str
    name: str


@strawberry.type(description="基础库/主题库引用 (the database an item belongs to)")
class DatabaseRef:
    code: str
    name: str


@strawberry.type(description="相关目录 (a related item)")
class RelatedItem:
    item: "CatalogItem"
    shared_elements: list[str] = strawberry.field(description="同名数据项 (element names both hold)")
    source_links: int = strawberry.field(description="一数一源关联数 (一数一源 links between the two)")


# 第九条 fields in the order the regulation lists them, with their labels.
ARTICLE_9_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "数据资源名称"),
    ("storageLevel", "存储层级"),
    ("category", "分类"),
    ("grade", "分级"),
    ("format", "数据格式"),
    ("formatDetail", "具体格式"),
    ("elements", "数据项名称"),
    ("shareType", "共享属性"),
    ("shareCondition", "共享条件"),
    ("legalBasis", "不予共享依据"),
    ("shareModes", "共享方式"),
    ("openType", "开放属性"),
    ("openMode", "开放方式"),
    ("updateCycle", "更新周期"),
    ("updateCycleNote", "更新周期说明"),
    ("publishedOn", "发布日期"),
)


def _label(value: object) -> str | None:
    if isinstance(value, list):
        labels = [_label(item) for item in value]
        return "、".join(label for label in labels if label) or None
    return getattr(value, "label", None)


def _raw(value: object) -> str | None:
    if isinstance(value, list):
        return "、".join(_raw(item) or "" for item in value) or None
    if value is None or value == "":
        return None
    return value.value if isinstance(value, v.LabelledEnum) else str(value)


@strawberry.type(description="政务数据资源目录条目 (catalog item with the fields of 第九条)")
class CatalogItem:
    id: strawberry.ID
    code: str | None = strawberry.field(description="目录编码，审核后赋予 (catalog code, 第十三条)")
    name: str = strawberry.field(description="数据资源名称 (name)")
    summary: str = strawberry.field(description="摘要 (summary)")
    status: ItemStatus = strawberry.field(description="状态 (status)")
    version: int = strawberry.field(description="版本 (version)")
    provider_code: str = strawberry.field(description="提供部门编码 (provider code)")
    region_code: str = strawberry.field(description="提供部门所属行政区划 (provider's region)")
    storage_level: StorageLevel = strawberry.field(description="存储层级 (storage level)")
    category: ResourceCategory = strawberry.field(description="分类 (category)")
    grade: DataGrade = strawberry.field(description="分级 (grade, GB/T 43697-2024)")
    format: DataFormat = strawberry.field(description="数据格式 (data format)")
    format_detail: str = strawberry.field(description="具体格式，如 xlsx、mysql (concrete format)")
    share_type: ShareType = strawberry.field(description="共享属性 (share type, 第二十二条)")
    share_condition: str = strawberry.field(description="共享条件 (share condition, 第二十三条)")
    legal_basis: str = strawberry.field(description="不予共享依据 (legal basis when not shared, 第二十三条)")
    share_modes: list[ShareMode] = strawberry.field(description="共享方式 (share modes, 第十七条)")
    open_type: OpenType = strawberry.field(description="开放属性 (open type, 第二十四条)")
    open_mode: OpenMode = strawberry.field(description="开放方式 (open mode)")
    update_cycle: UpdateCycle = strawberry.field(description="更新周期 (update cycle, 第十八条)")
    update_cycle_note: str = strawberry.field(description="更新周期说明 (note for OTHER)")
    published_on: str | None = strawberry.field(description="发布日期 (publication date, YYYY-MM-DD)")
    created_at: str | None = strawberry.field(description="创建时间 UTC (created at)")
    updated_at: str | None = strawberry.field(description="更新时间 UTC (catalog entry updated at)")
    data_updated_at: str | None = strawberry.field(description="数据最近更新时间 UTC (data last updated at)")
    database_code: str | None = strawberry.field(description="所属基础库/主题库 (database, 第十四条)")
    element_count: int = strawberry.field(description="数据项数 (number of data elements)")
    review_comment: str | None = strawberry.field(description="审核意见 (the authority's review comment)")
    change_reason: str | None = strawberry.field(description="最近一次修改原因 (why the published item last changed)")
    platform_authorised_at: str | None = strawberry.field(
        description="整体授权平台的时间 UTC，之后平台可直接授权范围内申请 (wholesale authorisation to the platform, 第二十九条)"
    )

    @classmethod
    def from_row(cls, row: Row) -> "CatalogItem":
        return cls(
            id=strawberry.ID(row["id"]),
            code=row.get("code"),
            name=row["name"],
            summary=row.get("summary") or "",
            status=v.ItemStatus(row["status"]),
            version=row.get("version") or 1,
            provider_code=row["providerCode"],
            region_code=row["regionCode"],
            storage_level=v.StorageLevel(row["storageLevel"]),
            category=v.ResourceCategory(row["category"]),
            grade=v.DataGrade(row["grade"]),
            format=v.DataFormat(row["format"]),
            format_detail=row.get("formatDetail") or "",
            share_type=v.ShareType(row["shareType"]),
            share_condition=row.get("shareCondition") or "",
            legal_basis=row.get("legalBasis") or "",
            share_modes=[v.ShareMode(mode) for mode in row.get("shareModes") or []],
            open_type=v.OpenType(row["openType"]),
            open_mode=v.OpenMode(row["openMode"]),
            update_cycle=v.UpdateCycle(row["updateCycle"]),
            update_cycle_note=row.get("updateCycleNote") or "",
            published_on=row.get("publishedOn"),
            created_at=row.get("createdAt"),
            updated_at=row.get("updatedAt"),
            data_updated_at=row.get("dataUpdatedAt"),
            database_code=row.get("databaseCode"),
            element_count=row.get("elementCount") or 0,
            platform_authorised_at=row.get("platformAuthorisedAt"),
            review_comment=row.get("reviewComment"),
            change_reason=row.get("changeReason"),
        )

    @strawberry.field(description="提供部门 (providing department)")
    async def provider(self, info: Ctx) -> Department:
        row = await info.context.row_loaders.departments.load(self.provider_code)
        return Department.from_row(row)

    @strawberry.field(description="数据项 (data elements, the data dictionary of 第十条)")
    async def elements(self, info: Ctx) -> list[DataElement]:
        rows = await info.context.row_loaders.elements.load(str(self.id))
        return [DataElement.from_row(row) for row in rows]

    @strawberry.field(description="所属主题编码 (theme codes)")
    async def theme_codes(self, info: Ctx) -> list[str]:
        return await info.context.row_loaders.item_themes.load(str(self.id))

    @strawberry.field(description="第九条各字段及中文名称，按条文顺序 (every 第九条 field with its label, in the article's order)")
    async def article_fields(self, info: Ctx) -> list[ArticleField]:
        out = []
        for name, label in ARTICLE_9_FIELDS:
            if name == "elements":
                elements = await info.context.row_loaders.elements.load(str(self.id))
                value: object = [element["name"] for element in elements]
            else:
                value = getattr(self, _snake(name))
            out.append(ArticleField(field=name, label=label, value=_raw(value), value_label=_label(value)))
        return out

    @strawberry.field(description="所属主题 (themes)")
    async def themes(self, info: Ctx) -> list[ThemeRef]:
        names = (await reference_names(info.context))["theme"]
        codes = await info.context.row_loaders.item_themes.load(str(self.id))
        return [ThemeRef(code=code, name=names.get(code, code)) for code in codes]

    @strawberry.field(description="所属基础库/主题库 (database, 第十四条)")
    async def database(self, info: Ctx) -> DatabaseRef | None:
        if not self.database_code:
            return None
        names = (await reference_names(info.context))["database"]
        return DatabaseRef(code=self.database_code, name=names.get(self.database_code, self.database_code))

    @strawberry.field(description="相关目录：一数一源关联或含同名数据项 (related items: 一数一源 links or same-named elements)")
    async def related_items(self, info: Ctx, first: int = 10) -> list[RelatedItem]:
        limit = max(0, min(first, info.context.settings.max_page_size))
        rows = await catalog.related_items(info.context, str(self.id), limit)
        items = await info.context.row_loaders.items.load_many([row["itemId"] for row in rows])
        return [
            RelatedItem(item=CatalogItem.from_row(item), shared_elements=row["sharedElements"], source_links=row["sourceLinks"])
            for row, item in zip(rows, items)
            if item is not None
        ]

    @strawberry.field(description="共享范围：可共享的部门 (share scope of a conditional item, 第二十三条)")
    async def share_scope(self, info: Ctx) -> list[Department]:
        codes = await info.context.row_loaders.item_scopes.load(str(self.id))
        rows = await info.context.row_loaders.departments.load_many(codes)
        return [Department.from_row(row) for row in rows if row]


def _snake(name: str) -> str:
    return "".join(f"_{ch.lower()}" if ch.isupper() else ch for ch in name)


@strawberry.type(description="角色及其中文名称 (a role with its label)")
class RoleInfo:
    role: RoleEnum
    label: str


@strawberry.type(description="当前调用者 (the caller, from the bearer token)")
class Me:
    user: str = strawberry.field(description="用户 (user id)")
    department_code: str = strawberry.field(description="所属部门编码 (department code)")
    roles: list[RoleEnum] = strawberry.field(description="角色 (roles)")
    expires_at: int = strawberry.field(description="令牌到期时间，Unix 秒 (token expiry, Unix seconds)")

    @strawberry.field(description="角色及中文名称 (roles with labels)")
    def role_labels(self) -> list[RoleInfo]:
        return [RoleInfo(role=role, label=ROLE_LABELS[role]) for role in sorted(self.roles, key=lambda r: r.value)]

    @strawberry.field(description="所属部门；令牌中的部门不在目录中时为空 (the department, null if unknown)")
    async def department(self, info: Ctx) -> Department | None:
        row = await info.context.row_loaders.departments.load(self.department_code)
        return Department.from_row(row) if row else None


