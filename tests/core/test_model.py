"""The statistical recommender, on small data the tests make themselves: generated articles
with planted spans, an annotator who decides on them, training, and detection with the model."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from annotator import paths, services, store_models
from annotator.errors import AnnotatorError
from annotator.detect.engine import MODEL_PREFIX, merge_model_spans
from annotator.model.tagger import MODEL_VERSION, SpanModel
from annotator.records import CandidateSpan
from annotator.services import annotating, modelling
from annotator.store import Store

ANNOTATOR = "ann"
FILLER = [
    "会议听取了有关部门的工作汇报", "与会人员结合实际进行了讨论", "全县各级干部认真学习会议精神",
    "今年以来各项工作稳步推进", "下一步将继续加强统筹协调", "相关负责同志参加会议并讲话",
    "会议要求各乡镇抓好贯彻落实", "各部门要明确责任分工", "群众对此反映良好",
]
HAN = "安保成达丰福富港和华佳建江金锦康乐利林美明宁平庆荣瑞盛顺泰通旺祥新兴秀阳怡永裕振中"


def _instance(rng: random.Random) -> str:
    """A planted slogan: a numbered formulation with fresh characters, e.g. 三安四旺."""
    return rng.choice("三四五六") + rng.choice(HAN) + rng.choice("三四五六") + rng.choice(HAN)


def _campaign(rng: random.Random) -> str:
    """A planted campaign no rule knows: two fresh characters and 擂台赛 (if the rules ever
    learn 擂台赛, plant another head here: the tests need spans only the model finds)."""
    return rng.choice(HAN) + rng.choice(HAN) + "擂台赛"


def _article(rng: random.Random, slogans: list[str]) -> tuple[str, list[tuple[int, int, str]]]:
    """Filler sentences with each slogan planted as 深入推进“X”工程 (a rule finds those) and a
    campaign as 全力打好X (no rule does); gold offsets of the planted spans."""
    text, spans = "", []
    for slogan in slogans:
        for _ in range(rng.randint(1, 3)):
            text += rng.choice(FILLER) + "。"
        text += "深入推进“"
        spans.append((len(text), len(text) + len(slogan), "SLOGAN"))
        text += slogan + "”工程，" + rng.choice(FILLER) + "。"
        campaign = _campaign(rng)
        text += rng.choice(FILLER) + "，全力打好"
        spans.append((len(text), len(text) + len(campaign), "CAMPAIGN"))
        text += campaign + "。"
    return text + rng.choice(FILLER) + "。\n", spans


def _write_articles(folder: Path, count: int, seed: int) -> dict[str, list[tuple[int, int, str]]]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    gold = {}
    for number in range(count):
        text, spans = _article(rng, [_instance(rng) for _ in range(rng.randint(1, 3))])
        title = f"第{number}期 工作动态"
        (folder / f"{seed}_{number:03d}.txt").write_text(title + "\n" + text, encoding="utf-8")
        gold[title + "\n" + text] = [(s + len(title) + 1, e + len(title) + 1, l) for s, e, l in spans]
    return gold


def teach(store: Store, layer: str, gold: dict[str, list], *, done: bool = True, every_document: bool = True) -> None:
    """``layer`` accepts the planted spans (adds those no rule found), rejects the other
    candidates and marks the document done: in every document (one without planted spans
    has every candidate rejected), or with ``every_document=False`` only in those of ``gold``."""
    for document in list(store.documents()):
        if not every_document and document.text not in gold:
            continue
        wanted = set(gold.get(document.text, []))
        for item in annotating.document_items(store, layer, document.id):
            if (item.start, item.end, item.label) in wanted:
                annotating.accept(store, layer, item)
                wanted.discard((item.start, item.end, item.label))
            else:
                annotating.reject(store, layer, item)
        for start, end, label in sorted(wanted):
            annotating.add_span(store, layer, document.id, start, end, label)
        if done:
            annotating.set_document_status(store, layer, document.id, "done")


def _annotate(store: Store, gold: dict[str, list], done: bool = True) -> None:
    """The annotator decides every document by the planted spans."""
    teach(store, ANNOTATOR, gold, done=done)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    """A project of 16 generated articles, all decided and done, with a trained model."""
    folder = tmp_path_factory.mktemp("model")
    gold = _write_articles(folder / "train", 16, seed=1)
    path = folder / "trained.annotator.db"
    with Store.open(path) as store:
        services.import_paths(store, [folder / "train"])
        services.detect_project(store)
        _annotate(store, gold)
        report = services.train_project_model(store, [ANNOTATOR], jobs=1)
        redetected = services.detect_project(store)
    assert redetected.detected == 16  # the new model changed every document's detection fingerprint
    return path, folder, {"gold": gold, "report": report}


def _copy(path: Path, tmp_path: Path) -> Path:
    target = tmp_path / path.name
    shutil.copy(path, target)  # the module's project is closed: a plain copy is safe here
    return target


def test_training_learns_a_planted_pattern_and_finds_a_new_instance_in_unseen_text(trained, tmp_path: Path) -> None:
    path, _, facts = trained
    unseen = _write_articles(tmp_path / "unseen", 3, seed=99)
    project = _copy(path, tmp_path)
    with Store.open(project) as store:
        services.import_paths(store, [tmp_path / "unseen"])
        services.detect_project(store)
        found = model_only = 0
        for text, spans in unseen.items():
            doc_id = next(d.id for d in store.documents() if d.text == text)
            candidates = {(c.start, c.end, c.label): c for c in store.document_candidates(doc_id)}
            for span in spans:
                candidate = candidates.get(span)
                if candidate is not None and (candidate.rule.startswith(MODEL_PREFIX) or candidate.model_score is not None):
                    found += 1
                    model_only += candidate.rule == MODEL_PREFIX + span[2]
    planted = sum(len(spans) for spans in unseen.values())
    assert facts["report"].trained and planted >= 6
    assert found >= planted - 1, f"the model found {found} of {planted} new planted spans exactly"
    assert model_only >= 2, "the planted campaigns no rule finds come as model:CAMPAIGN candidates"


def test_the_model_is_stored_with_its_version_data_fingerprint_and_cross_validated_metrics(trained) -> None:
    path, _, facts = trained
    report = facts["report"]
    with Store.open(path) as store:
        stored = store_models.stored_model(store, modelling.SHARED_SCOPE)
    assert stored is not None and stored.version == MODEL_VERSION and stored.fingerprint == report.fingerprint
    assert stored.metrics["labels"]["SLOGAN"]["overlap_recall"] == report.metrics["SLOGAN"].overlap_recall > 0.8
    assert stored.metrics["layers"] == [ANNOTATOR] and stored.metrics["folds"] == 3
    model = SpanModel.from_bytes(stored.model)
    assert "SLOGAN" in model.labels and 0 <= model.threshold("SLOGAN") <= 1


def test_retraining_on_unchanged_decisions_is_skipped_and_a_new_decision_retrains(trained, tmp_path: Path) -> None:
    path, _, facts = trained
    project = _copy(path, tmp_path)
    with Store.open(project) as store:
        before = store_models.stored_model(store, modelling.SHARED_SCOPE)
        again = services.train_project_model(store, [ANNOTATOR])
        assert not again.trained and again.fingerprint == facts["report"].fingerprint
        assert store_models.stored_model(store, modelling.SHARED_SCOPE) == before
        doc_id = next(iter(store.documents())).id
        annotating.add_span(store, ANNOTATOR, doc_id, 0, 2, "CAMPAIGN")
        changed = services.train_project_model(store, [ANNOTATOR])
        assert changed.trained and changed.fingerprint != before.fingerprint
        assert store_models.stored_model(store, modelling.SHARED_SCOPE).trained_at > before.trained_at


def test_a_new_model_makes_detect_recompute_and_keeps_the_decisions(trained, tmp_path: Path) -> None:
    path, _, _ = trained
    project = _copy(path, tmp_path)
    with Store.open(project) as store:
        decisions = sorted((a.doc_id, a.start, a.end, a.label, a.status) for d in store.documents() for a in store.annotations(d.id))
        assert services.detect_project(store).detected == 0  # the model in force has not changed since the last
        with store.transaction():
            store_models.delete_model(store, modelling.SHARED_SCOPE)
        report = services.detect_project(store)
        assert report.detected == store.document_count()
        assert sorted((a.doc_id, a.start, a.end, a.label, a.status) for d in store.documents() for a in store.annotations(d.id)) == decisions


def test_a_span_found_by_a_rule_and_the_model_is_one_candidate_carrying_both() -> None:
    rule = CandidateSpan(3, 8, "SLOGAN", "slogan:quoted", 0.8)
    other = CandidateSpan(20, 25, "TARGET", "target:growth", 0.7)
    merged = merge_model_spans([rule, other], [
        CandidateSpan(3, 8, "SLOGAN", "model:SLOGAN", 0.91, 0.91),  # the same span: one candidate
        CandidateSpan(22, 30, "TARGET", "model:TARGET", 0.95, 0.95),  # overlaps the rule's: the rule's stands
        CandidateSpan(40, 44, "HONOUR", "model:HONOUR", 0.66, 0.66),  # the model's own
        CandidateSpan(3, 8, "HONOUR", "model:HONOUR", 0.7, 0.7),  # same place, another label: its own
    ])
    assert merged == [
        CandidateSpan(3, 8, "HONOUR", "model:HONOUR", 0.7, 0.7),
        CandidateSpan(3, 8, "SLOGAN", "slogan:quoted", 0.8, 0.91),
        other,
        CandidateSpan(40, 44, "HONOUR", "model:HONOUR", 0.66, 0.66),
    ]


def test_in_a_project_rule_and_model_spans_are_stored_once_with_the_model_score(trained, tmp_path: Path) -> None:
    path, folder, _ = trained
    with Store.open(path) as store:
        rows = [(c.start, c.end, c.label, c.rule, c.model_score, d.id) for d in store.documents() for c in store.document_candidates(d.id)]
    both = [r for r in rows if not r[3].startswith(MODEL_PREFIX) and r[4] is not None]
    assert both, "the planted slogans a rule finds carry the model's probability"
    assert all(0 <= r[4] <= 1 for r in both)
    spans = [(r[5], *r[:3]) for r in rows]
    assert len(spans) == len(set(spans))  # one candidate per document, place and label


def test_partial_documents_teach_only_their_decided_sentences(tmp_path: Path) -> None:
    gold = _write_articles(tmp_path / "docs", 2, seed=5)
    with Store.open(tmp_path / "p.annotator.db") as store:
        services.import_paths(store, [tmp_path / "docs"])
        services.detect_project(store)
        first = next(iter(store.documents()))
        start, end, label = gold[first.text][0]
        annotating.add_span(store, ANNOTATOR, first.id, start, end, label)  # one decision, document not done
        examples = modelling.training_examples(store, [ANNOTATOR], ("SLOGAN",))
    (example,) = examples
    assert example.spans == ((start, end, label),)
    assert example.regions and all(any(a <= s < b for s, _, _ in example.spans) for a, b in example.regions)
    assert sum(b - a for a, b in example.regions) < len(first.text)


def test_training_without_any_confirmed_span_is_refused_and_stores_nothing(detected_project: Store) -> None:
    with pytest.raises(AnnotatorError) as caught:
        services.train_project_model(detected_project)
    assert "nothing to learn from" in str(caught.value) and detected_project.path in str(caught.value)
    assert store_models.stored_model(detected_project, modelling.SHARED_SCOPE) is None
    with pytest.raises(AnnotatorError, match="no layer called nobody"):
        services.train_project_model(detected_project, ["nobody"])


def test_a_new_project_detects_with_the_starter_model(trained, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a model of its own, a project uses the starter model of the package's resources."""
    path, folder, _ = trained
    with Store.open(path) as store:
        model = store_models.stored_model(store, modelling.SHARED_SCOPE).model
    resources = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), resources, ignore=shutil.ignore_patterns("model"))
    (resources / "model").mkdir()
    (resources / modelling.STARTER_FILE).write_bytes(model)
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)
    _write_articles(tmp_path / "new", 2, seed=42)
    with Store.open(tmp_path / "new.annotator.db") as store:
        services.import_paths(store, [tmp_path / "new"])
        services.detect_project(store)
        rules = [c.rule for c in store.candidates()]
        assert any(rule == "model:CAMPAIGN" for rule in rules)
        assert store_models.stored_model(store, modelling.SHARED_SCOPE) is None


