"""The recommender over a project: train it on the project's decisions, keep it in the
project, and give detection the model in force (the project's own, else the starter model
shipped with the package).

Training reads the decisions, then trains without holding any lock (it takes seconds to a
minute), then stores the model in one short transaction. The same training data (same
fingerprint) is not trained on twice. Storing a model changes detection's fingerprint, so the
next ``detect`` recomputes the candidates; :func:`refresh_model_candidates` does it at once for
the documents a caller cares about (the window, after background retraining).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from .. import paths, store_models
from ..errors import AnnotatorError
from ..model.tagger import MODEL_VERSION, SpanModel
from ..model.training import DEFAULT_FOLDS, Example, FeatureConfig, LabelScores, data_fingerprint, sentences, train
from ..progress import Progress, no_progress
from ..records import GOLD_KIND, StoredModel
from ..resources import load_resources
from ..store import Store, utc_now
from .codebooks import project_codebook

SHARED_SCOPE = "shared"
STARTER_FILE = Path("model") / "starter.model"
POSITIVE = ("accepted", "relabelled", "added")
LARGE_PROJECT = 100  # documents from which the default cross-validation has 2 folds, not 3


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
) -> TrainReport:
    """Train the recommender of ``scope`` on ``layers`` (default: every layer with decisions)
    and store it; skipped when the stored model was trained on the same data.

    ``folds`` ≥ 2 cross-validates (figures, calibration, thresholds: about ``folds`` times the
    cost of one fit; by default 3, or 2 from LARGE_PROJECT documents on, which keeps
    training on 200 documents within a minute on 2 cores); ``folds=0`` fits once and keeps the stored model's calibration and
    thresholds (a quick retraining in the background while annotating)."""
    codebook = project_codebook(store)
    chosen = tuple(layers) if layers else tuple(store_models.layers_with_decisions(store))
    known = {a.name for a in store.annotators()}
    unknown = [layer for layer in chosen if layer not in known]
    if unknown:
        raise AnnotatorError(f"no layer called {', '.join(unknown)} in {store.path} (layers: {', '.join(sorted(known))})")
    examples = training_examples(store, chosen, codebook.labels)
    positives = sum(len(e.spans) for e in examples)
    if not examples or not positives:
        raise AnnotatorError(
            f"nothing to learn from in {store.path}: the layers {', '.join(chosen) or '(none)'} hold no accepted, "
            "relabelled or added span (nothing was stored)"
        )
    documents = len({e.doc_key for e in examples})
    if folds is None:
        folds = DEFAULT_FOLDS if documents < LARGE_PROJECT else 2
    config = feature_config()
    extra = {"threshold": threshold, "folds": folds}
    fingerprint = data_fingerprint(examples, codebook.labels, config, extra)
    stored = store_models.stored_model(store, scope)
    characters = sum(len(e.text) for e in examples)
    if stored is not None and stored.fingerprint == fingerprint and stored.version == MODEL_VERSION and not force:
        return TrainReport(scope, chosen, documents, len(examples), characters, False, fingerprint,
                           _scores(stored.metrics.get("labels", {})), stored.metrics.get("thresholds", {}),
                           stored.metrics.get("folds", 0), 0.0)
    prior = _readable(stored.model) if stored is not None and stored.version == MODEL_VERSION else None
    trained = train(examples, codebook.labels, config, folds=folds, jobs=jobs, threshold=threshold, prior=prior,
                    meta={"scope": scope, "layers": list(chosen), "words": config.words}, progress=progress)
    metrics = {
        "labels": {label: vars(scores) for label, scores in trained.metrics.items()},
        "thresholds": dict(trained.model.thresholds),
        "folds": trained.folds,
        "documents": documents,
        "examples": len(examples),
        "characters": characters,
        "layers": list(chosen),
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
                       dict(trained.model.thresholds), trained.folds, trained.seconds)


def _readable(data: bytes) -> SpanModel | None:
    try:
        return SpanModel.from_bytes(data)
    except ValueError:
        return None


def _scores(stored: Mapping[str, Mapping]) -> dict[str, LabelScores]:
    return {label: LabelScores(**values) for label, values in stored.items()}


def model_in_force(store: Store, scope: str = SHARED_SCOPE) -> bytes | None:
    """The model detection uses: the project's own for ``scope``, else the starter model."""
    stored = store_models.stored_model(store, scope)
    if stored is not None and stored.version == MODEL_VERSION and _readable(stored.model) is not None:
        return stored.model
    return starter_model_bytes()  # a damaged stored model is passed over, not fatal to detection


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
    """Recompute the candidates of ``doc_ids`` now, with the model in force (after retraining);
    decisions are kept. Returns how many documents were recomputed."""
    from .detecting import redetect_documents

    return redetect_documents(store, doc_ids, actor=actor)
