"""The recommender over a project: train it on the project's decisions, keep it in the
project, and give detection the models in force.

Models have scopes, so that teaching stays blind: the ``shared`` model learns from the gold
layer (adjudicated decisions teach everyone) and detection offers its spans to everyone; a
``layer:<name>`` model learns from gold and that annotator's layer, and its spans are that
annotator's own candidates (see :mod:`annotator.services.detecting`). Without a project model
of its own, shared detection uses the starter model shipped with the package.

Every model is trained on the starter corpus shipped with the package (the gold articles the
starter model was trained on) plus the project's decisions, the project's documents repeated
(weighted up) while they are few: a handful of taught documents then adds to what the
starter knows instead of replacing it. Beside a large project only part of the starter corpus
is learned from, so that training time stays bounded as the shipped corpus grows.

Training reads the decisions, then trains without holding any lock (it takes seconds to a
minute), then stores the model in one short transaction. The same training data (same
fingerprint) is not trained on twice. A new shared model changes detection's fingerprint, so
the next ``detect`` recomputes the candidates; a new layer model changes only that layer's
own model candidates. :func:`refresh_model_candidates` brings documents up to date at once
(the window, after background retraining).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from .. import paths, store_models
from ..errors import AnnotatorError
from ..model.gold import GoldDocument, read_inline
from ..model.tagger import MODEL_VERSION, SpanModel
from ..model.training import DEFAULT_FOLDS, Example, FeatureConfig, LabelScores, data_fingerprint, sentences, train
from ..progress import Progress, no_progress
from ..records import ANNOTATOR_KIND, GOLD_KIND, StoredModel
from ..resources import load_resources
from ..store import Store, utc_now
from .codebooks import project_codebook

SHARED_SCOPE = "shared"
LAYER_SCOPE = "layer:"  # + an annotator's name
STARTER_FILE = Path("model") / "starter.model"
STARTER_CORPUS_FILE = Path("model") / "starter_corpus.jsonl"
POSITIVE = ("accepted", "relabelled", "added")
LARGE_PROJECT = 100  # documents from which the default cross-validation has 2 folds, not 3
# The project's documents are repeated up to this many times in training, as long as their
# repetitions hold no more characters than the starter corpus: a small project's own phrasing
# counts beside a starter corpus that keeps growing, and a large one is not repeated (training
# stays under twice the starter's size). 3 was enough beside 219 starter documents; beside 242
# a model trained on 16 small documents no longer learnt their planted campaigns
# (tests/core/test_model.py), at 5 it does. On real articles 3, 6 and 12 were alike
# (benchmarks/learning_curve.py, docs/recommender.md).
PROJECT_WEIGHT = 5
# Training time grows with every character learned from (about 3 s per 25 starter articles on
# 2 cores), and the starter corpus grows with each release. So a project's model learns from at
# most TRAINING_CHARACTERS: the project's documents (repeated) always whole, and as much of the
# starter corpus as fits beside them, never less than BASE_FLOOR_CHARACTERS. 880 k is what
# training on 200 documents of 2,000 characters plus the 305-article starter corpus (463 k)
# took in 52 s, under the 60 s target (benchmarks/learning_curve.py --timing-only); a small
# project keeps the whole starter corpus.
TRAINING_CHARACTERS = 880_000
BASE_FLOOR_CHARACTERS = 200_000


def project_weight(project_characters: int, base_characters: int) -> int:
    """How many times the project's documents are repeated in training (see PROJECT_WEIGHT)."""
    if project_characters <= 0:
        return 1
    return max(1, min(PROJECT_WEIGHT, base_characters // project_characters))


def layer_scope(annotator: str) -> str:
    """The scope of the model that learns from gold and ``annotator``'s layer."""
    return LAYER_SCOPE + annotator


def scope_owner(scope: str) -> str | None:
    """The annotator whose own candidates a scope's model makes (None: everyone's)."""
    return scope[len(LAYER_SCOPE):] if scope.startswith(LAYER_SCOPE) else None


@dataclass(frozen=True)
class TrainReport:
    scope: str
    layers: tuple[str, ...]
    documents: int  # distinct documents learned from
    examples: int  # (document, layer) pairs
    characters: int
    trained: bool  # False: the stored model was trained on the same data (skipped)
    fingerprint: str
    metrics: Mapping[str, LabelScores]  # cross-validated, per label, at the thresholds
    thresholds: Mapping[str, float]
    folds: int
    seconds: float
    base_documents: int = 0  # starter-corpus articles learned from beside the project's


def training_examples(store: Store, layers: Sequence[str], labels: Sequence[str]) -> list[Example]:
    """The chosen layers' decisions as examples: accepted, relabelled and added spans are
    positives; a document the layer marked done (any gold document) is known whole, others
    only in the sentences holding a decision and no undecided candidate."""
    wanted = set(labels)
    examples = []
    texts: dict[int, str] = {}
    hashes = {}
    for doc_id, layer, kind, status in store_models.decided_documents(store, layers):
        if doc_id not in texts:
            texts[doc_id] = store.document(doc_id).text
            hashes[doc_id] = store.document(doc_id).text_hash
        text = texts[doc_id]
        decisions = [d for d in store_models.decision_rows(store, doc_id, layer) if d[2] in wanted]
        positives = tuple(sorted({(s, e, l) for s, e, l, status_ in decisions if status_ in POSITIVE}))
        complete = status == "done" or kind == GOLD_KIND
        regions = None
        if not complete:
            undecided = store_models.undecided_candidate_spans(store, doc_id, layer)
            regions = tuple(
                (a, b) for a, b in sentences(text)
                if any(a <= s < b for s, _, _, _ in decisions) and not any(a < e and s < b for s, e, _ in undecided)
            )
            if not regions:
                continue
        # A span crossing a sentence end cannot be learned from a partial document's sentences.
        examples.append(Example(hashes[doc_id], text, positives, regions))
    return examples


def feature_config(words: bool = False) -> FeatureConfig:
    resources = load_resources()
    return FeatureConfig({name: tuple(entries) for name, entries in resources.lexicons.items()}, words)


def train_project_model(
    store: Store,
    layers: Sequence[str] | None = None,
    scope: str = SHARED_SCOPE,
    *,
    folds: int | None = None,
    jobs: int = 1,
    threshold: float | None = None,
    force: bool = False,
    progress: Progress = no_progress,
    base: Sequence[GoldDocument] | None = None,
) -> TrainReport:
    """Train the recommender of ``scope`` and store it; skipped when the stored model was
    trained on the same data.

    ``scope`` "shared" learns from ``layers`` (default: the gold layer: whatever else is named
    is then shared with everyone); "layer:<name>" learns from gold and that annotator's layer
    (``layers`` may narrow that, never widen it). Both learn from ``base`` too (default: the
    starter corpus shipped with the package; ``()`` for none).

    ``folds`` ≥ 2 cross-validates (figures, calibration, thresholds: about ``folds`` times the
    cost of one fit; by default 3, or 2 from LARGE_PROJECT documents on, which keeps
    training on 200 documents within a minute on 2 cores); ``folds=0`` fits once and keeps the
    stored model's calibration and thresholds (a quick retraining in the background while
    annotating)."""
    codebook = project_codebook(store)
    chosen = _layers_of_scope(store, scope, layers)
    examples = training_examples(store, chosen, codebook.labels)
    positives = sum(len(e.spans) for e in examples)
    if not examples or not positives:
        raise AnnotatorError(
            f"nothing to learn from in {store.path}: the layers {', '.join(chosen) or '(none)'} hold no accepted, "
            "relabelled or added span (nothing was stored)"
        )
    documents = len({e.doc_key for e in examples})
    characters = sum(len(e.text) for e in examples)
    learned_from, beneath, weight = learning_set(starter_corpus() if base is None else base, codebook.labels, examples)
    if folds is None:
        folds = DEFAULT_FOLDS if documents < LARGE_PROJECT else 2
    config = feature_config()
    extra = {"threshold": threshold, "folds": folds, "weight": weight}
    fingerprint = data_fingerprint(learned_from, codebook.labels, config, extra)
    stored = store_models.stored_model(store, scope)
    if stored is not None and stored.fingerprint == fingerprint and stored.version == MODEL_VERSION and not force:
        return TrainReport(scope, chosen, documents, len(examples), characters, False, fingerprint,
                           _scores(stored.metrics.get("labels", {})), stored.metrics.get("thresholds", {}),
                           stored.metrics.get("folds", 0), 0.0, len(beneath))
    trained = train(learned_from, codebook.labels, config, folds=folds, jobs=jobs, threshold=threshold,
                    prior=_prior(store, scope), scored_keys=frozenset(e.doc_key for e in examples),
                    meta={"scope": scope, "layers": list(chosen), "words": config.words,
                          "base_documents": len(beneath), "weight": weight}, progress=progress)
    metrics = {
        "labels": {label: vars(scores) for label, scores in trained.metrics.items()},
        "thresholds": dict(trained.model.thresholds),
        "folds": trained.folds,
        "documents": documents,
        "examples": len(examples),
        "characters": characters,
        "layers": list(chosen),
        "base_documents": len(beneath),
        "weight": weight,
        "seconds": round(trained.seconds, 2),
    }
    if not trained.metrics and stored is not None and stored.metrics.get("labels"):
        metrics["labels"] = stored.metrics["labels"]  # figures of the last cross-validated training
        metrics["labels_from"] = stored.metrics.get("labels_from", stored.trained_at)
    with store.transaction():
        store_models.put_model(store, StoredModel(scope, MODEL_VERSION, fingerprint, metrics,
                                                  trained.model.to_bytes(), utc_now()))
        store.append_event("train", after={"scope": scope, "fingerprint": fingerprint, "layers": list(chosen),
                                           "documents": documents})
    return TrainReport(scope, chosen, documents, len(examples), characters, True, fingerprint, trained.metrics,
                       dict(trained.model.thresholds), trained.folds, trained.seconds, len(beneath))


def _layers_of_scope(store: Store, scope: str, layers: Sequence[str] | None) -> tuple[str, ...]:
    """The layers a scope's model learns from (see :func:`train_project_model`)."""
    kinds = {a.name: a.kind for a in store.annotators()}
    gold = tuple(name for name, kind in kinds.items() if kind == GOLD_KIND)
    chosen = tuple(layers) if layers else None
    unknown = [layer for layer in chosen or () if layer not in kinds]
    if unknown:
        raise AnnotatorError(f"no layer called {', '.join(unknown)} in {store.path} (layers: {', '.join(sorted(kinds))})")
    if scope == SHARED_SCOPE:
        return chosen or gold
    owner = scope_owner(scope)
    if owner is None:
        raise AnnotatorError(f"no model scope called {scope!r}: it is {SHARED_SCOPE!r} or {LAYER_SCOPE}<annotator>")
    if kinds.get(owner) != ANNOTATOR_KIND:
        raise AnnotatorError(f"no annotator called {owner} in {store.path} (annotators: "
                             f"{', '.join(sorted(n for n, k in kinds.items() if k == ANNOTATOR_KIND)) or 'none'})")
    allowed = gold + (owner,)
    others = [layer for layer in chosen or () if layer not in allowed]
    if others:
        raise AnnotatorError(f"{owner}'s model learns from gold and {owner}'s layer only, not from "
                             f"{', '.join(others)}: annotators stay blind to each other (nothing was stored)")
    return chosen or allowed


def learning_set(
    base: Sequence[GoldDocument], labels: Sequence[str], examples: Sequence[Example]
) -> tuple[list[Example], list[Example], int]:
    """What a project's model learns from: the starter corpus beneath (within the training
    budget, see TRAINING_CHARACTERS) and the project's examples repeated ``weight`` times.
    Returns (all examples, the starter examples kept, weight)."""
    beneath = base_examples(base, labels, {e.text for e in examples})
    characters = sum(len(e.text) for e in examples)
    weight = project_weight(characters, sum(len(e.text) for e in beneath))
    beneath = within_budget(beneath, max(BASE_FLOOR_CHARACTERS, TRAINING_CHARACTERS - characters * weight))
    return beneath + [e for e in examples for _ in range(weight)], beneath, weight


def within_budget(examples: Sequence[Example], budget: int) -> list[Example]:
    """``examples`` whose texts hold at most ``budget`` characters in all, in their order. The
    ones kept are chosen by a hash of their text, not by position: the same starter articles
    for every project of a size, and a cut spread over the corpus's parts and genres, not the
    last parts added."""
    if sum(len(e.text) for e in examples) <= budget:
        return list(examples)
    kept: set[int] = set()
    used = 0
    for index in sorted(range(len(examples)), key=lambda i: hashlib.sha256(examples[i].text.encode()).digest()):
        if used + len(examples[index].text) <= budget:
            kept.add(index)
            used += len(examples[index].text)
    return [e for index, e in enumerate(examples) if index in kept]


def base_examples(documents: Sequence[GoldDocument], labels: Sequence[str], project_texts: set[str]) -> list[Example]:
    """The starter corpus as training examples; a text the project holds is left out (the
    project's own decisions on it stand)."""
    wanted = set(labels)
    return [
        Example(f"starter:{index}:{d.name}", d.text, tuple(s for s in d.spans if s[2] in wanted))
        for index, d in enumerate(documents) if d.text not in project_texts
    ]


def starter_corpus() -> tuple[GoldDocument, ...]:
    """The gold articles shipped with the package (resources/model/starter_corpus.jsonl);
    none when the file is missing."""
    return _starter_corpus(str(paths.resources_dir() / STARTER_CORPUS_FILE))


@functools.lru_cache(maxsize=2)
def _starter_corpus(path: str) -> tuple[GoldDocument, ...]:
    if not Path(path).exists():
        return ()
    return tuple(read_inline(Path(path)))


def _prior(store: Store, scope: str) -> SpanModel | None:
    """Whose calibration and thresholds a quick retraining (no cross-validation) keeps: the
    scope's stored model, else the shared one, else the starter model."""
    for candidate in (scope, SHARED_SCOPE):
        stored = store_models.stored_model(store, candidate)
        if stored is not None and stored.version == MODEL_VERSION and (model := _readable(stored.model)) is not None:
            return model
    starter = starter_model_bytes()
    return _readable(starter) if starter is not None else None


def _readable(data: bytes) -> SpanModel | None:
    try:
        return SpanModel.from_bytes(data)
    except ValueError:
        return None


def _scores(stored: Mapping[str, Mapping]) -> dict[str, LabelScores]:
    return {label: LabelScores(**values) for label, values in stored.items()}


def model_in_force(store: Store, scope: str = SHARED_SCOPE) -> bytes | None:
    """The model detection uses for ``scope``: the project's own; for the shared scope,
    else the starter model; a layer without a model of its own has none (None)."""
    stored = store_models.stored_model(store, scope)
    if stored is not None and stored.version == MODEL_VERSION and _readable(stored.model) is not None:
        return stored.model
    # a damaged stored model is passed over, not fatal to detection
    return starter_model_bytes() if scope == SHARED_SCOPE else None


def layer_models(store: Store) -> dict[str, bytes]:
    """Annotator name → the model of their layer scope, for every annotator who has one."""
    annotators = {a.name for a in store.annotators() if a.kind == ANNOTATOR_KIND}
    found = {}
    for scope in store_models.model_scopes(store, LAYER_SCOPE):
        owner = scope_owner(scope)
        if owner in annotators and (model := model_in_force(store, scope)) is not None:
            found[owner] = model
    return found


def starter_model_bytes() -> bytes | None:
    return _starter_bytes(str(paths.resources_dir() / STARTER_FILE))


@functools.lru_cache(maxsize=2)
def _starter_bytes(path: str) -> bytes | None:
    try:
        data = Path(path).read_bytes()
        SpanModel.from_bytes(data)  # a starter of another model version is not used
    except (OSError, ValueError):
        return None
    return data


def refresh_model_candidates(store: Store, doc_ids: Sequence[int], *, actor: str | None = None) -> int:
    """Bring the model candidates of ``doc_ids`` up to date now, for every scope (after
    retraining): a document whose shared detection is out of date is detected again; else
    only the layer models that changed recompute their owner's candidates. Decisions are
    kept. Returns how many documents changed."""
    from .detecting import refresh_documents

    return refresh_documents(store, doc_ids, actor=actor)
