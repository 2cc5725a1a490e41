"""``annotator check [--repair]``: find what a healthy project never holds, and mend what can
be mended without guessing (like Anki's *Check Database*).

A repair first writes a backup beside the project with SQLite's backup API (never a file copy:
closing any descriptor of a live project drops this process's SQLite locks), then fixes
everything in one transaction, one journal event per fix with the removed row in ``before``.
What cannot be fixed without guessing (a damaged file, NUL characters, texts that no longer
match their hash, labels missing from the codebook) is reported with what to do instead.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from .. import store_check as sc
from ..errors import ProjectError
from ..store import Store
from .codebooks import project_codebook

EXAMPLES = 5  # rows shown per finding
REPAIR_ACTION = "check repair"
FILE = "(file)"  # an example about the whole file, not a row


@dataclass(frozen=True)
class Example:
    table: str
    row: int | None
    doc_id: int | None
    detail: str


@dataclass(frozen=True)
class Finding:
    code: str
    title: str
    count: int
    examples: tuple[Example, ...]
    repairable: bool
    remedy: str  # what --repair does about it, or what to do by hand


@dataclass(frozen=True)
class CheckReport:
    path: str
    findings: tuple[Finding, ...]

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.count)

    @property
    def clean(self) -> bool:
        return not self.problems

    @property
    def corrupt(self) -> bool:
        """The file itself is damaged: its integrity check failed, or a check could not read it."""
        return any(f.count and (f.code == "integrity" or f.examples[0].table == FILE) for f in self.findings)


@dataclass(frozen=True)
class Fix:
    code: str
    count: int
    what: str


@dataclass(frozen=True)
class RepairReport:
    backup: str | None  # None when there was nothing to repair
    found: CheckReport
    fixed: tuple[Fix, ...]
    remaining: CheckReport
    corrupt: bool  # the file itself is damaged: nothing was changed


# -------------------------------------------------------------------- opening


def open_for_check(path: str | Path, *, repair: bool = False) -> Store:
    """Open an existing project without refusing a damaged one, so that it can be reported:
    read-only to check (nothing is written, read-only media work), writable to repair."""
    try:
        return Store.open(path, create=False, readonly=not repair, quick_check=False)
    except sqlite3.DatabaseError as exc:
        raise ProjectError(
            f"{path}: too damaged to open ({exc}); the file was left as it was. Recover what SQLite can read "
            f"with: sqlite3 {path} .recover | sqlite3 recovered.annotator.db"
        ) from exc


# -------------------------------------------------------------------- checking


class _Run:
    """One run of the checks: the store, and integrity_check's answer (a full scan) once."""

    def __init__(self, store: Store):
        self.store = store

    @functools.cached_property
    def integrity(self) -> tuple[list[str], list[str]]:
        return sc.integrity_problems(self.store)


@dataclass(frozen=True)
class _Check:
    code: str
    title: str
    find: Callable[[_Run], list]
    repairable: bool
    remedy: str


def _integrity(run: _Run) -> list[sc.BadRow]:
    return [sc.BadRow(FILE, None, None, message) for message in run.integrity[0]]


def _constraints(run: _Run) -> list[sc.BadRow]:
    # CHECK failures integrity_check reports are spans (checked apart) or values (checked here).
    other = [m for m in run.integrity[1] if not m.startswith("CHECK constraint failed")]
    return sc.values_outside_the_schema(run.store) + [sc.BadRow("(rows)", None, None, m) for m in other]


def _unknown_labels(run: _Run) -> list[sc.BadRow]:
    return sc.annotations_with_labels(run.store, project_codebook(run.store).labels)


def _guards(run: _Run) -> list[sc.BadRow]:
    return [sc.BadRow("sqlite_master", None, None, f"{kind} {name} is missing") for kind, name in sc.missing_guards(run.store)]


def _rows(finder: Callable[[Store], list]) -> Callable[[_Run], list]:
    return lambda run: finder(run.store)


