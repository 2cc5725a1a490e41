"""Training the recommender: examples → sequences → taggers, cross-validation, calibration.

An :class:`Example` is one document as one layer decided it: its positive spans and the
stretches whose other characters are known negatives. A document the layer marked done (or
the gold layer's, which adjudication completes) is known whole; otherwise only the sentences
holding a decision and no undecided candidate are, since an undecided candidate may yet be
accepted.

Cross-validation splits by document (k folds). The spans each fold's model finds in its
held-out documents give the figures per label (exact and overlap precision/recall) and the
pairs (raw score, overlaps a true span) that the isotonic calibration and the per-label
threshold (lowest at which overlap precision reaches the target) are fitted on.
"""

from __future__ import annotations

import functools
import hashlib
import json
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from .. import parallel
from ..chinese import simplified_view
from .features import FeatureExtractor, Item, clause_starts
from .tagger import (
    DEFAULT_THRESHOLD, MODEL_VERSION, TRAINER_PARAMS, Predictor, SpanModel, TrainingSequence, group_labels, train_group,
)

TARGET_PRECISION = 0.6  # the threshold per label is the lowest that keeps CV overlap precision at this
DEFAULT_FOLDS = 3  # each fold costs a training: 3 keeps `annotator train` on 200 documents within a minute
NEGATIVE_RATIO = 3  # per tagger, at most this many sentences without its labels per sentence with one
MIN_CALIBRATION_POINTS = 8


@dataclass(frozen=True)
class Example:
    doc_key: str  # the same document in several layers shares a key (folds never split it)
    text: str
    spans: tuple[tuple[int, int, str], ...]
    regions: tuple[tuple[int, int], ...] | None = None  # None: the whole document is known


@dataclass(frozen=True)
class FeatureConfig:
    """What features are built from: picklable, so worker processes build the same."""

    lexicons: Mapping[str, tuple[str, ...]]
    words: bool = False  # jieba word boundaries (costs about one lcut per text; off by default)

    def extractor(self) -> FeatureExtractor:
        return _extractor(self)

    def fingerprint(self) -> str:
        payload = json.dumps({"lexicons": {k: list(v) for k, v in sorted(self.lexicons.items())}, "words": self.words},
                             ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def __hash__(self) -> int:
        return hash(self.fingerprint())


@functools.lru_cache(maxsize=4)
def _extractor(config: FeatureConfig) -> FeatureExtractor:
    segment = None
    if config.words:
        from ..segment import Segmenter

        tokenizer = Segmenter([w for entries in config.lexicons.values() for w in entries]).tokenizer
        segment = lambda text: [len(w) for w in tokenizer.lcut(text, HMM=False)]  # noqa: E731
    return FeatureExtractor(config.lexicons, segment)


@dataclass(frozen=True)
class LabelScores:
    gold: int
    predicted: int
    exact_precision: float
    exact_recall: float
    overlap_precision: float
    overlap_recall: float


@dataclass(frozen=True)
class TrainedModel:
    model: SpanModel
    metrics: Mapping[str, LabelScores]  # per label, cross-validated at the chosen thresholds
    folds: int
    examples: int
    characters: int
    fingerprint: str
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)


