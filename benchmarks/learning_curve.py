"""Learning curve of the recommender: rules alone vs rules + a model trained on k annotated
documents (k = 0, 5, 10, 20 by default), scored on the documents not taught, per category,
overlap and exact recall/precision. k = 0 is the starter model shipped with the package
(pass --no-starter to score k = 0 as rules alone). Also times training on 200 documents.

    python benchmarks/learning_curve.py                                     # seeds + held-out gold
    python benchmarks/learning_curve.py --corpus tests/data/corpus --split dev --ks 0,5,10,20
    python benchmarks/learning_curve.py --timing-only                       # 200-document training time

The taught documents are drawn at random (--seed) from the gold set; the model is trained
on them as a project would (complete documents), and the candidates it adds to the rules'
are scored on the remaining documents.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_detect import evaluate  # noqa: E402

from annotator.codebook import load_codebook  # noqa: E402
from annotator.detect import Detector  # noqa: E402
from annotator.model.gold import GoldDocument, load_gold  # noqa: E402
from annotator.model.tagger import SpanModel  # noqa: E402
from annotator.model.training import Example, sentences, train  # noqa: E402
from annotator.resources import load_resources  # noqa: E402
from annotator.services.modelling import feature_config, starter_model_bytes  # noqa: E402

DEFAULT_GOLD = [
    (REPO / "tests/data/gold_seeds.jsonl", REPO / "seeds"),
    (REPO / "tests/data/heldout_gold.jsonl", REPO / "tests/data/heldout"),
]


def scores(detector: Detector, documents: list[GoldDocument], labels: tuple[str, ...]) -> dict:
    gold = {d.name: list(d.spans) for d in documents}
    predicted = {d.name: [(c.start, c.end, c.label) for c in detector.detect(d.text)] for d in documents}
    return evaluate(gold, predicted, labels)


def print_table(title: str, rules: dict, model: dict, labels: tuple[str, ...]) -> None:
    print(f"\n{title}")
    print(f"  {'label':12} {'rules R/P (overlap)':>20} {'rules+model R/P':>17} {'exact R/P rules → +model':>27}")
    for label in labels:
        r, m = rules[label], model[label]
        print(f"  {label:12} {r['overlap_recall']:9.2f} / {r['overlap_precision']:.2f} {m['overlap_recall']:9.2f} / "
              f"{m['overlap_precision']:.2f}   {r['exact_recall']:.2f}/{r['exact_precision']:.2f} → "
              f"{m['exact_recall']:.2f}/{m['exact_precision']:.2f}")
    gain = sum(model[l]["overlap_recall"] - rules[l]["overlap_recall"] for l in labels) / len(labels)
    print(f"  mean overlap recall gain over the rules: {gain:+.3f}")


def synthetic_gold(documents: list[GoldDocument], count: int, seed: int, chars: int = 2000) -> list[Example]:
    """``count`` documents of about ``chars`` characters, made of the gold documents'
    sentences drawn at random (spans inside a sentence move with it)."""
    pool = []
    for document in documents:
        for start, end in sentences(document.text):
            spans = tuple((s - start, e - start, l) for s, e, l in document.spans if start <= s and e <= end)
            pool.append((document.text[start:end], spans))
    rng = random.Random(seed)
    examples = []
    for number in range(count):
        text, spans = "", []
        while len(text) < chars:
            sentence, inside = rng.choice(pool)
            spans.extend((s + len(text), e + len(text), l) for s, e, l in inside)
            text += sentence
        examples.append(Example(f"synthetic-{number}", text, tuple(spans)))
    return examples


def timing(documents: list[GoldDocument], labels: tuple[str, ...], jobs: int) -> None:
    examples = synthetic_gold(documents, 200, seed=0)
    chars = sum(len(e.text) for e in examples)
    config = feature_config()
    start = time.perf_counter()
    train(examples, labels, config, folds=0, jobs=jobs)
    fit = time.perf_counter() - start
    start = time.perf_counter()
    trained = train(examples, labels, config, folds=2, jobs=jobs)  # the default from 100 documents on
    full = time.perf_counter() - start
    print(f"\ntraining on 200 documents ({chars:,} characters, {os.cpu_count()} cores, --jobs {jobs}):")
    print(f"  final model alone:            {fit:6.1f} s   target < 60 s: {'PASS' if fit < 60 else 'FAIL'}")
    print(f"  `annotator train` (2-fold CV + final model): {full:6.1f} s   target < 60 s: {'PASS' if full < 60 else 'FAIL'}")
    print(f"  taggers: {', '.join(trained.model.groups)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, action="append", default=[], help="a gold JSONL file (repeatable)")
    parser.add_argument("--texts", type=Path, action="append", default=[], help="the folder of each --gold file's articles")
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="a folder of NAME.txt + NAME.gold.json")
    parser.add_argument("--split", default=None, help="only this split of --corpus folders")
    parser.add_argument("--ks", default="0,5,10,20", help="documents taught, comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-starter", dest="starter", action="store_false", help="k = 0 is rules alone")
    parser.add_argument("--timing-only", action="store_true", help="only time training on 200 documents")
    args = parser.parse_args()

    documents: list[GoldDocument] = []
    sources = list(zip(args.gold, args.texts or [None] * len(args.gold)))
    if not sources and not args.corpus:
        sources = DEFAULT_GOLD
    for gold, texts in sources:
        documents += load_gold(gold, texts)
    for corpus in args.corpus:
        documents += load_gold(corpus, split=args.split)
    codebook = load_codebook()
    labels = codebook.labels
    resources = load_resources(labels=labels)
    if args.timing_only:
        timing(documents, labels, args.jobs)
        return 0
    rules = Detector(codebook, resources)
    config = feature_config()
    rng = random.Random(args.seed)
    order = documents[:]
    rng.shuffle(order)
    print(f"{len(documents)} gold documents; the model is scored on the documents not taught")
    for k in [int(k) for k in args.ks.split(",")]:
        if k >= len(order):
            print(f"\nk = {k}: skipped (only {len(order)} documents)")
            continue
        taught, scored = order[:k], order[k:]
        if k == 0:
            starter = starter_model_bytes() if args.starter else None
            if starter is None:
                print("\nk = 0: no starter model (rules alone)")
                continue
            model = SpanModel.from_bytes(starter)
            title = f"k = 0 (the starter model), scored on {len(scored)} documents"
            note = (" — note: the starter was trained on these gold files, so k = 0 here is not a held-out figure"
                    if sources == DEFAULT_GOLD else "")
        else:
            started = time.perf_counter()
            trained = train([Example(d.name, d.text, d.spans) for d in taught], labels, config, folds=3, jobs=args.jobs)
            model = trained.model
            title = f"k = {k} taught, scored on {len(scored)} others (trained in {time.perf_counter() - started:.1f} s)"
            note = ""
        with_model = Detector(codebook, resources, model=model)
        print_table(title + note, scores(rules, scored, labels), scores(with_model, scored, labels), labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
