"""Reading annotation files other tools (and our own export) write: native, doccano,
spaCy/Prodigy and Label Studio. Each record becomes a text with spans in code points;
problems are errors naming the file and the line (JSONL) or the task and the line it starts on (JSON).

A Label Studio task gives one record per annotation (its ``layer`` is the annotator's name our
export kept in the task's meta, or the value of ``annotator_field``), or one record for all
its predictions when it has no annotation.
"""

from __future__ import annotations

import codecs
import itertools
import operator
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator, NamedTuple, Union

import orjson

from . import jsonin, textio
from .errors import InputError
from .records import LABEL_STUDIO_META_KEY  # our key in a Label Studio task's meta (see export/labelstudio.py)

ANNOTATION_FORMATS = ("native", "doccano", "spacy", "prodigy", "label-studio")
KEPT_LAYER = "layer"  # --annotator-field layer: the annotator's name our export kept


class SpanIn(NamedTuple):
    """A span as a file gives it. A named tuple (immutable, like the frozen records), made
    in C: a large import makes hundreds of thousands of them."""

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
    layer: str | None = None  # Label Studio: whose annotation this is, when the file says
    siblings: int = 1  # Label Studio: how many annotations the record's task holds


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
    if "spans" in value:  # a "spans" that is not a list is then refused as such, by name
        spans = value["spans"] if isinstance(value["spans"], list) else []
        if "codebook_version" in value or any(isinstance(s, dict) and ("status" in s or "annotator" in s) for s in spans):
            return "native"
        return "spacy"
    return None


ANNOTATION_SUFFIXES = (".jsonl", ".json")


def read_annotations(path: Path, format: str | None = None, annotator_field: str | None = None,
                     inspected: dict[Path, textio.FileInfo] | None = None) -> Iterator[Item]:
    """Every record of an annotation file (format detected per record unless given).

    ``annotator_field``: where a Label Studio annotation names its annotator — ``layer`` (the
    name our export kept in the task's meta) or a dotted path in the annotation
    (``completed_by.email``); a missing name is then an error naming the task.

    Offsets, labels and flags must have exactly the JSON type they stand for: an offset is
    a non-negative integer (not 1.5, 1.0, true or "3"), ``uncertain`` is true or false; a
    record that breaks this is an error naming the file and line, never a guess.

    ``inspected``: where to keep what was found out about the file (its encoding and hash)."""
    if path.suffix.lower() not in ANNOTATION_SUFFIXES:
        yield InputError(path, f"annotation files are .jsonl or .json, not {path.suffix or '(none)'!r}")
        return
    try:
        info = textio.inspect_file(path)
    except InputError as error:
        yield error
        return
    if inspected is not None:  # for the caller, who would otherwise read the whole file twice more
        inspected[path] = info
    items = _fast_items(path, info, format, annotator_field)
    if items is None:  # anything the fast reader is not sure of: the careful one, and its exact message
        with path.open("r", encoding=info.encoding, newline="") as handle:
            content = handle.read()
        items = (_json_array if path.suffix.lower() == ".json" else _jsonl)(path, content, format, annotator_field)
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        yield InputError(path, "no records in the file")


def _fast_items(path: Path, info: textio.FileInfo, format: str | None, annotator_field: str | None) -> list[Item] | None:
    """The items of a UTF-8 JSONL file, or of a JSON array written one element a line (as our
    export, Label Studio's and most tools write it), parsed with orjson in C; or None, and the
    careful reader takes over, whenever the text holds anything on which orjson and the
    careful reader could disagree: an escape that makes a NUL or a lone surrogate, a run of 19
    digits (an integer orjson would read as a float), nesting beyond ``MAX_DEPTH``, a line
    orjson refuses (NaN, 1e400, a broken line, an element across lines). What it returns is
    what the careful reader returns for the same file: the same records, lines and messages."""
    if info.encoding not in (textio.UTF8, textio.UTF8_BOM):
        return None
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    is_array = path.suffix.lower() == ".json"
    if _RISKY_ESCAPE.search(data) or _LONG_NUMBER in data.translate(_DIGITS_AS_ZERO) or jsonin.bytes_deeper_than(data, jsonin.MAX_DEPTH + (1 if is_array else 0)):
        return None
    lines = data.split(b"\n")
    values = _array_lines(lines) if is_array else _jsonl_lines(lines)
    if values is None:
        return None
    items: list[Item] = []
    for number, (line, value) in enumerate(values, start=1):
        for record in _records(path, line, value, format, annotator_field):
            if is_array and isinstance(record, InputError):
                record = InputError(path, f"task {number}: {record.message}", line)
            items.append(record)
    return items


