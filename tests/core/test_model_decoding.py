"""How the recommender's spans are read off its taggers and merged with the rules' candidates:
results (ACHIEVEMENT) also from the per-character marginals around numbers and honours around
their heads, not only from the best path; and the shared model never reads a result where a rule reads an aim."""

from __future__ import annotations

from annotator.codebook import load_codebook
from annotator.detect import Detector
from annotator.detect.engine import SHARED_RIVALS, merge_model_spans
from annotator.model.tagger import POSTERIOR_RUNS, Predictor, SpanModel, _posterior_runs
from annotator.records import CandidateSpan
from annotator.resources import load_resources


class FakeTagger:
    """A tagger whose best path and marginals are given: what the decoding does with them is
    what these tests check."""

    def __init__(self, tags: list[str], inside: dict[int, float], label: str = "ACHIEVEMENT"):
        self.tags, self.inside, self.label = tags, inside, label
        self.calls = 0

    def tag(self, sequence) -> list[str]:
        return list(self.tags)

    def marginal(self, tag: str, position: int) -> float:
        self.calls += 1
        if not tag.endswith(self.label):
            return 0.0
        # the inside probability is split between B and I
        return self.inside.get(position, 0.0) / 2


def test_a_run_around_a_number_whose_marginals_stay_above_the_floor_is_a_span() -> None:
    inside = {3: 0.5, 4: 0.6, 5: 0.9, 6: 0.7, 7: 0.45, 8: 0.1, 20: 0.3}
    tagger = FakeTagger(["O"] * 30, inside)
    runs = _posterior_runs(tagger, "ACHIEVEMENT", 0.4, numbers=[5, 20], taken=[], length=30)
    assert [(start, end) for start, end, _ in runs] == [(3, 8)]  # position 20 is under the floor
    start, end, raw = runs[0]
    assert abs(raw - (0.5 + 0.9 + 0.45) / 3) < 1e-9  # first, middle and last, like a best-path span


def test_a_run_stops_at_a_best_path_span_and_a_number_inside_one_is_not_looked_at() -> None:
    inside = {position: 0.8 for position in range(2, 12)}
    tagger = FakeTagger(["O"] * 20, inside)
    runs = _posterior_runs(tagger, "ACHIEVEMENT", 0.4, numbers=[4, 9], taken=[(7, 12)], length=20)
    assert [(start, end) for start, end, _ in runs] == [(2, 7)]
    # two numbers in one run give one span
    runs = _posterior_runs(tagger, "ACHIEVEMENT", 0.4, numbers=[4, 9], taken=[], length=20)
    assert [(start, end) for start, end, _ in runs] == [(2, 12)]


def test_the_predictor_adds_marginal_runs_beside_the_best_path_only_when_given_the_text() -> None:
    assert POSTERIOR_RUNS.get("ACHIEVEMENT")
    text = "全县查处问题42起，新建公路15公里，会议结束。"
    tags = ["O"] * len(text)
    first = text.index("查处")
    tags[first] = "B-ACHIEVEMENT"
    tags[first + 1: text.index("起") + 1] = ["I-ACHIEVEMENT"] * (text.index("起") - first)
    second = text.index("新建")
    inside = {t: 0.9 for t in range(first, text.index("起") + 1)}
    inside.update({t: 0.55 for t in range(second, text.index("里") + 1)})  # never on the best path
    predictor = Predictor(SpanModel({}, {}))
    predictor._taggers = [FakeTagger(tags, inside)]
    predictor._labels = [("ACHIEVEMENT", "TARGET")]
    best_only = predictor.spans([{}] * len(text), calibrated=False)
    assert [(p.start, p.end, p.label) for p in best_only] == [(first, text.index("起") + 1, "ACHIEVEMENT")]
    found = predictor.spans([{}] * len(text), text, calibrated=False)
    assert [(p.start, p.end) for p in found] == [(first, text.index("起") + 1), (second, text.index("里") + 1)]
    assert text[found[1].start: found[1].end] == "新建公路15公里"


