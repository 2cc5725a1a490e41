"""JSON from files we did not write: parsed so that whatever we accept can be stored and
written out again exactly.

Python's ``json`` accepts things a project cannot keep: ``NaN``/``Infinity`` and numbers
such as ``1e400`` (they become floats no JSON writer may emit), ``"\\ud800"`` escapes (a
lone surrogate, which SQLite refuses to store as UTF-8), ``"\\u0000"`` (a NUL, which breaks
later exports), and nesting deep enough to exhaust the stack of whoever walks the value
next. Each becomes a :class:`JsonProblem`, which readers turn into an error naming the
file and line.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Deeper than any real record's metadata, and far from Python's recursion limit, so that
# storing, exporting or comparing a value we accepted cannot overflow the stack.
MAX_DEPTH = 64

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Files are strictly decoded and NUL bytes refused before parsing, so a NUL or a surrogate can
# reach a parsed string only through one of these escapes: without one, no string need be looked at.
_RISKY_ESCAPE = re.compile(r"\\u(?:0000|[dD][89abcdefABCDEF])")
# For measuring nesting on the text: a JSON string (skipped whole, brackets in it do not nest),
# and what is not a bracket.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_ONE_KIND = str.maketrans("{}", "[]")


class JsonProblem(ValueError):
    """Why a JSON text was refused; ``line``/``column`` (1-based, within the text) when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonProblem(f"the number {text[:20]}{'…' if len(text) > 20 else ''} is too large to keep")
    return value


def _no_constant(name: str) -> Any:
    raise JsonProblem(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(parse_float=_finite_float, parse_constant=_no_constant)


def loads(text: str | bytes) -> Any:
    """Parse one JSON text strictly; raise :class:`JsonProblem` for anything we cannot keep."""
    value, _ = decode_at(text.decode("utf-8") if isinstance(text, bytes) else text, 0, whole=True)
    return value


def decode_at(text: str, index: int, *, whole: bool = False) -> tuple[Any, int]:
    """Decode the JSON value starting at ``text[index]``; return it and where it ends.

    With ``whole``, only whitespace may follow the value."""
    try:
        if whole:
            value, end = _DECODER.decode(text), len(text)
        else:
            value, end = _DECODER.raw_decode(text, index)
    except JsonProblem:
        raise
    except json.JSONDecodeError as exc:
        raise JsonProblem(f"malformed JSON: {exc.msg} (column {exc.colno})", exc.lineno, exc.colno) from None
    except RecursionError:
        raise JsonProblem("malformed JSON: nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise JsonProblem(f"cannot decode: {exc.reason}") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise JsonProblem(f"a number we cannot keep: {str(exc).split(';')[0]}") from None
    raw = text if whole else text[index:end]
    if _RISKY_ESCAPE.search(raw) or _deeper_than(raw, MAX_DEPTH):  # else nothing to find
        problem = value_problem(value)
        if problem:
            raise JsonProblem(problem)
    return value, end


def _deeper_than(raw: str, limit: int) -> bool:
    """Whether the valid JSON text ``raw`` nests more than ``limit`` levels, measured on the
    text (C string operations): walking the parsed value instead
    costs a Python step per node of every record that merely holds many brackets."""
    if raw.count("[") + raw.count("{") <= limit:
        return False
    if '\\"' in raw:  # an escaped quote: strings found one by one
        outside = _STRING.sub("", raw)
    else:  # every quote opens or closes a string: what lies between pairs is outside them
        outside = "".join(raw.split('"')[0::2])
    # Depth does not care which kind a bracket is (a valid text nests them properly); one kind
    # makes each replace() pass remove exactly one level, never two ("{[]}" in one go).
    brackets = _NOT_A_BRACKET.sub("", outside).translate(_ONE_KIND)
    for _ in range(limit):  # each pass removes the innermost level
        inner = brackets.replace("[]", "")
        if inner == brackets:
            break
        brackets = inner
    return bool(brackets)


_KEPT_FOR_NESTING = b'[]{}"'
_NOT_KEPT_FOR_NESTING = bytes(set(range(256)) - set(_KEPT_FOR_NESTING))
_BYTES_STRING = re.compile(rb'"[^"]*"')
_ONE_KIND_BYTES = bytes.maketrans(b"{}", b"[]")


def bytes_deeper_than(raw: bytes, limit: int) -> bool:
    """:func:`_deeper_than` for a whole UTF-8 file of valid JSON values (one or many, one a
    line), in C: escaped backslashes and quotes dropped, then all but brackets and quotes
    (bytes.translate), then strings (now free of escaped quotes) whole."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    # An escape is two characters (\\uXXXX holds no backslash): read left to right, the
    # escaped backslashes go first, then the escaped quotes; what remains of escapes is deleted.
    if b"\\\\" in raw:
        raw = raw.replace(b"\\\\", b"")
    if b'\\"' in raw:
        raw = raw.replace(b'\\"', b"")
    kept = raw.translate(None, _NOT_KEPT_FOR_NESTING)
    # Keys and values between brackets are runs of whole strings ('""' each, as the separators
    # went): when dropping pairs leaves no quote, no string held a bracket (the first that did
    # would leave its opening quote alone at the end of an odd run); else strings go one by one.
    brackets = kept.replace(b'""', b"")
    if b'"' in brackets:
        brackets = _BYTES_STRING.sub(b"", kept)
    brackets = brackets.translate(_ONE_KIND_BYTES)
    for _ in range(limit):
        inner = brackets.replace(b"[]", b"")
        if inner == brackets:
            break
        brackets = inner
    return bool(brackets)


def value_problem(value: Any) -> str | None:
    """What makes a parsed JSON value unfit to store, or None: a NUL or a lone surrogate
    in any string (keys too), or nesting deeper than :data:`MAX_DEPTH`."""
    pending: list[tuple[Any, int]] = [(value, 1)]  # a stack, not recursion: depth is what we check
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            problem = string_problem(item)
            if problem:
                return problem
        elif isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                return f"nested too deeply (more than {MAX_DEPTH} levels)"
            if isinstance(item, dict):
                pending.extend((key, depth) for key in item)
                pending.extend((child, depth + 1) for child in item.values())
            else:
                pending.extend((child, depth + 1) for child in item)
    return None


def string_problem(text: str) -> str | None:
    if "\x00" in text:
        return "a string holds a NUL character (\\u0000)"
    found = _LONE_SURROGATE.search(text)
    if found:
        return f"a string holds a lone surrogate (\\u{ord(found.group()):04x}), which is not a character"
    return None