# An escape that can make a NUL or a lone surrogate; an integer of 19 digits or more (found
# with every digit made "0" and every other byte a space: two C passes).
_RISKY_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89abcdefABCDEF])")
_DIGITS_AS_ZERO = bytes(ord("0") if chr(byte).isdigit() and byte < 128 else ord(" ") for byte in range(256))
_LONG_NUMBER = b"0" * 19


def _jsonl_lines(lines: list[bytes]) -> list[tuple[int, Any]] | None:
    values = []
    try:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                values.append((number, orjson.loads(line)))
    except orjson.JSONDecodeError:
        return None
    return values


def _array_lines(lines: list[bytes]) -> list[tuple[int, Any]] | None:
    """(line, element) of a JSON array laid out as "[", one element a line (a comma after each
    but the last), "]"; None for any other layout."""
    filled = [number for number, line in enumerate(lines) if line.strip()]
    if len(filled) < 3 or lines[filled[0]].strip() != b"[" or lines[filled[-1]].strip() != b"]":
        return None
    values = []
    try:
        for index in filled[1:-1]:
            line = lines[index].strip()
            last = index == filled[-2]
            if line.endswith(b",") == last:
                return None
            values.append((index + 1, orjson.loads(line if last else line[:-1])))
    except orjson.JSONDecodeError:
        return None
    return values


def _jsonl(path: Path, content: str, format: str | None, annotator_field: str | None) -> Iterator[Item]:
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = jsonin.loads(line)
        except jsonin.JsonProblem as problem:
            yield InputError(path, problem.message, number)
            continue
        yield from _records(path, number, value, format, annotator_field)


def _json_array(path: Path, content: str, format: str | None, annotator_field: str | None) -> Iterator[Item]:
    """A JSON array of tasks (Label Studio's export) or one task; each task's error names
    the line the task starts on, found while decoding the array one element at a time."""
    try:
        tasks = list(_array_elements(content))
    except jsonin.JsonProblem as problem:
        yield InputError(path, problem.message, problem.line)
        return
    for number, (line, task) in enumerate(tasks, start=1):
        for record in _records(path, line, task, format, annotator_field):
            if isinstance(record, InputError):
                record = InputError(path, f"task {number}: {record.message}", line)
            yield record


def _array_elements(content: str) -> Iterator[tuple[int, Any]]:
    """(line, value) of each element of a top-level JSON array; a lone object is one task."""
    line_of = _LineCounter(content)
    index = _skip_blank(content, 0)
    if not content.startswith("[", index):
        try:
            value, _ = jsonin.decode_at(content, index, whole=True)
        except jsonin.JsonProblem as problem:
            raise jsonin.JsonProblem(problem.message, problem.line or line_of(index)) from None
        yield line_of(index), value
        return
    index = _skip_blank(content, index + 1)
    if content.startswith("]", index):
        index += 1
    else:
        while True:
            start = index
            try:
                value, index = jsonin.decode_at(content, index)
            except jsonin.JsonProblem as problem:
                raise jsonin.JsonProblem(problem.message, problem.line or line_of(start)) from None
            yield line_of(start), value
            index = _skip_blank(content, index)
            if content.startswith(",", index):
                index = _skip_blank(content, index + 1)
            elif content.startswith("]", index):
                index += 1
                break
            else:
                raise jsonin.JsonProblem("malformed JSON: expected ',' or ']' after a task", line_of(index))
    if _skip_blank(content, index) != len(content):
        raise jsonin.JsonProblem("malformed JSON: extra data after the array", line_of(index))


class _LineCounter:
    """The line of an index into ``content``, counted on from the last index asked about:
    indexes come in increasing order, so the whole array costs one pass (not one per task)."""

    def __init__(self, content: str):
        self.content, self.index, self.line = content, 0, 1

    def __call__(self, index: int) -> int:
        if index < self.index:  # an error message about an earlier place: count afresh
            return self.content.count("\n", 0, index) + 1
        self.line += self.content.count("\n", self.index, index)
        self.index = index
        return self.line


def _skip_blank(content: str, index: int) -> int:
    while index < len(content) and content[index] in " \t\n\r":
        index += 1
    return index


