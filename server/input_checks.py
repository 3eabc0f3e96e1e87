"""Every string and date an operation hands a resolver, checked once before execution.

One place, not per resolver: the `InputChecks` extension walks the operation against the
schema — literals in the document and the request's variables at the positions they fill — and
refuses, before any resolver runs, a String or ID holding a NUL or a lone surrogate, one longer
than its field's limit, a Date or DateTime outside the years 1900–2200, and a DateTime without
its time zone
(server/domain/input_text.py says why). The error is `BAD_USER_INPUT` with every problem and the
field it is in (`reason`, `item.elements.2.name`, `questions.5.itemId`); nothing is written.

The limits are per field and stated in the schema: `describe_limits` appends each position's
limit to its description, so the SDL a frontend developer reads is the rule the server applies.

It works on graphql-core's own trees, so it sits at the HTTP edge beside server/limits.py, not in
server/api/ (whose resolvers see only strawberry types).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    Visitor,
    visit,
)
from graphql.language.visitor import SKIP
from graphql.validation import NoSchemaIntrospectionCustomRule
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from server.domain import input_text as limits
from server.domain.errors import FieldProblem, Invalid
from server.domain.search_text import MAX_QUERY_CHARS

NO_INTROSPECTION = NoSchemaIntrospectionCustomRule  # production: the schema is not introspectable (MULU_INTROSPECTION)
TEXT_SCALARS = ("String", "ID")
DATE_SCALARS = ("Date", "DateTime")
MAX_PROBLEMS = 20  # a batch of 1000 bad questions gets the first 20, not a megabyte of errors

# Limits by field name; the rest of the String fields are free text (TEXT_MAX), IDs are ID_MAX.
_BY_NAME: dict[str, int] = {
    "name": limits.NAME_MAX,
    "elementName": limits.NAME_MAX,
    "formatDetail": limits.FORMAT_DETAIL_MAX,
    "model": limits.POLICY_TEXT_MAX,
    "policy": limits.POLICY_TEXT_MAX,
    "rules": limits.POLICY_TEXT_MAX,
    "after": limits.ID_MAX,
    "before": limits.ID_MAX,
    "shareScope": limits.CODE_MAX,
}


# Search keywords keep the search's own limit (server/domain/search_text.py): the first
# MAX_QUERY_CHARS characters are searched and the rest ignored, so a pasted paragraph still
# searches (tests/test_search_api.py) instead of being refused; the body limit bounds it.
_CUT: dict[str, int] = {"text": MAX_QUERY_CHARS}


def limit_for(field_name: str, scalar: str) -> int | None:
    """The most characters a String or ID in `field_name` may hold; None for a field whose
    value is cut to its limit rather than refused (search keywords)."""
    if scalar == "ID":
        return limits.ID_MAX
    if field_name in _CUT:
        return None
    if field_name in _BY_NAME:
        return _BY_NAME[field_name]
    if field_name == "code" or field_name.endswith(("Code", "Codes")):
        return limits.CODE_MAX
    return limits.TEXT_MAX


# ---- the schema states the limits -------------------------------------------------------------

_LIMIT_MARK = "最多 "
_YEARS_NOTE = (f"；{limits.EARLIEST_YEAR}–{limits.LATEST_YEAR} 年之间 "
               f"(years {limits.EARLIEST_YEAR}–{limits.LATEST_YEAR})")


def _named(kind: Any) -> Any:
    while isinstance(kind, (GraphQLNonNull, GraphQLList)):
        kind = kind.of_type
    return kind


def _is_list(kind: Any) -> bool:
    return isinstance(kind.of_type if isinstance(kind, GraphQLNonNull) else kind, GraphQLList)


def _note(scalar: str, field_name: str, each: bool) -> str | None:
    if scalar in TEXT_SCALARS:
        limit = limit_for(field_name, scalar)
        if limit is None:
            cut = _CUT[field_name]
            return f"；只检索前 {cut} 个字符，其余忽略 (only the first {cut} characters are searched)"
        if each:
            return f"；每项{_LIMIT_MARK}{limit} 个字符 (at most {limit} characters each)"
        return f"；{_LIMIT_MARK}{limit} 个字符 (at most {limit} characters)"
    if scalar in DATE_SCALARS:
        return _YEARS_NOTE
    return None


def _describe(definition: Any, field_name: str) -> None:
    note = _note(_named(definition.type).name, field_name, _is_list(definition.type))
    if note and not (definition.description or "").endswith(note):
        definition.description = (definition.description or field_name) + note


def describe_limits(schema: GraphQLSchema) -> None:
    """Appends its limit to the description of every String, ID, Date and DateTime argument and
    input field (once: a schema built again is not described twice)."""
    for name, kind in schema.type_map.items():
        if name.startswith("__"):
            continue
        if isinstance(kind, GraphQLInputObjectType):
            for field_name, definition in kind.fields.items():
                _describe(definition, field_name)
        elif isinstance(kind, GraphQLObjectType):
            for field_def in kind.fields.values():
                for arg_name, definition in field_def.args.items():
                    _describe(definition, arg_name)


# ---- checking an operation --------------------------------------------------------------------


Check = Callable[[Any], bool]


@dataclass(frozen=True, slots=True)
class _Slot:
    """A variable used at an input position: the type there, the path of the field it fills, and
    a check compiled for that type (True: the value is fine)."""

    variable: str
    kind: GraphQLInputType
    path: tuple[str, ...]
    check: Check


@dataclass(slots=True)
class _Plan:
    """What the document alone decides (its literals' problems) and where its variables go."""

    problems: list[FieldProblem] = field(default_factory=list)
    slots: list[_Slot] = field(default_factory=list)


def _field_name(path: tuple[str, ...]) -> str:
    return next((part for part in reversed(path) if not part.isdigit()), "input")


def _shown(path: tuple[str, ...]) -> str:
    """The field as the domain's validation names it (`elements[1].name`); `input.reason` is
    shown as `reason`, every mutation's one argument being `input`."""
    if len(path) > 1 and path[0] == "input":
        path = path[1:]
    shown = ""
    for part in path:
        shown += f"[{part}]" if part.isdigit() else (f".{part}" if shown else part)
    return shown


def _scalar_problem(scalar: GraphQLScalarType, raw: str, path: tuple[str, ...]) -> FieldProblem | None:
    if scalar.name in TEXT_SCALARS:
        limit = limit_for(_field_name(path), scalar.name)
        message = limits.character_problem(raw) if limit is None else limits.text_problem(raw, limit)
    elif scalar.name in DATE_SCALARS:
        try:
            parsed = scalar.parse_value(raw)
        except Exception:  # noqa: BLE001 — not a date at all: graphql-core's coercion says so
            return None
        message = limits.year_problem(parsed) if isinstance(parsed, date) else None
    else:
        message = limits.character_problem(raw)
    return FieldProblem(_shown(path), message) if message else None


def _fine(_: Any) -> bool:
    return True


def _compile(kind: Any, field_name: str, objects: dict[str, Check]) -> Check:
    """A fast yes/no check of a variable's value at a position of type `kind`: the happy path of
    every request (an authorizeBatch of 1000 questions) pays a few µs, not a walk with paths.
    Only when it says no does `_walk_value` run to name the fields."""
    if isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    if isinstance(kind, GraphQLList):
        inner = _compile(kind.of_type, field_name, objects)
        if inner is _fine:
            return _fine
        return lambda value: all(map(inner, value)) if isinstance(value, list) else value is None or inner(value)
    if isinstance(kind, GraphQLInputObjectType):
        if kind.name in objects:  # recursive input types
            return lambda value: objects[kind.name](value)
        fields: dict[str, Check] = {}

        def check_object(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for key, item in value.items():
                check = fields.get(key)
                if check is not None and item is not None and not check(item):
                    return False
            return True

        objects[kind.name] = check_object
        for name, definition in kind.fields.items():
            check = _compile(definition.type, name, objects)
            if check is not _fine:
                fields[name] = check
        return check_object if fields else _fine
    if isinstance(kind, GraphQLScalarType):
        if kind.name in TEXT_SCALARS:
            limit = limit_for(field_name, kind.name)

            def check_text(value: Any) -> bool:
                if not isinstance(value, str):
                    return True
                if limit is not None and len(value) > limit:
                    return False
                # isascii() is O(1) in CPython, and ASCII text cannot hold a surrogate
                return "\x00" not in value and (value.isascii() or _encodable(value))

            return check_text
        return lambda value: not isinstance(value, str) or _scalar_problem(kind, value, (field_name,)) is None
    return _fine  # enums, numbers, booleans


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _walk_literal(node: ValueNode, kind: Any, path: tuple[str, ...], plan: _Plan) -> None:
    if isinstance(node, VariableNode):
        plan.slots.append(_Slot(node.name.value, kind, path, _compile(kind, _field_name(path), {})))
        return
    if isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    if isinstance(kind, GraphQLList):
        if isinstance(node, ListValueNode):
            for index, item in enumerate(node.values):
                _walk_literal(item, kind.of_type, (*path, str(index)), plan)
        else:
            _walk_literal(node, kind.of_type, path, plan)
    elif isinstance(kind, GraphQLInputObjectType):
        if isinstance(node, ObjectValueNode):
            for item in node.fields:
                definition = kind.fields.get(item.name.value)
                if definition is not None:
                    _walk_literal(item.value, definition.type, (*path, item.name.value), plan)
    elif isinstance(kind, GraphQLScalarType) and isinstance(node, StringValueNode):
        problem = _scalar_problem(kind, node.value, path)
        if problem:
            plan.problems.append(problem)


def _walk_value(value: Any, kind: Any, path: tuple[str, ...], problems: list[FieldProblem]) -> None:
    if value is None or len(problems) >= MAX_PROBLEMS:
        return
    if isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    if isinstance(kind, GraphQLList):
        if isinstance(value, list):
            for index, item in enumerate(value):
                _walk_value(item, kind.of_type, (*path, str(index)), problems)
        else:
            _walk_value(value, kind.of_type, path, problems)
    elif isinstance(kind, GraphQLInputObjectType):
        if isinstance(value, dict):
            for key, item in value.items():
                definition = kind.fields.get(key)
                if definition is not None:
                    _walk_value(item, definition.type, (*path, key), problems)
    elif isinstance(kind, GraphQLScalarType) and isinstance(value, str):
        problem = _scalar_problem(kind, value, path)
        if problem:
            problems.append(problem)


class _ArgumentWalker(Visitor):
    def __init__(self, type_info: TypeInfo, plan: _Plan) -> None:
        super().__init__()
        self._type_info = type_info
        self._plan = plan

    def enter_argument(self, node: Any, *_: Any) -> Any:
        argument = self._type_info.get_argument()
        if argument is not None:
            _walk_literal(node.value, argument.type, (node.name.value,), self._plan)
        return SKIP


def plan_for(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None) -> _Plan:
    """The literal problems and variable slots of the operation that will run (and of the
    document's fragments, which it may spread)."""
    plan = _Plan()
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return plan
    defaults = {d.variable.name.value: d.default_value for d in operation.variable_definitions or ()}
    type_info = TypeInfo(schema)
    for definition in document.definitions:
        if definition is operation or isinstance(definition, FragmentDefinitionNode):
            visit(definition, TypeInfoVisitor(type_info, _ArgumentWalker(type_info, plan)))
    for slot in list(plan.slots):  # a variable's default value is a literal of the document too
        default = defaults.get(slot.variable)
        if default is not None:
            _walk_literal(default, slot.kind, slot.path, plan)
    return plan


class PlanCache:
    """One schema's plans by (query text, operation name): the same few operations come again
    and again (the gateway's authorize), and the document alone decides the plan. Built with the
    schema (server/api/schema.py), so it lives and dies with it."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._plans: OrderedDict[tuple[str, str | None], _Plan] = OrderedDict()

    def get(self, schema: GraphQLSchema, document: DocumentNode, query: str | None,
            operation_name: str | None) -> _Plan:
        if query is None:
            return plan_for(schema, document, operation_name)
        key = (query, operation_name)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = plan_for(schema, document, operation_name)
            if len(self._plans) > self._size:
                self._plans.popitem(last=False)
        else:
            self._plans.move_to_end(key)
        return plan


def operation_problems(schema: GraphQLSchema, document: DocumentNode, query: str | None,
                       operation_name: str | None, variables: dict[str, Any] | None,
                       plans: PlanCache | None = None) -> list[FieldProblem]:
    """Every string or date of the operation that may not reach a resolver (at most MAX_PROBLEMS)."""
    plan = (plans or PlanCache()).get(schema, document, query, operation_name)
    problems = list(plan.problems)
    if variables:
        for slot in plan.slots:
            value = variables.get(slot.variable)
            if value is not None and not slot.check(value):
                _walk_value(value, slot.kind, slot.path, problems)
    return problems[:MAX_PROBLEMS]


def invalid(problems: list[FieldProblem]) -> Invalid:
    first = problems[0]
    return Invalid(problems, message=f"{first.field}：{first.message}")


class InputChecks(SchemaExtension):
    """Refuses the operation before execution when a string or date in it is bad (see module).
    Strawberry makes one per operation; `plans` is the schema's cache, shared by all of them."""

    def __init__(self, plans: PlanCache | None = None) -> None:
        self._plans = plans or PlanCache()

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None:
            problems = operation_problems(context.schema._schema, context.graphql_document, context.query,
                                          context.operation_name, context.variables, self._plans)
            if problems:
                error = invalid(problems)
                context.result = ExecutionResult(data=None, errors=[GraphQLError(error.message, original_error=error)])
        yield


__all__ = ["InputChecks", "PlanCache", "describe_limits", "limit_for", "operation_problems"]