CHECKS: tuple[_Check, ...] = (
    _Check("integrity", "file integrity (PRAGMA integrity_check)", _integrity, False,
           "the file itself is damaged: nothing can be repaired in it (see below)"),
    _Check("constraints", "values the schema forbids (CHECK, NOT NULL, UNIQUE)", _constraints, False,
           "not repaired (which value was meant cannot be known): correct these rows by hand"),
    _Check("foreign-keys", "references to missing rows (PRAGMA foreign_key_check)", _rows(sc.foreign_key_problems), True,
           "removed with the orphan rows"),
    _Check("orphans", "rows of a missing document or annotator", _rows(sc.orphan_rows), True, "deleted"),
    _Check("candidate-links", "annotations linked to a missing candidate", _rows(sc.dangling_candidate_links), True,
           "link cleared (the decision keeps its candidate key and re-attaches at the next detect)"),
    _Check("spans", "spans outside their document's text", _rows(sc.spans_outside_text), True, "deleted"),
    _Check("duplicate-decisions", "two decisions of one layer on one candidate", _rows(sc.duplicate_decisions), True,
           "the newest decision is kept, the older ones deleted"),
    _Check("duplicate-spans", "the same added span twice in one layer", _rows(sc.duplicate_added_spans), True,
           "the newest copy is kept, the older ones deleted"),
    _Check("duplicate-documents", "documents with the same text", _rows(sc.duplicate_documents), False,
           "not repaired (each copy may hold annotations): merge their layers by hand"),
    _Check("labels", "annotation labels missing from the codebook", _unknown_labels, False,
           "not repaired: add the labels to a codebook file and run `annotator detect --codebook FILE`, "
           "or relabel these spans"),
    _Check("nul", "NUL characters in a document's text", _rows(sc.texts_with_nul), False,
           "not repairable in place (every offset depends on the text): import a cleaned copy into a new project"),
    _Check("nul-title", "NUL characters in a document's title", _rows(sc.titles_with_nul), True,
           "removed from the title (a title carries no offsets)"),
    _Check("text-hash", "document texts that no longer match their hash", _rows(sc.documents_not_matching_hash), False,
           "not repairable (the text was changed outside annotator, offsets may no longer fit): restore a backup"),
    _Check("guards", "the schema's guards (journal triggers, one-decision indexes)", _guards, True,
           "recreated (after the duplicates are gone)"),
)


def check_project(store: Store) -> CheckReport:
    """Run every check; reading only."""
    run = _Run(store)
    return CheckReport(store.path, tuple(_finding(check, run) for check in CHECKS))


def _finding(check: _Check, run: _Run) -> Finding:
    try:
        rows = check.find(run)
    except sqlite3.DatabaseError as exc:  # a damaged file can fail any query
        rows = [sc.BadRow(FILE, None, None, f"could not be checked: {exc}")]
        return Finding(check.code, check.title, 1, _examples(rows), False, CHECKS[0].remedy)
    return Finding(check.code, check.title, len(rows), _examples(rows), check.repairable, check.remedy)


def _examples(rows: list[sc.BadRow]) -> tuple[Example, ...]:
    return tuple(
        Example(row.table, row.rowid, row.doc_id, row.detail)
        for row in rows[:EXAMPLES]
    )


# -------------------------------------------------------------------- repairing


def repair_project(store: Store, *, actor: str | None = None) -> RepairReport:
    """Back up, then fix what can be fixed in one transaction, journalling each fix.

    A damaged file (integrity check failing) is backed up and left alone: repairing rows of a
    file whose structure is broken would be pretending.
    """
    found = check_project(store)
    if found.clean:
        return RepairReport(None, found, (), found, False)
    backup = str(write_backup(store))
    if found.corrupt:
        return RepairReport(backup, found, (), found, True)
    with store.transaction("a repair (annotator check --repair)"):
        fixed = tuple(fix for fix in _apply_fixes(store, actor) if fix.count)
    return RepairReport(backup, found, fixed, check_project(store), False)


