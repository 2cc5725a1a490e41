"""Detection quality on the hand-annotated seeds (tests/data/gold_seeds.jsonl).

Prints, per category, candidate precision and recall with exact matching (same start, end
and label) and with overlap matching (same label, at least one character in common).
Targets on the seeds: overlap recall >= 0.9 and precision >= 0.6 for every category.

Two gold sets: the five seeds (the rules were designed looking at them) and six held-out
articles in tests/data/heldout/ written and annotated independently, to estimate how the
rules do on text they were not designed on (a first measurement on it led to a few added
word-class entries; see tests/data/README.md).

    python benchmarks/eval_detect.py                      # both sets
    python benchmarks/eval_detect.py --gold FILE --seeds FOLDER [--show-misses LABEL]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotator.codebook import load_codebook  # noqa: E402
from annotator.detect import Detector  # noqa: E402
from annotator.resources import load_resources  # noqa: E402

TARGET_RECALL, TARGET_PRECISION = 0.9, 0.6


def load_gold(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            gold[record["file"]] = [(s["start"], s["end"], s["label"]) for s in record["spans"]]
    return gold


def overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def evaluate(gold: dict[str, list], predicted: dict[str, list], labels: tuple[str, ...]) -> dict[str, dict[str, float]]:
    counts: dict[str, dict[str, int]] = {label: defaultdict(int) for label in labels}
    for name, gold_spans in gold.items():
        pred = predicted[name]
        for label in labels:
            g = [s for s in gold_spans if s[2] == label]
            p = [s for s in pred if s[2] == label]
            c = counts[label]
            c["gold"] += len(g)
            c["pred"] += len(p)
            c["exact_tp"] += len(set(g) & set(p))
            c["pred_overlapping"] += sum(1 for s in p if any(overlaps(s, t) for t in g))
            c["gold_overlapped"] += sum(1 for t in g if any(overlaps(s, t) for s in p))
    result = {}
    for label, c in counts.items():
        ratio = lambda a, b: a / b if b else 0.0  # noqa: E731
        result[label] = {
            "gold": c["gold"],
            "candidates": c["pred"],
            "exact_precision": ratio(c["exact_tp"], c["pred"]),
            "exact_recall": ratio(c["exact_tp"], c["gold"]),
            "overlap_precision": ratio(c["pred_overlapping"], c["pred"]),
            "overlap_recall": ratio(c["gold_overlapped"], c["gold"]),
        }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, help="a gold JSONL file (default: seeds, then held-out)")
    parser.add_argument("--seeds", type=Path, help="the folder of the gold file's articles")
    parser.add_argument("--show-misses", metavar="LABEL", help="list missed gold spans and false candidates of LABEL")
    args = parser.parse_args()
    codebook = load_codebook()
    detector = Detector(codebook, load_resources(labels=codebook.labels))
    data = REPO / "tests" / "data"
    sets = [(args.gold, args.seeds or args.gold.parent)] if args.gold else [
        (data / "gold_seeds.jsonl", REPO / "seeds"),
        (data / "heldout_gold.jsonl", data / "heldout"),
    ]
    met = [report(detector, codebook, gold, folder, args.show_misses) for gold, folder in sets]
    return 0 if all(met) else 1


def report(detector: Detector, codebook, gold_path: Path, folder: Path, show_misses: str | None) -> bool:
    print(f"\n== {gold_path.relative_to(REPO) if gold_path.is_relative_to(REPO) else gold_path}")
    gold = load_gold(gold_path)
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in gold}
    predicted = {name: [(c.start, c.end, c.label) for c in detector.detect(text)] for name, text in texts.items()}
    result = evaluate(gold, predicted, codebook.labels)

    print(f"{'category':<12} {'gold':>5} {'cands':>6} {'P exact':>8} {'R exact':>8} {'P overlap':>10} {'R overlap':>10}  target")
    all_met = True
    for label, m in result.items():
        met = m["overlap_recall"] >= TARGET_RECALL and m["overlap_precision"] >= TARGET_PRECISION
        all_met &= met
        print(
            f"{label:<12} {m['gold']:>5} {m['candidates']:>6} {m['exact_precision']:>8.3f} {m['exact_recall']:>8.3f} "
            f"{m['overlap_precision']:>10.3f} {m['overlap_recall']:>10.3f}  {'met' if met else 'NOT met'}"
        )
    print(f"targets (overlap recall >= {TARGET_RECALL}, precision >= {TARGET_PRECISION}) for every category: {'met' if all_met else 'NOT met'}")

    if show_misses:
        label = show_misses
        for name, text in texts.items():
            g = [s for s in gold[name] if s[2] == label]
            p = [s for s in predicted[name] if s[2] == label]
            for s in g:
                if not any(overlaps(s, t) for t in p):
                    print(f"MISS  {name} {s[0]}-{s[1]} {text[s[0]:s[1]]}")
            for s in p:
                if not any(overlaps(s, t) for t in g):
                    print(f"FALSE {name} {s[0]}-{s[1]} {text[s[0]:s[1]]}")
    return all_met


if __name__ == "__main__":
    sys.exit(main())