def _records(path: Path, number: int, value: Any, format: str | None, annotator_field: str | None) -> list[Item]:
    if not isinstance(value, dict):
        return [InputError(path, f"expected a JSON object, got {type(value).__name__}", number)]
    kind = format or detect_format(value)
    if kind is None:
        return [InputError(path, "no spans here: not a native, doccano, spaCy/Prodigy or Label Studio record", number)]
    if annotator_field is not None and kind != "label-studio":
        return [InputError(path, f"--annotator-field reads Label Studio annotations; this is a {kind} record", number)]
    try:
        if kind == "label-studio":
            parsed = _label_studio(value, annotator_field)
        else:
            parsed = [(*_PARSERS[kind](value), None, 1)]
    except _Bad as bad:
        return [InputError(path, f"{kind} record: {bad}", number)]
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:  # a shape the checks above missed
        return [InputError(path, f"not a valid {kind} record: {type(exc).__name__}: {exc}", number)]
    records = [
        _normalised(AnnotatedRecord(text, tuple(spans), number, title, external_id, meta, layer, siblings))
        for text, spans, title, external_id, meta, layer, siblings in parsed
    ]
    # Judged after normalising: a text that is only a BOM (dropped on storing) has none.
    if records and not records[0].text.strip():
        return [InputError(path, "the record has no text", number)]
    return records


class _Bad(ValueError):
    """A field of the wrong type or out of range: the message names the field."""


