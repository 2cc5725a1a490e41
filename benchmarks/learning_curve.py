"""Does the recommender learn? Blind teaching measured the way a project lives it.

The protocol (issue 10): the gold documents of a corpus are shuffled (--seed) and split in two
halves. "Taught" = the gold spans of k documents of the first half put into an annotator's
layer (alice), each document marked done, then alice's layer model trained
(``train_project_model(scope="layer:alice")``, as ``annotator train --annotator alice``) and
the project detected again. Scored on the other half: every candidate alice sees — rules,
the shared model, her learned phrases and her model's own candidates — against the gold, per
category, overlap recall/precision; "before" is the same project with nothing taught (rules +
the starter model). k = 0, 5, 10, 20 and the whole first half; a k larger than the half is
scored on the documents after the first k instead (its own "before" figures).

The starter corpus shipped with the package is what every model learns from beside the
project. Its documents that belong to the scored corpus are left out, and the starter model
of "before" is retrained without them, so neither side has seen the scored documents (on a
test part nothing is left out: the starter never saw it).

    python benchmarks/learning_curve.py --corpus tests/data/corpus/dev
    python benchmarks/learning_curve.py --corpus tests/data/corpus/test --report-test   # final report only
    python benchmarks/learning_curve.py --timing-only        # training on 200 documents (< 60 s target)
    python benchmarks/learning_curve.py --corpus tests/data/corpus/dev --no-rules   # the learners alone

``--no-rules`` switches the rules (and data patterns) off on both sides: what alice sees is
then the models and the learned phrases alone. On a corpus the rules were tuned on (every dev
article was), the rules already find most of the other half, so the figure with rules cannot
show how far teaching generalises (on dev it cannot exceed 1 minus the rules' recall); without
them it is a stand-in for text the rules were not tuned on. It is not the issue's target figure.

A ``--corpus`` path in a test part is refused unless ``--report-test`` (never tune on it).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_detect import evaluate, is_test_part  # noqa: E402

from annotator import services, store_models  # noqa: E402
from annotator.codebook import load_codebook  # noqa: E402
from annotator.model.gold import GoldDocument, load_gold  # noqa: E402
from annotator.model.tagger import MODEL_VERSION, SpanModel  # noqa: E402
from annotator.model.training import Example, sentences, train  # noqa: E402
from annotator.records import StoredModel  # noqa: E402
from annotator.services import annotating, modelling  # noqa: E402
from annotator.store import Store, utc_now  # noqa: E402

ANNOTATOR = "alice"
TARGET_GAIN = 0.15


def switch_rules_off() -> None:
    """Every detector built in this process from now on runs no rule nor data pattern: the
    learned phrases and the models alone (detection here runs in this process)."""
    from annotator.detect import engine

    build = engine.Detector.__init__

    def learners_only(self, *args, **kwargs) -> None:
        build(self, *args, **kwargs)
        self.rules = []

    engine.Detector.__init__ = learners_only


def starter_without(documents: list[GoldDocument], jobs: int) -> tuple[list[GoldDocument], bytes | None, str]:
    """The starter corpus minus the scored corpus's documents, and the starter model that
    corpus gives (the shipped one when nothing was left out)."""
    texts = {d.text for d in documents}
    shipped = list(modelling.starter_corpus())
    base = [d for d in shipped if d.text not in texts]
    if len(base) == len(shipped):
        return base, modelling.starter_model_bytes(), f"the shipped starter ({len(base)} articles)"
    labels = load_codebook().labels
    started = time.perf_counter()
    trained = train([Example(f"starter:{i}", d.text, d.spans) for i, d in enumerate(base)], labels,
                    modelling.feature_config(), folds=3, jobs=jobs, meta={"scope": "starter", "words": False})
    note = (f"a starter retrained without the {len(shipped) - len(base)} scored-corpus articles "
            f"({len(base)} articles, {time.perf_counter() - started:.0f} s)")
    return base, trained.model.to_bytes(), note


def project(documents: list[GoldDocument], starter: bytes | None, folder: Path) -> tuple[Store, dict[str, int]]:
    """A project in memory holding the documents, detected with ``starter`` as its shared model."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, document in enumerate(documents):
        (folder / f"{number:03d}.txt").write_text(document.text, encoding="utf-8")
    store = Store.memory()
    services.import_paths(store, [folder])
    ids = {d.text: d.id for d in store.documents()}
    with store.transaction():
        store.ensure_annotator(ANNOTATOR)
        if starter is not None:  # the shared model in force: what "before teaching" offers everyone
            store_models.put_model(store, StoredModel(modelling.SHARED_SCOPE, MODEL_VERSION, "starter", {}, starter, utc_now()))
    services.detect_project(store)
    return store, {d.name: ids[d.text] for d in documents}


def teach(store: Store, ids: dict[str, int], taught: list[GoldDocument]) -> None:
    """Alice puts the gold spans of ``taught`` into her layer and marks each document done."""
    for document in taught:
        doc_id = ids[document.name]
        for start, end, label in document.spans:
            annotating.add_span(store, ANNOTATOR, doc_id, start, end, label)
        annotating.set_document_status(store, ANNOTATOR, doc_id, "done")


def seen_by_alice(store: Store, ids: dict[str, int], documents: list[GoldDocument]) -> dict[str, list]:
    return {d.name: [(c.start, c.end, c.label) for c in store.document_candidates(ids[d.name], ANNOTATOR)]
            for d in documents}


