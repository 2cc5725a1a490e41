"""Annotators on different machines: hand out a package (a project file with some
documents, their candidates and the codebook), merge their layers back.

Desktop users do not share one database file over a network; they pass files. Documents
are matched by the hash of their text. When the same annotator's decision on the same span
was changed in two places, the later change wins (by its timestamp) and the other version
is written to the journal, so nothing is dropped silently. Merging the same file twice
changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..detect import DETECTOR_VERSION
from ..errors import AnnotatorError
from ..records import ANNOTATOR_KIND, Annotation, CandidateSpan, DocState, NewDocument
from ..store import Store, utc_now
from .codebooks import project_codebook



@dataclass(frozen=True)
class PackageReport:
    path: str
    documents: int
    candidates: int
    annotations: int


@dataclass(frozen=True)
class MergeReport:
    files: int
    layers: tuple[str, ...]
    new_documents: int
    added: int  # annotations the master did not have
    updated: int  # annotations the package changed later than the master
    kept: int  # conflicts where the master's version was newer (the package's is journalled)
    unchanged: int
    states: int  # document states taken over
    deleted: int = 0  # annotations deleted in the package, deleted here too


def package(store: Store, annotator: str, out: str | Path, *, count: int | None = None, ids: Sequence[int] | None = None) -> PackageReport:
    """A project file for ``annotator`` with the chosen documents (their ids, or the first
    ``count`` they have not marked done), the candidates, the codebook and their layer."""
    if (count is None) == (ids is None):
        raise AnnotatorError("choose the documents: a number (--docs N) or a list of ids (--ids FILE)")
    out = Path(out)
    if out.exists():
        raise AnnotatorError(f"{out}: already exists; choose another --out (nothing was written)")
    chosen = list(ids) if ids is not None else _undone(store, annotator, count or 0)
    missing = [doc_id for doc_id in chosen if not _exists(store, doc_id)]
    if missing:
        raise AnnotatorError(f"no document with id {', '.join(map(str, missing[:10]))} in {store.path}")
    target = Store.open(out)
    try:
        report = _fill(store, target, annotator, chosen)
    except BaseException:
        target.close()
        out.unlink(missing_ok=True)
        raise
    target.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    return report


def _undone(store: Store, annotator: str, count: int) -> list[int]:
    chosen = []
    for doc_id in store.document_ids(annotator):
        if store.doc_state(doc_id, annotator).status != "done":
            chosen.append(doc_id)
            if len(chosen) == count:
                break
    return chosen


def _exists(store: Store, doc_id: int) -> bool:
    try:
        store.document(doc_id)
    except KeyError:
        return False
    return True


def _fill(source: Store, target: Store, annotator: str, chosen: list[int]) -> PackageReport:
    codebook = project_codebook(source)
    candidates = annotations = 0
    handed_out: list[str] = []
    with target.transaction():
        target.set_setting("codebook", codebook.to_json())
        target.set_setting("package_for", annotator)
        target.set_setting("package_of", source.project_fingerprint())
        target.set_setting("package_created_at", utc_now())
        target.ensure_annotator(annotator)
        for doc_id in chosen:
            document = source.document(doc_id)
            target.insert_documents([_new_document(document)], document.imported_at)
            new_id = target.document_id_by_hash(document.text_hash)
            spans = [CandidateSpan(c.start, c.end, c.label, c.rule, c.score) for c in source.document_candidates(doc_id)]
            candidates += target.add_candidates(new_id, spans, DETECTOR_VERSION)
            for annotation in source.annotations(doc_id, annotator):
                target.copy_annotation(new_id, annotation)
                handed_out.append(annotation.uid)
                annotations += 1
            state = source.doc_state(doc_id, annotator)
            if state.updated_at:
                target.put_doc_state(DocState(new_id, annotator, state.status, state.seconds, state.updated_at))
        # What the package held when handed out: an annotation missing from it later was
        # deleted there, not never known.
        target.set_setting("package_uids", json.dumps(handed_out))
        target.append_event("package", actor=annotator, after={"documents": len(chosen), "from": source.path})
    return PackageReport(target.path, len(chosen), candidates, annotations)


def _new_document(document) -> NewDocument:
    return NewDocument(
        title=document.title, text=document.text, text_hash=document.text_hash, script=document.script,
        source_path=document.source_path, source_line=document.source_line, source_hash=document.source_hash,
        encoding=document.encoding, external_id=document.external_id, meta=document.meta,
    )


def merge(store: Store, paths: Sequence[str | Path]) -> MergeReport:
    """Bring annotators' layers from package files (or any project) into this project."""
    totals = dict(new_documents=0, added=0, updated=0, kept=0, unchanged=0, states=0, deleted=0)
    layers: set[str] = set()
    for path in map(Path, paths):
        with Store.open(path, create=False) as other, store.transaction():
            handed_out = Handout(set(json.loads(other.get_setting("package_uids") or "[]")), other.get_setting("package_created_at") or "")
            for layer in [a.name for a in other.annotators() if a.kind == ANNOTATOR_KIND]:
                layers.add(layer)
                store.ensure_annotator(layer)
                for document in other.documents():
                    _merge_document(store, other, document, layer, totals, str(path), handed_out)
            if any(totals[k] for k in ("new_documents", "added", "updated", "kept", "states", "deleted")):
                store.append_event("merge", after={"file": str(path.resolve()), **totals})
    return MergeReport(len(paths), tuple(sorted(layers)), **totals)


