"""Model scopes and blind teaching: a layer's model suggests to that annotator alone, a model
learned from gold suggests to everyone, a done document never changes silently, and every
model learns from the starter corpus beside the project. Small generated data (the planted
articles of test_model.py)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import paths, services, store_models
from annotator.cli import main
from annotator.codebook import load_codebook
from annotator.detect import Detector
from annotator.detect.engine import MODEL_PREFIX
from annotator.errors import AnnotatorError
from annotator.model.gold import GoldDocument, write_inline
from annotator.model.tagger import SpanModel
from annotator.resources import load_resources
from annotator.services import adjudication, annotating, modelling
from annotator.store import Store

from tests.core.test_model import FILLER, _campaign, _instance, _write_articles, teach

ALICE, BOB, CAROL = "alice", "bob", "carol"


def _teach(store: Store, layer: str, gold: dict[str, list], done: bool = True) -> None:
    """``layer`` decides the documents of ``gold`` by their planted spans and marks them done."""
    teach(store, layer, gold, done=done, every_document=False)


def _ids(store: Store, texts) -> list[int]:
    wanted = set(texts)
    return [d.id for d in store.documents() if d.text in wanted]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """12 planted articles alice decided (done) and 3 unseen ones alice and bob marked done
    without a decision; detected, no project model yet."""
    folder = tmp_path_factory.mktemp("scopes")
    taught = _write_articles(folder / "taught", 12, seed=1)
    unseen = _write_articles(folder / "unseen", 3, seed=99)
    path = folder / "p.annotator.db"
    with Store.open(path) as store:
        services.import_paths(store, [folder / "taught", folder / "unseen"])
        services.detect_project(store)
        _teach(store, ALICE, taught)
        for doc_id in _ids(store, unseen):
            for layer in (ALICE, BOB):
                annotating.set_document_status(store, layer, doc_id, "done")
    return path, taught, unseen


def _copy(path: Path, tmp_path: Path) -> Path:
    target = tmp_path / path.name
    shutil.copy(path, target)
    return target


def _model_keys(store: Store, doc_ids: list[int], layer: str, owner: str | None) -> set[tuple]:
    return {(c.doc_id, c.start, c.end, c.label) for d in doc_ids for c in store.document_candidates(d, layer)
            if c.rule.startswith(MODEL_PREFIX) and c.owner == owner}


def test_alices_model_suggests_to_alice_alone_and_her_done_documents_report_them(project, tmp_path: Path) -> None:
    path, _, unseen = project
    with Store.open(_copy(path, tmp_path)) as store:
        unseen_ids = _ids(store, unseen)
        shared_before = sorted((c.doc_id, c.start, c.end, c.label, c.rule) for c in store.candidates())  # everyone's
        report = services.train_project_model(store, scope=modelling.layer_scope(ALICE), jobs=1, base=())
        assert report.trained and report.layers == ("gold", ALICE) and report.base_documents == 0
        assert store_models.stored_model(store, modelling.SHARED_SCOPE) is None  # nothing shared was trained

        detected = services.detect_project(store)
        # a layer model changes that layer's own candidates only: no document is detected again
        assert detected.detected == 0 and detected.models_refreshed == store.document_count()
        assert sorted((c.doc_id, c.start, c.end, c.label, c.rule) for c in store.candidates()) == shared_before

        alices = _model_keys(store, unseen_ids, ALICE, ALICE)
        assert len(alices) >= 2, "alice's model finds planted campaigns in unseen text, as her own candidates"
        bobs_view = {(c.doc_id, c.start, c.end, c.label) for d in unseen_ids for c in store.document_candidates(d, BOB)}
        assert not alices & bobs_view and all(c.owner in (None, BOB) for d in unseen_ids for c in store.document_candidates(d, BOB))

        # alice had marked the unseen documents done: what arrived there is reported to her, not to bob
        arrived = {s.doc_id: s.count for s in store.new_suggestions(ALICE)}
        assert set(arrived) == {doc_id for doc_id, *_ in alices}
        assert sum(arrived.values()) >= len(alices)
        assert store.new_suggestions(BOB) == []
        assert services.detect_project(store).models_refreshed == 0  # up to date: nothing to do


def test_a_model_learned_from_gold_suggests_to_everyone(project, tmp_path: Path) -> None:
    path, taught, unseen = project
    with Store.open(_copy(path, tmp_path)) as store:
        for document in list(store.documents()):  # the planted spans are adjudicated into gold: they teach everyone
            if document.text in taught:
                adjudication.adjudicate(store, document.id, 0, len(document.text), taught[document.text], "gold", teach=False)
        report = services.train_project_model(store, jobs=1, base=())
        assert report.scope == modelling.SHARED_SCOPE and report.layers == ("gold",)
        services.detect_project(store)
        unseen_ids = _ids(store, unseen)
        for layer in (ALICE, BOB):
            assert len(_model_keys(store, unseen_ids, layer, None)) >= 2, f"{layer} sees the shared model's spans"
        assert _model_keys(store, unseen_ids, ALICE, None) == _model_keys(store, unseen_ids, BOB, None)
        assert {s.doc_id for s in store.new_suggestions(BOB)} & set(unseen_ids)  # bob's done documents say so


def test_a_layer_model_learns_from_gold_and_that_layer_only(project, tmp_path: Path) -> None:
    path, _, _ = project
    with Store.open(_copy(path, tmp_path)) as store:
        with store.transaction():
            store.ensure_annotator(BOB)
        with pytest.raises(AnnotatorError, match="learns from gold and bob's layer only, not from alice"):
            services.train_project_model(store, [ALICE], scope=modelling.layer_scope(BOB), base=())
        with pytest.raises(AnnotatorError, match="no annotator called nobody"):
            services.train_project_model(store, scope=modelling.layer_scope("nobody"), base=())
        with pytest.raises(AnnotatorError, match="nothing to learn from"):  # gold holds nothing yet
            services.train_project_model(store, base=())
        assert store_models.model_scopes(store) == []


def test_refreshing_after_a_new_layer_model_recomputes_only_that_layers_candidates(project, tmp_path: Path) -> None:
    path, _, unseen = project
    with Store.open(_copy(path, tmp_path)) as store:
        unseen_ids = _ids(store, unseen)
        services.train_project_model(store, scope=modelling.layer_scope(ALICE), jobs=1, base=())
        assert services.refresh_model_candidates(store, unseen_ids[:1]) == 1
        assert _model_keys(store, unseen_ids[:1], ALICE, ALICE)
        assert not _model_keys(store, unseen_ids[1:], ALICE, ALICE)  # not refreshed yet: detect finishes them
        assert services.detect_project(store).models_refreshed == store.document_count() - 1
        assert _model_keys(store, unseen_ids[1:], ALICE, ALICE)


def _slogan_article(rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    text, spans = "", []
    for _ in range(rng.randint(1, 3)):
        slogan = _instance(rng)
        text += rng.choice(FILLER) + "。深入推进“"
        spans.append((len(text), len(text) + len(slogan), "SLOGAN"))
        text += slogan + "”工程，" + rng.choice(FILLER) + "。"
    return text + "\n", spans


def _campaign_article(rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    text, spans = "", []
    for _ in range(3):
        campaign = _campaign(rng)
        text += rng.choice(FILLER) + "，全力打好"
        spans.append((len(text), len(text) + len(campaign), "CAMPAIGN"))
        text += campaign + "。" + rng.choice(FILLER) + "。"
    return text + "\n", spans


def test_project_models_learn_from_the_starter_corpus_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pattern only the starter corpus holds (planted campaigns) is still found after
    training on a project that never shows it; without the starter corpus it is not."""
    rng = random.Random(7)
    resources = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), resources)
    starter = [GoldDocument(f"s{n}", text, tuple(spans)) for n, (text, spans) in
               enumerate(_campaign_article(rng) for _ in range(10))]
    write_inline(starter, resources / modelling.STARTER_CORPUS_FILE)
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)
    assert [d.spans for d in modelling.starter_corpus()] == [d.spans for d in starter]

    (tmp_path / "docs").mkdir()
    gold = {}
    for number in range(8):
        text, spans = _slogan_article(rng)
        (tmp_path / "docs" / f"{number}.txt").write_text(text, encoding="utf-8")
        gold[text] = spans
    unseen = {_campaign_article(rng)[0] for _ in range(3)}
    found = {}
    for base in (None, ()):  # the starter corpus shipped (here: planted), then none
        with Store.open(tmp_path / f"p{base is None}.annotator.db") as store:
            services.import_paths(store, [tmp_path / "docs"])
            services.detect_project(store)
            _teach(store, ALICE, gold)
            report = services.train_project_model(store, scope=modelling.layer_scope(ALICE), folds=2, jobs=1, base=base)
            assert report.base_documents == (10 if base is None else 0)
            model = SpanModel.from_bytes(modelling.layer_models(store)[ALICE])
        codebook = load_codebook()
        detector = Detector(codebook, load_resources(labels=codebook.labels), layer_models={ALICE: model})
        found[base is None] = sum(len(spans) for text in unseen
                                  for spans in detector.owned_model_spans(text, []).values())
    assert found[True] >= 3 and found[False] == 0


