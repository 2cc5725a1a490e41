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
import os
import re
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .. import store_file, store_package
from ..detect import DETECTOR_VERSION
from ..errors import AnnotatorError
from ..records import GOLD_LAYER, Annotation, CandidateSpan, DocState, NewDocument
from ..store import Store, utc_now
from . import package_check
from .codebooks import project_codebook
from .package_check import PackageFacts


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
    ``count`` they have not marked done), the candidates, the codebook and their layer.

    It is built under a temporary name beside ``out`` and appears under ``out`` only when it is
    complete, as one self-contained file: a killed run leaves nothing that blocks the rerun.
    """
    if (count is None) == (ids is None):
        raise AnnotatorError("choose the documents: a number (--docs N) or a list of ids (--ids FILE)")
    if annotator.strip().casefold() == GOLD_LAYER:
        raise AnnotatorError("the gold layer is written only by adjudication: a package is for an annotator's layer")
    out = Path(out)
    if os.path.lexists(out):
        raise AnnotatorError(f"{out}: already exists; choose another --out (nothing was written)")
    if not out.parent.is_dir():
        raise AnnotatorError(f"{out}: the folder {out.parent} does not exist (nothing was written)")
    chosen = list(ids) if ids is not None else _undone(store, annotator, count or 0)
    missing = [doc_id for doc_id in chosen if not 0 < doc_id < 2**63 or not _exists(store, doc_id)]
    if missing:
        raise AnnotatorError(f"no document with id {', '.join(map(str, missing[:10]))} in {store.path}")
    _remove_abandoned(out)
    partial = _partial_name(out)
    target = None
    try:
        target = Store.open(partial)
        candidates, annotations = _fill(store, target, annotator, chosen)
        if not store_package.fold_into_single_file(target.db.conn):
            raise AnnotatorError(f"{out}: the package could not be finished as one file (nothing was written)")
        target.close()
        target = None
        _publish(partial, out)
    except BaseException as exc:
        if target is not None:
            target.close()
        _remove(partial)
        if isinstance(exc, (sqlite3.Error, OSError)):  # disk full, folder not writable, ...
            raise AnnotatorError(f"{out}: the package could not be written ({exc}); nothing was written") from exc
        raise
    return PackageReport(str(out), len(chosen), candidates, annotations)


def _partial_name(out: Path) -> Path:
    """A name beside ``out`` that nothing else uses: ``.OUT.partial-PID`` (plus a number
    when a killed run with the same process id left one behind)."""
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    number = 1
    while any(os.path.lexists(f"{partial}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")):
        partial = out.with_name(f".{out.name}.partial-{os.getpid()}-{number}")
        number += 1
    return partial


def _remove_abandoned(out: Path) -> None:
    """Unfinished packages of ``out`` left by killed runs (their process is gone) go: they
    are hidden files nobody else knows of. A run still going keeps its own."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.partial-(\d+)(-\d+)?(-wal|-shm|-journal)?")
    for entry in out.parent.iterdir():
        found = pattern.fullmatch(entry.name)
        if found and not store_file.process_alive(int(found.group(1)), store_file.this_host()):
            entry.unlink(missing_ok=True)


def _publish(partial: Path, out: Path) -> None:
    """Give the finished package its final name, never replacing a file someone else made
    there meanwhile: a hard link fails when the name exists."""
    appeared = AnnotatorError(f"{out}: a file of that name appeared while the package was being written; "
                              "it was left alone and nothing was written (choose another --out)")
    try:
        os.link(partial, out)
    except FileExistsError:
        raise appeared from None
    except OSError:  # a file system without hard links (FAT, exFAT sticks): check, then rename
        if os.path.lexists(out):
            raise appeared from None
        os.rename(partial, out)
        return
    os.unlink(partial)


def _remove(partial: Path) -> None:
    """Remove the unfinished package (a name only this run uses) and SQLite's files beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)


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


def _fill(source: Store, target: Store, annotator: str, chosen: list[int]) -> tuple[int, int]:
    """Write the package's content; returns (candidates, annotations) written."""
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
            # What the annotator sees: everyone's candidates and their own (still theirs).
            seen = source.document_candidates(doc_id, annotator)
            for owner in (None, annotator):
                spans = [
                    CandidateSpan(c.start, c.end, c.label, c.rule, c.score, c.model_score) for c in seen if c.owner == owner
                ]
                candidates += target.add_candidates(new_id, spans, DETECTOR_VERSION, owner=owner)
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
    return candidates, annotations


