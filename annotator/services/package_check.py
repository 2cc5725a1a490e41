"""Everything a merge checks in a package before it writes anything.

A package comes back from another machine: it may be damaged, edited by hand or hostile. It
is read as raw rows and refused, with one sentence naming the file and the document or
annotation, when anything is not what this application would have written:

- the file: an annotator project (application id), a schema this version knows, every table
  and column a merge reads, SQLite's ``quick_check``;
- sizes: at most ``MAX_DOCUMENTS`` documents of at most ``MAX_TEXT_LENGTH`` characters,
  ``MAX_ANNOTATIONS`` annotations, ``MAX_CANDIDATES`` candidates, ``MAX_LAYERS`` layers; names
  and labels up to ``MAX_NAME_LENGTH`` characters, other text fields up to ``MAX_FIELD_LENGTH``;
- documents: text matching its stored hash (the importer's :func:`annotator.textio.text_hash`),
  no NUL characters, one document per text;
- annotations and candidates: offsets that are integers with ``0 <= start < end <= len(text)``,
  statuses from the vocabulary, a candidate key consistent with the status, well-formed uids
  and timestamps (none in the future), no two decisions of one layer on one candidate and no
  two identical added spans;
- layers: no annotation or document state in the gold layer, and no layer named ``gold``
  (the gold layer is written only by adjudication, as for ``import --annotator gold``).

Against the project (:func:`check_against_project`): labels in the project's codebook, no uid
that the project (or another package of the same merge) holds under another layer or document,
no layer that is the project's gold layer.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Mapping, Sequence

from .. import store_package, textio
from ..errors import InputError
from ..records import ANNOTATION_STATUSES, ANNOTATOR_KIND, DOC_STATUSES, GOLD_KIND, GOLD_LAYER
from ..store import Store
from .codebooks import project_codebook

MAX_DOCUMENTS = 200_000
MAX_TEXT_LENGTH = 5_000_000  # characters of one document
MAX_ANNOTATIONS = 1_000_000
MAX_CANDIDATES = 5_000_000
MAX_LAYERS = 1_000
MAX_NAME_LENGTH = 200  # a layer's or a label's name
MAX_FIELD_LENGTH = 100_000  # titles, comments, paths, metadata, ...
MAX_SECONDS = 1e9  # time spent on one document (some 30 years)
CLOCK_SKEW = timedelta(days=1)  # how far another machine's clock may run ahead

SCRIPTS = ("simplified", "traditional", "none")
_UID = re.compile(r"[0-9a-f]{32}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_CANDIDATE_KEY = re.compile(r"(\d{1,18}):(\d{1,18}):(.+)", re.DOTALL)

_LIMITS = {
    "documents.text": MAX_TEXT_LENGTH,
    **{f"documents.{c}": MAX_FIELD_LENGTH for c in ("title", "text_hash", "script", "source_path", "source_hash",
                                                      "encoding", "external_id", "meta", "imported_at")},
    "annotators.name": MAX_NAME_LENGTH,
    "annotators.kind": MAX_NAME_LENGTH,
    "annotations.label": MAX_NAME_LENGTH,
    **{f"annotations.{c}": MAX_FIELD_LENGTH for c in ("status", "candidate_key", "comment", "codebook_version",
                                                        "created_at", "updated_at", "uid")},
    "candidates.label": MAX_NAME_LENGTH,
    **{f"candidates.{c}": MAX_FIELD_LENGTH for c in ("rule", "detector_version")},
    **{f"doc_state.{c}": MAX_FIELD_LENGTH for c in ("status", "updated_at")},
    "project.value": 40 * MAX_ANNOTATIONS,  # package_uids: a JSON list of uids
}
_COUNT_LIMITS = {"documents": MAX_DOCUMENTS, "annotations": MAX_ANNOTATIONS, "candidates": MAX_CANDIDATES,
                 "annotators": MAX_LAYERS, "doc_state": MAX_DOCUMENTS * MAX_LAYERS, "project": 1_000}


@dataclass(frozen=True)
class PackageFacts:
    """What the checks learnt about a valid package: what the checks against the project need."""

    path: str
    layers: tuple[str, ...]  # the annotators' layers it holds
    labels: Mapping[str, str]  # label used by an annotation → where ("annotation <uid> in document ...")
    candidate_labels: Mapping[str, frozenset[str]]  # text hash → labels of that document's candidates
    uids: Mapping[str, tuple[str, str]]  # annotation uid → (layer, text hash of its document)
    documents: Mapping[str, str]  # text hash → "document N ('title')"


def refusal(path: str, what: str) -> InputError:
    return InputError(path, f"{what}; nothing was merged")


def check_identity(path: str, identity: store_package.Identity) -> None:
    """Refuse a file that is not an annotator project of a schema this version knows."""
    from .. import migrations

    if identity.application_id != migrations.APPLICATION_ID:
        tables = ", ".join(identity.tables[:5]) or "none"
        raise refusal(path, f"not an annotator project or package (application id {identity.application_id}, tables: {tables})")
    if not identity.has_migration_table:
        raise refusal(path, "its record of schema steps (_sqlite_migrations) is missing, so its schema is unknown")
    known = set(migrations.known_names())
    unknown = [name for name in identity.applied if name not in known]
    if unknown:
        raise refusal(path, f"written by a newer version of annotator (schema steps {', '.join(unknown[:3])}); upgrade annotator to merge it")


def check_package(path: str, conn: sqlite3.Connection, now: datetime | None = None) -> PackageFacts:
    """Check a package's own content (see the module's docstring); raise :class:`InputError`."""
    checker = _Checker(path, now or datetime.now(timezone.utc))
    return checker.run(conn)


class _Checker:
    def __init__(self, path: str, now: datetime):
        self.path = path
        self.latest = (now + CLOCK_SKEW).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    def fail(self, what: str) -> InputError:
        return refusal(self.path, what)

    def run(self, conn: sqlite3.Connection) -> PackageFacts:
        self._check_structure(conn)
        layers, gold_ids = self._annotators(conn)
        documents, lengths, hashes = self._documents(conn)
        candidate_labels = self._candidates(conn, lengths, hashes, documents)
        labels, uids = self._annotations(conn, layers, gold_ids, lengths, hashes, documents)
        self._doc_states(conn, layers, gold_ids, documents)
        self._settings(conn)
        return PackageFacts(
            path=self.path,
            layers=tuple(name for id, name in sorted(layers.items()) if id not in gold_ids),
            labels=labels, candidate_labels=candidate_labels, uids=uids,
            documents={hashes[doc_id]: where for doc_id, where in documents.items()},
        )

    # ------------------------------------------------------------ the file

    def _check_structure(self, conn: sqlite3.Connection) -> None:
        verdict = store_package.quick_check(conn)
        if verdict != "ok":
            raise self.fail(f"the file is damaged (SQLite's check says: {verdict[:200]})")
        missing = store_package.missing_columns(conn)
        if missing:
            raise self.fail(f"not a complete annotator project: {', '.join(missing[:5])} missing")
        for table, count in store_package.row_counts(conn).items():
            if count > _COUNT_LIMITS[table]:
                raise self.fail(f"too large to be a package: {count:,} rows in {table} (at most {_COUNT_LIMITS[table]:,})")
        too_long = store_package.oversized(conn, _LIMITS)
        if too_long is not None:
            name, rowid, length = too_long
            raise self.fail(f"{name} of row {rowid} is {length:,} long (at most {_LIMITS[name]:,})")

    # ------------------------------------------------------------ layers

    def _annotators(self, conn: sqlite3.Connection) -> tuple[dict[int, str], set[int]]:
        layers: dict[int, str] = {}
        gold_ids: set[int] = set()
        for id, name, kind in store_package.annotator_rows(conn):
            if type(id) is not int or not _is_name(name):
                raise self.fail(f"annotator row {id!r} has no usable name ({name!r})")
            if kind not in (ANNOTATOR_KIND, GOLD_KIND):
                raise self.fail(f"layer {name!r} is of unknown kind {kind!r}")
            if kind == ANNOTATOR_KIND and name.strip().casefold() == GOLD_LAYER:
                raise self.fail(f"it holds a layer named {name!r}: the gold layer is written only by adjudication")
            if name in layers.values():
                raise self.fail(f"it holds layer {name!r} twice")
            layers[id] = name
            if kind == GOLD_KIND:
                gold_ids.add(id)
        return layers, gold_ids

    # ------------------------------------------------------------ documents

    def _documents(self, conn: sqlite3.Connection) -> tuple[dict[int, str], dict[int, int], dict[int, str]]:
        documents: dict[int, str] = {}  # id → how a message names it
        lengths: dict[int, int] = {}
        hashes: dict[int, str] = {}
        seen: set[str] = set()
        for row in store_package.document_rows(conn):
            (id, title, text, text_hash, script, source_path, source_line, source_hash, encoding, external_id,
             meta, imported_at) = row  # fmt: skip
            if type(id) is not int or not isinstance(title, str):
                raise self.fail(f"document {id!r} has no usable id or title")
            where = f"document {id} ({title[:30]!r})"
            if not isinstance(text, str) or not text:
                raise self.fail(f"{where} has no text")
            if "\x00" in text or "\x00" in title:
                raise self.fail(f"{where} holds a NUL character")
            if text_hash != textio.text_hash(text):
                raise self.fail(f"{where}: its text does not match its stored hash (changed or damaged)")
            if text_hash in seen:
                raise self.fail(f"{where}: the same text is there twice")
            if script not in SCRIPTS:
                raise self.fail(f"{where}: unknown script {script!r}")
            if not all(isinstance(v, str) for v in (source_path, source_hash, encoding, imported_at)) \
                    or not (source_line is None or type(source_line) is int) \
                    or not (external_id is None or isinstance(external_id, str)):
                raise self.fail(f"{where}: its source fields are not text")
            if not _is_json_object(meta):
                raise self.fail(f"{where}: its metadata is not a JSON object")
            seen.add(text_hash)
            documents[id], lengths[id], hashes[id] = where, len(text), text_hash
        return documents, lengths, hashes

    def _candidates(self, conn, lengths: dict[int, int], hashes: dict[int, str], documents: dict[int, str]) -> dict[str, frozenset[str]]:
        labels: dict[str, set[str]] = {}
        for id, doc_id, start, end, label, rule, score, detector_version in store_package.candidate_rows(conn):
            if doc_id not in lengths:
                raise self.fail(f"candidate {id!r} belongs to no document ({doc_id!r})")
            where = f"{documents[doc_id]}: candidate {id}"
            self._check_span(where, start, end, lengths[doc_id])
            if not _is_name(label) or not isinstance(rule, str) or not isinstance(detector_version, str):
                raise self.fail(f"{where} has no usable label or rule")
            if type(score) not in (int, float) or not math.isfinite(score):
                raise self.fail(f"{where} has a score that is not a number ({score!r})")
            labels.setdefault(hashes[doc_id], set()).add(label)
        return {text_hash: frozenset(found) for text_hash, found in labels.items()}

    # ------------------------------------------------------------ annotations

    def _annotations(self, conn, layers: dict[int, str], gold_ids: set[int], lengths: dict[int, int],
                     hashes: dict[int, str], documents: dict[int, str]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
        labels: dict[str, str] = {}
        uids: dict[str, tuple[str, str]] = {}
        identities: set[tuple] = set()
        for row in store_package.annotation_rows(conn):
            (id, doc_id, annotator_id, start, end, label, status, key, comment, uncertain, codebook_version,
             created_at, updated_at, uid) = row  # fmt: skip
            if doc_id not in lengths:
                raise self.fail(f"annotation {uid or id!r} belongs to no document ({doc_id!r})")
            where = f"{documents[doc_id]}: annotation {uid if isinstance(uid, str) and _UID.fullmatch(uid) else id}"
            if annotator_id not in layers:
                raise self.fail(f"{where} belongs to no layer ({annotator_id!r})")
            if annotator_id in gold_ids:
                raise self.fail(f"{where} is in the gold layer, which is written only by adjudication")
            layer = layers[annotator_id]
            if not isinstance(uid, str) or not _UID.fullmatch(uid):
                raise self.fail(f"{where} has no valid uid ({uid!r})")
            if uid in uids:
                raise self.fail(f"{where}: its uid is used twice")
            self._check_span(where, start, end, lengths[doc_id])
            if not _is_name(label):
                raise self.fail(f"{where} has no usable label ({label!r})")
            if status not in ANNOTATION_STATUSES:
                raise self.fail(f"{where} has unknown status {status!r} (expected one of {', '.join(ANNOTATION_STATUSES)})")
            self._check_key(where, start, end, label, status, key, lengths[doc_id])
            if not isinstance(comment, str) or uncertain not in (0, 1) or type(uncertain) is float:
                raise self.fail(f"{where} has a comment or uncertain flag of the wrong kind")
            if not (codebook_version is None or isinstance(codebook_version, str)):
                raise self.fail(f"{where} has a codebook version that is not text")
            self._check_time(f"{where}: its creation time", created_at)
            self._check_time(f"{where}: its change time", updated_at)
            identity = (annotator_id, doc_id, key) if key is not None else (annotator_id, doc_id, start, end, label)
            if identity in identities:
                what = f"a second decision on candidate {key}" if key is not None else f"a second identical span [{start}, {end}) {label}"
                raise self.fail(f"{where} is {what} in layer {layer!r}")
            identities.add(identity)
            uids[uid] = (layer, hashes[doc_id])
            labels.setdefault(label, where)
        return labels, uids

    def _check_span(self, where: str, start, end, length: int) -> None:
        if type(start) is not int or type(end) is not int:
            raise self.fail(f"{where} has offsets that are not integers ({start!r}, {end!r})")
        if not 0 <= start < end <= length:
            raise self.fail(f"{where}: span [{start}, {end}) is not inside the text (length {length})")

    def _check_key(self, where: str, start: int, end: int, label: str, status: str, key, length: int) -> None:
        """A decision on a candidate names it "start:end:label"; an accepted one keeps the
        candidate's label, a rejected or imported one its span and label too."""
        if key is None:
            return
        match = _CANDIDATE_KEY.fullmatch(key) if isinstance(key, str) else None
        if match is None or not 0 <= int(match[1]) < int(match[2]) <= length:
            raise self.fail(f"{where} names no valid candidate ({key!r})")
        if status == "accepted" and match[3] != label:
            raise self.fail(f"{where} is accepted with label {label!r} but its candidate {key} has another label")
        if status in ("rejected", "added") and key != f"{start}:{end}:{label}":
            raise self.fail(f"{where} is {status} but its span [{start}, {end}) {label} differs from its candidate {key}")

    def _check_time(self, what: str, value) -> None:
        if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
            raise self.fail(f"{what} is not a timestamp ({str(value)[:40]!r})")
        if value > self.latest:
            raise self.fail(f"{what} {value} lies in the future (is that machine's clock wrong?)")

    # ------------------------------------------------------------ document states and settings

    def _doc_states(self, conn, layers: dict[int, str], gold_ids: set[int], documents: dict[int, str]) -> None:
        seen: set[tuple] = set()
        for doc_id, annotator_id, status, seconds, updated_at in store_package.doc_state_rows(conn):
            if doc_id not in documents or annotator_id not in layers:
                raise self.fail(f"a document state belongs to no document or layer ({doc_id!r}, {annotator_id!r})")
            where = f"{documents[doc_id]}: the state of layer {layers[annotator_id]!r}"
            if annotator_id in gold_ids:
                raise self.fail(f"{where} is the gold layer's, which is written only by adjudication")
            if (doc_id, annotator_id) in seen:
                raise self.fail(f"{where} is there twice")
            seen.add((doc_id, annotator_id))
            if status not in DOC_STATUSES:
                raise self.fail(f"{where} has unknown status {status!r}")
            if type(seconds) not in (int, float) or not 0 <= seconds <= MAX_SECONDS:
                raise self.fail(f"{where} has an impossible time spent ({seconds!r})")
            self._check_time(f"{where}: its change time", updated_at)

    def _settings(self, conn) -> None:
        values = dict(store_package.settings(conn))
        handed_out = values.get("package_uids")
        if handed_out is not None:
            uids = _json(handed_out)
            if not isinstance(uids, list) or not all(isinstance(u, str) and _UID.fullmatch(u) for u in uids):
                raise self.fail("its list of handed-out annotations (package_uids) is damaged")
        created = values.get("package_created_at")
        if created is not None:
            self._check_time("its creation time (package_created_at)", created)


