"""``annotator apply`` on Dask: ratios measured in one run, and a corpus-scale run.

Ratios (default), on a corpus generated from seeds/ (JSONL with county/year metadata):

- throughput per worker ÷ single-process detection of the same texts (the bare
  ``Detector.detect`` loop in this process: no reading, no writing)      target >= 0.8
  and, for two workers, against two bare detect processes side by side on the same cores
- 2 workers ÷ 1 worker (throughput)                                     target >= 1.6 on 2 free cores
- peak memory per worker at 10 × the corpus ÷ at 1 ×                    target: flat (<= 1.3)

Cluster start-up and each worker's one-time detector build are left out of the timings (as
the baseline's are): one cluster per worker count, started and warmed before.

    python benchmarks/bench_apply.py                       # 400 documents (× 10 for the memory check)
    python benchmarks/bench_apply.py --docs 1000

Scale run: generate a corpus of a given size (streamed to disk, never held in memory; kept
and reused under --workdir) and apply to it with all cores, reporting wall time, throughput and
peak memory per worker:

    python benchmarks/bench_apply.py --size 1GB --workdir /data/bench-apply [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator.scale.apply import apply_corpus, detector_for, local_cluster, project_apply_setup  # noqa: E402
from annotator.store import Store  # noqa: E402
from synthetic import synthetic_documents  # noqa: E402

COUNTIES = ("安溪县", "晋江市", "南安市", "惠安县", "永春县", "德化县")
TARGET_PER_WORKER, TARGET_SPEEDUP, TARGET_MEMORY = 0.8, 1.6, 1.3


def write_corpus(path: Path, *, docs: int | None = None, size: int | None = None, seed: int = 0) -> tuple[int, int]:
    """Stream generated articles into a JSONL file until ``docs`` documents or ``size`` bytes;
    returns (documents, characters)."""
    written = chars = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for number, (key, title, text) in enumerate(synthetic_documents(docs or 10**12, seed), start=1):
            meta = {"county": COUNTIES[number % len(COUNTIES)], "year": 2010 + number % 12}
            line = json.dumps({"id": key, "title": title, "text": text, "meta": meta}, ensure_ascii=False) + "\n"
            handle.write(line)
            chars += len(text)
            written += len(line.encode("utf-8"))
            if size is not None and written >= size:
                return number, chars
    return docs or 0, chars


def texts_of(path: Path):
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)["text"]


def parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*", text.upper())
    if not match:
        raise SystemExit(f"--size {text!r}: expected e.g. 500MB or 1GB")
    return int(float(match.group(1)) * {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}[match.group(2)])


def warm(setup) -> None:
    """Each worker's one-time costs: building the detector, importing pyarrow's writer."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    detector_for(setup).detect("全面推进乡村振兴，确保粮食产量达到100万吨。")
    pq.write_table(pa.table({"x": [1]}), pa.BufferOutputStream())


def timed_apply(client, corpus: Path, setup, out: Path, partition_bytes: int):
    shutil.rmtree(out, ignore_errors=True)
    report = apply_corpus([corpus], setup, out, client=client, partition_bytes=partition_bytes)
    return report


_BARE = None  # the bare detector of a baseline process


def _bare_init(setup) -> None:
    global _BARE
    _BARE = setup.detection.build()
    _BARE.detect("确保总投资达300亿元")  # build the conversion tables outside the timing


def _bare_detect(texts: list[str]) -> int:
    for text in texts:
        _BARE.detect(text)
    return len(texts)


def parallel_detect_seconds(setup, texts: list[str], processes: int) -> float:
    """The bare detect loop in ``processes`` processes at once, each on its share of the texts:
    what two cores give without apply (both cores busy slow each other down: shared caches,
    memory bandwidth), so a worker of a two-worker run is measured against a detect that shares
    the cores the same way."""
    import multiprocessing

    shares = [texts[index::processes] for index in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes, _bare_init, (setup,)) as pool:
        pool.map(_bare_detect, [[text] for text in texts[:processes]])  # every process warm
        start = time.perf_counter()
        pool.map(_bare_detect, shares, chunksize=1)
        return time.perf_counter() - start


