"""Use cases: what the CLI, the GUI and notebooks do with a project.

Each function takes a :class:`Store` and plain values, reports progress through plain
callables, and returns records. No printing, no Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .. import corpus, textio
from ..errors import InputError
from ..progress import Cancelled, IsCancelled, Progress, never_cancelled, no_progress
from ..records import NewDocument
from ..store import Store, utc_now

IMPORT_BATCH = 500


@dataclass(frozen=True)
class ImportReport:
    files: int
    records: int  # good records read
    imported: int  # new documents stored
    duplicates: int  # good records whose text was already in the project
    bad: tuple[InputError, ...] = field(default_factory=tuple)


# SQLite's companions of a project file: opening and closing any of them (or the file
# itself) in a process that has the project open drops that process's locks on it.
_PROJECT_COMPANIONS = ("", "-wal", "-shm", "-journal")


def project_file_problem(project: str | Path, path: str | Path) -> InputError | None:
    """An error when ``path`` is the project file (or its -wal/-shm/-journal), else None.

    Decided from ``os.stat`` alone: the project file is never opened outside SQLite."""
    return _project_file_problem(_project_files(project), path)


def _project_files(project: str | Path) -> dict[tuple[int, int], str]:
    """(device, inode) → suffix of the project file and its companions that exist."""
    if str(project) == ":memory:":
        return {}
    found = {}
    for suffix in _PROJECT_COMPANIONS:
        try:
            own = os.stat(f"{project}{suffix}")
        except OSError:
            continue
        found[(own.st_dev, own.st_ino)] = suffix
    return found


def _project_file_problem(project_files: dict[tuple[int, int], str], path: str | Path) -> InputError | None:
    if not project_files:
        return None
    try:
        given = os.stat(path)
    except OSError:
        return None  # a missing input is reported where it is read
    suffix = project_files.get((given.st_dev, given.st_ino))
    if suffix is None:
        return None
    what = "the project file itself" if not suffix else f"the project's SQLite {suffix[1:]} file"
    return InputError(path, f"this is {what} (--db): a project cannot be imported into itself")


def refuse_project_files(project: str | Path, paths: Iterable[str | Path]) -> None:
    project_files = _project_files(project)  # looked up once, not once per input file
    for path in paths:
        problem = _project_file_problem(project_files, path)
        if problem:
            raise problem


def find_input_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[InputError]]:
    """Expand folders (recursively, sorted, hidden files skipped) into supported files.

    Paths are checked with ``stat`` before anything is opened: a FIFO, socket or device
    is refused at once (reading one would hang or never end)."""
    files: list[Path] = []
    problems: list[InputError] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            problems.append(InputError(path, "no such file or folder"))
        elif not path.is_dir() and (problem := textio.regular_file_problem(path)):
            problems.append(InputError(path, problem))
        elif path.is_dir():
            found = sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in corpus.SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            )
            if not found:
                problems.append(InputError(path, "the folder holds no .txt, .jsonl or .csv files"))
            files.extend(found)
        else:
            files.append(path)
    return files, problems


def import_paths(
    store: Store,
    paths: Sequence[str | Path],
    options: corpus.ReadOptions = corpus.ReadOptions(),
    *,
    skip_bad: bool = False,
    actor: str | None = None,
    progress: Progress = no_progress,
    cancelled: IsCancelled = never_cancelled,
) -> ImportReport:
    """Import files and folders of articles into the project, in one transaction.

    By default any bad file or record raises :class:`InputError` and the project is left
    exactly as it was. With ``skip_bad`` the good records are imported and the bad ones
    are listed in the report. Progress is reported in bytes of input.
    """
    files, bad = find_input_files(paths)
    refuse_project_files(store.path, files)  # even with skip_bad: never open the project file
    if bad and not skip_bad:
        raise bad[0]
    sizes = [_size(path) for path in files]
    total = sum(sizes)
    counts = _Counts()
    with store.transaction(what="an import"):
        imported_at = utc_now()
        done_before = 0
        for path, size in zip(files, sizes):
            tracker = lambda position, base=done_before: progress(base + position, total)  # noqa: E731
            for record in corpus.read_file(path, options, tracker):
                if isinstance(record, InputError):
                    if not skip_bad:
                        raise record
                    bad.append(record)
                    continue
                counts.add(store, record, imported_at, cancelled)
            done_before += size
            progress(done_before, total)
        counts.flush(store, imported_at)
        report = ImportReport(len(files), counts.records, counts.imported, counts.records - counts.imported, tuple(bad))
        store.append_event(
            "import",
            actor=actor,
            after={
                "paths": [textio.source_path_text(Path(p).resolve()) for p in paths],
                "files": report.files,
                "imported": report.imported,
                "duplicates": report.duplicates,
                "bad": [str(error) for error in bad[:100]],
            },
        )
    return report


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the read itself reports a file that vanished


class _Counts:
    """Batches documents into the store and counts what went in."""

    def __init__(self) -> None:
        self.batch: list[NewDocument] = []
        self.records = 0
        self.imported = 0

    def add(self, store: Store, doc: NewDocument, imported_at: str, cancelled: IsCancelled) -> None:
        self.batch.append(doc)
        self.records += 1
        if len(self.batch) >= IMPORT_BATCH:
            if cancelled():
                raise Cancelled("import cancelled; nothing was imported")
            self.flush(store, imported_at)

    def flush(self, store: Store, imported_at: str) -> None:
        if self.batch:
            self.imported += store.insert_documents(self.batch, imported_at)
            self.batch = []
