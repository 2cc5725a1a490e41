"""Annotations in: spans from other tools' files (and our exports) into an annotator's
layer (or, for Label Studio, each annotation into its annotator's layer), or as candidates.
All or nothing: one bad record and the project is unchanged.

In bulk: each file parsed once; documents looked up by text hash in one query (those not
stored made in one batch); the layers' spans and the candidates of those documents read in one
query each; the new spans written with one statement per layer; one journal event for the
whole import with its paths, layers and counts (as before: no per-span events to undo;
the spans carry no event of their own)."""

from __future__ import annotations

import contextlib
import gc
import itertools
import operator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from .. import corpus, textio
from ..codebook import is_category_id
from ..errors import InputError
from ..interchange import AnnotatedRecord, SpanIn, read_annotations
from ..progress import Progress, no_progress
from ..records import ANNOTATION_STATUSES, GOLD_LAYER, CandidateSpan
from ..store import Store, utc_now
from .codebooks import add_labels, project_codebook
from .importing import refuse_project_files

IMPORTED_RULE = "imported:"
IMPORTED_SCORE = 0.5


@dataclass(frozen=True)
class AnnotationImportReport:
    records: int
    attached: int  # records whose text matched a stored document
    new_documents: int
    spans: int  # spans written
    duplicates: int  # spans the layer (or the candidates) already had
    added_labels: tuple[str, ...] = field(default_factory=tuple)
    conflicts: int = 0  # spans on a candidate the layer had decided otherwise: the layer's decision kept
    layers: tuple[str, ...] = ()  # the layers written into


def import_annotations(
    store: Store,
    paths: Sequence[str | Path],
    *,
    annotator: str | None = None,
    annotator_field: str | None = None,
    as_candidates: bool = False,
    format: str | None = None,
    label_map: Mapping[str, str] | None = None,
    add_missing_labels: bool = False,
    progress: Progress = no_progress,
) -> AnnotationImportReport:
    with _collector_paused():  # millions of parsed objects, and no cycle among them to collect
        return _import_annotations(store, paths, annotator, annotator_field, as_candidates, format, label_map,
                                   add_missing_labels, progress)


def _refuse_labels_no_codebook_takes(records: list[tuple[Path, AnnotatedRecord]], unknown: list[str]) -> None:
    """--add-labels makes each unknown label a category: one whose name cannot be a category's
    id would leave a codebook that does not load. Refused with the file and line that uses it,
    before anything is written."""
    bad = [label for label in unknown if not is_category_id(label)]
    if not bad:
        return
    path, record = next((p, r) for p, r in records if any(s.label in bad for s in r.spans))
    raise InputError(
        path, f"label {bad[0][:40]!r} cannot be added to the codebook (an id is upper-case letters, digits "
        "or _, starting with a letter); map it with --map-label OLD=NEW", record.line,
    )


def _import_annotations(store: Store, paths: Sequence[str | Path], annotator: str | None, annotator_field: str | None,
                        as_candidates: bool, format: str | None, label_map: Mapping[str, str] | None,
                        add_missing_labels: bool, progress: Progress) -> AnnotationImportReport:
    if [as_candidates, annotator is not None, annotator_field is not None].count(True) != 1:
        raise InputError(
            paths[0] if paths else "-",
            "say whose spans these are: --annotator NAME, --annotator-field FIELD (Label Studio), or --as-candidates",
        )
    if annotator == GOLD_LAYER:
        raise InputError(paths[0], "the gold layer is written only by adjudication")
    label_map = dict(label_map or {})
    refuse_project_files(store.path, paths)
    inspected: dict[Path, textio.FileInfo] = {}  # each file inspected once, however many records it holds
    records = _read_all(paths, format, annotator, annotator_field, label_map, inspected)
    labels = project_codebook(store).labels
    unknown = sorted({s.label for _, r in records for s in r.spans} - set(labels))
    if unknown and not add_missing_labels:
        path, record = next((p, r) for p, r in records if any(s.label in unknown for s in r.spans))
        raise InputError(
            path, f"unknown label(s) {', '.join(unknown)} (the codebook has {', '.join(labels)}); "
            "map them with --map-label OLD=NEW or add them with --add-labels", record.line,
        )
    if unknown:
        _refuse_labels_no_codebook_takes(records, unknown)
    for path, record in records:
        _validate(path, record)
    counts = dict(attached=0, new=0, spans=0, duplicates=0, conflicts=0)
    layers = sorted({annotator or record.layer for _, record in records if not as_candidates} - {None})
    with store.transaction(what="an import of annotations"):
        added = add_labels(store, unknown) if unknown else ()
        codebook_version = project_codebook(store).version
        for layer in layers:
            store.ensure_annotator(layer)
        doc_ids = _documents(store, records, counts, inspected)
        if as_candidates:
            for number, ((path, record), doc_id) in enumerate(zip(records, doc_ids), start=1):
                _as_candidates(store, doc_id, record, path, counts)
                progress(number, len(records))
        else:
            _into_layers(store, annotator, records, doc_ids, codebook_version, counts, progress)
        store.append_event(
            "import annotations", actor=annotator,
            after={"paths": [textio.source_path_text(Path(p).resolve()) for p in paths], "as_candidates": as_candidates, **counts,
                   "added_labels": list(added), "layers": layers, "annotator_field": annotator_field},
        )
    return AnnotationImportReport(
        len(records), counts["attached"], counts["new"], counts["spans"], counts["duplicates"], tuple(added), counts["conflicts"],
        tuple(layers),
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Without the cyclic garbage collector while parsing: it would walk every object parsed
    so far again and again (most of the time of a large import), and parsing makes no cycle."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_all(paths: Sequence[str | Path], format: str | None, annotator: str | None, annotator_field: str | None,
              label_map: Mapping[str, str], inspected: dict[Path, textio.FileInfo]) -> list[tuple[Path, AnnotatedRecord]]:
    records = []
    for path in map(Path, paths):
        problem = textio.regular_file_problem(path)  # a FIFO or device: refused without opening it
        if problem:
            raise InputError(path, problem)
        for item in read_annotations(path, format, annotator_field, inspected):
            if isinstance(item, InputError):
                raise item
            _check_whose(path, item, annotator, annotator_field)
            records.append((path, _mapped(item, label_map)))
    return records


