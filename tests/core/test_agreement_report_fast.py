"""The agreement report's fast path (issue 13) gives exactly the numbers of the report as it
was (kept in agreement_report_previous.py): the same coefficients to the last bit, on
generated projects with overlapping and nested spans, duplicates, rejected decisions,
documents one annotator skipped, done marks, and subsets of annotators and labels."""

from __future__ import annotations

import json
import random

import pytest
from agreement_report_previous import agreement_report as previous_report

from annotator.records import DocState, NewDocument, SpanValues
from annotator.services import use_codebook
from annotator.services.agreement_report import agreement_report
from annotator.store import Store, utc_now
from annotator.textio import text_hash

LABELS = ("SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT")
CODERS = ("alice", "bob", "carol", "dave")
STATUSES = ("accepted", "relabelled", "added", "rejected")


def generated_project(seed: int) -> Store:
    rng = random.Random(seed)
    store = Store.memory()
    with store.transaction():
        texts = ["".join(rng.choice("的一是在不了有和人这中大为上个国") for _ in range(rng.randint(0, 400))) + f"#{n}"
                 for n in range(40)]
        store.insert_documents(
            [NewDocument(title=f"t{n}", text=text, text_hash=text_hash(text), script="simplified", source_path="gen",
                         source_line=n, source_hash="0" * 64, encoding="utf-8") for n, text in enumerate(texts)],
            utc_now(),
        )
        for coder in CODERS:
            store.ensure_annotator(coder)
        for doc_id, text in enumerate(texts, start=1):
            truth = random_spans(rng, len(text), rng.randint(0, 12))
            for coder in CODERS:
                roll = rng.random()
                if roll < 0.15:
                    continue  # this coder never opened the document
                if roll < 0.25:
                    store.put_doc_state(DocState(doc_id, coder, "done", 1.0, utc_now()))  # done, no span
                    continue
                write_layer(store, rng, coder, doc_id, len(text), truth)
                if rng.random() < 0.5:
                    store.put_doc_state(DocState(doc_id, coder, rng.choice(("done", "in_progress")), 1.0, utc_now()))
    use_codebook(store)
    return store


def random_spans(rng: random.Random, length: int, count: int) -> list[tuple[int, int, str]]:
    spans = []
    for _ in range(count if length > 1 else 0):
        start = rng.randrange(length - 1)
        spans.append((start, rng.randint(start + 1, min(length, start + 40)), rng.choice(LABELS)))
    return spans


def write_layer(store: Store, rng: random.Random, coder: str, doc_id: int, length: int, truth: list) -> None:
    written = set()
    for start, end, label in truth + random_spans(rng, length, rng.randint(0, 3)):
        roll = rng.random()
        if roll < 0.2:
            continue
        if roll < 0.35:
            start = min(start + 1, end - 1)  # a moved boundary
        elif roll < 0.45:
            label = rng.choice(LABELS)
        status = rng.choice(STATUSES)
        if (start, end, label) not in written:
            written.add((start, end, label))
            store.insert_annotation(coder, SpanValues(doc_id, start, end, label, status), "1.0")
        if rng.random() < 0.1:  # the same span again, as a decision on a candidate
            store.insert_annotation(coder, SpanValues(doc_id, start, end, label, "accepted", f"{start}:{end}:{label}"), "1.0")


def as_json(report: dict) -> str:
    """Every number written exactly (repr of floats), NaN included: equal text, equal bits."""
    return json.dumps(report, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("seed", range(6))
def test_the_fast_report_equals_the_previous_one(seed: int) -> None:
    store = generated_project(seed)
    assert as_json(agreement_report(store)) == as_json(previous_report(store))


@pytest.mark.parametrize(
    ("annotators", "labels", "done_only"),
    [
        (None, None, True),
        (["carol", "alice"], None, False),
        (["bob", "dave", "alice"], ["TARGET", "SLOGAN"], False),
        (None, ["HONOUR"], True),
        (["alice", "nobody"], None, False),
        (None, [], False),
    ],
)
def test_the_fast_report_equals_the_previous_one_for_any_choice(annotators, labels, done_only) -> None:
    store = generated_project(100)
    options = {"annotators": annotators, "labels": labels, "done_only": done_only}
    fast = agreement_report(store, **options)
    assert as_json(fast) == as_json(previous_report(store, **options))
    if annotators is None and labels is None:
        assert fast["documents"] > 10  # the comparison covered real work


def test_progress_walks_every_document_once() -> None:
    store = generated_project(7)
    seen = []
    agreement_report(store, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 40) for n in range(1, 41)]
