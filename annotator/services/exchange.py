"""Annotations in: spans from other tools' files (and our exports) into an annotator's
layer (or, for Label Studio, each annotation into its annotator's layer), or as candidates.
All or nothing: one bad record and the project is unchanged.

Linear in the number of records: documents are looked up by text hash in one query per batch,
each document's layer and candidates are read once per (document, layer), and nothing is
read back after it is written."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping, Sequence

from .. import corpus, textio
from ..errors import InputError
from ..interchange import AnnotatedRecord, SpanIn, read_annotations
from ..progress import Progress, no_progress
from ..records import ANNOTATION_STATUSES, GOLD_LAYER, CandidateSpan, SpanValues
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
    if [as_candidates, annotator is not None, annotator_field is not None].count(True) != 1:
        raise InputError(
            paths[0] if paths else "-",
            "say whose spans these are: --annotator NAME, --annotator-field FIELD (Label Studio), or --as-candidates",
        )
    if annotator == GOLD_LAYER:
        raise InputError(paths[0], "the gold layer is written only by adjudication")
    label_map = dict(label_map or {})
    refuse_project_files(store.path, paths)
    records = []
    for path in map(Path, paths):
        problem = textio.regular_file_problem(path)  # a FIFO or device: refused without opening it
        if problem:
            raise InputError(path, problem)
        for item in read_annotations(path, format, annotator_field):
            if isinstance(item, InputError):
                raise item
            _check_whose(path, item, annotator, annotator_field)
            records.append((path, _mapped(item, label_map)))
    labels = project_codebook(store).labels
    unknown = sorted({s.label for _, r in records for s in r.spans} - set(labels))
    if unknown and not add_missing_labels:
        path, record = next((p, r) for p, r in records if any(s.label in unknown for s in r.spans))
        raise InputError(
            path, f"unknown label(s) {', '.join(unknown)} (the codebook has {', '.join(labels)}); "
            "map them with --map-label OLD=NEW or add them with --add-labels", record.line,
        )
    for path, record in records:
        _validate(path, record)
    counts = dict(attached=0, new=0, spans=0, duplicates=0, conflicts=0)
    files: dict[Path, textio.FileInfo] = {}  # each file inspected once, however many records it holds
    layers = sorted({annotator or record.layer for _, record in records if not as_candidates} - {None})
    with store.transaction(what="an import of annotations"):
        added = add_labels(store, unknown) if unknown else ()
        codebook_version = project_codebook(store).version
        for layer in layers:
            store.ensure_annotator(layer)
        documents: dict[str, int] = {}  # text hash → id, of the documents this import met or made
        for number, (path, record) in enumerate(records, start=1):
            doc_id = _document(store, path, record, counts, files, documents)
            if as_candidates:
                _as_candidates(store, doc_id, record, path, counts)
            else:
                _into_layer(store, annotator or record.layer, doc_id, record, codebook_version, counts)
            progress(number, len(records))
        store.append_event(
            "import annotations", actor=annotator,
            after={"paths": [textio.source_path_text(Path(p).resolve()) for p in paths], "as_candidates": as_candidates, **counts,
                   "added_labels": list(added), "layers": layers, "annotator_field": annotator_field},
        )
    return AnnotationImportReport(
        len(records), counts["attached"], counts["new"], counts["spans"], counts["duplicates"], tuple(added), counts["conflicts"],
        tuple(layers),
    )


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


def _document(store: Store, path: Path, record: AnnotatedRecord, counts: dict, files: dict[Path, textio.FileInfo],
              documents: dict[str, int]) -> int:
    text_hash = textio.text_hash(record.text)
    doc_id = documents.get(text_hash) or store.document_id_by_hash(text_hash)
    if doc_id is not None:
        documents[text_hash] = doc_id
        counts["attached"] += 1
        return doc_id
    info = files.get(path) or files.setdefault(path, textio.inspect_file(path))
    document = corpus.make_document(
        info, record.text, line=record.line, title=record.title, external_id=record.external_id,
        meta=record.meta,  # the user's only (interchange keeps our own fields apart)
    )
    store.insert_documents([document], utc_now())
    counts["new"] += 1
    documents[text_hash] = doc_id = store.document_id_by_hash(document.text_hash)
    return doc_id


def _as_candidates(store: Store, doc_id: int, record: AnnotatedRecord, path: Path, counts: dict) -> None:
    rule = IMPORTED_RULE + textio.display_path(path.stem)  # a name that is not UTF-8 shows its bytes as \xNN
    spans = [CandidateSpan(s.start, s.end, s.label, rule, IMPORTED_SCORE) for s in record.spans]
    added = store.add_candidates(doc_id, spans, "imported")
    counts["spans"] += added
    counts["duplicates"] += len(spans) - added


def _into_layer(store: Store, layer: str, doc_id: int, record: AnnotatedRecord, codebook_version: str, counts: dict) -> None:
    """Spans the layer lacks are added; a span on a candidate the layer already decided
    differently is a conflict: the layer's own decision is kept, and counted."""
    mine = store.annotations(doc_id, layer)
    present = {(a.start, a.end, a.label) for a in mine if a.status != "rejected"}
    decided = {a.candidate_key: a for a in mine if a.candidate_key}
    candidates = store.candidate_spans(doc_id)
    for span in record.spans:
        if (span.start, span.end, span.label) in present:
            counts["duplicates"] += 1
            continue
        key = f"{span.start}:{span.end}:{span.label}" if (span.start, span.end, span.label) in candidates else None
        if key is not None and key in decided:
            counts["conflicts"] += 1
            continue
        status = span.status or ("accepted" if key else "added")
        store.insert_annotation(
            layer, SpanValues(doc_id, span.start, span.end, span.label, status, key, span.comment, span.uncertain), codebook_version
        )
        present.add((span.start, span.end, span.label))
        counts["spans"] += 1