def test_honours_are_read_off_the_marginals_around_a_head_when_the_predictor_knows_the_heads() -> None:
    assert POSTERIOR_RUNS["HONOUR"][1]  # anchored on lexicon entries, not numbers
    text = "该县先后获评全国文明县城和国家卫生县城，会议结束。"
    first, second = text.index("全国"), text.index("国家卫生")
    head_end = text.index("，")  # 县城 ends the second title
    tags = ["O"] * len(text)
    tags[first] = "B-HONOUR"
    tags[first + 1: first + 6] = ["I-HONOUR"] * 5
    inside = {t: 0.9 for t in range(first, first + 6)}
    inside.update({t: 0.5 for t in range(second, head_end)})  # never on the best path
    inside[text.index("会")] = 0.6  # no head there: not looked at
    lexicons = {"honour_heads": ("县城",), "honour_medals": ("勋章",)}

    def predictor(known):
        made = Predictor(SpanModel({}, {}), known)
        made._taggers = [FakeTagger(tags, inside, label="HONOUR")]
        made._labels = [("HONOUR",)]
        return made

    found = predictor(lexicons).spans([{}] * len(text), text, calibrated=False)
    assert [text[p.start: p.end] for p in found] == ["全国文明县城", "国家卫生县城"]
    without = predictor(None).spans([{}] * len(text), text, calibrated=False)
    assert [text[p.start: p.end] for p in without] == ["全国文明县城"]  # no heads known, no runs


def test_the_shared_model_reads_no_result_where_a_rule_reads_an_aim_but_may_read_an_aim_over_a_result() -> None:
    aim = CandidateSpan(0, 12, "TARGET", "target:clause", 0.8)
    result = CandidateSpan(20, 30, "ACHIEVEMENT", "achievement:clause", 0.6)
    predicted = [
        CandidateSpan(4, 12, "ACHIEVEMENT", "model:ACHIEVEMENT", 0.7, 0.7),  # over the rule's aim: dropped
        CandidateSpan(22, 30, "TARGET", "model:TARGET", 0.7, 0.7),  # over the rule's result: offered
        CandidateSpan(40, 48, "ACHIEVEMENT", "model:ACHIEVEMENT", 0.7, 0.7),  # nothing there: offered
    ]
    merged = merge_model_spans([aim, result], predicted, SHARED_RIVALS)
    assert predicted[0] not in merged
    assert predicted[1] in merged and predicted[2] in merged


def test_detection_applies_the_shared_rule_to_the_shared_model() -> None:
    detector = Detector(load_codebook(), load_resources())
    text = "今年，全县力争新建农村公路120公里。"
    aims = [c for c in detector.detect(text) if c.label == "TARGET"]
    assert aims, "the rules read the clause as an aim"
    aim = aims[0]
    detector.model = lambda _text: [
        CandidateSpan(aim.start + 2, aim.end, "ACHIEVEMENT", "model:ACHIEVEMENT", 0.8, 0.8),
    ]
    assert not [c for c in detector.detect(text) if c.label == "ACHIEVEMENT"]


def test_the_taggers_see_where_the_rules_read_plans() -> None:
    """The quote column carries an "f" where the sentence speaks of plans: the same figure
    looks different to the taggers in a list of aims and in a report of results."""
    from annotator.model.features import FeatureExtractor

    extract = FeatureExtractor({})
    plans = "今年，我们将接续办好15件民生实事，包括：完成老旧小区改造600个；治理交通堵乱点60处。"
    results = "去年，我们办好了15件民生实事：完成老旧小区改造600个，治理交通堵乱点60处。"
    in_plans = _names(extract(plans)[plans.index("600")])
    in_results = _names(extract(results)[results.index("600")])
    assert any(a.startswith("q") and a.endswith("f") for a in in_plans)
    assert not any(a.startswith("q") and a.endswith("f") for a in in_results)
    assert [a for a in in_plans if not a.startswith("q")] == [a for a in in_results if not a.startswith("q")]


