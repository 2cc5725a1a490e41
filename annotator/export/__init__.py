"""Training data out: every layer, every format, streamed, self-checked, with a manifest.

Files are written under temporary names of this run's own and put in place at the end, so a
failed export leaves nothing behind but the error. ``out`` is the file written, exactly (with a
split, one file per part: ``data.jsonl`` → ``data.train.jsonl``); standard output gets a
finished export only (:func:`export_to_stream`). An export with no record fails unless asked
for (``allow_empty``): an empty file breaks the tools that read it. An export never deletes or replaces a file
it did not create: an output name (or its manifest) that is taken is refused, before anything
is written, or when it appears meanwhile, at the end.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import operator
import os
import shutil
from collections import _count_elements  # type: ignore[attr-defined]  # Counter.update's C loop
import tempfile
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Mapping

import orjson

from .. import __version__, paths, store_export
from ..errors import AnnotatorError
from ..progress import Cancelled, IsCancelled, Progress, never_cancelled, no_progress
from ..records import Document, ExportSpan
from ..services.codebooks import project_codebook
from ..store import Store
from . import files
from .model import ExportRecord
from .writers import WRITERS, Writer

FORMATS = tuple(WRITERS)
SPECIAL_LAYERS = ("all", "gold", "candidates")
CONFIRMED = ("accepted", "relabelled", "added")


class ExportError(AnnotatorError):
    """The export cannot be made (bad options, or a self-check failed); nothing was written."""


@dataclass(frozen=True)
class ExportOptions:
    format: str = "native"
    layer: str = "all"  # an annotator's name, "gold", "candidates" or "all" annotators
    done_only: bool = False  # only documents the annotator marked done
    labels: tuple[str, ...] | None = None
    statuses: tuple[str, ...] = CONFIRMED  # rejected spans are left out unless asked for
    split: Mapping[str, float] | None = None  # e.g. {"train": 0.8, "dev": 0.1, "test": 0.1}
    seed: int = 0
    tokens: str = "char"  # conll: "char" or "jieba"
    conll_comments: bool = False  # conll: "# doc_id" comment lines and numbered token lines
    allow_empty: bool = False  # write a file (or split part) with no record instead of failing


@dataclass(frozen=True)
class ExportReport:
    files: tuple[str, ...]
    manifest: str
    records: int
    spans: int
    per_label: Mapping[str, int] = field(default_factory=dict)
    per_part: Mapping[str, int] = field(default_factory=dict)
    notes: Mapping[str, int] = field(default_factory=dict)  # what a format could not hold as it is, counted


def export_project(
    store: Store,
    out: str | Path | None,
    options: ExportOptions,
    *,
    progress: Progress = no_progress,
    cancelled: IsCancelled = never_cancelled,
) -> ExportReport:
    """Write the chosen layer(s) in the chosen format; progress is in documents."""
    _check_options(store, options)
    target = Path(out) if out else default_path(store, options)
    parts = tuple(options.split) if options.split else ("",)
    finals = {part: _part_path(target, part, options.format) for part in parts}
    manifest = target.with_name(target.name + ".manifest.json")
    for final in (*finals.values(), manifest):
        if files.occupied(final):
            raise ExportError(f"{final}: already exists; choose another --out (nothing was written or removed)")
    temps = {part: files.temporary_name(final) for part, final in finals.items()}
    manifest_temp = files.temporary_name(manifest)
    created: list[Path] = []  # what this run made: the only files it may remove
    writers: dict[str, Writer] = {}
    counts = _Counts()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for part in parts:
            writers[part] = WRITERS[options.format](  # created exclusively
                temps[part], options.tokens, comments=options.conll_comments, codebook=project_codebook(store)
            )
            created.append(temps[part])
        _write_records(store, options, writers, counts, progress, cancelled)
        _refuse_empty(options, parts, counts)
        notes: dict[str, int] = {}
        for writer in writers.values():
            for key, value in writer.notes.items():
                notes[key] = notes.get(key, 0) + value
        report = ExportReport(
            files=tuple(str(finals[p]) for p in parts),
            manifest=str(manifest),
            records=counts.records,
            spans=counts.spans,
            per_label=dict(sorted(counts.per_label.items())),
            per_part=dict(counts.per_part) if options.split else {},
            notes=dict(notes),
        )
        _write_manifest(store, options, report, notes, manifest_temp)
        created.append(manifest_temp)
        _place_all([(temps[p], finals[p]) for p in parts] + [(manifest_temp, manifest)])
    except BaseException as exc:
        for writer in writers.values():
            _close_quietly(writer)
        for path in created:
            files.remove_own(path)
        if isinstance(exc, OSError):  # disk full, no permission, a folder where a file goes...
            where = _shown_path(str(exc.filename or ""), temps, finals, target)
            raise ExportError(f"{where}: cannot write the export ({exc.strerror or exc}); nothing was written") from exc
        raise
    return report


def export_to_stream(
    store: Store,
    stream: BinaryIO,
    options: ExportOptions,
    *,
    progress: Progress = no_progress,
    cancelled: IsCancelled = never_cancelled,
) -> ExportReport:
    """The export as one stream (``--out -``): made in a temporary folder, checked, and only
    then copied to ``stream``, so a failed export sends nothing. No manifest is written."""
    _check_options(store, options)
    suffix = WRITERS[options.format].suffix
    if not suffix:
        raise ExportError(f"{options.format} writes a folder of files, which cannot go to standard output; give --out a folder")
    if options.split:
        raise ExportError("--split writes one file per part, which cannot go to standard output; give --out a file name")
    with tempfile.TemporaryDirectory(prefix="annotator-export-") as folder:
        whole = Path(folder) / f"export{suffix}"
        report = export_project(store, whole, options, progress=progress, cancelled=cancelled)
        with whole.open("rb") as handle:
            shutil.copyfileobj(handle, stream)
    stream.flush()
    return replace(report, files=(STDOUT,), manifest="")


STDOUT = "-"


def _refuse_empty(options: ExportOptions, parts: tuple[str, ...], counts: "_Counts") -> None:
    if options.allow_empty:
        return
    if counts.records == 0:
        raise ExportError(
            f"nothing to export: no document has a record in layer {options.layer!r} with these filters; "
            "nothing was written (--allow-empty writes an empty export)"
        )
    empty = [part for part in parts if not counts.per_part.get(part)]
    if empty:
        raise ExportError(
            f"--split: part(s) {', '.join(empty)} would hold no record ({counts.records} record(s) in all); "
            "nothing was written (change the shares or --seed, or --allow-empty)"
        )


def _write_records(store: Store, options: ExportOptions, writers: dict[str, Writer], counts: "_Counts",
                   progress: Progress, cancelled: IsCancelled) -> None:
    total = store.document_count()
    for done, (document, records) in enumerate(project_records(store, options), start=1):
        if cancelled():
            raise Cancelled("export cancelled; nothing was written")
        part = assign_part(document.text_hash, options.split, options.seed) if options.split else ""
        for record in records:
            writers[part].write(record)
            counts.add(part, record)
        progress(done, total)
    for writer in writers.values():
        writer.close()


def _place_all(moves: list[tuple[Path, Path]]) -> None:
    """Put every file under its final name, or none: a name taken meanwhile undoes the rest."""
    placed: list[tuple[Path, Path]] = []
    try:
        for temporary, final in moves:
            files.place(temporary, final)
            placed.append((temporary, final))
    except FileExistsError:
        taken = moves[len(placed)][1]
        for temporary, final in reversed(placed):
            files.unplace(final, temporary)
        raise ExportError(f"{taken}: appeared while exporting; it was left alone and nothing was written") from None
    except BaseException:
        for temporary, final in reversed(placed):
            files.unplace(final, temporary)
        raise


def assign_part(text_hash: str, split: Mapping[str, float], seed: int) -> str:
    """The part a document belongs to: a function of its text and the seed only, so the
    same document lands in the same part in every export and on every machine."""
    value = int(hashlib.sha256(f"{seed}:{text_hash}".encode()).hexdigest()[:15], 16) / float(16**15)
    total = sum(split.values())
    cumulative = 0.0
    for part, share in split.items():
        cumulative += share / total
        if value < cumulative:
            return part
    return list(split)[-1]


def parse_split(text: str) -> dict[str, float]:
    """``"train=0.8,dev=0.1,test=0.1"`` → {"train": 0.8, ...}."""
    split: dict[str, float] = {}
    for item in text.split(","):
        name, _, share = item.partition("=")
        try:
            value = float(share)
        except ValueError:
            raise ExportError(f"--split: {item!r} is not NAME=SHARE") from None
        if not name.strip() or value <= 0 or name.strip() in split:
            raise ExportError(f"--split: {item!r} needs a new name and a share above 0")
        split[name.strip()] = value
    if abs(sum(split.values()) - 1.0) > 1e-6:
        raise ExportError(f"--split: the shares add up to {sum(split.values()):g}, not 1")
    return split


def default_path(store: Store, options: ExportOptions) -> Path:
    """``exports/<project>_<layer>_<format>_<time><extension>`` under the current directory."""
    project = Path(store.path).name.split(".")[0] or "project"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    layer = "".join(char if char.isalnum() or char in "-_" else "_" for char in options.layer)  # a name, not a path
    return paths.exports_dir() / f"{project}_{layer}_{options.format}_{stamp}{WRITERS[options.format].suffix}"


# ------------------------------------------------------------------ records


def project_records(store: Store, options: ExportOptions) -> Iterator[tuple[Document, list[ExportRecord]]]:
    """Every document in id order with its records (one per layer chosen, in layer name order),
    streamed by one query (documents with their spans aggregated by SQLite) rather than
    queries per document. A layer has a record of a document only where it worked on it
    (spans, or marked done: no false negatives); the candidates have one for every document."""
    version = project_codebook(store).version
    if options.layer == "candidates":
        yield from _candidate_records(store, options, version)
        return
    for document, stored_length, spans_json, done_json in store_export.documents_with_spans(store, options.layer):
        rows = orjson.loads(spans_json) if spans_json else []
        done = set(orjson.loads(done_json)) if done_json else set()
        layers = sorted({row[0] for row in rows} | done)
        if not layers:
            yield document, []
            continue
        _check_length(document, stored_length)
        rows.sort()  # by layer, start, end, label, then age (the id): each row's own order
        records = []
        for name in layers:
            if options.done_only and name not in done:
                continue
            mine = rows if len(layers) == 1 else [row for row in rows if row[0] == name]
            records.append(_record(document, name, _layer_spans(document, mine, options), version))
        yield document, records


def _layer_spans(document: Document, rows: list[list], options: ExportOptions) -> tuple[ExportSpan, ...]:
    """A layer's spans from rows [layer, start, end, label, id, status, source, comment, uncertain]."""
    text, labels, statuses = document.text, options.labels, options.statuses
    spans = tuple(
        _span(ExportSpan, (start, end, label, text[start:end], layer, status, source, comment, bool(uncertain), None))
        for layer, start, end, label, _, status, source, comment, uncertain in rows
        if status in statuses and (labels is None or label in labels)
    )
    _check_bounds(document, spans)
    return spans


