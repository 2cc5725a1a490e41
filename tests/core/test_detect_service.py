"""Detection over a project: every category on the seeds, idempotence, incremental
recomputation, decisions kept, learning from decisions, rescoring, processes."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from annotator import paths, services
from annotator.errors import ProjectError
from annotator.store import Store

REPO = Path(__file__).resolve().parents[2]
LABELS = {"SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT"}


@pytest.fixture
def seeded(seeds: Path) -> Store:
    store = Store.memory()
    services.import_paths(store, [seeds])
    return store


def candidate_ids(store: Store) -> list[tuple]:
    return store.db.execute("SELECT id, doc_id, span_start, span_end, label, rule FROM candidates ORDER BY id").fetchall()


def test_every_category_on_the_seeds_traditional_included(seeded: Store) -> None:
    report = services.detect_project(seeded)
    assert (report.documents, report.detected, report.unchanged) == (5, 5, 0)
    rows = list(seeded.candidates())
    assert {row.label for row in rows} == LABELS
    traditional = next(d for d in seeded.documents() if d.script == "traditional")
    labels_in_traditional = Counter(r.label for r in rows if r.doc_id == traditional.id)
    assert len(labels_in_traditional) >= 4
    for row in rows:
        assert row.text == seeded.document(row.doc_id).text[row.start:row.end]
        assert 0 < row.score <= 1 and row.rule


def test_detection_is_idempotent(seeded: Store) -> None:
    services.detect_project(seeded)
    before = candidate_ids(seeded)
    again = services.detect_project(seeded)
    assert (again.detected, again.unchanged) == (0, 5)
    assert candidate_ids(seeded) == before


def test_records_the_codebook_and_recomputes_when_it_changes(seeded: Store, tmp_path: Path) -> None:
    services.detect_project(seeded)
    assert services.project_codebook(seeded).version == "1.0"
    custom = tmp_path / "codebook.toml"
    text = (REPO / "resources" / "codebook.toml").read_text(encoding="utf-8")
    custom.write_text(text.replace('version = "1.0"', 'version = "1.1-test"'), encoding="utf-8")
    report = services.detect_project(seeded, codebook_path=custom)
    assert report.detected == 5
    assert services.project_codebook(seeded).version == "1.1-test"
    assert any(e.action == "codebook" and e.after["version"] == "1.1-test" for e in seeded.events())
    assert services.detect_project(seeded).detected == 0  # the recorded codebook stays in force


def test_codebook_without_a_label_drops_its_candidates(seeded: Store, tmp_path: Path) -> None:
    text = (REPO / "resources" / "codebook.toml").read_text(encoding="utf-8")
    head, _, rest = text.partition('[[category]]\nid = "ACHIEVEMENT"')
    custom = tmp_path / "four.toml"
    custom.write_text(head, encoding="utf-8")
    services.detect_project(seeded, codebook_path=custom)
    assert {row.label for row in seeded.candidates()} == LABELS - {"ACHIEVEMENT"}


def test_codebook_that_would_orphan_annotations_is_refused(seeded: Store, tmp_path: Path) -> None:
    services.detect_project(seeded)
    services.add_span(seeded, "alice", 1, 0, 4, "ACHIEVEMENT")
    text = (REPO / "resources" / "codebook.toml").read_text(encoding="utf-8")
    custom = tmp_path / "four.toml"
    custom.write_text(text.partition('[[category]]\nid = "ACHIEVEMENT"')[0], encoding="utf-8")
    with pytest.raises(ProjectError, match="ACHIEVEMENT"):
        services.detect_project(seeded, codebook_path=custom)


def test_changed_resources_recompute_everything(seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services.detect_project(seeded)
    folder = tmp_path / "resources"
    shutil.copytree(REPO / "resources", folder)
    with (folder / "patterns.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"id": "test-county", "label": "HONOUR", "pattern": "吉水县", "score": 0.99}\n')
    monkeypatch.setattr(paths, "resources_dir", lambda: folder)
    report = services.detect_project(seeded)
    assert report.detected == 5
    assert any(row.rule == "pattern:test-county" for row in seeded.candidates())


def test_decisions_survive_recomputation_and_reattach(seeded: Store, tmp_path: Path) -> None:
    services.detect_project(seeded)
    first = next(seeded.candidates(label="HONOUR"))
    candidate_id = seeded.db.execute(
        "SELECT id FROM candidates WHERE doc_id = ? AND span_start = ? AND label = 'HONOUR'", [first.doc_id, first.start]
    ).fetchone()[0]
    services.reject_candidate(seeded, "alice", candidate_id)
    custom = tmp_path / "codebook.toml"
    custom.write_text((REPO / "resources" / "codebook.toml").read_text(encoding="utf-8").replace('"1.0"', '"1.2"'), encoding="utf-8")
    services.detect_project(seeded, codebook_path=custom)  # every candidate is recreated
    [decision] = seeded.annotations(first.doc_id, "alice")
    assert (decision.start, decision.end, decision.label, decision.status) == (first.start, first.end, "HONOUR", "rejected")
    relinked = seeded.candidate(decision.candidate_id)
    assert relinked.key == decision.candidate_key and relinked.id != candidate_id


def two_documents(tmp_path: Path) -> Store:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("甲县\n今年全面推行吉事即办改革。", encoding="utf-8")
    (folder / "b.txt").write_text("乙县\n我们学习吉事即办经验,吉事即办效果好。", encoding="utf-8")
    store = Store.memory()
    services.import_paths(store, [folder])
    services.detect_project(store)
    return store


def test_confirmed_span_becomes_a_candidate_elsewhere_at_once(tmp_path: Path) -> None:
    store = two_documents(tmp_path)
    a, b = store.documents()
    start = a.text.index("吉事即办")
    assert not any(r.rule.startswith("learned:") for r in store.candidates())
    services.add_span(store, "alice", a.id, start, start + 4, "SLOGAN")
    learned = [r for r in store.candidates(doc_id=b.id, layer="alice") if r.rule == "learned:SLOGAN"]
    assert [(r.text, r.start) for r in learned] == [("吉事即办", b.text.index("吉事即办")), ("吉事即办", b.text.rindex("吉事即办"))]
    # ... and detection keeps them: they are part of its input now.
    report = services.detect_project(store)
    assert report.learned_checked == 2
    assert [r.start for r in store.candidates(doc_id=b.id, layer="alice") if r.rule == "learned:SLOGAN"] == [r.start for r in learned]
    # ... for alice alone: nobody else is shown what she taught.
    assert not any(r.rule.startswith("learned:") for r in store.candidates(doc_id=b.id))


def test_learning_after_detect_without_the_service(tmp_path: Path) -> None:
    """A decision written by another tool (e.g. an import) is learned at the next detect."""
    store = two_documents(tmp_path)
    a, b = store.documents()
    start = a.text.index("吉事即办")
    with store.transaction():
        store.ensure_annotator("bob")
        store.add_annotation(a.id, "bob", start, start + 4, "SLOGAN", "added")
    report = services.detect_project(store)
    assert report.learned_checked >= 1
    assert sum(r.rule == "learned:SLOGAN" for r in store.candidates(doc_id=b.id, layer="bob")) == 2
    assert not any(r.rule.startswith("learned:") for r in store.candidates(doc_id=b.id, layer="alice"))


def test_acceptance_rates_rank_the_rules(seeded: Store) -> None:
    services.detect_project(seeded)
    ids_of = lambda rule: [row[0] for row in seeded.db.execute("SELECT id FROM candidates WHERE rule = ? ORDER BY id LIMIT 6", [rule])]  # noqa: E731
    honour = ids_of("honour:conferred")
    quoted = ids_of("slogan:quoted")
    for candidate_id in honour[:4]:
        services.reject_candidate(seeded, "alice", candidate_id)
    for candidate_id in quoted[:4]:
        services.accept_candidate(seeded, "alice", candidate_id)
    services.detect_project(seeded)
    score = lambda rule: seeded.db.execute("SELECT max(score) FROM candidates WHERE rule = ?", [rule]).fetchone()[0]  # noqa: E731
    assert score("slogan:quoted") > score("honour:conferred")
    stats = {s.rule: s for s in seeded.rule_stats()}
    assert (stats["honour:conferred"].rejected, stats["honour:conferred"].precision) == (4, 0.0)
    assert (stats["slogan:quoted"].accepted, stats["slogan:quoted"].precision) == (4, 1.0)


def test_two_processes_give_the_same_candidates(seeds: Path, tmp_path: Path, monkeypatch) -> None:
    from annotator import parallel
    from annotator.services import detecting

    monkeypatch.setattr(detecting, "PARALLEL_FROM_CHARS", 0)  # the seeds alone are too little work for workers
    pools = []
    real_pool = parallel.process_pool
    monkeypatch.setattr(parallel, "process_pool", lambda *args: pools.append(args) or real_pool(*args))
    results = []
    for jobs in (1, 2):
        store = Store.open(tmp_path / f"jobs{jobs}.db")
        services.import_paths(store, [seeds])
        services.detect_project(store, jobs=jobs)
        results.append([(r.doc_id, r.start, r.end, r.label, r.rule, r.score) for r in store.candidates()])
        store.close()
    assert results[0] == results[1] and results[0]
    assert len(pools) == 1  # the two-job run did use worker processes


def test_too_little_text_for_workers_is_detected_in_process(seeds: Path, tmp_path: Path, monkeypatch) -> None:
    """Starting workers (each builds the detector, its model and jieba) costs more than
    detecting a few articles: --jobs 2 on the seeds runs here, with the same results."""
    from annotator import parallel

    def no_pool(*args):
        raise AssertionError("a process pool was started for five articles")

    store = Store.open(tmp_path / "small.db")
    services.import_paths(store, [seeds])
    services.detect_project(store, jobs=1)
    expected = [(r.doc_id, r.start, r.end, r.label, r.rule, r.score) for r in store.candidates()]
    monkeypatch.setattr(parallel, "process_pool", no_pool)
    again = Store.open(tmp_path / "again.db")
    services.import_paths(again, [seeds])
    services.detect_project(again, jobs=2)
    assert [(r.doc_id, r.start, r.end, r.label, r.rule, r.score) for r in again.candidates()] == expected
    store.close()
    again.close()


def test_decisions_validate_their_input(seeded: Store) -> None:
    services.detect_project(seeded)
    from annotator.errors import AnnotatorError

    with pytest.raises(AnnotatorError, match="unknown label"):
        services.add_span(seeded, "alice", 1, 0, 2, "NOPE")
    with pytest.raises(AnnotatorError, match="not inside"):
        services.add_span(seeded, "alice", 1, 0, 10**6, "SLOGAN")
    with pytest.raises(AnnotatorError, match="gold layer"):
        services.add_span(seeded, "gold", 1, 0, 2, "SLOGAN")


def test_after_learning_the_project_holds_what_a_fresh_detection_finds(seeded: Store) -> None:
    """The incremental path (documents only checked for newly confirmed phrases) must leave
    each document as a full detection would: a learned phrase that coincides with another
    rule's span takes it over when it scores higher (``annotator apply`` relies on this)."""
    from annotator.services.adjudication import accept_agreed
    from annotator.services.detecting import detection_setup, rule_scores

    services.detect_project(seeded)
    slogans = [r for r in seeded.candidates() if r.label == "SLOGAN"]
    for annotator in ("alice", "bob"):
        for row in slogans:
            candidate_id = seeded.candidate_ids(row.doc_id, [(row.start, row.end, row.label)])[0]
            services.accept_candidate(seeded, annotator, candidate_id)
    assert accept_agreed(seeded, ["alice", "bob"])  # gold's phrases teach everyone
    services.detect_project(seeded)
    detector, scores = detection_setup(seeded).build(), rule_scores(seeded)
    for document in seeded.documents():
        fresh = {(c.start, c.end, c.label, c.rule, scores.score(c.rule, c.score)) for c in detector.detect(document.text)}
        stored = {(r.start, r.end, r.label, r.rule, r.score) for r in seeded.candidates(doc_id=document.id)}
        assert stored == fresh, document.title