def _quote_column(extract, text: str) -> list[str]:
    """Each position's quote-column attribute; "qoo" (outside everything) is left out."""
    return [next((a for a in _names(item) if a.startswith("q")), "qoo") for item in extract(text)]


def _names(item) -> list[str]:
    """A position's attribute names (crfsuite's UTF-8 bytes) as text."""
    return [a.decode("utf-8") for a in item]


def test_the_commonest_value_of_a_one_hot_column_adds_no_attribute() -> None:
    """Three Han characters in a row, outside every quote, plan and cue: the trigram and quote
    columns add nothing there (a lookup fewer per tagger), and something everywhere else."""
    from annotator.model.features import FeatureExtractor

    items = [_names(item) for item in FeatureExtractor({})("全县上下“一村一品”，2025年")]
    plain, quoted, digit = items[1], items[5], items[-2]
    assert not any(a.startswith(("h", "q")) for a in plain)
    assert any(a.startswith("q") for a in quoted) and any(a.startswith("h") for a in quoted)
    assert any(a.startswith("h") for a in digit)


def test_the_taggers_see_an_honour_verb_or_a_commitment_earlier_in_the_clause() -> None:
    """What follows 荣获 or 确保 up to the clause's end carries the cue's letter (h, t, c) on the
    quote column: an honour or an aim is named there, however far from the verb."""
    from annotator.model.features import FeatureExtractor

    extract = FeatureExtractor({"honour_triggers": ["荣获", "获"], "commitment_words": ["确保"],
                                "campaign_launch_verbs": ["开展"]})
    text = "该县荣获全国文明城市称号，确保总投资达300亿元，开展专项整治。全县获奖"
    column = dict(enumerate(_quote_column(extract, text)))
    cue = {i: a[3:] for i, a in column.items()}
    assert cue[text.index("全国")] == "h" and cue[text.index("称号")] == "h"
    assert cue[text.index("荣获")] == ""  # the verb itself is not after it
    assert cue[text.index("300")] == "t"  # the comma ended the honour verb's clause
    assert cue[text.index("专项")] == "c"
    assert cue[text.index("奖")] == ""  # one-character entries (获) are no cue: they are everywhere


def test_cues_of_two_kinds_in_one_clause_combine_and_a_full_stop_ends_them() -> None:
    from annotator.model.features import FeatureExtractor

    extract = FeatureExtractor({"honour_triggers": ["争创"], "commitment_words": ["力争"]})
    text = "力争年内争创国家级示范区。示范区"
    cue = [a[3:] for a in _quote_column(extract, text)]
    assert cue[text.index("国家级")] == "ht"
    assert cue[text.index("年内")] == "t"
    assert cue[len(text) - 1] == ""


def test_a_lexicon_hit_is_the_longest_entry_at_its_start_and_the_next_begins_after_it() -> None:
    """Lexicon hits as the taggers see them: B on the first character, I on the others, A
    right after; of entries that start at one place the longest wins (示范县 over 示范), and a
    hit hides the entries that start inside it (范县 in 示范县), also in traditional text."""
    from annotator.model.features import FeatureExtractor

    extract = FeatureExtractor({"honour_heads": ["示范", "示范县", "范县", "县城"]})
    text = "全国示范縣和县城"

    def marks(position: int) -> list[str]:
        return [a for a in _names(extract(text)[position]) if a.startswith("Lhonour_heads")]

    assert marks(2) == ["Lhonour_headsB"]  # 示
    assert marks(3) == ["Lhonour_headsI"] and marks(4) == ["Lhonour_headsI"]  # 范 縣: no 范县 hit
    assert marks(5) == ["Lhonour_headsA"]  # 和, right after the hit
    assert marks(6) == ["Lhonour_headsB"] and marks(7) == ["Lhonour_headsI"]  # 县城