def _candidate_records(store: Store, options: ExportOptions, version: str) -> Iterator[tuple[Document, list[ExportRecord]]]:
    """The candidates: a record for every document, from the documents and the candidates
    streamed side by side in document order (their scores read as SQLite holds them)."""
    grouped = itertools.groupby(store_export.candidate_spans(store), key=operator.itemgetter(0))
    pending = next(grouped, None)
    labels = options.labels
    for document, stored_length in store_export.documents(store):
        rows: Iterable[tuple] = ()
        if pending is not None and pending[0] == document.id:
            rows = list(pending[1])  # before the next group: groupby shares one iterator
            pending = next(grouped, None)
        _check_length(document, stored_length)
        text = document.text
        spans = tuple(
            _span(ExportSpan, (start, end, label, text[start:end], annotator, status, source, comment, bool(uncertain), score))
            for _, _, start, end, label, annotator, status, source, comment, uncertain, score in rows
            if labels is None or label in labels
        )
        _check_bounds(document, spans)
        yield document, [_record(document, "candidates", spans, version)]


# A span made as tuple.__new__(ExportSpan, fields), in C: the named tuple's own __new__ is a
# Python function, a tenth of an export's time at 250,000 spans. The fields go in its order.
_span = tuple.__new__
_START, _END, _LABEL = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)


