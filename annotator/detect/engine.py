"""The detector: runs the built-in rules, the data patterns and the learned phrases.

Overlap policy (within one category; across categories overlap and nesting are kept):
candidates are ranked by score, then length (longer first), then position; each is kept
unless it overlaps one already kept. So the most trusted rule wins a contested stretch and,
at equal trust, the longer reading wins (a whole list over one of its items).

The statistical recommender (:mod:`annotator.model`), when there is one, runs after the rules:
a span a rule found too (same start, end and label) stays one candidate, the rule's, carrying
the model's probability as ``model_score``; a span only the model found becomes a candidate
with rule ``model:<LABEL>`` and the probability as its score, unless a rule's candidate of the
same label already covers part of it (the rule's reading stands; the annotator resizes).

Layer models (one per annotator who has one, trained on gold and that annotator's layer) make
that annotator's own candidates: their spans where no everyone's candidate (nor the
annotator's own learned phrase) of the same label lies already, under the same policy, nor
where a rule's candidate (or a learned phrase) of a label that shares the layer model's
tagger lies: labels share a tagger because their spans (almost) never overlap, so there the
model contradicts the rule's label rather than adding a span. A shared model's candidate does
not block it: the layer model learned from the same starter corpus plus the annotator's
decisions. (docs/recommender.md has the figures.) The shared model's own spans are merged as
before: the rules + starter figures stand. All models read one set of features per text.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from ..chinese import simplified_view
from ..codebook import Codebook
from ..records import CandidateSpan
from ..resources import Resources
from . import rules

if TYPE_CHECKING:  # pragma: no cover
    from ..model.tagger import SpanModel

# Bump whenever a built-in rule changes what it finds: `detect` then recomputes everything.
DETECTOR_VERSION = "16"

LEARNED_PREFIX = "learned:"
LEARNED_SCORE = 0.7
MODEL_PREFIX = "model:"

RuleFunction = Callable[[str], Iterable[CandidateSpan]]


class Detector:
    """Built once per process (compiling every rule), then applied to many texts."""

    def __init__(
        self,
        codebook: Codebook,
        resources: Resources,
        learned: Sequence[tuple[str, str]] = (),
        owned: Mapping[str, Sequence[tuple[str, str]]] | None = None,
        model: SpanModel | None = None,
        layer_models: Mapping[str, SpanModel] | None = None,
    ):
        """``learned``: (label, text) confirmed for everyone (adjudicated into gold);
        ``owned``: per annotator, what they confirmed, offered to them alone; ``model``: the
        shared recommender; ``layer_models``: per annotator, the model of their layer."""
        self.labels = frozenset(codebook.labels)
        self._resources = resources
        self.rules: list[RuleFunction] = [build(resources) for build in rules.BUILDERS]
        self.rules.extend(_pattern_rule(pattern) for pattern in resources.patterns)
        self.learned = _learned_rule(learned)
        self.owned = {owner: rule for owner, phrases in (owned or {}).items() if (rule := _learned_rule(phrases))}
        features = _Features(resources)
        self.model = _ModelRule(model, features) if model is not None else None
        self.layer_models = {owner: _ModelRule(m, features) for owner, m in sorted((layer_models or {}).items())}

    def load_lazy_parts(self) -> "Detector":
        """Load now what the rules otherwise load on first need: jieba's dictionary (about
        0.7 s) and the script tables. A worker of a long run calls this before its first
        document, so that cost is not paid in the middle of a partition."""
        from ..chinese import detect_script
        from .words import Words

        Words(self._resources).is_word("检测")
        detect_script("檢測")
        simplified_view("檢測")
        return self

    def detect(self, text: str) -> list[CandidateSpan]:
        view = simplified_view(text)
        found: list[CandidateSpan] = []
        for rule in self.rules:
            found.extend(rule(view))
        found.extend(self.learned_spans(text))
        found = [c for c in found if c.label in self.labels and 0 <= c.start < c.end <= len(text)]
        found = resolve_overlaps(found)
        if self.model is not None:
            found = merge_model_spans(found, [c for c in self.model(text) if c.label in self.labels], SHARED_RIVALS)
        return found

    def model_spans(self, text: str) -> list[CandidateSpan]:
        """What the recommender alone finds (above its thresholds)."""
        return [c for c in self.model(text) if c.label in self.labels] if self.model is not None else []

    def learned_spans(self, text: str) -> list[CandidateSpan]:
        """Occurrences of the confirmed phrases alone (before the overlap policy)."""
        if self.learned is None:
            return []
        return [c for c in self.learned(text) if c.label in self.labels]

    def owned_spans(self, text: str, shared: Iterable[tuple[int, int, str]]) -> dict[str, list[CandidateSpan]]:
        """Each annotator's own learned candidates beside the ``shared`` ones (start, end,
        label) everyone has: a place everyone's candidate holds is not offered twice."""
        shared = list(shared)
        owned = {}
        for owner, rule in self.owned.items():
            spans = learned_beside(shared, [c for c in rule(text) if c.label in self.labels])
            if spans:
                owned[owner] = spans
        return owned

    def owned_model_spans(
        self, text: str, shared: Iterable[tuple[int, int, str]],
        owned: Mapping[str, Iterable[tuple[int, int, str]]] | None = None, owners: Iterable[str] | None = None,
        shared_model: Iterable[tuple[int, int, str]] = (),
    ) -> dict[str, list[CandidateSpan]]:
        """Each layer model's spans (of ``owners``, default all) as its annotator's own
        candidates, beside the ``shared`` ones and the annotator's ``owned`` learned ones.
        ``shared_model``: those of ``shared`` the shared model alone found — a layer model,
        taught more, may read another label there (see the module's docstring)."""
        shared = list(shared)
        by_model = set(shared_model)
        found = {}
        for owner in self.layer_models if owners is None else owners:
            rule = self.layer_models.get(owner)
            if rule is None:
                continue
            present = [CandidateSpan(s, e, l, _EXISTING_MODEL if (s, e, l) in by_model else _EXISTING, 1.0)
                       for s, e, l in [*shared, *(owned or {}).get(owner, ())]]
            spans = [c for c in merge_model_spans(present, [c for c in rule(text) if c.label in self.labels], rule.rivals)
                     if c.rule not in (_EXISTING, _EXISTING_MODEL)]
            if spans:
                found[owner] = spans
        return found


