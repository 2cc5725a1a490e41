"""Span taggers: linear-chain CRFs (BIO over characters), trained with python-crfsuite, kept
as bytes so a model crosses process boundaries and lives in a project.

Labels whose spans nest in each other (a SLOGAN inside a CAMPAIGN) need taggers of their own;
labels that never overlap share one tagger with tags ``B-X``/``I-X``/``O``. Tagging cost is
dominated by crfsuite reading a document's attributes once per tagger, so grouping the labels
(:func:`group_labels`) is what keeps detection with the model within its time budget.

A :class:`SpanModel` is a bundle: per group the crfsuite model bytes, plus per label a
calibration map (raw span score → probability, fitted on cross-validation folds) and a
threshold. It is serialised as one zip archive (``meta.json`` + ``<GROUP>.crfsuite``); its
fingerprint is a hash of those bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import pycrfsuite

from ..chinese import simplified_view
from .features import Item, Matcher

MODEL_VERSION = "8"  # bump when the features or what a model learns from change: older models are then ignored
# 4: the frame of plans in the quote column (features.py), results read off the marginals too.
# 2: scopes (a shared model learns from gold only; before, from every layer: kept, it would go on
#    showing one annotator's decisions to all) and the starter corpus beneath every model.
B, I, O = "B", "I", "O"
DEFAULT_THRESHOLD = 0.5
# Results are also read off the per-character marginals, not only the best path: around a
# number, a stretch whose every character is inside an ACHIEVEMENT with probability >= 0.3 is
# a span. On articles the model was not trained on (three batches, each left out of the
# starter) the best path misses a third of the results the marginals hold: overlap recall
# .66 -> .80, .83 -> .87, .70 -> .83 at about the same precision. A result states a quantity,
# so looking only around numbers costs a few marginals per number, not per character.
# 0.3 rather than 0.4 (MODEL_VERSION 7): rules + a starter trained without the fold, 5 folds of
# dev, ACHIEVEMENT overlap R / P .894 / .765 -> .903 / .752. Recall first where precision has
# room (the target is recall at P >= .6): a false result is one key to reject, a missed one
# a selection and a label to add. Other labels' runs, anchored on their heads, cost more
# precision than they gained and 1.6x the tagging time (docs/recommender.md, session 8).
# Honours too, around the end of an honour's head (…示范县, …勋章, …先进集体) from 0.3
# (MODEL_VERSION 8): measured on two batches of articles neither the rules nor the starter had
# seen, HONOUR overlap R / P .298 / .796 -> .321 / .792 and .761 / .859 -> .796 / .824. A title
# ends on its head, so the anchors are few. SLOGAN, CAMPAIGN and TARGET runs were measured the
# same way and left out: each cost precision where it has no room, or gained nothing.
# label -> (floor, the lexicons whose entries' last characters anchor the runs; () = numbers)
POSTERIOR_RUNS: dict[str, tuple[float, tuple[str, ...]]] = {
    "ACHIEVEMENT": (0.3, ()),
    "HONOUR": (0.3, ("honour_heads", "honour_medals")),
}
_NUMBER_START = re.compile(r"(?<![0-9０-９.．])[0-9０-９]")
TRAINER_PARAMS = {
    # L1: most character n-grams are noise; keep the model small and sparse. 0.3 rather than
    # 0.05 since the starter grew to 95 documents: its cross-validated F1 is the same (mean
    # overlap F1 .708 against .712), the model 0.71 MB against 1.30, and detection with it
    # about 0.13 of a jieba.lcut cheaper (bench_detect: 2.10 -> 1.96 in one run).
    "c1": 0.3,
    "c2": 0.01,
    "max_iterations": int(os.environ.get("ANNOTATOR_CRF_ITER", 40)),  # measured: 40 generalises as well as 80 (CV) in half the time
    "feature.possible_transitions": True,
    "feature.minfreq": float(os.environ.get("ANNOTATOR_CRF_MINFREQ", 0)),
}


@dataclass(frozen=True)
class TrainingSequence:
    """One training sequence: feature items and, per label, the BIO tags."""

    items: Sequence[Item]
    spans: frozenset[tuple[int, int, str]]  # offsets relative to the sequence


@dataclass(frozen=True)
class PredictedSpan:
    start: int
    end: int
    label: str
    raw: float  # mean marginal probability of the span's first, middle and last tags (uncalibrated)
    probability: float  # calibrated


@dataclass(frozen=True)
class SpanModel:
    """Crfsuite models per label group plus calibration; picklable (bytes and plain values)."""

    taggers: Mapping[str, bytes]  # group name → crfsuite model
    groups: Mapping[str, tuple[str, ...]]  # group name → its labels
    calibration: Mapping[str, tuple[tuple[float, ...], tuple[float, ...]]] = field(default_factory=dict)
    thresholds: Mapping[str, float] = field(default_factory=dict)
    meta: Mapping[str, object] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(sorted(label for labels in self.groups.values() for label in labels))

    def threshold(self, label: str) -> float:
        return float(self.thresholds.get(label, DEFAULT_THRESHOLD))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        # Fixed timestamps: the same model gives the same bytes, hence the same fingerprint.
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            meta = {
                "model_version": MODEL_VERSION,
                "groups": {name: list(labels) for name, labels in sorted(self.groups.items())},
                "calibration": {k: [list(x), list(y)] for k, (x, y) in sorted(self.calibration.items())},
                "thresholds": dict(sorted(self.thresholds.items())),
                "meta": self.meta,
            }
            _write(archive, "meta.json", json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"))
            for name in sorted(self.taggers):
                _write(archive, f"{name}.crfsuite", self.taggers[name])
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "SpanModel":
        """The model in ``data``; ValueError when it is not one this code can read."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                meta = json.loads(archive.read("meta.json"))
                if meta.get("model_version") != MODEL_VERSION:
                    raise ValueError(f"model version {meta.get('model_version')!r}; this version reads {MODEL_VERSION!r}")
                taggers = {name: archive.read(f"{name}.crfsuite") for name in meta["groups"]}
        except (zipfile.BadZipFile, KeyError) as exc:
            raise ValueError(f"not a model bundle ({exc})") from exc
        groups = {name: tuple(labels) for name, labels in meta["groups"].items()}
        calibration = {k: (tuple(x), tuple(y)) for k, (x, y) in meta["calibration"].items()}
        return cls(taggers, groups, calibration, meta["thresholds"], meta["meta"])

    def fingerprint(self) -> str:
        return hashlib.sha256(self.to_bytes()).hexdigest()[:16]


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def group_labels(sequences: Sequence[TrainingSequence], labels: Sequence[str], max_overlap: float = 0.02) -> dict[str, tuple[str, ...]]:
    """Labels put together into few taggers: a label joins the group it overlaps least, and
    only when at most ``max_overlap`` of its spans (and of each member's) overlap the other's
    (a label that nests in others, such as SLOGAN inside CAMPAIGN, gets a tagger of its own)."""
    spans = {label: [] for label in labels}
    for index, seq in enumerate(sequences):
        for start, end, label in seq.spans:
            if label in spans:
                spans[label].append((index, start, end))
    overlapping: dict[tuple[str, str], int] = {}
    for a in labels:
        for b in labels:
            if a != b:
                others = {}
                for index, start, end in spans[b]:
                    others.setdefault(index, []).append((start, end))
                overlapping[a, b] = sum(
                    1 for index, start, end in spans[a] if any(s < end and start < e for s, e in others.get(index, ()))
                )
    def clash(label: str, group: list[str]) -> float:
        """The larger share of spans overlapping between ``label`` and a group's labels."""
        mine = sum(overlapping[label, other] for other in group) / max(1, len(spans[label]))
        theirs = max(overlapping[other, label] / max(1, len(spans[other])) for other in group)
        return max(mine, theirs)

    # The most entangled labels first; each joins the group it clashes with least, if little.
    groups: list[list[str]] = []
    entangled = {label: sum(overlapping[label, other] for other in labels if other != label) for label in labels}
    for label in sorted(labels, key=lambda l: (-entangled[l], -len(spans[l]), l)):
        fits = [(clash(label, group), index) for index, group in enumerate(groups)]
        fits = [fit for fit in fits if fit[0] <= max_overlap]
        if fits:
            groups[min(fits)[1]].append(label)
        else:
            groups.append([label])
    return {"+".join(sorted(group)): tuple(sorted(group)) for group in groups}


