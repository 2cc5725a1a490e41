"""Agreement report speed: 3 annotators × 10,000 documents of ~3,000 characters.

Prints the time of the full report (`annotator agreement`) against its target (<= 10 s, issue
13) and against a floor: one query reading every confirmed span of the chosen annotators
and every document's length, the least any report must read. With ``--previous`` it also
times the report as it was before issue 13 (kept in tests/core) and checks both give the
same numbers. Then the ratio of our character-level α (runs of characters, weighted) to the
`krippendorff` package computing the same coefficient on the same data (one column per
character), in the same run. Target: ratio <= 1.

The package needs a matrix of every character by every value: for all 30 M characters it
takes more than this machine's 24 GiB, so the comparison runs on the first
``--compare-docs`` documents (default 1,000: 3 M characters); the full report runs on all.

    python benchmarks/bench_agreement.py [--docs 10000] [--spans 30] [--compare-docs 1000]
    python benchmarks/bench_agreement.py --workdir /tmp/bench --previous   # keep the project; time the old report too

Building the project (one annotation at a time, through the store) takes longer than the
report; with ``--workdir`` it is built once and reused by later runs of the same size.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(REPO / "tests" / "core"))  # the report as it was, for --previous

import numpy as np  # noqa: E402

from annotator import services  # noqa: E402
from annotator.agreement import Coincidences, runs  # noqa: E402
from annotator.records import SpanValues  # noqa: E402
from annotator.services.agreement_report import agreement_report  # noqa: E402
from annotator.store import Store, utc_now  # noqa: E402
from bench_gui import new_document  # noqa: E402
from synthetic import synthetic_documents  # noqa: E402

TARGET_SECONDS = 10.0
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


def floor_read(path: Path) -> tuple[float, int, int]:
    """The floor: one query reading the confirmed spans of the three annotators and one the
    documents' lengths, every row fetched into Python; nothing computed."""
    with Store.open(path, create=False) as store:
        conn = store.db.conn
        start = time.perf_counter()
        lengths = conn.execute("SELECT id, length(text) FROM documents").fetchall()
        spans = conn.execute(
            "SELECT n.doc_id, a.name, n.span_start, n.span_end, n.label FROM annotations n "
            "JOIN annotators a ON a.id = n.annotator_id "
            "WHERE a.kind = 'annotator' AND n.status IN ('accepted', 'relabelled', 'added')"
        ).fetchall()
        seconds = time.perf_counter() - start
    return seconds, len(lengths), len(spans)


def timed_report(path: Path, report_function) -> tuple[float, float, dict]:
    """Wall time, CPU time of this process (what a loaded shared machine inflates least) and
    the report."""
    with Store.open(path, create=False) as store:
        start, cpu = time.perf_counter(), time.process_time()
        report = report_function(store)
        return time.perf_counter() - start, time.process_time() - cpu, report


def project(workdir: Path, docs: int, spans: int) -> tuple[Path, list]:
    """The benchmark project in ``workdir``, built unless a finished one is there."""
    path = workdir / f"agreement-{docs}-{spans}.annotator"
    data_path = workdir / f"agreement-{docs}-{spans}.pickle"
    if path.exists() and data_path.exists():
        return path, pickle.loads(data_path.read_bytes())
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    start = time.perf_counter()
    data = build(path, docs, spans)
    print(f"(project built in {time.perf_counter() - start:.0f} s)")
    data_path.write_bytes(pickle.dumps(data))  # written last: its presence says the project is whole
    return path, data


def same_numbers(a: dict, b: dict) -> bool:
    """Equal to the last bit (NaN equal to NaN): both as JSON, floats written exactly."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--spans", type=int, default=30, help="spans per document and annotator (about)")
    parser.add_argument("--compare-docs", type=int, default=1000, help="documents for the comparison with the krippendorff package")
    parser.add_argument("--previous", action="store_true", help="also time the report as it was before issue 13 and compare the numbers")
    parser.add_argument("--runs", type=int, default=3, help="runs of the report and of the floor; the best is kept (default 3)")
    parser.add_argument("--workdir", type=Path, help="keep the project here and reuse it (default: a temporary folder)")
    args = parser.parse_args()
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return run(args, args.workdir)
    with tempfile.TemporaryDirectory() as folder:
        return run(args, Path(folder))


def run(args: argparse.Namespace, workdir: Path) -> int:
    path, data = project(workdir, args.docs, args.spans)
    characters = sum(length for length, _ in data)
    full_times, cpu_times, floor_times = [], [], []
    for _ in range(args.runs):  # interleaved: the machine is shared, noise only adds time
        floor_seconds, _documents, _spans = floor_read(path)
        floor_times.append(floor_seconds)
        seconds, cpu_seconds, report = timed_report(path, agreement_report)
        full_times.append(seconds)
        cpu_times.append(cpu_seconds)
    full, cpu, floor = min(full_times), min(cpu_times), min(floor_times)
    passed = full <= TARGET_SECONDS
    print(f"{len(CODERS)} annotators × {args.docs:,} documents, {characters:,} characters, "
          f"{report['overall']['spans']:,} spans")
    print(f"  full report (every measure, overall, {len(report['per_label'])} labels, "
          f"{len(report['pairs'])} pairs, per document), best of {args.runs}: {full:.2f} s (CPU {cpu:.2f} s)   "
          f"target <= {TARGET_SECONDS:g} s: {'PASS' if passed else 'FAIL'}")
    print(f"  floor (one query reading the spans and the lengths): {floor:.2f} s   ratio report/floor {full / floor:.1f}")
    if args.previous:
        from agreement_report_previous import agreement_report as previous_report

        previous_seconds, previous_cpu, previous = timed_report(path, previous_report)
        same = same_numbers(report, previous)
        print(f"  the report before issue 13: {previous_seconds:.2f} s (CPU {previous_cpu:.2f} s)   "
              f"ratio previous/now {previous_seconds / full:.1f} (CPU {previous_cpu / cpu:.1f})   "
              f"same numbers: {'yes' if same else 'NO'}")
        passed = passed and same
    sample = data[: args.compare_docs]
    start = time.perf_counter()
    ours = ours_char_alpha(sample)
    ours_seconds = time.perf_counter() - start
    reference = package_char_alpha(sample)
    ratio = ours_seconds / package_char_alpha.seconds
    print(f"  character-level α on the first {len(sample):,} documents ({sum(n for n, _ in sample):,} characters):")
    print(f"    ours {ours:.6f} in {ours_seconds:.2f} s; krippendorff package {reference:.6f} "
          f"in {package_char_alpha.seconds:.2f} s (its matrix built untimed)")
    print(f"    same value: {'yes' if math.isclose(ours, reference, abs_tol=1e-9) else 'NO'}   "
          f"ratio {ratio:.3f}   target <= 1: {'PASS' if ratio <= 1 else 'FAIL'}")
    return 0 if passed and ratio <= 1 and math.isclose(ours, reference, abs_tol=1e-9) else 1


if __name__ == "__main__":
    sys.exit(main())
