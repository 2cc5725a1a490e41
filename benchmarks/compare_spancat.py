"""The recommender's two candidates compared on the same gold data: python-crfsuite (the
chosen one, annotator/model/) and spaCy's spancat over characters (blank "zh", character
segmentation, n-gram suggester). Same split: the gold documents in order, the last third
held out. Prints overlap/exact F1 per label, training time and detection speed.

    python benchmarks/compare_spancat.py [--epochs 15] [--max-length 16]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_detect import evaluate  # noqa: E402

from annotator.codebook import load_codebook  # noqa: E402
from annotator.model.features import FeatureExtractor  # noqa: E402
from annotator.model.gold import load_gold  # noqa: E402
from annotator.model.tagger import Predictor  # noqa: E402
from annotator.model.training import Example, train  # noqa: E402
from annotator.resources import load_resources  # noqa: E402
from annotator.services.modelling import feature_config  # noqa: E402
from learning_curve import DEFAULT_GOLD  # noqa: E402


def f1(scores: dict, kind: str) -> float:
    p, r = scores[f"{kind}_precision"], scores[f"{kind}_recall"]
    return 2 * p * r / (p + r) if p + r else 0.0


def run_crf(train_docs, test_docs, labels):
    started = time.perf_counter()
    trained = train([Example(d.name, d.text, d.spans) for d in train_docs], labels, feature_config(), folds=3, jobs=1)
    seconds = time.perf_counter() - started
    extractor = FeatureExtractor(load_resources().lexicons)
    predictor = Predictor(trained.model)
    started = time.perf_counter()
    predicted = {}
    for d in test_docs:
        predicted[d.name] = [(p.start, p.end, p.label) for p in predictor.spans(extractor(d.text))
                             if p.probability >= trained.model.threshold(p.label)]
    return seconds, time.perf_counter() - started, predicted


def run_spancat(train_docs, test_docs, labels, epochs: int, max_length: int):
    import spacy
    from spacy.training import Example as SpacyExample

    nlp = spacy.blank("zh")  # character segmentation: one token per character
    config = {"spans_key": "sc", "suggester": {"@misc": "spacy.ngram_range_suggester.v1", "min_size": 1, "max_size": max_length}}
    spancat = nlp.add_pipe("spancat", config=config)
    for label in labels:
        spancat.add_label(label)

    def example(d):
        reference = nlp.make_doc(d.text)
        spans = [reference.char_span(s, e, label=l) for s, e, l in d.spans if e - s <= max_length]
        reference.spans["sc"] = [s for s in spans if s is not None]
        return SpacyExample(nlp.make_doc(d.text), reference)

    examples = [example(d) for d in train_docs]
    started = time.perf_counter()
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for epoch in range(epochs):
        rng.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=2):
            nlp.update(batch, sgd=optimizer, drop=0.1)
        print(f"  spancat epoch {epoch + 1}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted = {}
    for d in test_docs:
        doc = nlp(d.text)
        predicted[d.name] = [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]]
    return seconds, time.perf_counter() - started, predicted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--max-length", type=int, default=16, help="spancat's longest suggested span (characters)")
    args = parser.parse_args()
    documents = [d for gold, texts in DEFAULT_GOLD for d in load_gold(gold, texts)]
    cut = len(documents) * 2 // 3
    train_docs, test_docs = documents[:cut], documents[cut:]
    labels = load_codebook().labels
    gold = {d.name: list(d.spans) for d in test_docs}
    chars = sum(len(d.text) for d in test_docs)
    print(f"train {len(train_docs)} documents, test {len(test_docs)} ({chars:,} characters)")
    for name, runner in (("crfsuite", lambda: run_crf(train_docs, test_docs, labels)),
                         ("spancat", lambda: run_spancat(train_docs, test_docs, labels, args.epochs, args.max_length))):
        train_s, detect_s, predicted = runner()
        scores = evaluate(gold, predicted, labels)
        print(f"\n{name}: training {train_s:.1f} s, detection {chars / detect_s / 1000:.1f} k chars/s")
        for label in labels:
            print(f"  {label:12} overlap F1 {f1(scores[label], 'overlap'):.2f}  exact F1 {f1(scores[label], 'exact'):.2f}")
        print(f"  mean         overlap F1 {sum(f1(scores[l], 'overlap') for l in labels) / len(labels):.2f}  "
              f"exact F1 {sum(f1(scores[l], 'exact') for l in labels) / len(labels):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
