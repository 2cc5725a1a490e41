"""A large annotation import is parsed and written in batches (the writing on a thread of its
own): what a user gets must be what one pass over the whole input gives — every span once,
the same refusals in the same order, nothing written when anything is refused."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from annotator import services
from annotator.errors import InputError
from annotator.services import exchange
from annotator.store import Store
from annotator.writer_thread import WriterThread

from test_import import snapshot  # tests/core is on sys.path

TEXTS = [f"第{n}县确保总投资达{n}00亿元，创建全国文明城市。" for n in range(1, 8)]


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exchange, "_BATCH_RECORDS", 2)  # 7 records: four batches


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    Store.open(path).close()
    return path


def doccano_file(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "spans.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def record(text: str, *spans: tuple[int, int, str]) -> dict:
    return {"text": text, "label": [list(s) for s in spans]}


def layer_spans(path: Path, layer: str) -> list[tuple]:
    with Store.open(path) as store:
        return sorted((d.id, a.start, a.end, a.label) for d in store.documents() for a in store.annotations(d.id, layer))


def test_every_batch_is_written_and_a_text_repeated_in_a_later_batch_attaches(project: Path, tmp_path: Path) -> None:
    records = [record(t, (1, 2, "TARGET"), (10, 16, "HONOUR")) for t in TEXTS]
    records.append(record(TEXTS[0], (1, 2, "TARGET"), (3, 5, "TARGET")))  # record 8: batch 4, text of record 1
    with Store.open(project) as store:
        report = services.import_annotations(store, [doccano_file(tmp_path, records)], annotator="alice")
    assert (report.records, report.new_documents, report.attached) == (8, 7, 1)
    assert (report.spans, report.duplicates) == (15, 1)  # (1, 2, TARGET) of the first text came twice
    spans = layer_spans(project, "alice")
    assert len(spans) == 15 and len(set(spans)) == 15


def test_a_bad_span_in_a_late_batch_writes_nothing(project: Path, tmp_path: Path) -> None:
    records = [record(t, (1, 2, "TARGET")) for t in TEXTS]
    records[5] = record(TEXTS[5], (1, 99, "TARGET"))  # line 6: earlier batches were already written
    before = snapshot(project)
    with Store.open(project) as store, pytest.raises(InputError) as refused:
        services.import_annotations(store, [doccano_file(tmp_path, records)], annotator="alice")
    assert "spans.jsonl:6:" in str(refused.value)
    assert "outside the text" in str(refused.value)
    assert snapshot(project) == before


def test_an_unknown_label_after_a_bad_span_is_still_the_refusal_told(project: Path, tmp_path: Path) -> None:
    """As when the whole input was read first: every label the codebook lacks is named, with
    the first record using one, before any span's offsets are judged."""
    records = [record(t, (1, 2, "TARGET")) for t in TEXTS]
    records[1] = record(TEXTS[1], (1, 99, "TARGET"))  # line 2: a bad span
    records[4] = record(TEXTS[4], (1, 2, "PERSON"))  # line 5
    records[6] = record(TEXTS[6], (1, 2, "PLACE"))  # line 7
    before = snapshot(project)
    with Store.open(project) as store, pytest.raises(InputError) as refused:
        services.import_annotations(store, [doccano_file(tmp_path, records)], annotator="alice")
    message = str(refused.value)
    assert "unknown label(s) PERSON, PLACE" in message and "spans.jsonl:5:" in message
    assert snapshot(project) == before


def test_unreadable_record_after_an_unknown_label_is_told_first(project: Path, tmp_path: Path) -> None:
    path = doccano_file(tmp_path, [record(TEXTS[0], (1, 2, "PERSON"))] + [record(t, (1, 2, "TARGET")) for t in TEXTS[1:]])
    path.write_text(path.read_text(encoding="utf-8") + '{"text": "x", "label": [[0, 1]]}\n', encoding="utf-8")  # line 8
    with Store.open(project) as store, pytest.raises(InputError, match="spans.jsonl:8:"):
        services.import_annotations(store, [path], annotator="alice")


def test_labels_added_stamp_every_span_with_the_final_codebook(project: Path, tmp_path: Path) -> None:
    records = [record(t, (1, 2, "TARGET")) for t in TEXTS]
    records[6] = record(TEXTS[6], (1, 2, "PERSON"))  # the last batch brings a new label
    with Store.open(project) as store:
        report = services.import_annotations(store, [doccano_file(tmp_path, records)], annotator="alice",
                                             add_missing_labels=True)
        assert report.added_labels == ("PERSON",) and report.spans == 7
        versions = {a.codebook_version for d in store.documents() for a in store.annotations(d.id, "alice")}
    assert versions == {services.project_codebook(Store.open(project)).version}
    assert "PERSON" in next(iter(versions))


def test_a_failing_write_stops_the_writer_and_reaches_the_caller(project: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    written = []
    original = exchange._Work.write

    def write(self, batch, unknown):  # noqa: ANN001
        if written:
            raise OSError("disk full")
        written.append(len(batch))
        original(self, batch, unknown)

    monkeypatch.setattr(exchange._Work, "write", write)
    before = snapshot(project)
    with Store.open(project) as store, pytest.raises(OSError, match="disk full"):
        services.import_annotations(store, [doccano_file(tmp_path, [record(t, (1, 2, "TARGET")) for t in TEXTS])],
                                    annotator="alice")
    assert written == [2]
    assert snapshot(project) == before


def test_the_writer_runs_jobs_in_order_off_the_calling_thread() -> None:
    seen = []
    with WriterThread(depth=1) as writer:
        for n in range(20):
            writer.submit(lambda n=n: seen.append((n, threading.current_thread() is threading.main_thread())))
    assert seen == [(n, False) for n in range(20)]


def test_leaving_by_an_exception_abandons_the_jobs_not_started() -> None:
    started, release = threading.Event(), threading.Event()
    ran = []

    def slow() -> None:
        started.set()
        release.wait(5)
        ran.append("slow")

    with pytest.raises(KeyError):
        with WriterThread(depth=4) as writer:
            writer.submit(slow)
            writer.submit(ran.append, "later")
            started.wait(5)
            release.set()
            raise KeyError("parse error")
    assert ran == ["slow"]  # the running job finished before the block was left; the next never ran