def _apply_fixes(store: Store, actor: str | None) -> list[Fix]:
    # Each finder runs again inside the transaction, so it sees the previous fixes (and any
    # write made since the check). Deletions come before link clearing, so that no link is
    # mended on a row about to go; the guards come last, as a unique index needs its
    # duplicates gone.
    return [
        Fix("orphans", _delete(store, sc.orphan_rows(store), actor), "orphan row(s) deleted"),
        Fix("spans", _delete(store, sc.spans_outside_text(store), actor), "span(s) outside their text deleted"),
        Fix("duplicate-decisions", _delete(store, sc.duplicate_decisions(store), actor), "older duplicate decision(s) deleted"),
        Fix("duplicate-spans", _delete(store, sc.duplicate_added_spans(store), actor), "older duplicate span(s) deleted"),
        Fix("candidate-links", _clear_links(store, actor), "link(s) to missing candidates cleared"),
        Fix("nul-title", _clean_titles(store, actor), "title(s) cleared of NUL characters"),
        Fix("guards", _restore_guards(store, actor), "guard(s) of the schema recreated"),
    ]


def _delete(store: Store, rows: list[sc.BadRow], actor: str | None) -> int:
    deleted = 0
    for bad in rows:
        row = sc.row_values(store, bad.table, bad.rowid)
        if row is None or not sc.delete_row(store, bad.table, bad.rowid):
            continue  # removed already by an earlier fix
        store.append_event(REPAIR_ACTION, actor=actor, doc_id=bad.doc_id,
                           before={"table": bad.table, "row": row, "problem": bad.detail}, after=None)
        deleted += 1
    return deleted


def _clear_links(store: Store, actor: str | None) -> int:
    cleared = 0
    for bad in sc.dangling_candidate_links(store):
        row = sc.row_values(store, "annotations", bad.rowid)
        if row is None or not sc.clear_candidate_link(store, bad.rowid):
            continue
        store.append_event(REPAIR_ACTION, actor=actor, doc_id=bad.doc_id,
                           before={"table": "annotations", "row": row, "problem": bad.detail},
                           after={"table": "annotations", "row": {**row, "candidate_id": None}})
        cleared += 1
    return cleared


def _clean_titles(store: Store, actor: str | None) -> int:
    bad = sc.titles_with_nul(store)
    for row in bad:
        title = sc.title_of(store, row.doc_id)
        sc.set_title(store, row.doc_id, title.replace("\x00", ""))
        store.append_event(REPAIR_ACTION, actor=actor, doc_id=row.doc_id,
                           before={"table": "documents", "row": {"id": row.doc_id, "title": title}, "problem": row.detail},
                           after={"table": "documents", "row": {"id": row.doc_id, "title": title.replace("\x00", "")}})
    return len(bad)


def _restore_guards(store: Store, actor: str | None) -> int:
    missing = sc.missing_guards(store)
    for kind, name in missing:
        sc.restore_guard(store, name)
        store.append_event(REPAIR_ACTION, actor=actor, before={kind: name, "problem": "missing"}, after={kind: name})
    return len(missing)


# -------------------------------------------------------------------- backup


def backup_path(project: str | Path, when: datetime | None = None) -> Path:
    """``<name>.backup-<timestamp>.annotator.db`` beside the project."""
    project = Path(project)
    name = project.name
    base = name[: -len(".annotator.db")] if name.endswith(".annotator.db") else (project.stem or name)
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return project.with_name(f"{base}.backup-{stamp}.annotator.db")


def write_backup(store: Store) -> Path:
    """Copy the open project through SQLite's backup API into a new file beside it.

    The project file itself is never opened as a file. The backup's name is claimed with
    O_EXCL, so an existing file is never overwritten.
    """
    if store.path == ":memory:":
        raise ProjectError("a project in memory has no place for a backup")
    target = _claim(backup_path(store.path))
    try:
        destination = sqlite3.connect(str(target))
        try:
            store.db.conn.backup(destination)
        finally:
            destination.close()
    except (sqlite3.Error, OSError) as exc:
        _remove_quietly(target)  # ours: created by _claim above
        raise ProjectError(f"{store.path}: could not write the backup {target} ({exc}); nothing was changed") from exc
    return target


def _claim(first: Path) -> Path:
    """Create a new empty file at ``first`` (or ``first`` with -2, -3, ...) and return its path."""
    for number in range(1, 1000):
        candidate = first if number == 1 else first.with_name(first.name.replace(".annotator.db", f"-{number}.annotator.db"))
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            continue
        except OSError as exc:
            raise ProjectError(f"{candidate}: cannot create the backup ({exc.strerror}); nothing was changed") from exc
        return candidate
    raise ProjectError(f"{first}: too many backups with this name; nothing was changed")


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
