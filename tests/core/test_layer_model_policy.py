"""What a layer model (an annotator's taught model) adds to that annotator's candidates: never
a span contradicting the label of a rule's candidate already there, when the two labels share
the model's tagger (labels share a tagger because their spans never overlap); where only the
shared model read another label, the taught model's reading is offered."""

from __future__ import annotations

import random

from annotator.codebook import load_codebook
from annotator.detect import Detector
from annotator.detect.engine import merge_model_spans
from annotator.model.training import Example, train
from annotator.records import CandidateSpan
from annotator.resources import load_resources
from annotator.services.modelling import feature_config

RESULT = "去年，全县新建农村公路{n}公里。"  # the rules read the clause as an ACHIEVEMENT
FILLER = "会议听取了有关部门的工作汇报。"


def test_a_model_span_is_not_added_over_a_candidate_of_a_label_sharing_its_tagger() -> None:
    achieved = CandidateSpan(8, 19, "ACHIEVEMENT", "achievement:clause", 0.6)
    slogan = CandidateSpan(30, 36, "SLOGAN", "slogan:quoted", 0.8)
    predicted = [
        CandidateSpan(8, 19, "TARGET", "model:TARGET", 0.9, 0.9),  # contradicts the ACHIEVEMENT
        CandidateSpan(31, 35, "HONOUR", "model:HONOUR", 0.9, 0.9),  # HONOUR has a tagger of its own
        CandidateSpan(50, 58, "TARGET", "model:TARGET", 0.8, 0.8),  # nothing there: added
    ]
    rivals = {"ACHIEVEMENT": frozenset({"TARGET"}), "TARGET": frozenset({"ACHIEVEMENT"})}
    merged = merge_model_spans([achieved, slogan], predicted, rivals)
    assert merged == [achieved, slogan, predicted[1], predicted[2]]
    # without the tagger's groups, the contradicting span was offered too (as before)
    assert predicted[0] in merge_model_spans([achieved, slogan], predicted)
    # a candidate the shared model made does not block a taught model's other reading
    modelled = CandidateSpan(8, 19, "ACHIEVEMENT", "model:ACHIEVEMENT", 0.7, 0.7)
    assert predicted[0] in merge_model_spans([modelled, slogan], predicted, rivals)


def _taught_model():
    """A layer model taught to read new-road clauses as TARGETs (the annotator's decision),
    with ACHIEVEMENTs elsewhere: the two labels never overlap, so they share one tagger."""
    rng = random.Random(3)
    examples = []
    for number in range(30):
        text, spans = "", []
        for _ in range(3):
            text += FILLER
            start = len(text) + 3
            text += RESULT.format(n=rng.randint(10, 990))
            spans.append((start, len(text) - 1, "TARGET"))
            text += "完成投资"
            spans.append((len(text) - 4, len(text) + 2, "ACHIEVEMENT"))
            text += f"{rng.randint(2, 9)}亿元。"
        examples.append(Example(f"doc{number}", text, tuple(spans)))
    trained = train(examples, load_codebook().labels, feature_config(), folds=0, threshold=0.0)
    assert set(trained.model.groups.values()) == {("ACHIEVEMENT", "TARGET")}
    return trained.model


def test_a_layer_model_does_not_offer_its_owner_a_label_contradicting_a_rule_candidate() -> None:
    model = _taught_model()
    detector = Detector(load_codebook(), load_resources(), layer_models={"alice": model})
    text = FILLER + RESULT.format(n=137)
    shared = detector.detect(text)
    clause = next(c for c in shared if c.label == "ACHIEVEMENT")
    raw = detector.layer_models["alice"](text)
    assert any(c.label == "TARGET" and c.start < clause.end and clause.start < c.end for c in raw), \
        "the taught model reads the clause as a TARGET"
    places = [(c.start, c.end, c.label) for c in shared]
    owned = detector.owned_model_spans(text, places)
    offered = owned.get("alice", [])
    assert not any(c.label == "TARGET" and c.start < clause.end and clause.start < c.end for c in offered)
    # had the shared model (not a rule) found that ACHIEVEMENT, alice's reading would be offered
    owned = detector.owned_model_spans(text, places, shared_model=[(clause.start, clause.end, clause.label)])
    assert any(c.label == "TARGET" and c.start < clause.end and clause.start < c.end for c in owned.get("alice", []))
    # where no candidate lies, the taught reading is offered to alice
    bare = FILLER + "去年，全县新建农村公路若干公里。"  # no number: no rule reads it
    assert not [c for c in detector.detect(bare) if c.label in ("TARGET", "ACHIEVEMENT")]
    found = detector.owned_model_spans(bare, [(c.start, c.end, c.label) for c in detector.detect(bare)])
    assert any(c.label == "TARGET" for c in found.get("alice", []))