def check_against_project(store: Store, packages: Sequence[PackageFacts]) -> None:
    """The checks that need the project: codebook, uid collisions, the gold layer. Call inside
    the merge's transaction, so that what was checked is what is written to."""
    labels = set(project_codebook(store).labels)
    gold_layers = {a.name for a in store.annotators() if a.kind != ANNOTATOR_KIND}
    known_hashes: dict[str, bool] = {}
    owners: dict[str, tuple[str, str, str]] = {}  # uid → (layer, text hash, package) seen so far
    for facts in packages:
        for layer in facts.layers:
            if layer in gold_layers:
                raise refusal(facts.path, f"its layer {layer!r} is this project's gold layer, which is written only by adjudication")
        for label, where in facts.labels.items():
            if label not in labels:
                raise refusal(facts.path, f"{where} uses label {label!r}, which this project's codebook does not define")
        for text_hash, found in facts.candidate_labels.items():
            unknown = sorted(found - labels)
            if unknown and not known_hashes.setdefault(text_hash, store.document_id_by_hash(text_hash) is not None):
                raise refusal(facts.path, f"{facts.documents[text_hash]} has candidates with label {unknown[0]!r}, "
                                          "which this project's codebook does not define")
        in_project = store_package.uid_owners(store.db.conn, list(facts.uids))
        for uid, (layer, text_hash) in facts.uids.items():
            other = owners.get(uid) or (in_project[uid] + (store.path,) if uid in in_project else None)
            if other is not None and other[:2] != (layer, text_hash):
                raise refusal(facts.path, f"{facts.documents[text_hash]}: annotation {uid} of layer {layer!r} has the "
                                          f"uid of an annotation of layer {other[0]!r} on another document or layer in {other[2]}")
            owners.setdefault(uid, (layer, text_hash, facts.path))


def _is_name(value) -> bool:
    return isinstance(value, str) and value.strip() != "" and not any(ord(c) < 32 for c in value)


def _json(value):
    try:
        return json.loads(value)
    except (TypeError, ValueError, RecursionError):
        return None


def _is_json_object(value) -> bool:
    return isinstance(value, str) and isinstance(_json(value), dict)
