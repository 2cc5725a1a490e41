"""Agreement report speed: 3 annotators × 10,000 documents of ~3,000 characters.

Prints the time of the full report (`annotator agreement`), and the ratio of our
character-level α (runs of characters, weighted) to the `krippendorff` package computing
the same coefficient on the same data (one column per character), in the same run.
Target: ratio <= 1.

The package needs a matrix of every character by every value: for all 30 M characters it
takes more than this machine's 24 GiB, so the comparison runs on the first
``--compare-docs`` documents (default 1,000: 3 M characters); the full report runs on all.

    python benchmarks/bench_agreement.py [--docs 10000] [--spans 30] [--compare-docs 1000]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from annotator import services  # noqa: E402
from annotator.agreement import Coincidences, runs  # noqa: E402
from annotator.records import SpanValues  # noqa: E402
from annotator.services.agreement_report import agreement_report  # noqa: E402
from annotator.store import Store, utc_now  # noqa: E402
from bench_gui import new_document  # noqa: E402
from synthetic import synthetic_documents  # noqa: E402

LABELS = ("SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT")
CODERS = ("alice", "bob", "carol")


def layers_for(length: int, spans: int, rng: random.Random) -> dict[str, list[tuple[int, int, str]]]:
    """A shared truth of non-overlapping spans, each coder keeping, moving or missing some."""
    step = max(length // spans, 12)
    truth = [(i * step, i * step + rng.randint(4, step - 4), rng.choice(LABELS)) for i in range(length // step)]
    layers = {}
    for _ in CODERS:
        kept = []
        for start, end, label in truth:
            roll = rng.random()
            if roll < 0.75:
                kept.append((start, end, label))
            elif roll < 0.85:
                kept.append((start + 1, end, label))
            elif roll < 0.9:
                kept.append((start, end, rng.choice(LABELS)))
        layers[_] = kept
    return dict(zip(CODERS, layers.values()))


def build(path: Path, docs: int, spans: int) -> list[tuple[int, dict]]:
    rng = random.Random(0)
    store = Store.open(path)
    data = []
    with store.transaction():
        batch = [new_document(text, n) for n, (_, _, text) in enumerate(synthetic_documents(docs, 9), start=1)]
        store.insert_documents(batch, utc_now())
        for coder in CODERS:
            store.ensure_annotator(coder)
        for doc_id, document in enumerate(batch, start=1):
            layers = layers_for(len(document.text), spans, rng)
            data.append((len(document.text), layers))
            for coder, coder_spans in layers.items():
                for start, end, label in coder_spans:
                    store.insert_annotation(coder, SpanValues(doc_id, start, end, label, "added"), "1.0")
    services.use_codebook(store)
    store.close()
    return data


def ours_char_alpha(data) -> float:
    coincidences = Coincidences()
    for length, layers in data:
        for weight, values in runs([layers[c] for c in CODERS], length):
            coincidences.add(weight, values)
    return coincidences.alpha()


def package_char_alpha(data) -> float:
    import krippendorff

    codes: dict = {}
    columns = []
    for length, layers in data:
        matrix = np.zeros((len(CODERS), length), dtype=np.int16)
        for row, coder in enumerate(CODERS):
            covering = [set() for _ in range(length)]
            for start, end, label in layers[coder]:
                for position in range(start, end):
                    covering[position].add(label)
            matrix[row] = [codes.setdefault(tuple(sorted(c)) if c else "O", len(codes)) for c in covering]
        columns.append(matrix)
    reliability = np.concatenate(columns, axis=1).astype(float)
    start = time.perf_counter()
    alpha = krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal")
    package_char_alpha.seconds = time.perf_counter() - start
    return alpha


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--spans", type=int, default=30, help="spans per document and annotator (about)")
    parser.add_argument("--compare-docs", type=int, default=1000, help="documents for the comparison with the krippendorff package")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "agreement.annotator.db"
        data = build(path, args.docs, args.spans)
        characters = sum(length for length, _ in data)
        with Store.open(path, create=False) as store:
            start = time.perf_counter()
            report = agreement_report(store)
            full = time.perf_counter() - start
        sample = data[: args.compare_docs]
        start = time.perf_counter()
        ours = ours_char_alpha(sample)
        ours_seconds = time.perf_counter() - start
        reference = package_char_alpha(sample)
        ratio = ours_seconds / package_char_alpha.seconds
        print(f"{len(CODERS)} annotators × {args.docs:,} documents, {characters:,} characters, "
              f"{report['overall']['spans']:,} spans")
        print(f"  full report (every measure, overall, {len(report['per_label'])} labels, "
              f"{len(report['pairs'])} pairs, per document): {full:.2f} s")
        print(f"  character-level α on the first {len(sample):,} documents ({sum(n for n, _ in sample):,} characters):")
        print(f"    ours {ours:.6f} in {ours_seconds:.2f} s; krippendorff package {reference:.6f} "
              f"in {package_char_alpha.seconds:.2f} s (its matrix built untimed)")
        print(f"    same value: {'yes' if math.isclose(ours, reference, abs_tol=1e-9) else 'NO'}   "
              f"ratio {ratio:.3f}   target <= 1: {'PASS' if ratio <= 1 else 'FAIL'}")
    return 0 if ratio <= 1 and math.isclose(ours, reference, abs_tol=1e-9) else 1


if __name__ == "__main__":
    sys.exit(main())