def ratios(args: argparse.Namespace, workdir: Path) -> int:
    from dask.distributed import Client

    small, large = workdir / "small.jsonl", workdir / "large.jsonl"
    docs, chars = write_corpus(small, docs=args.docs, seed=args.seed)
    large_docs, _ = write_corpus(large, docs=args.docs * 10, seed=args.seed)
    setup = project_apply_setup(Store.memory())
    partition_bytes = args.partition_kb and args.partition_kb * 1024  # None: apply's own choice

    detector = setup.detection.build()
    texts = list(texts_of(small))
    detector.detect(texts[0])  # warm the conversion tables outside the timing
    start, cpu_start = time.perf_counter(), time.process_time()
    for text in texts:
        detector.detect(text)
    detect_seconds, detect_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    parallel_seconds = parallel_detect_seconds(setup, texts, 2)
    del texts

    results = {}
    for workers in (1, 2):
        with local_cluster(workers) as cluster, Client(cluster) as client:
            client.run(warm, setup)  # build each worker's detector outside the timing, as for the baseline
            results[workers] = timed_apply(client, small, setup, workdir / f"out{workers}", partition_bytes)
            if workers == 2:
                memory_large = timed_apply(client, large, setup, workdir / "out-large", partition_bytes)
    one, two = results[1], results[2]
    per_worker = (chars / one.seconds) / (chars / detect_seconds)
    per_worker_two = (chars / two.seconds / 2) / (chars / detect_seconds)
    two_vs_bare_two = parallel_seconds / two.seconds  # 2 workers against 2 bare detect processes
    speedup = one.seconds / two.seconds
    memory = memory_large.peak_worker_rss_kb / max(two.peak_worker_rss_kb, 1)
    load = os.getloadavg()
    print(f"corpus:             {docs:,} documents, {chars:,} characters; × 10 = {large_docs:,} documents (memory check)")
    print(f"cores:              {os.cpu_count()}   load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (shared machine?)")
    print(f"partitions:         {one.partitions} ({'apply chose their size' if args.partition_kb is None else f'~{args.partition_kb} KB'})")
    print(f"detect, 1 process:  {detect_seconds:7.2f} s  {chars / detect_seconds / 1e6:6.3f} M chars/s (bare Detector.detect loop)")
    print(f"apply, 1 worker:    {one.seconds:7.2f} s  {chars / one.seconds / 1e6:6.3f} M chars/s")
    print(f"apply, 2 workers:   {two.seconds:7.2f} s  {chars / two.seconds / 1e6:6.3f} M chars/s")
    print(f"per worker / detect:  1 worker {per_worker:.2f}   target >= {TARGET_PER_WORKER}: "
          f"{'PASS' if per_worker >= TARGET_PER_WORKER else 'FAIL'};  2 workers {per_worker_two:.2f} (against one bare process)")
    print(f"  against 2 bare detect processes side by side ({parallel_seconds:.2f} s, the same 2 cores shared the "
          f"same way): 2 workers {two_vs_bare_two:.2f}   target >= {TARGET_PER_WORKER}: "
          f"{'PASS' if two_vs_bare_two >= TARGET_PER_WORKER else 'FAIL'}")
    print(f"  in CPU time (what a loaded machine does not distort): detect {detect_cpu:.2f} s, apply's partitions "
          f"{one.worker_cpu_seconds:.2f} s (1 worker), {two.worker_cpu_seconds:.2f} s (2 workers) -> "
          f"{detect_cpu / one.worker_cpu_seconds:.2f}, {detect_cpu / two.worker_cpu_seconds:.2f}")
    print(f"2 workers / 1:        {speedup:.2f}x   target >= {TARGET_SPEEDUP}: {'PASS' if speedup >= TARGET_SPEEDUP else 'FAIL'}"
          + ("" if load[0] < (os.cpu_count() or 1) else "  (the machine is loaded: other processes share the cores)"))
    print(f"peak worker memory:   {two.peak_worker_rss_kb / 1024:.0f} MB at 1x, {memory_large.peak_worker_rss_kb / 1024:.0f} MB at 10x "
          f"-> ratio {memory:.2f}   target <= {TARGET_MEMORY}: {'PASS' if memory <= TARGET_MEMORY else 'FAIL'}")
    passed = (per_worker >= TARGET_PER_WORKER and two_vs_bare_two >= TARGET_PER_WORKER and speedup >= TARGET_SPEEDUP
              and memory <= TARGET_MEMORY)
    return 0 if passed else 1


def scale_run(args: argparse.Namespace, workdir: Path) -> int:
    size = parse_size(args.size)
    corpus = workdir / f"corpus-{args.size}-seed{args.seed}.jsonl"
    if not corpus.exists():
        start = time.perf_counter()
        partial = corpus.with_suffix(".partial")
        docs, chars = write_corpus(partial, size=size, seed=args.seed)
        partial.rename(corpus)
        print(f"generated {corpus}: {docs:,} documents, {chars:,} characters in {time.perf_counter() - start:.0f} s")
    setup = project_apply_setup(Store.memory())
    out = workdir / f"out-{args.size}"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    report = apply_corpus([corpus], setup, out, workers=args.workers, partition_bytes=args.partition_kb and args.partition_kb * 1024)
    wall = time.perf_counter() - start
    megabytes = corpus.stat().st_size / 2**20
    print(f"apply {corpus.name}: {report.documents:,} documents, {megabytes:,.0f} MB, {report.partitions} partitions, "
          f"{report.workers} workers")
    print(f"wall {wall:.0f} s (cluster start included)   {megabytes / wall:.2f} MB/s   {report.documents / wall:,.0f} documents/s")
    print(f"peak memory per worker: {report.peak_worker_rss_kb / 1024:.0f} MB   candidates {report.candidates:,}   bad {report.bad}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=400, help="documents of the ratio corpus (× 10 for the memory check)")
    parser.add_argument("--size", default=None, help="scale run: generate a corpus of this size (e.g. 1GB) and apply to it")
    parser.add_argument("--workers", type=int, default=None, help="scale run: worker processes (default: one per core)")
    parser.add_argument("--partition-kb", type=int, default=None,
                        help="input per task (default: apply's own choice, 1/64 of the corpus from 256 KB to 32 MB)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the corpus and tables here (default: a temporary folder)")
    args = parser.parse_args()
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return (scale_run if args.size else ratios)(args, args.workdir)
    with tempfile.TemporaryDirectory() as workdir:
        return (scale_run if args.size else ratios)(args, Path(workdir))


if __name__ == "__main__":
    sys.exit(main())
