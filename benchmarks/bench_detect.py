"""Detection speed: characters per second, as a ratio to a bare ``jieba.lcut`` of the same
text measured in the same run, and the wall time of ``--jobs 2`` against one process.

Targets (from the issue): detect / lcut time ratio <= 1.0 in one process; detection with
the recommender (the starter model shipped in resources/model/) <= 2.0; with two processes,
wall time close to half of one.

    python benchmarks/bench_detect.py                 # >= 10 M characters
    python benchmarks/bench_detect.py --chars 2000000 --no-jobs-check
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import jieba  # noqa: E402

from annotator import services  # noqa: E402
from annotator.codebook import load_codebook  # noqa: E402
from annotator.detect import Detector  # noqa: E402
from annotator.resources import load_resources  # noqa: E402
from annotator.model.tagger import SpanModel  # noqa: E402
from annotator.services.modelling import starter_model_bytes  # noqa: E402
from annotator.store import Store  # noqa: E402
from synthetic import synthetic_documents  # noqa: E402

TARGET_RATIO = 1.0
TARGET_MODEL_RATIO = 2.0  # rules plus the recommender (issue 10)


def corpus(chars: int, seed: int) -> list[str]:
    texts, total = [], 0
    for _, _, text in synthetic_documents(10**9, seed):
        texts.append(text)
        total += len(text)
        if total >= chars:
            return texts
    return texts


def timed(function, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        function(text)
    return time.perf_counter() - start


def interleaved(functions: list, texts: list[str]) -> list[float]:
    """Total time of each function over the texts, taking turns text by text: on a shared
    machine whose load drifts, every function sees the same load, so the ratios hold."""
    totals = [0.0] * len(functions)
    for text in texts:
        for index, function in enumerate(functions):
            start = time.perf_counter()
            function(text)
            totals[index] += time.perf_counter() - start
    return totals


def jobs_check(texts: list[str], workdir: Path) -> tuple[float, float]:
    """Wall time of `detect` over a project with one and with two processes."""
    folder = workdir / "docs"
    folder.mkdir()
    for number, text in enumerate(texts):
        (folder / f"{number:06d}.txt").write_text(text, encoding="utf-8")
    times = []
    for jobs in (1, 2):
        with Store.open(workdir / f"jobs{jobs}.db") as store:
            services.import_paths(store, [folder])
            start = time.perf_counter()
            services.detect_project(store, jobs=jobs)
            times.append(time.perf_counter() - start)
    return times[0], times[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=10_000_000, help="characters of generated text (default 10 M)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-jobs-check", dest="jobs_check", action="store_false", help="skip the --jobs 2 comparison")
    args = parser.parse_args()

    texts = corpus(args.chars, args.seed)
    chars = sum(map(len, texts))
    codebook = load_codebook()
    detector = Detector(codebook, load_resources(labels=codebook.labels))
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    starter = starter_model_bytes()
    with_model = Detector(codebook, load_resources(labels=codebook.labels), model=SpanModel.from_bytes(starter)) if starter else None
    detector.detect(texts[0])  # warm caches (conversion table) outside the timing
    tokenizer.lcut(texts[0])
    if with_model is not None:
        with_model.detect(texts[0])

    functions = [tokenizer.lcut, detector.detect] + ([with_model.detect] if with_model is not None else [])
    baseline, ours, ours_model = interleaved(functions, texts) + ([] if with_model is not None else [float("nan")])
    ratio = ours / baseline
    model_ratio = ours_model / baseline
    print(f"corpus:           {len(texts):,} documents, {chars:,} characters (from seeds/)")
    print(f"detect:           {ours:8.2f} s   {chars / ours / 1e6:6.2f} M chars/s")
    print(f"detect + model:   {ours_model:8.2f} s   {chars / ours_model / 1e6:6.2f} M chars/s")
    print(f"jieba.lcut:       {baseline:8.2f} s   {chars / baseline / 1e6:6.2f} M chars/s")
    print(f"ratio detect/lcut: {ratio:.3f}   target <= {TARGET_RATIO}: {'PASS' if ratio <= TARGET_RATIO else 'FAIL'}")
    print(f"ratio detect+model/lcut: {model_ratio:.3f}   target <= {TARGET_MODEL_RATIO}: "
          f"{'PASS' if model_ratio <= TARGET_MODEL_RATIO else 'FAIL'}")

    if args.jobs_check:
        print(f"cores available:  {os.cpu_count()}")
        with tempfile.TemporaryDirectory() as workdir:
            one, two = jobs_check(texts, Path(workdir))
        print(f"detect --jobs 1:  {one:8.2f} s (project: read, detect, write)")
        from annotator.services.detecting import PARALLEL_FROM_CHARS

        note = (f" (under {PARALLEL_FROM_CHARS:,} characters detect runs in-process whatever --jobs says)"
                if chars < PARALLEL_FROM_CHARS else "")
        print(f"detect --jobs 2:  {two:8.2f} s   speed-up {one / two:.2f}x (ideal 2.0x){note}")
    return 0 if ratio <= TARGET_RATIO and model_ratio <= TARGET_MODEL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