def _check_bounds(document: Document, spans: tuple[ExportSpan, ...]) -> None:
    # over the spans in C (map, itemgetter): this runs for every span of the export
    if spans and (min(map(_START, spans)) < 0 or max(map(_END, spans)) > len(document.text)
                  or any(map(operator.ge, map(_START, spans), map(_END, spans)))):
        for span in spans:  # the first that does not fit is told
            _self_check(document, span)


def _record(document: Document, layer: str, spans: tuple[ExportSpan, ...], version: str) -> ExportRecord:
    return ExportRecord(
        doc_id=document.id,
        title=document.title,
        text=document.text,
        layer=layer,
        spans=spans,
        meta=dict(document.meta),  # the user's, as imported: our own fields go in `ours`
        codebook_version=version,
        ours={"layer": layer, "external_id": document.external_id, "script": document.script,
              "source_path": document.source_path, "source_hash": document.source_hash},
    )


def _check_length(document: Document, stored: int) -> None:
    """Python and SQLite must agree on how many characters the text has: offsets are in
    code points, and a text read back as UTF-16 or bytes would shift every span."""
    if stored != len(document.text):
        raise ExportError(
            f"document {document.id}: {len(document.text)} characters read, {stored} stored; offsets cannot be "
            "trusted, the export was aborted and nothing written"
        )