def _new_document(document) -> NewDocument:
    return NewDocument(
        title=document.title, text=document.text, text_hash=document.text_hash, script=document.script,
        source_path=document.source_path, source_line=document.source_line, source_hash=document.source_hash,
        encoding=document.encoding, external_id=document.external_id, meta=document.meta,
    )


def merge(store: Store, paths: Sequence[str | Path]) -> MergeReport:
    """Bring annotators' layers from package files (or any project) into this project.

    All or nothing: every package is read from a read-only snapshot (the package file itself is
    never written to) and checked completely (:mod:`.package_check`) before anything is
    written; then all of them are merged in one transaction. A refusal raises
    :class:`~annotator.errors.InputError` naming the package, and the project is unchanged.
    """
    if not paths:
        raise AnnotatorError("name at least one package to merge (nothing was merged)")
    try:
        workdir = tempfile.TemporaryDirectory(prefix="annotator-merge-")
    except OSError as exc:
        raise AnnotatorError(f"no room for a temporary copy of the packages ({exc}); nothing was merged") from exc
    with workdir:
        opened: list[tuple[Store, PackageFacts]] = []
        try:
            for index, path in enumerate(paths):
                opened.append(_open_package(store, Path(path), Path(workdir.name) / f"package-{index}.db"))
            return _merge_all(store, opened)
        finally:
            for other, _ in opened:
                other.close()


