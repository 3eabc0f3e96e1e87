"""schemathesis hooks for mulu's /graphql (issue 11): the one check it is held to, and dates a
clerk would type. Loaded by `SCHEMATHESIS_HOOKS=tests/schemathesis_hooks.py` (README.md,
"Fuzzing the API") and by tests/test_schemathesis.py; the real ids it draws from are in
tests/schemathesis.toml.

The check. schemathesis's own `not_a_server_error` counts every GraphQL error raised while a
resolver ran (NOT_FOUND for a random id, FORBIDDEN for a role that may not act, CONFLICT, …) as
a server error. Those are answers, not failures. `no_internal_server_error` fails a response
only when

* its status is 5xx, or
* an error in its body is coded INTERNAL_SERVER_ERROR, or carries no `extensions.code` at all
  (an uncoded error is an exception that reached the caller without being mapped).

The dates. schemathesis draws `Date` and `DateTime` from years 1–9999; mulu refuses every year
outside 1900–2200 (BAD_USER_INPUT) before a service runs, so most drawn dates never got past the
edge. Half of them are now drawn from 2020–2035, where the rules (deadlines, grant periods,
working days) do their work, and half still from anywhere.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timezone
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

INTERNAL = "INTERNAL_SERVER_ERROR"


def server_failures(status: int, body: bytes | str | None) -> list[str]:
    """What is wrong with one response, as readable lines; [] when nothing is."""
    problems = []
    if status >= 500:
        problems.append(f"HTTP {status}")
    try:
        payload: Any = json.loads(body or b"null")
    except ValueError:  # not GraphQL's answer at all: counted by its status alone
        return problems
    for one in payload if isinstance(payload, list) else [payload]:
        errors = one.get("errors") if isinstance(one, dict) else None
        for error in errors if isinstance(errors, list) else []:
            extensions = error.get("extensions") if isinstance(error, dict) else None
            code = extensions.get("code") if isinstance(extensions, dict) else None
            if code == INTERNAL or code is None:
                message = error.get("message") if isinstance(error, dict) else error
                problems.append(f"{code or 'no extensions.code'}: {message!r}")
    return problems


@schemathesis.check
def no_internal_server_error(ctx: Any, response: Any, case: Any) -> None:
    """No 5xx and no INTERNAL_SERVER_ERROR (or uncoded error); any other coded error is an answer."""
    problems = server_failures(response.status_code, response.content)
    if problems:
        raise AssertionError("; ".join(problems))


_NEAR = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
_DAYS = st.one_of(_NEAR, st.dates())
_INSTANTS = st.builds(lambda day, at: datetime.combine(day, at, tzinfo=timezone.utc).isoformat(),
                      _DAYS, st.times().map(lambda t: time(t.hour, t.minute, t.second)))

schemathesis.graphql.scalar("Date", _DAYS.map(date.isoformat).map(nodes.String))
schemathesis.graphql.scalar("DateTime", _INSTANTS.map(nodes.String))
