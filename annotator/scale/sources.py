"""A corpus on disk cut into partitions: units of work of bounded size, each read on its own.

A partition is a group of small files (.txt, .csv, small .jsonl: each read whole by the
importer's own readers), a byte range of a large JSONL file (cut at line ends; the line
numbers carry over, so a bad record is still named by file and line) or a set of row groups
of a Parquet file. Every record comes out as the importer makes it (:func:`corpus.make_document`:
decoded, newlines normalised), or as an :class:`InputError` naming file and line: a bad
record is listed, never fatal.

Partitions are plain frozen records: they cross process and machine boundaries, and a run's
manifest stores them, so a rerun finds the same partitions and skips the finished ones.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from .. import corpus, textio
from ..errors import InputError
from ..records import NewDocument
from ..services.importing import find_input_files

PARQUET = ".parquet"
APPLY_SUFFIXES = corpus.SUPPORTED_SUFFIXES + (PARQUET,)
DEFAULT_PARTITION_BYTES = 32 * 1024 * 1024  # the most one task reads
# A corpus is cut into at least this many tasks (down to partitions of MIN_PARTITION_BYTES):
# with few tasks, one worker is still on the last one long after the others ran out of work.
MIN_PARTITIONS = 64
MIN_PARTITION_BYTES = 256 * 1024

FILES, JSONL_RANGE, PARQUET_GROUPS = "files", "jsonl-range", "parquet"


@dataclass(frozen=True)
class Partition:
    number: int
    kind: str  # FILES, JSONL_RANGE or PARQUET_GROUPS
    paths: tuple[str, ...]
    size: int  # bytes of input, for progress
    start: int = 0  # JSONL_RANGE: byte offsets [start, stop) and the line number at start
    stop: int = 0
    first_line: int = 1
    encoding: str = ""  # JSONL_RANGE: the file's proven encoding
    sha256: str = ""
    row_groups: tuple[int, ...] = ()  # PARQUET_GROUPS

    @property
    def name(self) -> str:
        return f"part-{self.number:06d}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> "Partition":
        return cls(**{**value, "paths": tuple(value["paths"]), "row_groups": tuple(value["row_groups"])})


Record = NewDocument | InputError


def plan_partitions(files: Iterable[Path], partition_bytes: int = DEFAULT_PARTITION_BYTES,
                    encoding: str | None = None) -> tuple[list[Partition], list[InputError]]:
    """Cut the corpus files into partitions of about ``partition_bytes`` each; files that
    cannot be read at all (undecodable JSONL, damaged Parquet) come back as errors.
    ``encoding`` forces one (as the importer's --encoding) where a file is inspected here."""
    partitions: list[Partition] = []
    problems: list[InputError] = []
    group: list[tuple[str, int]] = []

    def close_group() -> None:
        if group:
            partitions.append(Partition(len(partitions), FILES, tuple(p for p, _ in group), sum(s for _, s in group)))
            group.clear()

    for path in files:
        size = _size(path)
        suffix = path.suffix.lower()
        if suffix == PARQUET:
            close_group()
            partitions.extend(_parquet_partitions(path, partition_bytes, len(partitions), problems))
        elif suffix == ".jsonl" and size > partition_bytes:
            close_group()
            partitions.extend(_jsonl_partitions(path, size, partition_bytes, len(partitions), problems, encoding))
        else:  # read whole by the importer's reader, which reports any problem as a record
            group.append((str(path), size))
            if sum(s for _, s in group) >= partition_bytes:
                close_group()
    close_group()
    return partitions, problems


def automatic_partition_bytes(files: Iterable[Path]) -> int:
    """About 1/64 of the corpus per partition, between 256 KB and 32 MB: a big corpus in
    tasks of bounded memory, a small one still in enough tasks to keep every worker busy.
    It depends on the files alone, so a rerun of the same corpus cuts it the same way."""
    total = sum(_size(path) for path in files)
    return max(MIN_PARTITION_BYTES, min(DEFAULT_PARTITION_BYTES, -(-total // MIN_PARTITIONS)))


def corpus_signature(files: Iterable[Path]) -> str:
    """Changes when a file is added, removed, resized or rewritten: a rerun may reuse the
    partitions of a run with the same signature."""
    digest = hashlib.sha256()
    for path in files:
        try:
            stat = path.stat()
            digest.update(f"{path}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
        except OSError:
            digest.update(f"{path}\x1fmissing\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:16]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader reports it


def corpus_files(inputs: Iterable[str | Path]) -> tuple[list[Path], list[InputError]]:
    """The importer's file discovery, plus Parquet files (which it does not import)."""
    inputs = [Path(p) for p in inputs]
    files, problems = find_input_files(inputs)
    parquet_folders: set[str] = set()
    for folder in (p for p in inputs if p.is_dir()):
        found = sorted(p for p in folder.rglob(f"*{PARQUET}") if p.is_file() and not _hidden(p, folder))
        if found:
            parquet_folders.add(str(folder))
        files.extend(found)
    # A folder of Parquet files alone is no problem here, as it is for the importer.
    return files, [p for p in problems if not (p.path in parquet_folders and p.line is None and Path(p.path).is_dir())]


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _jsonl_partitions(path: Path, size: int, partition_bytes: int, number: int, problems: list[InputError],
                      encoding: str | None) -> list[Partition]:
    """Byte ranges cut at line ends; the file's encoding is proven once, here."""
    try:
        info = textio.inspect_file(path, encoding)
    except InputError as error:
        problems.append(error)
        return []
    parts: list[Partition] = []
    start, line = 0, 1
    with path.open("rb") as handle:
        while start < size:
            handle.seek(min(start + partition_bytes, size))
            handle.readline()  # to the end of the line the cut fell in
            stop = min(handle.tell(), size) if start + partition_bytes < size else size
            parts.append(Partition(number + len(parts), JSONL_RANGE, (str(path),), stop - start, start=start, stop=stop,
                                   first_line=line, encoding=info.encoding, sha256=info.sha256))
            line += _count_newlines(handle, start, stop)
            start = stop
    return parts


def _count_newlines(handle, start: int, stop: int) -> int:
    handle.seek(start)
    count, left = 0, stop - start
    while left > 0:
        chunk = handle.read(min(left, 1 << 22))
        if not chunk:
            break
        count += chunk.count(b"\n")
        left -= len(chunk)
    return count


def _parquet_partitions(path: Path, partition_bytes: int, number: int, problems: list[InputError]) -> list[Partition]:
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(path).metadata
    except Exception as exc:  # pyarrow raises several types for a damaged file
        problems.append(InputError(path, f"not a readable Parquet file: {exc}"))
        return []
    parts: list[Partition] = []
    groups: list[int] = []
    size = 0
    for group in range(metadata.num_row_groups):
        groups.append(group)
        size += metadata.row_group(group).total_byte_size
        if size >= partition_bytes:
            parts.append(Partition(number + len(parts), PARQUET_GROUPS, (str(path),), size, row_groups=tuple(groups)))
            groups, size = [], 0
    if groups or not parts:
        parts.append(Partition(number + len(parts), PARQUET_GROUPS, (str(path),), size, row_groups=tuple(groups)))
    return parts


def read_partition(partition: Partition, options: corpus.ReadOptions) -> Iterator[Record]:
    """The records of one partition, in a fixed order (a rerun reads the same sequence)."""
    if partition.kind == FILES:
        for path in partition.paths:
            yield from corpus.read_file(Path(path), options)
    elif partition.kind == JSONL_RANGE:
        yield from _read_jsonl_range(partition, options)
    elif partition.kind == PARQUET_GROUPS:
        yield from _read_parquet(partition, options)
    else:
        raise ValueError(f"unknown partition kind {partition.kind!r}")


def _read_jsonl_range(partition: Partition, options: corpus.ReadOptions) -> Iterator[Record]:
    path = Path(partition.paths[0])
    info = textio.FileInfo(path, textio.source_path_text(path.resolve()), options.encoding or partition.encoding,
                           partition.sha256, partition.stop - partition.start)
    with path.open("rb") as handle:
        handle.seek(partition.start)
        position, number = partition.start, partition.first_line
        while position < partition.stop:
            raw = handle.readline()
            if not raw:
                break
            position += len(raw)
            if raw.strip():
                yield corpus.jsonl_record(info, raw, number)
            number += 1


def _read_parquet(partition: Partition, options: corpus.ReadOptions) -> Iterator[Record]:
    """Rows as documents: the text column, an optional title and id, the rest metadata.
    A row's "line" is its 1-based row number in the file."""
    import pyarrow.parquet as pq

    path = Path(partition.paths[0])
    parquet = pq.ParquetFile(path)
    columns = parquet.schema_arrow.names
    if options.text_column not in columns:
        yield InputError(path, f"no column {options.text_column!r}; the columns are {', '.join(map(repr, columns))} (see --text-column)")
        return
    title_column = options.title_column or ("title" if "title" in columns else None)
    info = textio.FileInfo(path, textio.source_path_text(path.resolve()), "parquet", "", os.path.getsize(path))
    metadata = parquet.metadata
    row = sum(metadata.row_group(g).num_rows for g in range(partition.row_groups[0])) if partition.row_groups else 0
    for group in partition.row_groups:
        try:
            rows = parquet.read_row_group(group).to_pylist()
        except Exception as exc:  # a damaged row group is a bad stretch of the file, not the end of the run
            yield InputError(path, f"cannot read row group {group} (rows {row + 1}-{row + metadata.row_group(group).num_rows}): {exc}", row + 1)
            row += metadata.row_group(group).num_rows
            continue
        for values in rows:
            row += 1
            yield _parquet_record(info, values, row, options.text_column, title_column)


def _parquet_record(info: textio.FileInfo, values: dict[str, Any], row: int, text_column: str, title_column: str | None) -> Record:
    text = values.pop(text_column)
    if not isinstance(text, str) or not text.strip():
        return InputError(info.path, f"the {text_column!r} column is empty or not text (row {row})", row)
    title = values.pop(title_column) if title_column else None
    external_id = values.pop("id", None)
    return corpus.make_document(
        info, text, line=row, title=title if isinstance(title, str) else None,
        external_id=None if external_id is None else str(external_id), meta=values,
    )