@dataclass(frozen=True)
class Handout:
    """What a package held when it was made (empty for a project that is no package)."""

    uids: set
    created_at: str


def _merge_document(store: Store, other: Store, document, layer: str, totals: dict, source: str, handed_out: Handout) -> None:
    theirs = other.annotations(document.id, layer)
    their_state = other.doc_state(document.id, layer)
    doc_id = store.document_id_by_hash(document.text_hash)
    if not theirs and not their_state.updated_at and not (doc_id is not None and handed_out.uids):
        return  # this layer did nothing with the document
    if doc_id is None:
        store.insert_documents([_new_document(document)], document.imported_at)
        doc_id = store.document_id_by_hash(document.text_hash)
        spans = [CandidateSpan(c.start, c.end, c.label, c.rule, c.score) for c in other.document_candidates(document.id)]
        store.add_candidates(doc_id, spans, DETECTOR_VERSION)
        totals["new_documents"] += 1
    mine = store.annotations(doc_id, layer)
    by_uid = {a.uid: a for a in mine}
    by_identity = {_identity(a): a for a in mine}
    their_uids = {a.uid for a in theirs}
    for annotation in theirs:
        current = by_uid.get(annotation.uid) or by_identity.get(_identity(annotation))
        if current is None:
            copied = store.copy_annotation(doc_id, annotation)
            by_uid[copied.uid], by_identity[_identity(copied)] = copied, copied
            totals["added"] += 1
        elif _same(current, annotation):
            totals["unchanged"] += 1
        elif annotation.updated_at > current.updated_at:
            store.append_event("merge conflict", actor=layer, doc_id=doc_id, before=_version(current, store.path), after=_version(annotation, source))
            store.copy_annotation(doc_id, annotation, current.id)
            totals["updated"] += 1
        else:
            store.append_event("merge conflict", actor=layer, doc_id=doc_id, before=_version(annotation, source), after=_version(current, store.path))
            totals["kept"] += 1
    for annotation in mine:  # handed out, and gone from the package: deleted there
        if annotation.uid in handed_out.uids and annotation.uid not in their_uids:
            if annotation.updated_at <= handed_out.created_at:
                store.delete_annotation(annotation.id)
                store.append_event("merge delete", actor=layer, doc_id=doc_id, before=_version(annotation, store.path), after={"deleted in": source})
                totals["deleted"] += 1
            elif not any(e.action == "merge conflict" and e.before == {"deleted in": source} for e in store.events(doc_id)):
                store.append_event("merge conflict", actor=layer, doc_id=doc_id, before={"deleted in": source}, after=_version(annotation, store.path))
                totals["kept"] += 1
    _merge_state(store, doc_id, layer, their_state, totals)


def _merge_state(store: Store, doc_id: int, layer: str, theirs: DocState, totals: dict) -> None:
    """The later state wins; time spent is the larger of the two."""
    if not theirs.updated_at:
        return
    mine = store.doc_state(doc_id, layer)
    later = theirs if theirs.updated_at > mine.updated_at else mine
    status, seconds = later.status, max(mine.seconds, theirs.seconds)
    if (status, seconds) != (mine.status, mine.seconds):
        store.put_doc_state(DocState(doc_id, layer, status, seconds, max(mine.updated_at, theirs.updated_at) or utc_now()))
        totals["states"] += 1


def _identity(annotation: Annotation) -> str:
    """The same decision in two projects: on the same candidate, or the same added span."""
    return annotation.candidate_key or f"added:{annotation.start}:{annotation.end}:{annotation.label}"


def _same(a: Annotation, b: Annotation) -> bool:
    fields = ("start", "end", "label", "status", "candidate_key", "comment", "uncertain")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _version(annotation: Annotation, where: str) -> dict:
    return {
        "project": where, "start": annotation.start, "end": annotation.end, "label": annotation.label,
        "status": annotation.status, "comment": annotation.comment, "uncertain": annotation.uncertain,
        "updated_at": annotation.updated_at,
    }
