"""Read articles from .txt, .jsonl and .csv files into :class:`NewDocument` records.

Readers are generators that yield a document per record, or an :class:`InputError` for a bad
record (naming file and line) so the caller decides between all-or-nothing and skip-bad.
They stream: memory stays flat however large a JSONL or CSV file is.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Union

from . import chinese, jsonin, textio
from .errors import InputError
from .records import NewDocument

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv")
JSONL_KEYS = ("text", "id", "title", "meta")

Record = Union[NewDocument, InputError]
ByteProgress = Callable[[int], None]  # bytes of the current file consumed so far

# Articles are long; the csv module's default field limit (128 KiB) would reject some.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class ReadOptions:
    text_column: str = "text"
    title_column: str | None = None  # None: use a "title" column if there is one
    encoding: str | None = None  # None: detect


def read_file(path: Path, options: ReadOptions, advanced: ByteProgress | None = None) -> Iterator[Record]:
    """Yield the records of one file; a file-level problem yields one error and stops."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield InputError(path, f"unsupported file type {suffix or '(none)'!r}; expected .txt, .jsonl or .csv")
        return
    try:
        info = textio.inspect_file(path, options.encoding)
    except InputError as error:
        yield error
        return
    reader = {".txt": _read_txt, ".jsonl": _read_jsonl, ".csv": _read_csv}[suffix]
    empty = True
    for record in reader(info, options, advanced or (lambda _: None)):
        empty = False
        yield record
    if empty:  # e.g. a CSV with only its header: importing "nothing" would hide a mistake
        yield InputError(path, "no articles in the file: it holds no records")


def make_document(
    info: textio.FileInfo,
    text: str,
    *,
    line: int | None,
    title: str | None = None,
    external_id: str | None = None,
    meta: dict[str, Any] | None = None,
) -> NewDocument:
    """Normalise the text once and derive everything stored with it."""
    text = textio.normalise_newlines(text)
    return NewDocument(
        title=(title.strip() if title and title.strip() else first_line(text)),
        text=text,
        text_hash=textio.text_hash(text),
        script=chinese.detect_script(text),
        source_path=info.source_path,
        source_line=line,
        source_hash=info.sha256,
        encoding=info.encoding,
        external_id=external_id,
        meta=meta or {},
    )


def first_line(text: str) -> str:
    """The first non-empty line, stripped: the title of a document that has none."""
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


def _read_txt(info: textio.FileInfo, options: ReadOptions, advanced: ByteProgress) -> Iterator[Record]:
    text = info.text  # a small file was decoded once already, while its decoding was proven
    if text is None:
        with info.path.open("r", encoding=info.encoding, newline="") as handle:
            text = handle.read()
    advanced(info.size)
    yield make_document(info, text, line=None)


def _read_jsonl(info: textio.FileInfo, options: ReadOptions, advanced: ByteProgress) -> Iterator[Record]:
    # Splitting the bytes at b"\n" is safe in all three encodings: no multi-byte UTF-8,
    # GB18030 or Big5 sequence contains the byte 0x0A.
    consumed = 0
    with info.path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            consumed += len(raw)
            if raw.strip():
                yield _jsonl_record(info, _json_source(raw, number, info.encoding), number)
            advanced(consumed)


def _json_source(raw: bytes, number: int, encoding: str) -> str:
    """The line as text. The file's decoding was already proven by inspect_file."""
    if encoding == textio.UTF8_BOM and number > 1:
        return raw.decode(textio.UTF8)
    return raw.decode(encoding)


