"""The GraphQL schema: the Query root and the limits every operation passes through."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from server.domain.errors import DomainError, Invalid, NotFound
from server.api.search import SearchQuery
from server.api.lifecycle import LifecycleMutation, LifecycleQuery, SupervisionMutation, SupervisionQuery
from server.api.policy import PolicyMutation, PolicyQuery
from server.api.sharing import SharingMutation, SharingQuery
from server.api.core.pagination import Connection, connection, page_window
from server.api.types import CatalogItem, Ctx, Database, Department, Me, Region, Theme, ValueList
from server.domain.values import ALL_VALUE_LISTS, DatabaseKind, RegionLevel
from server.services import catalog, reference
from server.settings import Settings


def _theme(node: tuple) -> Theme:
    row, count, children = node
    return Theme(
        code=row["code"], name=row["name"], parent_code=row.get("parentCode"),
        item_count=count, children=[_theme(child) for child in children],
    )


@strawberry.type(description="查询入口 (query root)")
class Query(SearchQuery, SharingQuery, LifecycleQuery, SupervisionQuery, PolicyQuery):
    @strawberry.field(description="当前调用者 (who is calling)")
    def me(self, info: Ctx) -> Me:
        principal = info.context.principal
        return Me(
            user=principal.user,
            department_code=principal.department_code,
            roles=sorted(principal.roles, key=lambda role: role.value),
            expires_at=principal.expires_at,
        )

    @strawberry.field(description="按 id 或目录编码取一条目录 (one catalog item by id or catalog code)")
    async def catalog_item(
        self, info: Ctx, id: strawberry.ID | None = None, code: str | None = None
    ) -> CatalogItem:
        if not id and not code:
            raise Invalid.of("id", "请提供 id 或 code 之一 (give id or code)")
        row = await catalog.find_item(info.context, str(id) if id else None, code)
        if row is None:
            raise NotFound(f"未找到目录 {id or code} (catalog item not found)")
        return CatalogItem.from_row(row)

    @strawberry.field(description="部门树：顶级部门分页，含下属单位与目录数 (department tree with item counts)")
    async def departments(
        self, info: Ctx, region_code: str | None = None, first: int = 20, after: str | None = None
    ) -> Connection[Department]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, rows = await reference.department_page(info.context, region_code, skip, limit)
        return connection([Department.from_row(row) for row in rows], total, skip)

    @strawberry.field(description="按编码取部门 (one department by code)")
    async def department(self, info: Ctx, code: str) -> Department:
        row = await info.context.row_loaders.departments.load(code)
        if row is None:
            raise NotFound(f"未找到部门 {code} (department not found)")
        return Department.from_row(row)

    @strawberry.field(description="主题树 (theme tree, roots with their sub-themes)")
    async def themes(self, info: Ctx) -> list[Theme]:
        return [_theme(node) for node in await reference.theme_tree(info.context)]

    @strawberry.field(description="行政区划：市、县（市、区）、开发区 (regions)")
    async def regions(self, info: Ctx) -> list[Region]:
        rows = await reference.regions(info.context)
        return [
            Region(
                code=row["region"]["code"], name=row["region"]["name"],
                level=RegionLevel(row["region"]["level"]), parent_code=row["region"].get("parentCode"),
                department_count=row["departmentCount"],
            )
            for row in rows
        ]

    @strawberry.field(description="基础库与主题库 (basic and thematic databases, 第十四条)")
    async def databases(self, info: Ctx) -> list[Database]:
        rows = await reference.databases(info.context)
        return [
            Database(
                code=row["database"]["code"], name=row["database"]["name"],
                kind=DatabaseKind(row["database"]["kind"]), description=row["database"].get("description") or "",
                lead_department_code=row["database"]["leadDepartmentCode"],
                contributor_codes=row["contributorCodes"],
            )
            for row in rows
        ]

    @strawberry.field(description="值列表及中文名称 (value lists with Chinese labels)")
    def value_lists(self) -> list[ValueList]:
        return [ValueList.of(enum) for enum in ALL_VALUE_LISTS]


class MuluSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Logs only unexpected failures; a clerk's NOT_FOUND or a bad query is not a server problem."""
        unexpected = [
            error for error in errors
            if error.original_error is not None
            and not isinstance(error.original_error, (GraphQLError, DomainError))
        ]
        if unexpected:
            super().process_errors(unexpected, execution_context)


@strawberry.type(description="变更入口 (mutation root)")
class Mutation(LifecycleMutation, SupervisionMutation, SharingMutation, PolicyMutation):
    pass


def build_schema(settings: Settings) -> strawberry.Schema:
    # The limit rules are built once, so every request validates with the same rule classes and
    # ValidationCache can hit (QueryDepthLimiter builds a new rule class per instance: with a
    # per-request instance every request would be a cache miss).
    limit_rules = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    return MuluSchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(
            disable_field_suggestions=not settings.development,
            batching_config={"max_operations": settings.max_batch},
        ),
        extensions=[
            lambda: AddValidationRules(limit_rules),
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
    )