def data_fingerprint(examples: Sequence[Example], labels: Sequence[str], config: FeatureConfig,
                     extra: Mapping[str, object] | None = None) -> str:
    """Identifies what a model would be trained from: retraining on the same is skipped."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"version": MODEL_VERSION, "labels": sorted(labels), "features": config.fingerprint(),
                              "params": TRAINER_PARAMS, "extra": extra or {}}, sort_keys=True).encode())
    for example in sorted(examples, key=lambda e: e.doc_key):
        digest.update(hashlib.sha256(example.text.encode("utf-8")).digest())
        digest.update(json.dumps([example.doc_key, sorted(example.spans), example.regions]).encode())
    return digest.hexdigest()[:16]


def train(
    examples: Sequence[Example],
    labels: Sequence[str],
    config: FeatureConfig,
    *,
    folds: int = DEFAULT_FOLDS,
    jobs: int = 1,
    target_precision: float = TARGET_PRECISION,
    threshold: float | None = None,
    meta: Mapping[str, object] | None = None,
    prior: SpanModel | None = None,
    scored_keys: frozenset[str] | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> TrainedModel:
    """Cross-validate, calibrate and fit the final model on every example. With fewer than
    2 folds there is no cross-validation: the calibration and thresholds of ``prior`` (the
    model this one replaces) are kept, so a quick retraining costs one fit. The figures are
    of the documents in ``scored_keys`` (default all; calibration uses all). An example
    repeated (weighted up) is one document: its copies share a fold and count once."""
    import time

    started = time.perf_counter()
    labels = [label for label in labels if any(s[2] == label for e in examples for s in e.spans)]
    doc_keys = sorted({e.doc_key for e in examples})
    folds = min(folds, len(doc_keys))
    sequences_all = _sequences(examples, config)
    groups = group_labels(sequences_all, labels) if labels else {}
    fold_of = {key: index % folds for index, key in enumerate(doc_keys)} if folds >= 2 else {}
    tasks: list[tuple[int | None, str]] = [(f, g) for f in range(folds if folds >= 2 else 0) for g in groups]
    tasks += [(None, g) for g in groups]
    results: dict[tuple[int | None, str], bytes | None] = {}
    total = len(tasks)
    progress(0, total)

    def train_sets(fold: int | None) -> list[Example]:
        return [e for e in examples if fold is None or fold_of[e.doc_key] != fold]

    if jobs <= 1:
        for done, (fold, group) in enumerate(tasks, start=1):
            results[fold, group] = _fit(train_sets(fold), groups[group], config)
            progress(done, total)
    else:
        with parallel.process_pool(jobs) as pool:
            futures: dict[Future, tuple[int | None, str]] = {
                pool.submit(_fit, train_sets(fold), groups[group], config): (fold, group) for fold, group in tasks
            }
            for done, future in enumerate(_as_completed(futures), start=1):
                results[futures[future]] = future.result()
                progress(done, total)

    pairs: dict[str, list[tuple[float, bool]]] = {label: [] for label in labels}
    fold_predictions: list[tuple[Example, list]] = []
    for fold in range(folds if folds >= 2 else 0):
        model = SpanModel({g: results[fold, g] for g in groups if results[fold, g]},
                          {g: groups[g] for g in groups if results[fold, g]})
        predictor = Predictor(model, config.lexicons)
        seen: set[tuple[str, tuple]] = set()
        for example in examples:
            if fold_of[example.doc_key] != fold or (example.doc_key, example.spans) in seen:
                continue
            seen.add((example.doc_key, example.spans))
            predicted = _known(example, [(p.start, p.end, p.label, p.raw) for p in
                                         predictor.spans(config.extractor()(example.text), example.text, calibrated=False)])
            fold_predictions.append((example, predicted))
            for start, end, label, raw in predicted:
                if label in pairs:
                    pairs[label].append((raw, any(_overlap((start, end, label), g) for g in example.spans)))

    calibration = {label: _isotonic(points) for label, points in pairs.items() if len(points) >= MIN_CALIBRATION_POINTS}
    thresholds = {}
    if not fold_predictions and prior is not None:
        calibration = {k: v for k, v in prior.calibration.items() if k in labels}
        thresholds = {k: v for k, v in prior.thresholds.items() if k in labels}
    for label in labels:
        if label in thresholds:
            continue
        table = calibration.get(label)
        scored = [(_calibrated(table, raw), good) for raw, good in pairs[label]]
        thresholds[label] = threshold if threshold is not None else _threshold(scored, target_precision)
    final = SpanModel(
        {g: results[None, g] for g in groups if results[None, g]},
        {g: groups[g] for g in groups if results[None, g]},
        calibration, thresholds, dict(meta or {}),
    )
    if scored_keys is not None:
        fold_predictions = [(e, p) for e, p in fold_predictions if e.doc_key in scored_keys]
    metrics = _metrics(fold_predictions, labels, final) if fold_predictions else {}
    return TrainedModel(
        model=final, metrics=metrics, folds=folds if folds >= 2 else 0, examples=len(examples),
        characters=sum(len(e.text) for e in examples), fingerprint=data_fingerprint(examples, labels, config),
        seconds=time.perf_counter() - started,
    )


def _as_completed(futures):
    from concurrent.futures import as_completed

    return as_completed(futures)


def _fit(examples: Sequence[Example], labels: Sequence[str], config: FeatureConfig) -> bytes | None:
    sequences = _sequences(examples, config)
    return train_group(_balanced(sequences, set(labels)), labels)


def _sequences(examples: Sequence[Example], config: FeatureConfig) -> list[TrainingSequence]:
    extractor = config.extractor()
    cache: dict[str, list[Item]] = {}
    sequences = []
    for example in examples:
        items = cache.get(example.doc_key)
        if items is None:
            items = cache[example.doc_key] = extractor(example.text)
        for start, end in _regions(example):
            sequences.append(TrainingSequence(
                items[start:end], frozenset((s - start, e - start, l) for s, e, l in example.spans if start <= s and e <= end)
            ))
    return sequences


def _regions(example: Example) -> list[tuple[int, int]]:
    if example.regions is not None:
        return list(example.regions)
    return sentences(example.text)


def sentences(text: str) -> list[tuple[int, int]]:
    starts = clause_starts(simplified_view(text))
    return [(a, b) for a, b in zip(starts, starts[1:] + [len(text)]) if a < b]


def _balanced(sequences: Sequence[TrainingSequence], labels: set[str]) -> list[TrainingSequence]:
    """Every sentence with a span of ``labels``, and evenly spaced others, at most
    NEGATIVE_RATIO per such sentence: training time stays proportional to the positives."""
    positive = [s for s in sequences if any(span[2] in labels for span in s.spans)]
    negative = [s for s in sequences if not any(span[2] in labels for span in s.spans)]
    keep = max(NEGATIVE_RATIO * len(positive), 1)
    if len(negative) > keep:
        step = len(negative) / keep
        negative = [negative[int(i * step)] for i in range(keep)]
    return positive + negative


def _known(example: Example, predicted: list[tuple]) -> list[tuple]:
    """Predictions inside the stretches whose truth is known."""
    if example.regions is None:
        return predicted
    return [p for p in predicted if any(a <= p[0] and p[1] <= b for a, b in example.regions)]


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def _isotonic(points: list[tuple[float, bool]]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Isotonic regression of correctness on raw score (pool adjacent violators), as the
    knots of a piecewise-linear map: the same fit as scikit-learn's IsotonicRegression
    (tests/core/test_model.py checks), without making scikit-learn a dependency."""
    ordered = sorted(points)
    blocks: list[list[float]] = []  # [sum of y, weight, first x, last x]
    for raw, good in ordered:
        if blocks and blocks[-1][3] == raw:  # ties share one value
            blocks[-1][0] += float(good)
            blocks[-1][1] += 1
        else:
            blocks.append([float(good), 1.0, raw, raw])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            total, weight, _, last = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += weight
            blocks[-1][3] = last
    xs: list[float] = []
    ys: list[float] = []
    for total, weight, first, last in blocks:
        for x in (first, last) if first != last else (first,):
            xs.append(float(x))
            ys.append(total / weight)
    return tuple(xs), tuple(ys)