def _open_package(store: Store, path: Path, copy: Path) -> tuple[Store, PackageFacts]:
    """A checked read-only snapshot of the package at ``path``, and what the checks learnt."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise package_check.refusal(name, "no such file") from None
    except OSError as exc:
        raise package_check.refusal(name, f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
        raise package_check.refusal(name, "not a regular file")
    if _same_file(info, store.path):
        raise package_check.refusal(name, "this is the project itself")
    try:
        identity = store_package.read_only_copy(path, copy)
    except store_package.Unreadable as exc:
        raise package_check.refusal(name, f"cannot be read as a package: {exc}") from None
    package_check.check_identity(name, identity)
    try:
        other = Store.open(copy, create=False)
    except (AnnotatorError, sqlite3.Error) as exc:
        raise package_check.refusal(name, f"cannot be opened as a project ({str(exc).replace(str(copy), 'its copy')})") from None
    try:
        return other, package_check.check_package(name, other.db.conn)
    except BaseException as exc:
        other.close()
        if isinstance(exc, (sqlite3.Error, UnicodeDecodeError)):  # damaged: text that is not UTF-8
            raise package_check.refusal(name, f"cannot be read as a package ({exc})") from None
        raise


def _same_file(info: os.stat_result, project: str) -> bool:
    try:
        mine = os.stat(project)
    except OSError:  # an in-memory project
        return False
    return (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino)


def _merge_all(store: Store, opened: list[tuple[Store, PackageFacts]]) -> MergeReport:
    totals = dict.fromkeys(_COUNTS, 0)
    layers: set[str] = set()
    try:
        with store.transaction(what="a merge"):
            package_check.check_against_project(store, [facts for _, facts in opened])
            for other, facts in opened:
                merged = _merge_package(store, other, facts)
                layers.update(facts.layers)
                for key, value in merged.items():
                    totals[key] += value
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise AnnotatorError(f"{store.path}: the merge failed and nothing was merged ({exc})") from exc
    return MergeReport(len(opened), tuple(sorted(layers)), **totals)


_COUNTS = ("new_documents", "added", "updated", "kept", "unchanged", "states", "deleted")


def _merge_package(store: Store, other: Store, facts: PackageFacts) -> dict[str, int]:
    totals = dict.fromkeys(_COUNTS, 0)
    handed_out = Handout(frozenset(json.loads(other.get_setting("package_uids") or "[]")),
                         other.get_setting("package_created_at") or "")
    for layer in facts.layers:
        store.ensure_annotator(layer)
        for document in other.documents():
            _merge_document(store, other, document, layer, totals, facts.path, handed_out)
    if any(totals[k] for k in _COUNTS if k not in ("unchanged", "kept")):  # kept: journalled by itself
        store.append_event("merge", after={"file": str(Path(facts.path).resolve()), **totals})
    return totals


@dataclass(frozen=True)
class Handout:
    """What a package held when it was made (empty for a project that is no package)."""

    uids: frozenset
    created_at: str


class _LayerView:
    """This project's annotations of one layer on one document, kept current while a package's
    annotations are merged into it (by uid, and by identity: the same candidate or span)."""

    def __init__(self, annotations: Sequence[Annotation]):
        self.by_id: dict[int, Annotation] = {}
        self.by_uid: dict[str, Annotation] = {}
        self.by_identity: dict[str, Annotation] = {}
        for annotation in annotations:
            self.put(annotation)

    def put(self, annotation: Annotation, replaces: Annotation | None = None) -> None:
        if replaces is not None:
            self.drop(replaces)
        self.by_id[annotation.id] = annotation
        self.by_uid[annotation.uid] = annotation
        self.by_identity[_identity(annotation)] = annotation

    def drop(self, annotation: Annotation) -> None:
        self.by_id.pop(annotation.id, None)
        for index, key in ((self.by_uid, annotation.uid), (self.by_identity, _identity(annotation))):
            if key in index and index[key].id == annotation.id:
                del index[key]


def _merge_document(store: Store, other: Store, document, layer: str, totals: dict, source: str, handed_out: Handout) -> None:
    theirs = other.annotations(document.id, layer)
    their_state = other.doc_state(document.id, layer)
    doc_id = store.document_id_by_hash(document.text_hash)
    if not theirs and not their_state.updated_at and not (doc_id is not None and handed_out.uids):
        return  # this layer did nothing with the document
    if doc_id is None:
        store.insert_documents([_new_document(document)], document.imported_at)
        doc_id = store.document_id_by_hash(document.text_hash)
        # Everyone's candidates only: an annotator's own (learned from their layer) are not
        # copied into anyone's view; `detect` recomputes them from the merged layer. A package's
        # model scores are not taken either: the project's model scores it at its next detection.
        spans = [CandidateSpan(c.start, c.end, c.label, c.rule, c.score) for c in other.document_candidates(document.id)]
        store.add_candidates(doc_id, spans, DETECTOR_VERSION)
        totals["new_documents"] += 1
    view = _LayerView(store.annotations(doc_id, layer))
    touched: set[int] = set()  # annotations of this project a package annotation was matched with
    # Annotations this project knows by uid first: one moved there (resized, relabelled) frees
    # its old span before another of the package's is matched to that span by identity.
    for annotation in sorted(theirs, key=lambda a: a.uid not in view.by_uid):
        current = view.by_uid.get(annotation.uid)
        holder = view.by_identity.get(_identity(annotation))
        if holder is not None and (holder.id != current.id if current is not None else holder.id in touched):
            # On a span this layer has another decision for here (one already matched with
            # another of the package's annotations): two decisions on one span must not
            # exist, so this project's stays and the package's version is journalled.
            _journal_conflict(store, layer, doc_id, loser=_version(annotation, source), winner=_version(holder, store.path))
            touched.update((current.id, holder.id))
            totals["kept"] += 1
            continue
        current = current or holder
        if current is None:
            copied = store.copy_annotation(doc_id, annotation)
            view.put(copied)
            touched.add(copied.id)
            totals["added"] += 1
            continue
        touched.add(current.id)
        if _same(current, annotation):
            totals["unchanged"] += 1
        elif annotation.updated_at > current.updated_at:
            _journal_conflict(store, layer, doc_id, loser=_version(current, store.path), winner=_version(annotation, source))
            view.put(store.copy_annotation(doc_id, annotation, current.id), replaces=current)
            totals["updated"] += 1
        else:
            _journal_conflict(store, layer, doc_id, loser=_version(annotation, source), winner=_version(current, store.path))
            totals["kept"] += 1
    their_uids = {a.uid for a in theirs}
    for annotation in list(view.by_id.values()):  # handed out, and gone from the package: deleted there
        if annotation.id in touched or annotation.uid not in handed_out.uids or annotation.uid in their_uids:
            continue
        if annotation.updated_at <= handed_out.created_at:
            store.delete_annotation(annotation.id)
            view.drop(annotation)
            store.append_event("merge delete", actor=layer, doc_id=doc_id, before=_version(annotation, store.path), after={"deleted in": source})
            totals["deleted"] += 1
        else:
            _journal_conflict(store, layer, doc_id, loser={"deleted in": source}, winner=_version(annotation, store.path))
            totals["kept"] += 1
    _merge_state(store, doc_id, layer, their_state, totals)


def _journal_conflict(store: Store, layer: str, doc_id: int, *, loser: dict, winner: dict) -> None:
    """Journal a conflict (the version that lost, and the one kept) once: merging the same
    package again does not repeat it."""
    if not any(e.action == "merge conflict" and e.before == loser and e.after == winner for e in store.events(doc_id)):
        store.append_event("merge conflict", actor=layer, doc_id=doc_id, before=loser, after=winner)


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
