"""Errors a caller can act on, each with a stable `extensions.code`; the one mapping of the
domain's errors (server/domain/errors.py) to GraphQL codes and HTTP statuses."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from server.domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, Unavailable

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
BAD_USER_INPUT = "BAD_USER_INPUT"
CONFLICT = "CONFLICT"
ENGINE_UNAVAILABLE = "ENGINE_UNAVAILABLE"
INTERNAL = "INTERNAL_SERVER_ERROR"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_REQUEST = "BAD_REQUEST"

#: Seconds in `Retry-After` on every 503 (the engine is down, restarting, or did not answer in
#: time): an embedded engine restarted after a crash is usually back well within it.
RETRY_AFTER_SECONDS = 5


_CODES: dict[type[DomainError], tuple[str, int]] = {
    NotFound: (NOT_FOUND, 404),
    Forbidden: (FORBIDDEN, 403),
    Conflict: (CONFLICT, 409),
    Invalid: (BAD_USER_INPUT, 422),
    Unavailable: (ENGINE_UNAVAILABLE, 503),
}


def code_and_status(error: DomainError) -> tuple[str, int]:
    """The GraphQL code and the HTTP status of a domain error."""
    for kind in type(error).__mro__:
        if kind in _CODES:
            return _CODES[kind]
    return INTERNAL, 500


def status_headers(status: int) -> dict[str, str]:
    """The headers a status brings: `Retry-After` with every 503, whichever endpoint answers it."""
    return {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else {}


def error_extensions(error: DomainError) -> dict[str, Any]:
    """`extensions` of a domain error: its code, and the reason or the fields that are wrong."""
    code, _ = code_and_status(error)
    out: dict[str, Any] = {"code": code}
    if isinstance(error, Forbidden):
        out["reason"] = error.reason
    if isinstance(error, Invalid):
        out["field"] = error.problems[0].field  # the first, for a form that shows one message
        out["problems"] = [{"field": p.field, "message": p.message} for p in error.problems]
    return out


def api_error(code: str, message: str, **extensions: object) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **extensions})


def bad_input(field: str, message: str) -> GraphQLError:
    """Bad input names the field, so a form can put the message next to it."""
    return api_error(BAD_USER_INPUT, message, field=field)


def unexpected_errors(errors: list[GraphQLError]) -> list[GraphQLError]:
    """The errors worth logging: raised by the server itself, not a domain error or a bad query."""
    return [error for error in errors if error.original_error is not None
            and not isinstance(error.original_error, (GraphQLError, DomainError))]