def test_the_shipped_starter_model_loads_and_suggests_on_the_demo_articles(detected_project: Store) -> None:
    data = modelling.starter_model_bytes()
    assert data is not None, "resources/model/starter.model is missing from the package"
    model = SpanModel.from_bytes(data)
    assert set(model.labels) == {"SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT"}
    scored = [c for d in detected_project.documents() for c in detected_project.document_candidates(d.id) if c.model_score is not None]
    assert scored, "the starter model scores the demo articles' candidates"


def test_the_calibration_is_the_isotonic_fit_scikit_learn_makes() -> None:
    from sklearn.isotonic import IsotonicRegression

    from annotator.model.tagger import calibrate
    from annotator.model.training import _isotonic

    rng = random.Random(3)
    points = [(round(rng.random(), 2), rng.random() < 0.3 + 0.6 * x) for x in [rng.random() for _ in range(300)]]
    table = _isotonic(points)
    reference = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit([p[0] for p in points], [float(p[1]) for p in points])
    for raw in [i / 100 for i in range(-5, 106)]:
        assert calibrate(table, raw) == pytest.approx(float(reference.predict([raw])[0]), abs=1e-3)


def test_a_quick_retraining_without_cross_validation_keeps_the_calibration(trained, tmp_path: Path) -> None:
    path, _, facts = trained
    project = _copy(path, tmp_path)
    with Store.open(project) as store:
        before = SpanModel.from_bytes(store_models.stored_model(store, modelling.SHARED_SCOPE).model)
        doc_id = next(iter(store.documents())).id
        annotating.add_span(store, ANNOTATOR, doc_id, 0, 2, "CAMPAIGN")
        quick = services.train_project_model(store, [ANNOTATOR], folds=0)
        after = SpanModel.from_bytes(store_models.stored_model(store, modelling.SHARED_SCOPE).model)
    assert quick.trained and quick.folds == 0
    assert after.thresholds == before.thresholds and after.calibration == before.calibration
    assert after.taggers != before.taggers


