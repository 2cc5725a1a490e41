"""The codebook: the categories annotators label, as data (``resources/codebook.toml``).

A broken codebook fails on load with a message naming the file and the entry, so a
researcher editing it sees at once what to fix.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from . import paths
from .errors import InputError

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
_TEXT_FIELDS = ("id", "key", "name_zh", "name_en", "colour", "definition")
_LIST_FIELDS = ("boundaries", "examples")


def is_category_id(text: str) -> bool:
    """Whether ``text`` can be a category's id: upper-case letters, digits and _, starting with a
    letter (the whole of it: a trailing line break is no part of an id)."""
    return _ID.fullmatch(text) is not None


@dataclass(frozen=True)
class Category:
    id: str
    key: str  # the hotkey that applies this label
    name_zh: str
    name_en: str
    colour: str  # "#RRGGBB"
    definition: str
    boundaries: tuple[str, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    name: str
    version: str
    categories: tuple[Category, ...]
    source: str  # where it was loaded from

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(category.id for category in self.categories)

    def category(self, label: str) -> Category:
        for category in self.categories:
            if category.id == label:
                return category
        raise KeyError(label)

    def fingerprint(self) -> str:
        """Changes whenever anything that could change detection or labels changes."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()[:16]

    def to_json(self) -> str:
        data = {"name": self.name, "version": self.version, "categories": [asdict(c) for c in self.categories]}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, source: str) -> "Codebook":
        data = json.loads(text)
        return _build(data, source, category_key="categories")


def default_codebook_path() -> Path:
    return paths.resources_dir() / "codebook.toml"


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a codebook file (TOML); the default one when ``path`` is None."""
    path = Path(path) if path is not None else default_codebook_path()
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise InputError(path, "no such codebook file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(path, "a codebook must be UTF-8 text") from exc
    return _build(data, str(path), category_key="category")


def _build(data: dict[str, Any], source: str, category_key: str) -> Codebook:
    for field in ("name", "version"):
        if not isinstance(data.get(field), str) or not data[field].strip():
            raise InputError(source, f"the codebook needs a top-level {field!r} (text)")
    entries = data.get(category_key)
    if not isinstance(entries, list) or not entries:
        raise InputError(source, "the codebook defines no categories ([[category]] tables)")
    categories = tuple(_category(source, index, entry) for index, entry in enumerate(entries, start=1))
    _check_unique(source, categories)
    return Codebook(name=data["name"], version=data["version"], categories=categories, source=source)


def _category(source: str, index: int, entry: Any) -> Category:
    where = f"category {index}" + (f" ({entry.get('id')})" if isinstance(entry, dict) and entry.get("id") else "")
    if not isinstance(entry, dict):
        raise InputError(source, f"{where}: expected a table of fields")
    for field in _TEXT_FIELDS:
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise InputError(source, f"{where}: missing field {field!r} (text)")
    for field in _LIST_FIELDS:
        value = entry.get(field)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise InputError(source, f"{where}: missing field {field!r} (a list of texts)")
    if not is_category_id(entry["id"]):
        raise InputError(source, f"{where}: id {entry['id']!r} must be upper-case letters, digits or _")
    if not _COLOUR.match(entry["colour"]):
        raise InputError(source, f"{where}: colour {entry['colour']!r} is not of the form #RRGGBB")
    if len(entry["key"]) != 1 or not entry["key"].isdigit() or entry["key"] == "0":
        raise InputError(source, f"{where}: key {entry['key']!r} must be one digit 1-9")
    unknown = set(entry) - set(_TEXT_FIELDS) - set(_LIST_FIELDS)
    if unknown:
        raise InputError(source, f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    return Category(
        **{field: entry[field] for field in _TEXT_FIELDS},
        **{field: tuple(entry[field]) for field in _LIST_FIELDS},
    )


def _check_unique(source: str, categories: tuple[Category, ...]) -> None:
    for field in ("id", "key"):
        seen: dict[str, int] = {}
        for index, category in enumerate(categories, start=1):
            value = getattr(category, field)
            if value in seen:
                raise InputError(
                    source, f"category {index} ({category.id}): {field} {value!r} is already used by category {seen[value]}"
                )
            seen[value] = index
