"""Errors a GraphQL caller can act on, each with a stable `extensions.code`."""

from __future__ import annotations

from graphql import GraphQLError

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
BAD_USER_INPUT = "BAD_USER_INPUT"
CONFLICT = "CONFLICT"
ENGINE_UNAVAILABLE = "ENGINE_UNAVAILABLE"
INTERNAL = "INTERNAL_SERVER_ERROR"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_REQUEST = "BAD_REQUEST"


def api_error(code: str, message: str, **extensions: object) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **extensions})


def bad_input(field: str, message: str) -> GraphQLError:
    """Bad input names the field, so a form can put the message next to it."""
    return api_error(BAD_USER_INPUT, message, field=field)
