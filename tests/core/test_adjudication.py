"""Disagreements between layers, and adjudication into gold (undoable, journalled)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import services
from annotator.export import ExportOptions, export_project
from annotator.services import adjudication as adj
from annotator.services import annotating as an
from annotator.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    article = tmp_path / "a.txt"
    article.write_text("标题\n坚持一个统领,确保总投资达300亿元,开展作风纪律专项整治,荣获全国文明城市称号。", encoding="utf-8")
    store = Store.open(tmp_path / "adj.annotator.db")
    services.import_paths(store, [article])
    services.use_codebook(store)
    text = store.document(1).text
    at = lambda phrase: (text.index(phrase), text.index(phrase) + len(phrase))  # noqa: E731
    both = [(*at("一个统领"), "SLOGAN")]
    for layer, extra in (("alice", [(*at("确保总投资达300亿元"), "TARGET"), (*at("作风纪律专项整治"), "CAMPAIGN"), (*at("全国文明城市"), "HONOUR")]),
                         ("bob", [(*at("总投资达300亿元"), "TARGET"), (*at("作风纪律专项整治"), "SLOGAN")])):
        for start, end, label in both + extra:
            an.add_span(store, layer, 1, start, end, label)
    yield store
    store.close()


def test_disagreements_are_classified(store: Store) -> None:
    found = adj.disagreements(store)
    kinds = {store.document(1).text[d.start:d.end]: d.kind for d in found}
    assert kinds == {"确保总投资达300亿元": "boundary conflict", "作风纪律专项整治": "label conflict", "全国文明城市": "missing span"}
    assert all(not d.resolved for d in found) and adj.gold_progress(store) == (0, 3)
    assert [s[2] for s in adj.agreed_spans(store, 1)] == ["SLOGAN"]


def test_adjudicate_take_one_both_edited_none_and_undo(store: Store) -> None:
    boundary, label, missing = adj.disagreements(store)
    alice_target = boundary.spans["alice"]
    change = adj.adjudicate(store, 1, boundary.start, boundary.end, list(alice_target), "boundary rule")
    assert [(a.start, a.end, a.label) for a in store.annotations(1, "gold")] == list(alice_target)
    adj.adjudicate(store, 1, label.start, label.end, [(label.start, label.end, "CAMPAIGN")], "codebook rule")
    adj.adjudicate(store, 1, missing.start, missing.end, [], "other")  # none: a gold rejection
    assert adj.gold_progress(store) == (3, 3)
    events = [e for e in store.events() if e.action == "adjudicate"]
    assert [e.after["reason"] for e in events] == ["boundary rule", "codebook rule", "other"]
    undone = adj.revert(store, change)
    assert not any(a.start == boundary.start for a in store.annotations(1, "gold"))
    adj.revert(store, undone)
    assert any((a.start, a.end) == alice_target[0][:2] for a in store.annotations(1, "gold"))
    gold = export_project(store, store.path + ".gold", ExportOptions(layer="gold"))
    assert gold.spans == 2  # the rejection ("none") is not exported


def test_bulk_accepts_what_everyone_agrees_on(store: Store) -> None:
    changes = adj.accept_agreed(store)
    assert len(changes) == 1 and [a.label for a in store.annotations(1, "gold")] == ["SLOGAN"]
    assert adj.accept_agreed(store) == []  # already in gold


def test_gold_is_written_only_by_adjudication(store: Store) -> None:
    from annotator.errors import AnnotatorError

    with pytest.raises(AnnotatorError, match="gold"):
        an.add_span(store, "gold", 1, 0, 2, "SLOGAN")


def test_overlapping_agreed_spans_all_reach_gold_and_the_report_copes(store: Store) -> None:
    from annotator.services.agreement_report import agreement_report

    for layer in ("alice", "bob"):
        an.add_span(store, layer, 1, 3, 7, "SLOGAN")
        an.add_span(store, layer, 1, 5, 9, "SLOGAN")
    adj.accept_agreed(store)
    gold = sorted((a.start, a.end) for a in store.annotations(1, "gold") if a.label == "SLOGAN")
    assert (3, 7) in gold and (5, 9) in gold
    report = agreement_report(store)  # overlapping spans of one label by one annotator
    assert report["documents"] == 1


def test_edited_span_must_lie_in_its_region(store: Store) -> None:
    from annotator.errors import AnnotatorError

    region = adj.disagreements(store)[0]
    with pytest.raises(AnnotatorError, match="outside the region"):
        adj.adjudicate(store, 1, region.start, region.end, [(0, 2, "SLOGAN")], "other")
