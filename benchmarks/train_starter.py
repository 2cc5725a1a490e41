"""Train the starter model shipped with the package (resources/model/starter.model + .json)
and write its training corpus beside it (resources/model/starter_corpus.jsonl).

A new project without a model of its own detects with it, so the first article already gets
``model:`` candidates; project models are trained on the starter corpus plus the project's
decisions. Trained on gold corpora only, never on a test part:

    python benchmarks/train_starter.py               # seeds + held-out gold + tests/data/corpus/dev
    python benchmarks/train_starter.py --gold FILE.jsonl --texts FOLDER [--corpus DIR ...]

Prints the cross-validated precision/recall per label and the training time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotator.codebook import load_codebook  # noqa: E402
from annotator.model.gold import load_gold, write_inline  # noqa: E402
from annotator.model.training import Example, train  # noqa: E402
from annotator.services.modelling import STARTER_CORPUS_FILE, STARTER_FILE, feature_config  # noqa: E402

DEFAULT_GOLD = [
    (REPO / "tests/data/gold_seeds.jsonl", REPO / "seeds"),
    (REPO / "tests/data/heldout_gold.jsonl", REPO / "tests/data/heldout"),
]
DEFAULT_CORPUS = [REPO / "tests/data/corpus/dev"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, action="append", default=[], help="a gold JSONL file (repeatable)")
    parser.add_argument("--texts", type=Path, action="append", default=[], help="the folder of each --gold file's articles")
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="a folder of NAME.txt + NAME.gold.json")
    parser.add_argument("--split", default=None, help="only this split of --corpus folders (e.g. dev); test is never used")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "resources" / STARTER_FILE)
    args = parser.parse_args()

    documents = []
    sources = list(zip(args.gold, args.texts or [None] * len(args.gold)))
    corpora = args.corpus
    if not sources and not corpora:
        sources, corpora = DEFAULT_GOLD, DEFAULT_CORPUS
    for gold, texts in sources:
        documents += load_gold(gold, texts)
    for corpus in corpora:
        if "test" in Path(corpus).resolve().parts:
            print(f"{corpus} is a test part: never trained on", file=sys.stderr)
            return 1
        documents += load_gold(corpus, split=args.split)
    documents = [d for d in documents if d.split != "test"]  # never train on the test part
    if not documents:
        print("no gold documents found", file=sys.stderr)
        return 1
    labels = load_codebook().labels
    # Keys fix the cross-validation folds: made from the texts' digests (not hash(), which
    # changes from one process to the next), so a rerun on the same corpus gives the same model.
    examples = [Example(f"{d.name}:{hashlib.sha256(d.text.encode()).hexdigest()[:12]}", d.text,
                        tuple(s for s in d.spans if s[2] in labels)) for d in documents]
    started = time.perf_counter()
    trained = train(examples, labels, feature_config(), folds=args.folds, jobs=args.jobs,
                    meta={"scope": "starter", "documents": [d.name for d in documents], "words": False})
    seconds = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(trained.model.to_bytes())
    corpus_out = args.out.parent / STARTER_CORPUS_FILE.name
    write_inline(documents, corpus_out)
    summary = {
        "trained_on": sorted(d.name for d in documents),
        "documents": len(documents),
        "characters": trained.characters,
        "folds": trained.folds,
        "groups": {k: list(v) for k, v in trained.model.groups.items()},
        "thresholds": dict(trained.model.thresholds),
        "cross_validated": {label: vars(scores) for label, scores in trained.metrics.items()},
        "seconds": round(seconds, 1),
        "fingerprint": trained.model.fingerprint(),
    }
    args.out.with_suffix(".json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(documents)} documents, {trained.characters:,} characters, {trained.folds}-fold CV, {seconds:.1f} s")
    print(f"{'label':12} {'gold':>5} {'pred':>5}  exact P/R    overlap P/R   threshold")
    for label, s in trained.metrics.items():
        print(f"{label:12} {s.gold:5d} {s.predicted:5d}  {s.exact_precision:.2f}/{s.exact_recall:.2f}    "
              f"{s.overlap_precision:.2f}/{s.overlap_recall:.2f}     {trained.model.threshold(label):.2f}")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes), {args.out.with_suffix('.json').name} and "
          f"{corpus_out.name} ({corpus_out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