def _calibrated(table, raw: float) -> float:
    from .tagger import calibrate

    return calibrate(table, raw)


def _threshold(scored: list[tuple[float, bool]], target: float) -> float:
    """The lowest probability at which the spans scored at least that are ≥ ``target``
    precise (overlap); DEFAULT_THRESHOLD without evidence; above every score when no cut is."""
    if not scored:
        return DEFAULT_THRESHOLD
    best = None
    for cut in sorted({p for p, _ in scored}):
        kept = [good for p, good in scored if p >= cut]
        if kept and sum(kept) / len(kept) >= target:
            best = cut
            break
    return round(best, 4) if best is not None else 1.0


def _metrics(fold_predictions, labels: Sequence[str], model: SpanModel) -> dict[str, LabelScores]:
    scores = {}
    for label in labels:
        gold_n = pred_n = exact = pred_hit = gold_hit = 0
        for example, predicted in fold_predictions:
            table = model.calibration.get(label)
            cut = model.threshold(label)
            gold = [s for s in example.spans if s[2] == label]
            pred = [(s, e, l) for s, e, l, raw in predicted if l == label and _calibrated(table, raw) >= cut]
            gold_n += len(gold)
            pred_n += len(pred)
            exact += len(set(gold) & set(pred))
            pred_hit += sum(1 for p in pred if any(_overlap(p, g) for g in gold))
            gold_hit += sum(1 for g in gold if any(_overlap(p, g) for p in pred))
        ratio = lambda a, b: round(a / b, 3) if b else 0.0  # noqa: E731
        scores[label] = LabelScores(gold_n, pred_n, ratio(exact, pred_n), ratio(exact, gold_n),
                                    ratio(pred_hit, pred_n), ratio(gold_hit, gold_n))
    return scores