def test_train_annotator_trains_that_layers_model_and_says_so(project, tmp_path: Path) -> None:
    path, _, _ = project
    db = _copy(path, tmp_path)
    result = CliRunner().invoke(main, ["train", "--db", str(db), "--annotator", ALICE, "--jobs", "1", "--folds", "0"])
    assert result.exit_code == 0, result.output
    assert "Trained the layer:alice model on 12 document(s)" in result.output and "starter article(s)" in result.output
    with Store.open(db) as store:
        assert store_models.model_scopes(store) == [modelling.layer_scope(ALICE)]

    shared = CliRunner().invoke(main, ["train", "--db", str(db)])  # from gold, which holds nothing
    assert shared.exit_code == 1 and "nothing to learn from" in shared.output and "gold" in shared.output
    leaking = CliRunner().invoke(main, ["train", "--db", str(db), "--annotator", BOB, "--layers", ALICE])
    assert leaking.exit_code == 1 and "learns from gold and bob's layer only" in leaking.output
    expert = CliRunner().invoke(main, ["train", "--db", str(db), "--layers", ALICE, "--jobs", "1", "--folds", "0"])
    assert expert.exit_code == 0, expert.output
    assert "suggested to every annotator" in expert.output
    with Store.open(db) as store:
        assert store_models.model_scopes(store) == [modelling.layer_scope(ALICE), modelling.SHARED_SCOPE]
