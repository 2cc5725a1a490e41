"""Annotation import: is it linear in the number of records?

Writes N and N/10 Label Studio tasks (synthetic articles from ``seeds/``, ~3,000 characters,
a few spans each, two annotations per task: alice's and bob's, the names kept as our export
keeps them), imports each file into a fresh project with
``annotator import FILE --annotator-field layer`` (the service call), and prints the times
and the ratio time(N) / (10 × time(N/10)). Target (from issue 11): ratio <= 2.

    python benchmarks/bench_annotation_import.py               # 10,000 tasks vs 1,000
    python benchmarks/bench_annotation_import.py --tasks 3000
    python benchmarks/bench_annotation_import.py --profile     # cProfile of the big import

Only the standard library and the annotator package are used.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from annotator import services  # noqa: E402
from annotator.store import Store  # noqa: E402
from synthetic import synthetic_documents  # noqa: E402

TARGET_RATIO = 2.0
LABELS = ("SLOGAN", "TARGET", "CAMPAIGN", "HONOUR")


def write_tasks(path: Path, count: int, seed: int) -> int:
    """A Label Studio JSON array of ``count`` tasks; returns the number of spans."""
    rng = random.Random(seed)
    spans = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for number, (_, title, text) in enumerate(synthetic_documents(count, seed)):
            annotations = []
            for annotation_id in (1, 2):
                result = []
                for index in range(rng.randint(2, 6)):
                    start = rng.randrange(0, max(1, len(text) - 20))
                    end = start + rng.randint(2, 15)
                    if not text[start:end].strip():
                        continue
                    result.append({"id": f"a{annotation_id}s{index}", "from_name": "label", "to_name": "text", "type": "labels",
                                   "value": {"start": start, "end": end, "text": text[start:end], "labels": [rng.choice(LABELS)]}})
                spans += len(result)
                annotations.append({"id": annotation_id, "ground_truth": False, "result": result})
            task = {"id": number + 1, "data": {"text": text, "title": title}, "annotations": annotations,
                    "meta": {"annotator": {"layers": {"1": "alice", "2": "bob"}}}}
            out.write(("" if number == 0 else ",\n") + json.dumps(task, ensure_ascii=False))
        out.write("\n]\n")
    return spans


def timed_import(folder: Path, tasks: Path, profile: bool) -> float:
    store = Store.open(str(folder / f"{tasks.stem}.annotator.db"))
    try:
        profiler = cProfile.Profile() if profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        services.import_annotations(store, [tasks], annotator_field="layer")
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - started
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return elapsed
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the large import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as scratch:
        folder = Path(scratch)
        small, large = folder / "small.json", folder / "large.json"
        small_spans = write_tasks(small, args.tasks // 10, args.seed)
        large_spans = write_tasks(large, args.tasks, args.seed)
        small_time = timed_import(folder, small, False)
        large_time = timed_import(folder, large, args.profile)
    ratio = large_time / (10 * small_time)
    print(f"{args.tasks // 10:>7} tasks ({small_spans} spans): {small_time:7.2f} s")
    print(f"{args.tasks:>7} tasks ({large_spans} spans): {large_time:7.2f} s")
    print(f"ratio time(N) / (10 x time(N/10)) = {ratio:.2f} (target <= {TARGET_RATIO})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