def _check_whose(path: Path, record: AnnotatedRecord, annotator: str | None, annotator_field: str | None) -> None:
    """A task with several annotations is not merged into one layer behind the user's back."""
    if annotator is not None and record.siblings > 1:
        kept = " (this file kept their annotators' names: --annotator-field layer)" if record.layer else ""
        raise InputError(
            path,
            f"the task holds {record.siblings} annotations and --annotator would put them all into {annotator}'s layer; "
            f"import each into its own layer with --annotator-field FIELD (layer, completed_by.email, …){kept}",
            record.line,
        )
    if annotator_field is not None:
        if record.layer is None:  # a task with predictions only, or none left once cancelled ones are skipped
            raise InputError(path, f"the task has no annotation to take an annotator from ({annotator_field!r})", record.line)
        if record.layer == GOLD_LAYER:
            raise InputError(path, "an annotation names the gold layer, which is written only by adjudication", record.line)


def _mapped(record: AnnotatedRecord, label_map: Mapping[str, str]) -> AnnotatedRecord:
    if not label_map:
        return record
    spans = tuple(SpanIn(s.start, s.end, label_map.get(s.label, s.label), s.text, s.status, s.comment, s.uncertain) for s in record.spans)
    return replace(record, spans=spans)


def _validate(path: Path, record: AnnotatedRecord) -> None:
    """Every span inside the text, saying the text it covers, with a known status: all the
    spans of a record checked in one comprehension; the first that fails is then told."""
    spans = record.spans
    if spans and not _all_valid(record.text, spans):
        _refuse_span(path, record)


_START, _END, _LABEL, _QUOTED, _STATUS = (operator.itemgetter(i) for i in range(5))  # of a SpanIn
_IDENTITY = operator.itemgetter(0, 1, 2)  # start, end, label
_KNOWN_STATUSES = frozenset((*ANNOTATION_STATUSES, None))


def _all_valid(text: str, spans: Sequence[SpanIn]) -> bool:
    """Whether every span passes :func:`_refuse_span`'s checks, a field at a time over all
    spans with map() (in C, no Python step per span)."""
    starts, ends = list(map(_START, spans)), list(map(_END, spans))
    if min(starts) < 0 or max(ends) > len(text) or not all(map(operator.lt, starts, ends)):
        return False
    if not _KNOWN_STATUSES.issuperset(map(_STATUS, spans)):
        return False
    quoted = list(map(_QUOTED, spans))
    covered = map(text.__getitem__, map(slice, starts, ends))
    return all(q is None or q == c for q, c in zip(quoted, covered)) if None in quoted else quoted == list(covered)


def _refuse_span(path: Path, record: AnnotatedRecord) -> None:
    for span in record.spans:
        where = f"span [{span.start}, {span.end}) {span.label}"
        if not 0 <= span.start < span.end <= len(record.text):
            raise InputError(path, f"{where} is outside the text (length {len(record.text)})", record.line)
        if span.text is not None and record.text[span.start: span.end] != span.text:
            raise InputError(
                path, f"{where} says {span.text!r} but the text there is {record.text[span.start:span.end]!r}", record.line
            )
        if span.status is not None and span.status not in ANNOTATION_STATUSES:
            raise InputError(path, f"{where}: unknown status {span.status!r}", record.line)