def _jsonl_record(info: textio.FileInfo, line: str, number: int) -> Record:
    try:
        value = jsonin.loads(line)
    except jsonin.JsonProblem as problem:
        return InputError(info.path, problem.message, number)
    if not isinstance(value, dict):
        return InputError(info.path, f"expected a JSON object, got {type(value).__name__}", number)
    text = value.get("text")
    if not isinstance(text, str):
        problem = "has no \"text\" field" if text is None else "has a \"text\" that is not a string"
        return InputError(info.path, f"the record {problem}", number)
    if not text.strip():
        return InputError(info.path, "the record's \"text\" is empty", number)
    title = value.get("title")
    if title is not None and not isinstance(title, str):
        return InputError(info.path, "\"title\" must be a string", number)
    meta = value.get("meta", {})
    if not isinstance(meta, dict):
        return InputError(info.path, "\"meta\" must be a JSON object", number)
    # Unknown top-level fields are kept, not dropped: they go into the metadata.
    extra = {key: val for key, val in value.items() if key not in JSONL_KEYS}
    external_id = value.get("id")
    if external_id is not None and (isinstance(external_id, bool) or not isinstance(external_id, (str, int))):
        return InputError(info.path, "\"id\" must be a string or an integer", number)
    return make_document(
        info,
        text,
        line=number,
        title=title,
        external_id=None if external_id is None else str(external_id),
        meta={**extra, **meta},
    )


def _read_csv(info: textio.FileInfo, options: ReadOptions, advanced: ByteProgress) -> Iterator[Record]:
    with info.path.open("rb") as raw:
        handle = io.TextIOWrapper(raw, encoding=info.encoding, newline="")
        # strict: a quote left open (it would swallow the rest of the file into one field)
        # or text after a closing quote (silently glued on) is an error, not a guess.
        reader = csv.reader(handle, strict=True)
        last_line = 0
        try:
            header = next(reader, None)
            problem = _csv_header_problem(header, options)
            if problem:
                yield InputError(info.path, problem, 1)
                return
            assert header is not None
            title_column = options.title_column or ("title" if "title" in header else None)
            last_line = reader.line_num
            for row in reader:
                start_line, last_line = last_line + 1, reader.line_num
                if any(cell.strip() for cell in row):
                    yield _csv_record(info, header, row, start_line, options.text_column, title_column)
                advanced(raw.tell())
        except csv.Error as exc:
            yield InputError(info.path, f"malformed CSV in the record starting here: {_csv_problem(exc)}", last_line + 1)


def _csv_problem(exc: csv.Error) -> str:
    message = str(exc)
    if message == "unexpected end of data":
        return "a quoted field is never closed (an unterminated quote runs to the end of the file)"
    return message


def _csv_header_problem(header: list[str] | None, options: ReadOptions) -> str | None:
    if not header:
        return "the CSV file has no header row"
    columns = ", ".join(repr(name) for name in header)
    for wanted in (options.text_column, options.title_column):
        if wanted is not None and wanted not in header:
            return f"no column {wanted!r} in the header; the columns are {columns} (see --text-column / --title-column)"
    if len(set(header)) != len(header):
        return f"the header names a column twice: {columns}"
    return None


def _csv_record(
    info: textio.FileInfo,
    header: list[str],
    row: list[str],
    line: int,
    text_column: str,
    title_column: str | None,
) -> Record:
    if len(row) != len(header):
        return InputError(info.path, f"the row has {len(row)} fields but the header has {len(header)}", line)
    values = dict(zip(header, row))
    text = values.pop(text_column)
    if not text.strip():
        return InputError(info.path, f"the {text_column!r} column is empty", line)
    title = values.pop(title_column) if title_column else None
    external_id = values.pop("id", None) or None
    return make_document(info, text, line=line, title=title, external_id=external_id, meta=values)


def jsonl_record(info: textio.FileInfo, raw: bytes, number: int) -> Record:
    """One line of a JSONL file already inspected (``info``), as the importer reads it: for
    readers that take a file in pieces (``annotator apply`` splits large files by bytes)."""
    try:
        source = _json_source(raw, number, info.encoding)
    except UnicodeDecodeError as exc:  # a damaged line in a file proven elsewhere, or a forced encoding
        return InputError(info.path, f"cannot decode the line as {info.encoding}: {exc.reason}", number)
    return _jsonl_record(info, source, number)
