"""Exports are byte for byte what they were before the bulk reader (one query per layer for
the whole project instead of several per document) and the faster writers: every format and
layer choice of a project with two annotators, gold, candidates, comments, flags, a document
done without a span, line breaks inside spans and characters beyond the BMP is compared with
the files the per-document exporter wrote (tests/data/export_golden, made by
``python tests/core/test_export_golden.py``)."""

from __future__ import annotations

import sys
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from annotator import services  # noqa: E402
from annotator.export import FORMATS, ExportOptions, export_project  # noqa: E402
from annotator.services import annotating as an  # noqa: E402
from annotator.records import CandidateSpan  # noqa: E402
from annotator.store import Store  # noqa: E402

GOLDEN = REPO / "tests" / "data" / "export_golden"
LABELS = ("SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT")
ASTRAL = "𠮷县坚持“一城三区”发展定位😀,确保总投资达300亿元。\n第二段:荣获全国文明城市称号。\u2028末尾"
CHOICES = {
    "alice": ExportOptions(layer="alice"),
    "all": ExportOptions(layer="all"),
    "candidates": ExportOptions(layer="candidates"),
    "alice-done": ExportOptions(layer="alice", done_only=True),
    "alice-slogans-rejected": ExportOptions(layer="alice", labels=("SLOGAN",), statuses=("accepted", "rejected", "added")),
    "all-split": ExportOptions(layer="all", split={"train": 0.5, "test": 0.5}, allow_empty=True),
}


def build(folder: Path) -> Store:
    extra = folder / "astral.txt"
    extra.write_text(ASTRAL, encoding="utf-8")
    # The seeds are copied beside the project: their source paths are written as <project>/…,
    # the same in every checkout.
    seeds = shutil.copytree(REPO / "seeds", folder / "seeds", ignore=shutil.ignore_patterns("__*"))
    store = Store.open(folder / "golden.annotator")
    services.import_paths(store, [seeds, extra])
    astral = store.document_count()
    with store.transaction():  # candidates of our own, not the detector's: its rules change
        for doc_id, text in store.document_texts(list(range(1, astral + 1))):
            step = max(len(text) // 9, 3)
            spans = [CandidateSpan(start, start + 2 + index % 3, LABELS[index % len(LABELS)], f"rule:{index % 3}", 1 / (index + 3))
                     for index, start in enumerate(range(0, len(text) - 6, step))]
            store.add_candidates(doc_id, spans, "golden")
    for doc_id in (1, 2, 6, astral):
        items = an.document_items(store, "alice", doc_id)
        for item in items[: max(0, min(6, len(items) - 1))]:
            an.accept(store, "alice", item)
        if items:
            an.reject(store, "alice", an.document_items(store, "alice", doc_id)[min(6, len(items) - 1)])
        an.add_span(store, "alice", doc_id, 0, 2, "SLOGAN")
    an.add_span(store, "alice", astral, 24, 31, "TARGET")  # across the line break
    an.add_span(store, "alice", astral, 42, 46, "HONOUR")  # across the line separator
    an.set_comment(store, "alice", an.document_items(store, "alice", 1)[0], "边界?\n第二行")
    an.set_uncertain(store, "alice", an.document_items(store, "alice", 1)[1], True)
    an.set_document_status(store, "alice", 1, "done")
    an.set_document_status(store, "alice", 3, "done")  # done without a span: a true negative
    for item in an.document_items(store, "bob", 2)[:3]:
        an.accept(store, "bob", item)
    an.add_span(store, "bob", 2, 5, 9, "TARGET")
    return store


def exported(store: Store, folder: Path) -> dict[str, bytes]:
    """Every file of every format and choice, by a name of its own; the project's folder
    (in the documents' source paths) written as <project>."""
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        for name, options in CHOICES.items():
            if fmt == "brat" and options.split:
                continue
            options = ExportOptions(**{**options.__dict__, "format": fmt})
            report = export_project(store, folder / "out" / f"{fmt}-{name}", options)
            for written in report.files:
                path = Path(written)
                parts = sorted(path.rglob("*")) if path.is_dir() else [path]
                for part in parts:
                    key = f"{fmt}-{name}/{part.relative_to(path.parent).as_posix()}"
                    files[key] = part.read_bytes().replace(str(folder).encode(), b"<project>")
    return files


def golden() -> dict[str, bytes]:
    return {path.relative_to(GOLDEN).as_posix().replace("__", "/"): path.read_bytes()
            for path in sorted(GOLDEN.iterdir())}


def test_every_export_is_what_the_per_document_exporter_wrote(tmp_path: Path) -> None:
    with build(tmp_path) as store:
        files = exported(store, tmp_path)
    expected = golden()
    assert sorted(files) == sorted(expected)
    for key, content in expected.items():
        assert files[key] == content, key


def write_golden() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch, build(Path(scratch)) as store:
        files = exported(store, Path(scratch))
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for key, content in files.items():
        (GOLDEN / key.replace("/", "__")).write_bytes(content)


if __name__ == "__main__":
    write_golden()
