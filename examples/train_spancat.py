"""Train a small spaCy span categoriser on an annotator export, on the CPU, and print its
scores. An example of using the exported training data, not part of the tool.

    annotator export --format spacy --layer alice --split train=0.8,dev=0.2 --out data/alice
    python examples/train_spancat.py data/alice.train.jsonl data/alice.dev.jsonl --epochs 10

Input: spaCy/Prodigy JSONL (``{"text", "spans": [{"start", "end", "label"}]}``) or the
native format. The blank Chinese pipeline splits text into characters, so every exported
span aligns with tokens exactly.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import spacy
from spacy.training import Example

SPANS_KEY = "sc"


def load(path: Path, nlp) -> list[Example]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        reference = nlp.make_doc(record["text"])
        spans = [reference.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict") for s in record["spans"]]
        reference.spans[SPANS_KEY] = [s for s in spans if s is not None]
        examples.append(Example(nlp.make_doc(record["text"]), reference))
    return examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path)
    parser.add_argument("dev", type=Path)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--max-span", type=int, default=24, help="longest span (characters) the model proposes")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    spacy.util.fix_random_seed(args.seed)
    nlp = spacy.blank("zh")
    nlp.add_pipe(
        "spancat",
        config={
            "spans_key": SPANS_KEY,
            "suggester": {"@misc": "spacy.ngram_range_suggester.v1", "min_size": 2, "max_size": args.max_span},
        },
    )
    train, dev = load(args.train, nlp), load(args.dev, nlp)
    print(f"{len(train)} training and {len(dev)} development documents")
    optimizer = nlp.initialize(lambda: train)
    for epoch in range(1, args.epochs + 1):
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(train, size=4):
            nlp.update(batch, sgd=optimizer, losses=losses)
        scores = nlp.evaluate(dev)
        print(
            f"epoch {epoch:3d}  loss {losses.get('spancat', 0):9.3f}  "
            f"P {scores['spans_sc_p']:.3f}  R {scores['spans_sc_r']:.3f}  F {scores['spans_sc_f']:.3f}"
        )
    for label, figures in sorted((scores.get("spans_sc_per_type") or {}).items()):
        print(f"  {label:<12} P {figures['p']:.3f}  R {figures['r']:.3f}  F {figures['f']:.3f}")


if __name__ == "__main__":
    main()
