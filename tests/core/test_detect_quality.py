"""Detection quality must not regress: the issue's targets on both gold sets
(overlap recall >= 0.9 and overlap precision >= 0.6 for every category)."""

from __future__ import annotations

import importlib.util
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
