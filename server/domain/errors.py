"""What can go wrong in a use case, in the domain's words: the services raise these, and the
edges map them once — to GraphQL `extensions.code` (server/api/errors.py) and to HTTP statuses
for the file endpoints (server/catalog_files.py). Messages are for a clerk: Chinese, with
English in brackets."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing does not exist — or the caller may not know that it does."""


class Forbidden(DomainError):
    """The policy denies the caller; `reason` is its stable code (WRONG_ROLE, OWN_CASE …)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class Unavailable(DomainError):
    """Something the use case needs (the graph engine) cannot be reached now: retry later (503)."""


class Conflict(DomainError):
    """The object is no longer in the state the caller acted on (someone else acted first)."""


@dataclass(frozen=True, slots=True)
class FieldProblem:
    field: str  # the GraphQL (camelCase) name of the input field
    message: str


class Invalid(DomainError):
    """Bad input, with every problem found, each naming its field; nothing was changed."""

    def __init__(self, problems: list[FieldProblem], message: str | None = None) -> None:
        if not problems:
            raise ValueError("Invalid needs at least one problem")
        super().__init__(message or problems[0].message)
        self.problems = problems

    @classmethod
    def of(cls, field: str, message: str) -> Invalid:
        return cls([FieldProblem(field, message)])
