"""Lambda's event filtering for stream records: which records of a batch reach the function, by the
FilterCriteria patterns of the template (and the local poller refuses the patterns it cannot apply)."""

from __future__ import annotations

from typing import Any

from antrean_local import LocalStackError

_FILTER_OPERATORS = {"prefix", "suffix", "equals-ignore-case", "anything-but", "exists", "numeric"}
_NUMERIC = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}


def check_filter_pattern(pattern: Any, where: str = "pattern") -> None:
    """Raise LocalStackError for a FilterCriteria pattern the local poller cannot apply (rather than
    letting every record through, or none)."""
    if not isinstance(pattern, dict):
        raise LocalStackError(f"{where}: a filter pattern is an object of objects and lists")
    for key, rule in pattern.items():
        if isinstance(rule, dict):
            check_filter_pattern(rule, f"{where}.{key}")
            continue
        if not isinstance(rule, list) or not rule:
            raise LocalStackError(f"{where}.{key}: expected a non-empty list of values or operators")
        for entry in rule:
            if isinstance(entry, dict) and (len(entry) != 1 or next(iter(entry)) not in _FILTER_OPERATORS):
                raise LocalStackError(f"{where}.{key}: the local poller does not apply {entry!r}")


def _numeric_ok(conditions: list[Any], value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    pairs = zip(conditions[::2], conditions[1::2], strict=True)
    return all(_NUMERIC[op](value, bound) for op, bound in pairs)


def _rule_matches(rule: Any, present: bool, value: Any) -> bool:
    """One entry of a pattern's list against a field's value (any element of a list value)."""
    values = value if isinstance(value, list) else [value]
    if not isinstance(rule, dict):
        return present and rule in values
    ((operator, argument),) = rule.items()
    if operator == "exists":
        return present is bool(argument)
    if not present:
        return False
    strings = [v for v in values if isinstance(v, str)]
    if operator == "prefix":
        return any(v.startswith(argument) for v in strings)
    if operator == "suffix":
        return any(v.endswith(argument) for v in strings)
    if operator == "equals-ignore-case":
        return any(v.casefold() == str(argument).casefold() for v in strings)
    if operator == "anything-but":
        if isinstance(argument, dict):  # {"anything-but": {"prefix": "x"}}
            return not _rule_matches(argument, present, value)
        excluded = argument if isinstance(argument, list) else [argument]
        return all(v not in excluded for v in values)
    return any(_numeric_ok(list(argument), v) for v in values)  # "numeric"


def filter_matches(pattern: dict[str, Any], event: Any) -> bool:
    """Whether a record (Lambda's shape) matches one FilterCriteria pattern (Lambda's rules: every
    key of the pattern must match; a list matches when one of its entries does)."""
    for key, rule in pattern.items():
        present = isinstance(event, dict) and key in event
        value = event.get(key) if present else None
        if isinstance(rule, dict):
            if not (isinstance(value, dict) and filter_matches(rule, value)):
                return False
        elif not any(_rule_matches(entry, present, value) for entry in rule):
            return False
    return True