def _documents(store: Store, records: list[tuple[Path, AnnotatedRecord]], counts: dict,
               files: dict[Path, textio.FileInfo]) -> list[int]:
    """Each record's document id, in record order: stored documents found by text hash in
    one query; the others made in one batch (the first record of a text makes it, later
    ones attach to it, as if written one by one)."""
    hashes = [textio.text_hash(record.text) for _, record in records]
    known = store.document_ids_by_hashes(set(hashes))
    made: dict[str, object] = {}
    for (path, record), text_hash in zip(records, hashes):
        if text_hash in known or text_hash in made:
            counts["attached"] += 1
            continue
        info = files.get(path) or files.setdefault(path, textio.inspect_file(path))
        made[text_hash] = corpus.make_document(
            info, record.text, line=record.line, title=record.title, external_id=record.external_id,
            meta=record.meta,  # the user's only (interchange keeps our own fields apart)
        )
        counts["new"] += 1
    if made:
        store.insert_documents(list(made.values()), utc_now())
        known.update(store.document_ids_by_hashes(made))
    return [known[text_hash] for text_hash in hashes]


def _as_candidates(store: Store, doc_id: int, record: AnnotatedRecord, path: Path, counts: dict) -> None:
    rule = IMPORTED_RULE + textio.display_path(path.stem)  # a name that is not UTF-8 shows its bytes as \xNN
    spans = [CandidateSpan(s.start, s.end, s.label, rule, IMPORTED_SCORE) for s in record.spans]
    added = store.add_candidates(doc_id, spans, "imported")
    counts["spans"] += added
    counts["duplicates"] += len(spans) - added


def _into_layers(store: Store, annotator: str | None, records: list[tuple[Path, AnnotatedRecord]], doc_ids: list[int],
                 codebook_version: str, counts: dict, progress: Progress) -> None:
    """Spans a layer lacks are added; a span on a candidate the layer already decided
    differently is a conflict: the layer's own decision is kept, and counted. What the
    layers and candidates hold is read in one query each; the new spans go in one
    statement per layer."""
    candidates_of: dict[str, dict] = {}  # layer → the candidates it sees (everyone's and its own)
    present: dict[str, set] = {}  # layer → {(doc, start, end, label)} it holds (rejected ones aside)
    decided: dict[str, set] = {}  # layer → {(doc, candidate key)} it decided on
    rows: dict[str, list[tuple]] = {}
    for number, ((_, record), doc_id) in enumerate(zip(records, doc_ids), start=1):
        layer = annotator or record.layer
        if layer not in present:
            held = store.layer_spans_in(layer, doc_ids)
            present[layer] = {(d, a, b, label) for d, a, b, label, status, _ in held if status != "rejected"}
            decided[layer] = {(d, key) for d, _, _, _, _, key in held if key}
            rows[layer] = []
        mine, decisions, new = present[layer], decided[layer], rows[layer]
        if layer not in candidates_of:
            candidates_of[layer] = store.candidate_ids_in(doc_ids, layer)
        candidates = candidates_of[layer]
        if not candidates and not decisions:  # a layer new to these documents, no candidates: no conflict possible
            _plain_rows(doc_id, record, mine, new, counts)
            progress(number, len(records))
            continue
        for span in record.spans:
            identity = (doc_id, span.start, span.end, span.label)
            if identity in mine:
                counts["duplicates"] += 1
                continue
            candidate = candidates.get(identity)
            key = f"{span.start}:{span.end}:{span.label}" if candidate is not None else None
            if key is not None and (doc_id, key) in decisions:
                counts["conflicts"] += 1
                continue
            status = span.status or ("accepted" if key else "added")
            new.append((doc_id, span.start, span.end, span.label, status, candidate, key, span.comment, span.uncertain))
            mine.add(identity)
        progress(number, len(records))
    for layer, new in rows.items():
        counts["spans"] += store.insert_annotations(layer, new, codebook_version)


def _plain_rows(doc_id: int, record: AnnotatedRecord, mine: set, new: list, counts: dict) -> None:
    """The rows of a record where no candidate or decision can meet its spans: only what the
    layer (or the file, earlier) holds already is left out, as a duplicate. Made by
    comprehensions when no span is one (the usual case), one by one otherwise."""
    spans = record.spans
    document = itertools.repeat((doc_id,))
    identities = set(map(tuple.__add__, document, map(_IDENTITY, spans)))  # (doc_id, start, end, label), in C
    if len(identities) == len(spans) and mine.isdisjoint(identities):
        mine |= identities
        new.extend((doc_id, start, end, label, status or "added", None, None, comment, uncertain)
                   for start, end, label, _, status, comment, uncertain in spans)
        return
    held = len(mine)
    for start, end, label, _, status, comment, uncertain in spans:
        identity = (doc_id, start, end, label)
        mine.add(identity)
        if len(mine) != held:
            held += 1
            new.append((doc_id, start, end, label, status or "added", None, None, comment, uncertain))
        else:
            counts["duplicates"] += 1