def test_a_small_projects_documents_weigh_more_but_never_more_than_the_starter_corpus() -> None:
    from annotator.services.modelling import PROJECT_WEIGHT, project_weight

    assert project_weight(5_000, 358_000) == PROJECT_WEIGHT  # a few articles: repeated fully
    assert project_weight(150_000, 358_000) == 2  # repeated while they weigh no more than the starter
    assert project_weight(400_000, 358_000) == 1  # a large project: once
    assert project_weight(0, 358_000) == 1


def _gold_documents(count: int, length: int) -> list:
    from annotator.model.gold import GoldDocument

    return [GoldDocument(f"starter-{n}", f"{n:05d}" + "县" * (length - 5), ((0, 5, "TARGET"),)) for n in range(count)]


def test_beside_a_large_project_the_starter_corpus_is_cut_to_the_training_budget(monkeypatch) -> None:
    from annotator.model.training import Example
    from annotator.services import modelling

    monkeypatch.setattr(modelling, "TRAINING_CHARACTERS", 10_000)
    monkeypatch.setattr(modelling, "BASE_FLOOR_CHARACTERS", 2_000)
    base = _gold_documents(40, 200)  # 8,000 characters
    project = [Example(f"doc-{n}", f"项目{n:04d}" + "村" * 194, ((0, 2, "TARGET"),)) for n in range(30)]  # 6,000

    learned_from, beneath, weight = modelling.learning_set(base, ["TARGET"], project)

    assert weight == 1  # the project outweighs the starter corpus: learned from once
    assert sum(len(e.text) for e in beneath) <= 10_000 - 6_000
    assert len(beneath) == 20  # as much of the starter corpus as fits, no more
    assert [e for e in learned_from if e.doc_key.startswith("doc-")] == project  # every project document, whole
    again, _, _ = modelling.learning_set(list(reversed(base)), ["TARGET"], project)
    assert {e.text for e in again if e.doc_key.startswith("starter:")} == {e.text for e in beneath}  # chosen by text, not order
    kept_names = [e.doc_key.split(":")[-1] for e in beneath]
    assert kept_names != [d.name for d in base[:20]]  # spread over the corpus, not its first articles


def test_a_small_project_learns_from_the_whole_starter_corpus_and_a_huge_one_from_the_floor(monkeypatch) -> None:
    from annotator.model.training import Example
    from annotator.services import modelling

    monkeypatch.setattr(modelling, "TRAINING_CHARACTERS", 10_000)
    monkeypatch.setattr(modelling, "BASE_FLOOR_CHARACTERS", 2_000)
    base = _gold_documents(40, 200)
    small = [Example("doc-0", "项目" + "村" * 198, ((0, 2, "TARGET"),))]
    _, beneath, weight = modelling.learning_set(base, ["TARGET"], small)
    assert weight == modelling.PROJECT_WEIGHT and len(beneath) == 40

    huge = [Example(f"doc-{n}", f"项目{n:04d}" + "村" * 194, ((0, 2, "TARGET"),)) for n in range(100)]  # 20,000
    _, beneath, _ = modelling.learning_set(base, ["TARGET"], huge)
    assert len(beneath) == 10  # never less than the floor's 2,000 characters