def _self_check(document: Document, span: ExportSpan) -> None:
    if not (0 <= span.start < span.end <= len(document.text)) or document.text[span.start: span.end] != span.text:
        raise ExportError(
            f"document {document.id} ({document.title[:30]}): span [{span.start}, {span.end}) {span.label} of "
            f"{span.annotator} does not match the text ({span.text!r}); the export was aborted and nothing written"
        )


# ------------------------------------------------------------------ checks, paths, manifest


def _check_options(store: Store, options: ExportOptions) -> None:
    if options.format not in WRITERS:
        raise ExportError(f"unknown format {options.format!r}; use one of {', '.join(FORMATS)}")
    if options.tokens not in ("char", "jieba"):
        raise ExportError("--tokens is char or jieba")
    if options.layer not in SPECIAL_LAYERS:
        try:
            store.annotator(options.layer)
        except KeyError:
            known = [a.name for a in store.annotators()]
            raise ExportError(f"no layer {options.layer!r}; the project has: all, candidates, {', '.join(known)}") from None
    if options.done_only and options.layer in ("candidates",):
        raise ExportError("--done-only needs an annotator's layer (or all)")
    if options.labels:
        unknown = set(options.labels) - set(project_codebook(store).labels)
        if unknown:
            raise ExportError(f"unknown label(s) {', '.join(sorted(unknown))}")


def _part_path(target: Path, part: str, format: str) -> Path:
    """Without a split, ``target`` itself. A split part goes before the extension (the
    format's, else the name's own); a name without one gets the format's:
    ``data.jsonl`` and ``data`` → ``data.train.jsonl``."""
    if not part:
        return target
    suffix, name = WRITERS[format].suffix, target.name
    if suffix and name.endswith(suffix) and len(name) > len(suffix):
        stem, extension = name[: -len(suffix)], suffix
    elif target.suffix:
        stem, extension = target.stem, target.suffix
    else:
        stem, extension = name, suffix
    return target.with_name(f"{stem}.{part}{extension}")


def _write_manifest(store: Store, options: ExportOptions, report: ExportReport, notes: dict, path: Path) -> None:
    codebook = project_codebook(store)
    manifest = {
        "tool": "annotator",
        "tool_version": __version__,
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "project": store.path,
        "project_hash": store.project_fingerprint(),
        "format": options.format,
        "layer": options.layer,
        "filters": {
            "done_only": options.done_only, "labels": list(options.labels) if options.labels else None,
            "statuses": list(options.statuses), "tokens": options.tokens, "conll_comments": options.conll_comments,
        },
        "split": dict(options.split) if options.split else None,
        "seed": options.seed if options.split else None,
        "codebook": {"name": codebook.name, "version": codebook.version, "labels": list(codebook.labels)},
        "offsets": "Unicode code points, end exclusive",
        "counts": {"records": report.records, "spans": report.spans, "per_label": report.per_label, "per_part": report.per_part},
        "notes": notes,
        "files": list(report.files),
    }
    with open(path, "xb") as handle:  # a name of this run's own (see files.temporary_name)
        handle.write((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


class _Counts:
    def __init__(self) -> None:
        self.records = 0
        self.spans = 0
        self.per_label: dict[str, int] = {}
        self.per_part: dict[str, int] = {}

    def add(self, part: str, record: ExportRecord) -> None:
        self.records += 1
        self.spans += len(record.spans)
        self.per_part[part] = self.per_part.get(part, 0) + 1
        _count_elements(self.per_label, map(_LABEL, record.spans))  # Counter's counting loop, in C


def _shown_path(named: str, temps: Mapping[str, Path], finals: Mapping[str, Path], target: Path) -> str:
    """The path an error names, as the user knows it: a file of a hidden temporary folder
    under the folder's final name (``out/b/1_alice.ann``), never our hidden name itself."""
    for part, temporary in temps.items():
        if named == str(temporary) or named.startswith(str(temporary) + os.sep):
            return str(finals[part]) + named[len(str(temporary)):]
    return named if named and not named.endswith(".partial") else str(target)


def _close_quietly(writer: Writer) -> None:
    try:
        writer.abort()  # a writer still making files stops, before what it made is removed
    except Exception:  # the export failed already; its error is the one to report
        pass


__all__ = ["ExportError", "ExportOptions", "ExportReport", "FORMATS", "STDOUT", "assign_part", "export_project",
           "export_to_stream", "parse_split", "asdict"]
