"""Detection quality must not regress: the issue's targets on both gold sets
(overlap recall >= 0.9 and overlap precision >= 0.6 for every category)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from annotator.codebook import load_codebook
from annotator.detect import Detector
from annotator.resources import load_resources

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
spec = importlib.util.spec_from_file_location("eval_detect", REPO / "benchmarks" / "eval_detect.py")
eval_detect = importlib.util.module_from_spec(spec)
spec.loader.exec_module(eval_detect)


@pytest.mark.parametrize(
    ("gold", "folder"),
    [(DATA / "gold_seeds.jsonl", REPO / "seeds"), (DATA / "heldout_gold.jsonl", DATA / "heldout")],
    ids=["seeds", "heldout"],
)
def test_targets_on_gold(gold: Path, folder: Path) -> None:
    codebook = load_codebook()
    detector = Detector(codebook, load_resources(labels=codebook.labels))
    spans = eval_detect.load_gold(gold)
    predicted = {
        name: [(c.start, c.end, c.label) for c in detector.detect((folder / name).read_text(encoding="utf-8"))]
        for name in spans
    }
    result = eval_detect.evaluate(spans, predicted, codebook.labels)
    for label, measures in result.items():
        assert measures["overlap_recall"] >= 0.9, (label, measures)
        assert measures["overlap_precision"] >= 0.6, (label, measures)


def write_corpus(folder: Path, text: str, spans: list[dict]) -> None:
    folder.mkdir(parents=True)
    (folder / "a01.txt").write_text(text, encoding="utf-8")
    record = {"file": "a01.txt", "split": folder.name, "spans": spans}
    (folder / "a01.gold.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def test_corpus_folder_is_scored_from_text_and_gold(tmp_path: Path) -> None:
    text = "全县开展“清风行动”。"
    write_corpus(tmp_path / "dev", text, [{"start": 5, "end": 9, "label": "CAMPAIGN", "text": "清风行动"}])
    gold, texts = eval_detect.load_corpus(tmp_path / "dev")
    assert gold == {"a01.txt": [(5, 9, "CAMPAIGN")]}
    assert texts == {"a01.txt": text}


def test_corpus_gold_that_does_not_match_its_text_is_refused(tmp_path: Path) -> None:
    write_corpus(tmp_path / "dev", "全县开展“清风行动”。", [{"start": 0, "end": 2, "label": "CAMPAIGN", "text": "清风"}])
    with pytest.raises(SystemExit, match="a01.gold.json"):
        eval_detect.load_corpus(tmp_path / "dev")


def test_test_part_is_refused_without_report_test(tmp_path: Path, monkeypatch, capsys) -> None:
    write_corpus(tmp_path / "corpus" / "test", "全县开展“清风行动”。", [])
    monkeypatch.setattr(sys, "argv", ["eval_detect.py", "--corpus", str(tmp_path / "corpus" / "test")])
    with pytest.raises(SystemExit) as refused:
        eval_detect.main()
    assert refused.value.code == 2
    assert "held-out test part" in capsys.readouterr().err
    assert eval_detect.is_test_part(tmp_path / "corpus" / "test")
    assert not eval_detect.is_test_part(REPO / "tests" / "data" / "corpus" / "dev")
    assert not eval_detect.is_test_part(tmp_path / "corpus")  # pytest folders named test_… are no test part
    monkeypatch.setattr(sys, "argv", ["eval_detect.py", "--corpus", str(tmp_path / "corpus" / "test"), "--report-test"])
    eval_detect.main()  # the final report: allowed, and scored
    assert "(1 articles)" in capsys.readouterr().out


def test_a_miss_is_shown_in_its_context_on_one_line() -> None:
    text = "第一行\n全县开展作风纪律专项整治,成效明显。"
    span = (text.index("作风"), text.index("整治") + 2, "CAMPAIGN")
    assert eval_detect.in_context(text, span, 0) == "作风纪律专项整治"
    assert eval_detect.in_context(text, span, 6) == "行⏎全县开展【作风纪律专项整治】,成效明显。"