def print_table(title: str, before: dict, after: dict, labels: tuple[str, ...]) -> float:
    print(f"\n{title}")
    print(f"  {'category':12} {'gold':>5}  {'before R / P':>13}  {'after R / P':>13}  {'recall gain':>11}")
    for label in labels:
        b, a = before[label], after[label]
        print(f"  {label:12} {b['gold']:5d}  {b['overlap_recall']:6.2f} / {b['overlap_precision']:.2f}  "
              f"{a['overlap_recall']:6.2f} / {a['overlap_precision']:.2f}  {a['overlap_recall'] - b['overlap_recall']:+11.3f}")
    gain = sum(after[l]["overlap_recall"] - before[l]["overlap_recall"] for l in labels) / len(labels)
    print(f"  mean overlap recall gain over categories: {gain:+.3f}")
    return gain


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


def timing(jobs: int) -> None:
    """Training as `annotator train` does on a project of 200 documents: the starter corpus
    beneath within the training budget (weight 1: the project outweighs it), 2-fold
    cross-validation from 100 documents."""
    labels = load_codebook().labels
    base = list(modelling.starter_corpus())
    examples = synthetic_gold(base, 200, seed=0)
    learned_from, beneath, _ = modelling.learning_set(base, labels, examples)
    chars = sum(len(e.text) for e in examples)
    config = modelling.feature_config()
    start = time.perf_counter()
    train(learned_from, labels, config, folds=0, jobs=jobs)
    fit = time.perf_counter() - start
    start = time.perf_counter()
    trained = train(learned_from, labels, config, folds=2, jobs=jobs)
    full = time.perf_counter() - start
    print(f"\ntraining on 200 documents ({chars:,} characters) + {len(beneath)} of the starter corpus's {len(base)} articles "
          f"({sum(len(e.text) for e in beneath):,} characters, within the training budget), "
          f"{os.cpu_count()} cores, --jobs {jobs}:")
    print(f"  one fit (background retraining, --folds 0): {fit:6.1f} s   target < 60 s: {'PASS' if fit < 60 else 'FAIL'}")
    print(f"  `annotator train` (2-fold CV + final fit):   {full:6.1f} s   target < 60 s: {'PASS' if full < 60 else 'FAIL'}")
    print(f"  taggers: {', '.join(trained.model.groups)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, action="append", default=[], metavar="DIR",
                        help="a folder of NAME.txt + NAME.gold.json (repeatable)")
    parser.add_argument("--report-test", action="store_true",
                        help="allow a --corpus path under a test part (final report only: never tune on it)")
    parser.add_argument("--ks", default="0,5,10,20", help="documents taught, comma-separated (the half is added)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timing-only", action="store_true", help="only time training on 200 documents")
    parser.add_argument("--no-rules", action="store_true",
                        help="the learners alone, rules and data patterns off on both sides (not the target figure)")
    args = parser.parse_args()
    if args.timing_only:
        timing(args.jobs)
        return 0
    if not args.corpus:
        parser.error("--corpus DIR is required (e.g. tests/data/corpus/dev)")
    refused = [str(path) for path in args.corpus if is_test_part(path) and not args.report_test]
    if refused:
        parser.error(f"{', '.join(refused)} is a held-out test part; pass --report-test for the final report only")

    if args.no_rules:
        switch_rules_off()
        print("rules and data patterns OFF: the models and learned phrases alone (a stand-in for text the rules "
              "were not tuned on; not the target figure)")
    documents = [d for folder in args.corpus for d in load_gold(folder)]
    labels = load_codebook().labels
    order = documents[:]
    random.Random(args.seed).shuffle(order)
    half = len(order) // 2
    base, starter, note = starter_without(documents, args.jobs)
    print(f"{len(documents)} gold documents in {', '.join(map(str, args.corpus))}; taught from the first half "
          f"({half}), scored on the other ({len(order) - half}). Beneath every model: {note}.")
    ks = sorted({int(k) for k in args.ks.split(",")} | {half})
    with tempfile.TemporaryDirectory() as temp:
        store, ids = project(order, starter, Path(temp) / "articles")
        before = seen_by_alice(store, ids, order)
        store.close()
        gains = {}
        for k in ks:
            if k == 0:
                scored = order[half:]
                result = evaluate({d.name: list(d.spans) for d in scored}, {d.name: before[d.name] for d in scored}, labels)
                print_table(f"k = 0: before teaching (rules + starter model), scored on {len(scored)}", result, result, labels)
                continue
            if k >= len(order):
                print(f"\nk = {k}: skipped (only {len(order)} documents)")
                continue
            taught, scored = order[:k], order[max(k, half):]
            store, ids = project(order, starter, Path(temp) / f"k{k}")
            teach(store, ids, taught)
            started = time.perf_counter()
            report = services.train_project_model(store, scope=modelling.layer_scope(ANNOTATOR), jobs=args.jobs, base=base)
            seconds = time.perf_counter() - started
            services.detect_project(store)
            gold = {d.name: list(d.spans) for d in scored}
            after = seen_by_alice(store, ids, scored)
            title = (f"k = {k} taught (alice's model: {report.documents} documents, weight {store_models.stored_model(store, modelling.layer_scope(ANNOTATOR)).metrics.get('weight')}, "
                     f"trained in {seconds:.0f} s), scored on {len(scored)} others")
            gains[k] = print_table(title, evaluate(gold, {n: before[n] for n in gold}, labels), evaluate(gold, after, labels), labels)
            store.close()
    if half in gains:
        verdict = "met" if gains[half] >= TARGET_GAIN else "NOT met"
        print(f"\nhalf taught (k = {half}): mean recall gain {gains[half]:+.3f}; target +{TARGET_GAIN:.2f}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
