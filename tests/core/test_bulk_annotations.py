"""Writing many annotations at once (Store.insert_annotations) keeps every field of every
row, in each document the rows' own order, each with a uid of its own; and the database
still refuses a span a layer holds twice, leaving the project as it was."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.records import CandidateSpan, NewDocument
from annotator.store import Store, utc_now
from annotator.textio import text_hash

TEXTS = ["确保总投资达300亿元", "荣获全国文明城市称号", "一城三区发展定位"]


def project() -> Store:
    store = Store.memory()
    with store.transaction():
        store.insert_documents([NewDocument(t[:4], t, text_hash(t), "simplified", "x", n, "0" * 64, "utf-8")
                                for n, t in enumerate(TEXTS, start=1)], utc_now())
        store.add_candidates(2, [CandidateSpan(0, 2, "HONOUR", "rule:a", 0.7)], "test")
        store.ensure_annotator("alice")
    return store


def test_every_field_of_every_row_is_kept_in_each_documents_order() -> None:
    store = project()
    candidate = store.candidate_ids(2, [(0, 2, "HONOUR")])[0]
    rows = [  # documents out of order; plain rows and rows with fields of their own mixed
        (3, 4, 6, "TARGET", "added", None, None, "", False),
        (1, 0, 2, "SLOGAN", "added", None, None, "", False),
        (2, 0, 2, "HONOUR", "accepted", candidate, "0:2:HONOUR", "", False),
        (1, 5, 7, "TARGET", "added", None, None, "边界?", True),
        (1, 2, 4, "SLOGAN", "relabelled", None, None, "", False),
        (3, 0, 2, "SLOGAN", "added", None, None, "", False),
    ]
    with store.transaction():
        assert store.insert_annotations("alice", rows, "1.0") == len(rows)
    written = [a for doc in (1, 2, 3) for a in sorted(store.annotations(doc, "alice"), key=lambda a: a.id)]
    expected = sorted(rows, key=lambda row: row[0])  # by document, each document's rows in their order
    assert [(a.doc_id, a.start, a.end, a.label, a.status, a.candidate_id, a.candidate_key, a.comment, a.uncertain)
            for a in written] == expected
    assert all(a.codebook_version == "1.0" and a.layer == "alice" for a in written)
    assert len({a.uid for a in written}) == len(rows) and all(len(a.uid) == 32 for a in written)
    assert [a.id for a in written] == sorted(a.id for a in written)


def test_a_span_the_layer_holds_twice_is_refused_and_nothing_is_written() -> None:
    store = project()
    row = (1, 0, 2, "SLOGAN", "added", None, None, "", False)
    with store.transaction():
        store.insert_annotations("alice", [row], "1.0")
    before = [a.uid for a in store.annotations(1)]
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction():
            store.insert_annotations("alice", [(1, 3, 5, "TARGET", "added", None, None, "", False), row], "1.0")
    assert [a.uid for a in store.annotations(1)] == before
    with store.transaction():  # the temporary tables went with the failed statement's transaction
        assert store.insert_annotations("alice", [(1, 3, 5, "TARGET", "added", None, None, "", False)], "1.0") == 1