def bio_tags(length: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """B-X/I-X/O tags; where two spans of a group overlap, the longer (then earlier) wins."""
    tags = [O] * length
    for start, end, label in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if any(t != O for t in tags[start:end]):
            continue
        tags[start] = B + "-" + label
        tags[start + 1: end] = [I + "-" + label] * (end - start - 1)
    return tags


def train_group(
    sequences: Sequence[TrainingSequence], labels: Sequence[str], params: Mapping[str, object] | None = None
) -> bytes | None:
    """crfsuite model bytes for a group of labels; None when the data has no span of them."""
    wanted = set(labels)
    if not any(s[2] in wanted for seq in sequences for s in seq.spans):
        return None
    trainer = pycrfsuite.Trainer(verbose=False)
    for seq in sequences:
        trainer.append(pycrfsuite.ItemSequence(seq.items), bio_tags(len(seq.items), [s for s in seq.spans if s[2] in wanted]))
    trainer.set_params({**TRAINER_PARAMS, **(params or {})})
    handle, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(handle)
    try:
        trainer.train(path)
        with open(path, "rb") as model_file:
            return model_file.read()
    finally:
        os.unlink(path)


class Predictor:
    """Opens a :class:`SpanModel`'s taggers once; finds spans in feature sequences."""

    def __init__(self, model: SpanModel, lexicons: Mapping[str, Sequence[str]] | None = None):
        self.model = model
        # the anchors of the runs off the marginals that stand on lexicon entries (POSTERIOR_RUNS);
        # without the lexicons those runs are not looked for
        self._heads = {
            label: Matcher([entry for name in names for entry in (lexicons or {}).get(name, ())])
            for label, (_floor, names) in POSTERIOR_RUNS.items() if names and lexicons
        }
        self._taggers: list[pycrfsuite.Tagger] = []
        self._labels: list[tuple[str, ...]] = []  # per tagger, its labels
        for name in sorted(model.taggers):
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(model.taggers[name])
            self._taggers.append(tagger)
            self._labels.append(tuple(model.groups.get(name, ())))

    def spans(
        self, items: Sequence[Item] | pycrfsuite.ItemSequence, text: str | None = None, *, calibrated: bool = True,
    ) -> list[PredictedSpan]:
        """Every span the taggers' best paths hold, scored by the mean marginal probability
        of its tags (calibrated unless told otherwise); given the ``text``, also the runs
        around its numbers and heads that the marginals hold (see ``POSTERIOR_RUNS``)."""
        sequence = items if isinstance(items, pycrfsuite.ItemSequence) else pycrfsuite.ItemSequence(items)
        anchors = self._anchors(text) if text is not None else {}
        found: list[PredictedSpan] = []
        for tagger, labels in zip(self._taggers, self._labels):
            tags = tagger.tag(sequence)
            best = _spans_of(tags)
            for start, end, label in best:
                # The first, middle and last tags' marginals: as informative as all of them once
                # calibrated, and a long span costs three calls, not one per character.
                marginals = [tagger.marginal(B + "-" + label, start)]
                marginals.extend(tagger.marginal(I + "-" + label, t) for t in {(start + end) // 2, end - 1} if t > start)
                found.append(self._scored(start, end, label, sum(marginals) / len(marginals), calibrated))
            for label in labels:
                if anchors.get(label):
                    taken = [(s, e) for s, e, l in best if l == label]
                    for start, end, raw in _posterior_runs(tagger, label, POSTERIOR_RUNS[label][0], anchors[label], taken, len(tags)):
                        found.append(self._scored(start, end, label, raw, calibrated))
        return found

    def _anchors(self, text: str) -> dict[str, list[int]]:
        """Per label with runs, where they may stand: a number's first digit, or the last
        character of a head (in the simplified view the features read, same offsets)."""
        numbers = [m.start() for m in _NUMBER_START.finditer(text)]
        view = simplified_view(text) if self._heads else text
        return {
            label: [end - 1 for _start, end in self._heads[label].spans(view)] if names else numbers
            for label, (_floor, names) in POSTERIOR_RUNS.items() if not names or label in self._heads
        }

    def _scored(self, start: int, end: int, label: str, raw: float, calibrated: bool) -> PredictedSpan:
        probability = calibrate(self.model.calibration.get(label), raw) if calibrated else round(raw, 4)
        return PredictedSpan(start, end, label, raw, probability)


def _posterior_runs(
    tagger: pycrfsuite.Tagger, label: str, floor: float, numbers: Sequence[int], taken: list[tuple[int, int]], length: int,
) -> list[tuple[int, int, float]]:
    """Stretches around ``numbers`` (positions: a number's, or a head's) whose every character is inside a ``label``
    span with marginal probability >= ``floor``, outside the ``taken`` spans (the best path's)
    and each other; scored like a best-path span, by the first, middle and last characters."""
    inside_tags = (B + "-" + label, I + "-" + label)
    cache: dict[int, float] = {}

    def inside(t: int) -> float:
        if t not in cache:
            cache[t] = tagger.marginal(inside_tags[0], t) + tagger.marginal(inside_tags[1], t)
        return cache[t]

    blocked = bytearray(length)
    for start, end in taken:
        blocked[start:end] = b"\x01" * (end - start)
    runs = []
    for number in numbers:
        if number >= length or blocked[number] or inside(number) < floor:
            continue
        start = number
        while start > 0 and not blocked[start - 1] and inside(start - 1) >= floor:
            start -= 1
        end = number + 1
        while end < length and not blocked[end] and inside(end) >= floor:
            end += 1
        blocked[start:end] = b"\x01" * (end - start)
        points = [inside(t) for t in {start, (start + end) // 2, end - 1}]
        runs.append((start, end, sum(points) / len(points)))
    return runs


def _spans_of(tags: Sequence[str]) -> Iterable[tuple[int, int, str]]:
    """(start, end, label) of the B-X I-X… runs (a stray I-X starts a span too). The tags are
    coded one character each and the runs found by a regex: no Python loop per character."""
    if tags.count(O) == len(tags):
        return []
    labels = sorted({tag[2:] for tag in set(tags) if tag != O})
    code = {O: " "}
    for index, label in enumerate(labels):
        code[B + "-" + label], code[I + "-" + label] = chr(0x4E00 + 2 * index), chr(0x4E01 + 2 * index)
    coded = "".join(map(code.__getitem__, tags))
    runs = re.compile("|".join(f"{code[B + '-' + l]}{code[I + '-' + l]}*|{code[I + '-' + l]}+" for l in labels))
    return [(m.start(), m.end(), labels[(ord(m.group()[-1]) - 0x4E00) // 2]) for m in runs.finditer(coded)]


def calibrate(table: tuple[Sequence[float], Sequence[float]] | None, raw: float) -> float:
    """Piecewise-linear map of a raw score to a probability (isotonic fit on CV folds)."""
    if not table or not table[0]:
        return round(raw, 4)
    xs, ys = table
    if raw <= xs[0]:
        return round(ys[0], 4)
    for (x0, y0), (x1, y1) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
        if raw <= x1:
            return round(y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0), 4)
    return round(ys[-1], 4)