def _field(record: dict, key: str, kind: type | tuple[type, ...], *, required: bool = False, where: str = "") -> Any:
    """``record[key]`` when it has the JSON type ``kind`` (absent → None unless required)."""
    if key not in record:
        if required:
            raise _Bad(f"{where}no {key!r} field")
        return None
    value = record[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise _Bad(f"{where}{key!r} must be {_type_name(kind)}, not true/false")
    if not isinstance(value, kind):
        if value is None and not required:
            return None
        raise _Bad(f"{where}{key!r} must be {_type_name(kind)}, not {_json_type(value)} {_short(value)}")
    return value


def _offset(record: dict, key: str, where: str) -> int:
    """An offset: a JSON integer, not negative. Fractional, boolean, huge-float (1e400)
    or string offsets are refused, never rounded, truncated or clamped."""
    value = _field(record, key, int, required=True, where=where)
    if value < 0:
        raise _Bad(f"{where}{key!r} is negative ({value})")
    return value


def _label(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{where}the label must be a string, not {_json_type(value)} {_short(value)}")
    if not value.strip():
        raise _Bad(f"{where}the label is empty")
    return value


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join({str: "a string", int: "an integer", bool: "true or false", list: "a list", dict: "an object"}[k] for k in kinds)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return f"({text[:40]}…)" if len(text) > 40 else f"({text})"


def _external_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Bad(f"the id must be a string or an integer, not {_json_type(value)}")
    return str(value)


def _text(record: dict) -> str:
    return _field(record, "text", str, required=True)


def _meta(record: dict) -> dict:
    return dict(_field(record, "meta", dict) or {})


def _list_of(record: dict, key: str, where: str = "") -> list:
    return _field(record, key, list, required=True, where=where)


def _span_dict(entry: Any, number: int) -> dict:
    if not isinstance(entry, dict):
        raise _Bad(f"span {number} must be an object, not {_json_type(entry)} {_short(entry)}")
    return entry


def _native(value: dict) -> tuple:
    spans = []
    for number, entry in enumerate(_list_of(value, "spans"), start=1):
        s, where = _span_dict(entry, number), f"span {number}: "
        status = _field(s, "status", str, where=where)
        spans.append(SpanIn(
            _offset(s, "start", where), _offset(s, "end", where), _label(s.get("label"), where), _field(s, "text", str, where=where),
            None if status in (None, "candidate") else status,  # an exported candidate has no decision
            _field(s, "comment", str, where=where) or "", _uncertain(s, where),
        ))
    meta, ours = _native_meta(value)
    external = ours.get("external_id") if ours.get("external_id") is not None else value.get("id")
    return _text(value), spans, _field(value, "title", str), _external_id(external), meta


# What exports before the "annotator" key wrote into "meta", over the user's fields of the same name.
_OUR_OLD_META_FIELDS = ("layer", "source_path", "source_hash", "script", "external_id")


def _native_meta(value: dict) -> tuple[dict, dict]:
    """The user's metadata and our own fields of a native record: ours are under "annotator"
    (the user's "meta" is then theirs, whatever its keys); an older export mixed them in "meta"."""
    meta = _meta(value)
    ours = value.get("annotator")
    if isinstance(ours, dict):
        return meta, dict(ours)
    return {k: v for k, v in meta.items() if k not in _OUR_OLD_META_FIELDS}, meta


def _uncertain(span: dict, where: str) -> bool:
    if "uncertain" not in span:
        return False
    flag = span["uncertain"]
    if not isinstance(flag, bool):
        raise _Bad(f"{where}'uncertain' must be true or false, not {_json_type(flag)} {_short(flag)}")
    return flag


def _doccano(value: dict) -> tuple:
    key = "label" if "label" in value else "labels"
    spans = []
    for number, entry in enumerate(_list_of(value, key), start=1):
        where = f"{key} {number}: "
        if isinstance(entry, dict):  # newer doccano: {"start_offset", "end_offset", "label"}
            spans.append(SpanIn(_offset(entry, "start_offset", where), _offset(entry, "end_offset", where), _label(entry.get("label"), where)))
        elif isinstance(entry, list) and len(entry) == 3:
            triple = {"start": entry[0], "end": entry[1]}
            spans.append(SpanIn(_offset(triple, "start", where), _offset(triple, "end", where), _label(entry[2], where)))
        else:
            raise _Bad(f"{where}expected [start, end, label] or an object, not {_json_type(entry)} {_short(entry)}")
    return _text(value), spans, _field(value, "title", str), _external_id(value.get("id")), {}


def _spacy(value: dict) -> tuple:
    text = _text(value)
    if value.get("answer") not in (None, "accept"):
        return text, [], None, None, {}  # Prodigy's rejected or ignored examples
    spans = []
    for number, entry in enumerate(_list_of(value, "spans"), start=1):
        s, where = _span_dict(entry, number), f"span {number}: "
        spans.append(SpanIn(_offset(s, "start", where), _offset(s, "end", where), _label(s.get("label"), where), _field(s, "text", str, where=where)))
    meta = _meta(value)
    title = meta.get("title")
    return text, spans, title if isinstance(title, str) else None, _external_id(meta.get("id")), {}


def _label_studio(value: dict, annotator_field: str | None) -> list[tuple]:
    """One parsed record per annotation that was not cancelled, or one for all the
    predictions of a task without annotations. Offsets are code points, as Label Studio
    stores them."""
    data = _field(value, "data", dict, required=True)
    text = data.get("text")
    if text is None:  # the text field may have another name in the labelling config
        text = next((v for v in data.values() if isinstance(v, str)), None)
    if not isinstance(text, str):
        raise _Bad("the task's data holds no text")
    title = data.get("title") if isinstance(data.get("title"), str) else None
    external_id = _external_id(value.get("id"))
    annotations = _field(value, "annotations", list) or []
    for number, entry in enumerate(annotations, start=1):
        if not isinstance(entry, dict):
            raise _Bad(f"annotation {number} must be an object, not {_json_type(entry)}")
    kept = [(n, a) for n, a in enumerate(annotations, start=1) if not a.get("was_cancelled") and not a.get("skipped")]
    if not annotations:
        predictions = _field(value, "predictions", list) or []
        spans = []
        for number, entry in enumerate(predictions, start=1):
            if not isinstance(entry, dict):
                raise _Bad(f"prediction {number} must be an object, not {_json_type(entry)}")
            spans.extend(_regions(text, entry, f"prediction {number}, "))
        return [(text, spans, title, external_id, {}, None, 1)]
    layers = _kept_layers(value)
    records = []
    for number, entry in kept:
        where = f"annotation {number}, "
        layer = _annotator_of(entry, layers, annotator_field, where)
        records.append((text, _regions(text, entry, where), title, external_id, {}, layer, len(kept)))
    return records or [(text, [], title, external_id, {}, None, 1)]


def _regions(text: str, entry: dict, prefix: str) -> list[SpanIn]:
    results = _field(entry, "result", list) or []
    plain = _plain_regions(len(text), results)
    if plain is not None:
        return plain
    spans: list[SpanIn] = []
    length = len(text)
    for number, result in enumerate(results, start=1):
        # The common region, every check below passed inline (a quarter of a large import's
        # time otherwise); anything else, or any doubt, takes the careful path and its message.
        value = result.get("value") if type(result) is dict and "meta" not in result else None
        if type(value) is dict and result.get("type") in ("labels", None):
            start, end, labels, quoted = value.get("start"), value.get("end"), value.get("labels"), value.get("text")
            if (type(start) is int and type(end) is int and 0 <= start and end <= length and type(labels) is list
                    and (quoted is None or type(quoted) is str)):
                if len(labels) == 1:  # the usual region: one label
                    label = labels[0]
                    if type(label) is str and label.strip():
                        spans.append(SpanIn(start, end, label, quoted))
                        continue
                elif all(type(label) is str and label.strip() for label in labels):
                    spans.extend(SpanIn(start, end, label, quoted) for label in labels)
                    continue
        spans.extend(_region(text, result, f"{prefix}result {number}: "))
    return spans


_ONLY = {kind: {kind} for kind in (dict, int, str, list)}
_REGION_TYPES = {"labels", None}
_QUOTED_TYPES = {str, type(None)}


def _plain_regions(length: int, results: list) -> list[SpanIn] | None:
    """The spans of an annotation whose regions are all plain — an object without "meta",
    of type "labels" (or none), a value with integer offsets inside the text, one non-blank
    string label, a string text or none — checked a field at a time over all regions with
    map() (in C, no Python step per region); None, for the region-by-region path, otherwise."""
    if not results:
        return []
    get, each = dict.get, itertools.repeat
    if (set(map(type, results)) != _ONLY[dict] or any(map(dict.__contains__, results, each("meta")))
            or not set(map(get, results, each("type"))) <= _REGION_TYPES):
        return None
    values = list(map(get, results, each("value")))
    if set(map(type, values)) != _ONLY[dict]:
        return None
    starts, ends = list(map(get, values, each("start"))), list(map(get, values, each("end")))
    if set(map(type, starts)) != _ONLY[int] or set(map(type, ends)) != _ONLY[int] or min(starts) < 0 or max(ends) > length:
        return None
    labels = list(map(get, values, each("labels")))
    if set(map(type, labels)) != _ONLY[list] or set(map(len, labels)) != {1}:
        return None
    names = list(map(operator.itemgetter(0), labels))
    if set(map(type, names)) != _ONLY[str] or not all(map(str.strip, names)):
        return None
    quoted = list(map(get, values, each("text")))
    if not set(map(type, quoted)) <= _QUOTED_TYPES:
        return None
    return list(map(SpanIn, starts, ends, names, quoted))


def _region(text: str, result: Any, where: str) -> list[SpanIn]:
    """One region's spans (one per label), every field checked, each refusal saying which."""
    if not isinstance(result, dict):
        raise _Bad(f"{where}must be an object, not {_json_type(result)}")
    if result.get("type") not in ("labels", None):
        return []
    v = _field(result, "value", dict, required=True, where=where)
    start, end = _offset(v, "start", where), _offset(v, "end", where)
    if end > len(text):
        raise _Bad(f"{where}offset {end} is past the end of the text ({len(text)} characters)")
    comment = _region_comment(result)
    return [
        SpanIn(start, end, _label(label, where), _field(v, "text", str, where=where), comment=comment)
        for label in _field(v, "labels", list, where=where) or []
    ]


def _region_comment(result: dict) -> str:
    """Label Studio's editor keeps a region's comments as ``meta.text``, a list of strings."""
    meta = result.get("meta")
    notes = meta.get("text") if isinstance(meta, dict) else None
    if isinstance(notes, str):
        return notes
    return "\n".join(n for n in notes if isinstance(n, str)) if isinstance(notes, list) else ""


def _kept_layers(task: dict) -> dict[str, str]:
    """The annotators' names our export keeps in a task's meta: annotation id → name."""
    meta = task.get("meta")
    ours = meta.get(LABEL_STUDIO_META_KEY) if isinstance(meta, dict) else None
    layers = ours.get("layers") if isinstance(ours, dict) else None
    if not isinstance(layers, dict):
        return {}
    return {str(k): v for k, v in layers.items() if isinstance(v, str) and v.strip()}


def _annotator_of(entry: dict, layers: dict[str, str], annotator_field: str | None, where: str) -> str | None:
    """Whose annotation this is: by ``annotator_field``, else the name our export kept (found
    by the id it gave the annotation, which Label Studio keeps as ``import_id``)."""
    if annotator_field in (None, KEPT_LAYER):
        key = entry.get("import_id") if entry.get("import_id") is not None else entry.get("id")
        name = layers.get(str(key)) if key is not None and not isinstance(key, bool) else None
        if name is None and annotator_field == KEPT_LAYER:
            raise _Bad(f"{where}no annotator name kept in the task's meta (meta.{LABEL_STUDIO_META_KEY}.layers)")
        return name
    value: Any = entry
    for part in annotator_field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise _Bad(f"{where}no annotator in {annotator_field!r} (found {_json_type(value)} {_short(value)})")
    return str(value).strip()


_PARSERS = {"native": _native, "doccano": _doccano, "spacy": _spacy, "prodigy": _spacy}


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
    return replace(record, text=textio.normalise_newlines(text), spans=spans)


def _first_value(path: Path) -> Any:
    try:
        info = textio.inspect_file(path)
        with path.open("r", encoding=info.encoding) as handle:
            if path.suffix.lower() == ".json":
                for _, value in _array_elements(handle.read()):
                    return value
                return None
            for line in handle:
                if line.strip():
                    return jsonin.loads(line)
    except (InputError, jsonin.JsonProblem, OSError, UnicodeDecodeError):
        return None
    return None