_EXISTING, _EXISTING_MODEL = "existing", MODEL_PREFIX + "existing"  # candidates already there, in owned_model_spans


def learned_beside(existing: Iterable[tuple[int, int, str]], learned: Iterable[CandidateSpan]) -> list[CandidateSpan]:
    """The learned spans the overlap policy keeps next to candidates already there (which
    always win: a learned phrase never displaces what a reader sees already)."""
    taken = [CandidateSpan(start, end, label, "existing", float("inf")) for start, end, label in existing]
    return [c for c in resolve_overlaps(taken + list(learned)) if c.rule != "existing"]


def resolve_overlaps(candidates: Iterable[CandidateSpan]) -> list[CandidateSpan]:
    """Apply the overlap policy of this module's docstring; result sorted by position."""
    ranked = sorted(candidates, key=lambda c: (-c.score, -(c.end - c.start), c.start, c.rule))
    # Per label, the kept spans never overlap, so sorted by start they are sorted by end too:
    # a candidate need only be checked against its two neighbours there (a dense list of
    # thousands of candidates costs n log n, not n²).
    starts: dict[str, list[int]] = {}
    kept: dict[str, list[CandidateSpan]] = {}
    for candidate in ranked:
        label_starts = starts.setdefault(candidate.label, [])
        same_label = kept.setdefault(candidate.label, [])
        position = bisect.bisect_right(label_starts, candidate.start)
        if position and same_label[position - 1].end > candidate.start:
            continue  # the kept span starting at or before it reaches into it
        if position < len(same_label) and same_label[position].start < candidate.end:
            continue  # it reaches into the next kept span
        label_starts.insert(position, candidate.start)
        same_label.insert(position, candidate)
    return sorted((c for group in kept.values() for c in group), key=lambda c: (c.start, c.end, c.label))


# The shared model does not read a result where a rule reads an aim or a campaign: the rules
# tell an aim from a result by the sentence and paragraph around a figure (a list of aims, a
# paragraph of plans), which the taggers do not see. Measured on three batches of articles,
# each left out of the starter: ACHIEVEMENT precision .44 -> .53, .50 -> .57, .75 -> .74 for
# .01-.02 of recall. Not the other way round: a model TARGET where a rule read a result is
# often right (blocking it cost .06 of TARGET recall on one batch).
SHARED_RIVALS = {"ACHIEVEMENT": frozenset({"TARGET", "CAMPAIGN"})}


