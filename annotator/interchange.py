"""Reading annotation files other tools (and our own export) write: native, doccano,
spaCy/Prodigy and Label Studio. Each record becomes a text with spans in code points;
problems are errors naming the file and the line (JSONL) or the task number (JSON).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Union

from . import textio
from .errors import InputError

ANNOTATION_FORMATS = ("native", "doccano", "spacy", "prodigy", "label-studio")


@dataclass(frozen=True)
class SpanIn:
    start: int
    end: int
    label: str
    text: str | None = None  # when the file gives it: checked against the document
    status: str | None = None
    comment: str = ""
    uncertain: bool = False


@dataclass(frozen=True)
class AnnotatedRecord:
    text: str  # normalised (LF line ends); span offsets are on this text
    spans: tuple[SpanIn, ...]
    line: int  # JSONL line, or task number in a JSON array
    title: str | None = None
    external_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


Item = Union[AnnotatedRecord, InputError]


def carries_spans(path: Path) -> bool:
    """Whether a .jsonl or .json file holds annotation records (spans, labels, results)."""
    first = _first_value(path)
    return isinstance(first, dict) and detect_format(first) is not None


def detect_format(value: dict) -> str | None:
    if "annotations" in value or "predictions" in value or ("data" in value and isinstance(value.get("data"), dict)):
        return "label-studio"
    if isinstance(value.get("label"), list) or isinstance(value.get("labels"), list):
        return "doccano"
    spans = value.get("spans")
    if isinstance(spans, list):
        if "codebook_version" in value or any(isinstance(s, dict) and ("status" in s or "annotator" in s) for s in spans):
            return "native"
        return "spacy"
    return None


def read_annotations(path: Path, format: str | None = None) -> Iterator[Item]:
    """Every record of an annotation file (format detected per record unless given)."""
    try:
        info = textio.inspect_file(path)
    except InputError as error:
        yield error
        return
    with path.open("r", encoding=info.encoding, newline="") as handle:
        content = handle.read()
    if path.suffix.lower() == ".json":
        yield from _json_array(path, content, format)
        return
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", number)
            continue
        yield _record(path, number, value, format)


def _json_array(path: Path, content: str, format: str | None) -> Iterator[Item]:
    try:
        value = json.loads(content)
    except json.JSONDecodeError as exc:
        yield InputError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        return
    tasks = value if isinstance(value, list) else [value]
    for number, task in enumerate(tasks, start=1):
        record = _record(path, number, task, format)
        if isinstance(record, InputError):  # name the task: a JSON array has no useful line
            record = InputError(path, f"task {number}: {record.message}")
        yield record


def _record(path: Path, number: int, value: Any, format: str | None) -> Item:
    if not isinstance(value, dict):
        return InputError(path, f"expected a JSON object, got {type(value).__name__}", number)
    kind = format or detect_format(value)
    if kind is None:
        return InputError(path, "no spans here: not a native, doccano, spaCy/Prodigy or Label Studio record", number)
    try:
        text, spans, title, external_id, meta = _PARSERS[kind](value)
    except (KeyError, TypeError, ValueError) as exc:
        return InputError(path, f"not a valid {kind} record: {exc}", number)
    if not isinstance(text, str) or not text.strip():
        return InputError(path, "the record has no text", number)
    return _normalised(AnnotatedRecord(text, tuple(spans), number, title, external_id, meta))


def _native(value: dict) -> tuple:
    spans = [
        SpanIn(int(s["start"]), int(s["end"]), str(s["label"]), s.get("text"),
               None if s.get("status") in (None, "candidate") else s["status"],  # an exported candidate has no decision
               str(s.get("comment") or ""), bool(s.get("uncertain", False)))
        for s in value["spans"]
    ]
    meta = dict(value.get("meta") or {})
    external = meta.get("external_id") or value.get("id")
    return value["text"], spans, value.get("title"), None if external is None else str(external), meta


def _doccano(value: dict) -> tuple:
    labels = value.get("label", value.get("labels"))
    spans = []
    for entry in labels:
        if isinstance(entry, dict):  # newer doccano: {"start_offset", "end_offset", "label"}
            spans.append(SpanIn(int(entry["start_offset"]), int(entry["end_offset"]), str(entry["label"])))
        else:
            start, end, label = entry
            spans.append(SpanIn(int(start), int(end), str(label)))
    external = value.get("id")
    return value["text"], spans, value.get("title"), None if external is None else str(external), {}


def _spacy(value: dict) -> tuple:
    if value.get("answer") not in (None, "accept"):
        return value["text"], [], None, None, {}  # Prodigy's rejected or ignored examples
    spans = [SpanIn(int(s["start"]), int(s["end"]), str(s["label"]), s.get("text")) for s in value["spans"]]
    meta = dict(value.get("meta") or {})
    external = meta.get("id")
    return value["text"], spans, meta.get("title"), None if external is None else str(external), {}


def _label_studio(value: dict) -> tuple:
    data = value["data"]
    text = data.get("text")
    if text is None:  # the text field may have another name in the labelling config
        text = next(v for v in data.values() if isinstance(v, str))
    entries = value.get("annotations") or value.get("predictions") or []
    spans = []
    for entry in entries[:1]:  # one annotation per task: the first (use one file per annotator)
        for result in entry.get("result", []):
            if result.get("type") not in ("labels", None):
                continue
            v = result["value"]
            start, end = _from_utf16(text, int(v["start"])), _from_utf16(text, int(v["end"]))
            for label in v.get("labels", []):
                spans.append(SpanIn(start, end, str(label), v.get("text")))
    external = value.get("id")
    return text, spans, data.get("title"), None if external is None else str(external), {}


_PARSERS = {"native": _native, "doccano": _doccano, "spacy": _spacy, "prodigy": _spacy, "label-studio": _label_studio}


def _from_utf16(text: str, offset: int) -> int:
    """A JavaScript (UTF-16) offset as a code point offset."""
    units = 0
    for index, char in enumerate(text):
        if units >= offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def _normalised(record: AnnotatedRecord) -> AnnotatedRecord:
    """Stored texts have LF line ends and no BOM: move the offsets along with the text."""
    text = record.text
    if "\r" not in text and not text.startswith("\ufeff"):
        return record
    position, mapping = 0, []
    skip_bom = text.startswith("\ufeff")
    for index, char in enumerate(text):
        mapping.append(position)
        if (index == 0 and skip_bom) or (char == "\r" and text[index + 1: index + 2] == "\n"):
            continue
        position += 1
    mapping.append(position)
    spans = tuple(
        SpanIn(mapping[s.start], mapping[s.end], s.label, None, s.status, s.comment, s.uncertain)
        if 0 <= s.start <= s.end <= len(text) else s
        for s in record.spans
    )
    return AnnotatedRecord(textio.normalise_newlines(text), spans, record.line, record.title, record.external_id, record.meta)


def _first_value(path: Path) -> Any:
    try:
        info = textio.inspect_file(path)
        with path.open("r", encoding=info.encoding) as handle:
            if path.suffix.lower() == ".json":
                value = json.loads(handle.read())
                return value[0] if isinstance(value, list) and value else value
            for line in handle:
                if line.strip():
                    return json.loads(line)
    except (InputError, json.JSONDecodeError, OSError, UnicodeDecodeError):
        return None
    return None
