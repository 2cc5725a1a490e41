"""The real-article corpus under tests/data/corpus is usable gold: every span sits on its text,
every label is in the shipped codebook, and every file is in the folder of its split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.codebook import load_codebook

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
GOLD_FILES = sorted(CORPUS.glob("*/*.gold.json"))


def _gold_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_corpus_has_both_splits() -> None:
    splits = {path.parent.name for path in GOLD_FILES}
    assert {"dev", "test"} <= splits
    assert len([p for p in GOLD_FILES if p.parent.name == "test"]) >= 10


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=_gold_id)
def test_gold_file_matches_its_article(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text_path = gold_path.with_name(gold["file"])
    assert text_path.name == gold_path.name.removesuffix(".gold.json") + ".txt"
    raw = text_path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw, "UTF-8 without BOM, LF line ends"
    text = raw.decode("utf-8")
    assert gold["split"] == gold_path.parent.name
    labels = set(load_codebook().labels)
    previous_end: dict[str, int] = {}
    for span in gold["spans"]:
        assert span["label"] in labels, span
        assert 0 <= span["start"] < span["end"] <= len(text), span
        assert text[span["start"]:span["end"]] == span["text"], span
        # spans are sorted by start, and spans of one label never overlap
        assert span["start"] >= previous_end.get(span["label"], 0), span
        previous_end[span["label"]] = span["end"]
    starts = [s["start"] for s in gold["spans"]]
    assert starts == sorted(starts)
