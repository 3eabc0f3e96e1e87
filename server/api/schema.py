"""The GraphQL schema: the Query root and the limits every operation passes through."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from server.errors import unexpected_errors
from server.input_checks import NO_INTROSPECTION, InputChecks, PlanCache, describe_limits
from server.api.audit import AuditQuery
from server.api.catalog import CatalogQuery
from server.api.search import SearchQuery
from server.api.nodes import NodeQuery
from server.api.lifecycle import LifecycleMutation, LifecycleQuery, SupervisionMutation, SupervisionQuery
from server.api.policy import PolicyMutation, PolicyQuery
from server.api.sharing import SharingMutation, SharingQuery
from server.settings import Settings


@strawberry.type(description="查询入口 (query root)")
class Query(NodeQuery, CatalogQuery, SearchQuery, SharingQuery, LifecycleQuery, SupervisionQuery, PolicyQuery,
            AuditQuery):
    pass


class MuluSchema(strawberry.Schema):
    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Logs only unexpected failures; a clerk's NOT_FOUND or a bad query is not a server problem."""
        unexpected = unexpected_errors(errors)
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
    plans = PlanCache()  # this schema's InputChecks plans, one per operation text
    if not settings.introspection_on:  # production, unless MULU_INTROSPECTION=true
        limit_rules.append(NO_INTROSPECTION)
    schema = MuluSchema(
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
            lambda: InputChecks(plans),  # every string and date an operation passes, before any resolver runs
        ],
    )
    describe_limits(schema._schema)  # the SDL states each field's limit that InputChecks applies
    return schema
