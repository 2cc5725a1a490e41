"""Detection data: lexicons (word lists) and patterns (phrases and regexes), as files.

A researcher extends detection by editing ``resources/lexicons/*.txt`` (one entry per line,
``#`` comments) and ``resources/patterns.jsonl`` (one rule per line); a bad entry is
reported with its file and line.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from . import paths
from .errors import InputError

PATTERN_KINDS = ("phrase", "regex")
DEFAULT_PATTERN_SCORE = 0.6


@dataclass(frozen=True)
class Pattern:
    id: str
    label: str
    kind: str
    pattern: str
    group: str | int
    score: float
    compiled: re.Pattern[str]


@dataclass(frozen=True)
class Resources:
    lexicons: Mapping[str, tuple[str, ...]]  # file stem → entries, longest first
    patterns: tuple[Pattern, ...]
    fingerprint: str  # changes whenever any file's content changes

    def lexicon(self, name: str) -> tuple[str, ...]:
        try:
            return self.lexicons[name]
        except KeyError:
            raise InputError(paths.resources_dir() / "lexicons" / f"{name}.txt", "lexicon file missing") from None

    def alternation(self, name: str) -> str:
        """A regex alternation of a lexicon's entries, longest first (so longest wins)."""
        return "|".join(re.escape(entry) for entry in self.lexicon(name))


def load_resources(folder: str | Path | None = None, labels: tuple[str, ...] | None = None) -> Resources:
    """Load every lexicon and the patterns file; ``labels`` checks each pattern's label."""
    folder = Path(folder) if folder is not None else paths.resources_dir()
    digest = hashlib.sha256()
    lexicons: dict[str, tuple[str, ...]] = {}
    for path in sorted((folder / "lexicons").glob("*.txt")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        lexicons[path.stem] = _read_lexicon(path)
    patterns_path = folder / "patterns.jsonl"
    patterns: tuple[Pattern, ...] = ()
    if patterns_path.exists():
        digest.update(b"patterns\0" + patterns_path.read_bytes())
        patterns = tuple(_read_patterns(patterns_path, labels))
    return Resources(lexicons=lexicons, patterns=patterns, fingerprint=digest.hexdigest()[:16])


def _content_lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, "resource files must be UTF-8 text") from exc
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            yield number, line


def _read_lexicon(path: Path) -> tuple[str, ...]:
    entries: dict[str, None] = {}
    for number, line in _content_lines(path):
        if any(char.isspace() for char in line):
            raise InputError(path, f"an entry may not contain spaces: {line!r}", number)
        entries[line] = None
    return tuple(sorted(entries, key=lambda entry: (-len(entry), entry)))


def _read_patterns(path: Path, labels: tuple[str, ...] | None) -> Iterator[Pattern]:
    seen: set[str] = set()
    for number, line in _content_lines(path):
        pattern = _parse_pattern(path, number, line, labels)
        if pattern.id in seen:
            raise InputError(path, f"rule id {pattern.id!r} is used twice", number)
        seen.add(pattern.id)
        yield pattern


def _parse_pattern(path: Path, number: int, line: str, labels: tuple[str, ...] | None) -> Pattern:
    fail = lambda message: InputError(path, message, number)  # noqa: E731
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as exc:
        raise fail(f"malformed JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(entry, dict):
        raise fail("expected a JSON object")
    for field in ("id", "label", "pattern"):
        if not isinstance(entry.get(field), str) or not entry[field]:
            raise fail(f"missing field {field!r} (text)")
    kind = entry.get("kind", "phrase")
    if kind not in PATTERN_KINDS:
        raise fail(f"kind {kind!r} is not one of {', '.join(PATTERN_KINDS)}")
    if labels is not None and entry["label"] not in labels:
        raise fail(f"label {entry['label']!r} is not in the codebook ({', '.join(labels)})")
    score = entry.get("score", DEFAULT_PATTERN_SCORE)
    if not isinstance(score, (int, float)) or not 0 <= score <= 1:
        raise fail("score must be a number between 0 and 1")
    source = entry["pattern"] if kind == "regex" else re.escape(entry["pattern"])
    try:
        compiled = re.compile(source)
    except re.error as exc:
        raise fail(f"bad regular expression: {exc}") from exc
    group = entry.get("group", 0)
    if kind == "regex" and not _has_group(compiled, group):
        raise fail(f"the regular expression has no group {group!r}")
    return Pattern(entry["id"], entry["label"], kind, entry["pattern"], group, float(score), compiled)


def _has_group(compiled: re.Pattern[str], group: str | int) -> bool:
    if isinstance(group, int):
        return 0 <= group <= compiled.groups
    return group in compiled.groupindex