def merge_model_spans(
    found: Sequence[CandidateSpan], predicted: Iterable[CandidateSpan], rivals: Mapping[str, frozenset[str]] | None = None,
) -> list[CandidateSpan]:
    """The rules' candidates with the model's spans merged in (see the module's docstring).
    ``rivals``: per label, the labels sharing its tagger; a model span is not added where a
    candidate of one of them lies, unless a model made that candidate too."""
    by_span = {(c.start, c.end, c.label): index for index, c in enumerate(found)}
    merged = list(found)
    added: list[CandidateSpan] = []
    rivals = rivals or {}
    for span in predicted:
        index = by_span.get((span.start, span.end, span.label))
        blocking = {span.label} | rivals.get(span.label, frozenset())
        if index is not None:
            merged[index] = dataclasses.replace(merged[index], model_score=span.score)
        elif not any(c.start < span.end and span.start < c.end
                     and (c.label == span.label or (c.label in blocking and not c.rule.startswith(MODEL_PREFIX)))
                     for c in found):
            added.append(span)
    return sorted(merged + added, key=lambda c: (c.start, c.end, c.label))


class _Features:
    """Feature extraction for every model of a detector; the last text's features are kept,
    so the shared model and the layer models read one set per text."""

    def __init__(self, resources: Resources):
        self._resources = resources
        self._extractors: dict[bool, Callable] = {}
        self._last: tuple[bool, str, list] | None = None

    @property
    def lexicons(self) -> Mapping[str, tuple[str, ...]]:
        return self._resources.lexicons

    def __call__(self, text: str, words: bool) -> list:
        if self._last is not None and self._last[0] == words and self._last[1] == text:
            return self._last[2]
        items = self._extractor(words)(text)
        self._last = (words, text, items)
        return items

    def _extractor(self, words: bool) -> Callable:
        if words not in self._extractors:
            from ..model.features import FeatureExtractor

            segment = None
            if words:
                from .words import Words

                tokens = Words(self._resources).tokens
                segment = lambda view: map(len, tokens(view))  # noqa: E731
            self._extractors[words] = FeatureExtractor(self._resources.lexicons, segment)
        return self._extractors[words]


class _ModelRule:
    """A recommender as a rule: the taggers over the text's features (see
    :mod:`annotator.model`); spans under their label's threshold are left out."""

    def __init__(self, model: SpanModel, features: _Features):
        from ..model.tagger import Predictor

        self._features = features
        self._words = bool(model.meta.get("words"))
        self._predictor = Predictor(model, features.lexicons)
        self._thresholds = {label: model.threshold(label) for label in model.labels}
        # per label, the other labels of its tagger: where a candidate of one lies, the model disagrees
        self.rivals = {label: frozenset(group) - {label} for group in model.groups.values() for label in group}

    def __call__(self, text: str) -> list[CandidateSpan]:
        return [
            CandidateSpan(p.start, p.end, p.label, MODEL_PREFIX + p.label, p.probability, p.probability)
            for p in self._predictor.spans(self._features(text, self._words), text)
            if p.probability >= self._thresholds.get(p.label, 1.0)
        ]


def _pattern_rule(pattern) -> RuleFunction:
    def apply(view: str) -> Iterable[CandidateSpan]:
        for match in pattern.compiled.finditer(view):
            start, end = match.span(pattern.group)
            if start < end:
                yield CandidateSpan(start, end, pattern.label, f"pattern:{pattern.id}", pattern.score)

    return apply


def _learned_rule(learned: Sequence[tuple[str, str]]) -> Callable[[str], Iterable[CandidateSpan]] | None:
    """Spans annotators confirmed, found again wherever the same text occurs (exact text, in
    either script: a phrase confirmed in simplified characters is found in traditional ones;
    the simplified view keeps the offsets)."""
    by_text: dict[str, set[str]] = {}
    for label, text in learned:
        if text.strip():
            by_text.setdefault(simplified_view(text), set()).add(label)
    if not by_text:
        return None
    alternation = re.compile("|".join(re.escape(t) for t in sorted(by_text, key=lambda t: (-len(t), t))))

    def apply(text: str) -> Iterable[CandidateSpan]:
        text = simplified_view(text)
        position = 0
        while match := alternation.search(text, position):
            for label in sorted(by_text[match.group()]):
                yield CandidateSpan(match.start(), match.end(), label, LEARNED_PREFIX + label, LEARNED_SCORE)
            position = match.start() + 1  # overlapping occurrences too

    return apply
