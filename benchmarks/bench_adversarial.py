"""Detection stays linear on hostile text: each case is detected at n and at 2n characters in
the same run, and the ratio of the two times is printed (linear: about 2; quadratic: about 4).

    python benchmarks/bench_adversarial.py            # n = 20,000 characters
    python benchmarks/bench_adversarial.py --chars 50000

The cases are the shapes that made a rule rescan the text behind or ahead of it: a run of
thousands of quotes (each quote once scanned the whole run for a campaign's head), one
sentence of thousands of clauses without a full stop (each clause once searched the sentence
from its start for an aim's word), quoted speech, long lists, and plain runs of one character.
A real article is rarely like this; a pasted table, a crawl gone wrong or a hostile import can
be, and the window must not freeze on it. Target: every ratio <= 2.6 (min of 3 runs each).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotator.codebook import load_codebook  # noqa: E402
from annotator.detect import Detector  # noqa: E402
from annotator.resources import load_resources  # noqa: E402

TARGET_RATIO = 2.6
CASES = {  # name: a unit repeated to the length asked for
    "quote run": "“",
    "quoted words": "“好”",
    "quoted speech": "“以前大家都很累，现在好了”",
    "conferring verbs": "获评",
    "scopes": "全国",
    "clauses of figures": "新增企业5家，",
    "aims list": "主要目标包括：新增企业5家，",
    "enumerated aims": "主要目标：一是经济质量效益走在全市前列，森林覆盖率达到35%。",  # a list per heading, all on one line
    "enumeration": "学史明理、",
    "sayings": "“家训”箴言，",
    "harm words": "违规",
    "conferred lists": "荣获全国文明城市、",  # a verb before each item of a list (its walk once was quadratic)
    "repeated titles": "荣获全国文明城市称号，巩固全国文明城市成果，",  # honour:echo: every later mention of a title found
    # a Han run with no break where one character recurs: chains of one opening were read to the
    # run's end from every start (8 s at 40 k characters, 0.001 s at 20 k: the length decides)
    "recurring character": "抓项目抓园区抓招商抓服务",
    "numeral run": "一二三四",  # n and 2n end alike (the last numeral changes how a run is cut)
    "one character": "中",
}


def text_of(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def best_of(detector: Detector, text: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        detector.detect(text)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=20_000, help="n: the shorter text's length")
    args = parser.parse_args()
    codebook = load_codebook()
    detector = Detector(codebook, load_resources(labels=codebook.labels))
    detector.load_lazy_parts()  # jieba and the script tables, loaded before anything is timed
    for unit in CASES.values():
        detector.detect(text_of(unit, 200))
    print(f"detection (rules) of hostile text, n = {args.chars:,} characters, min of 3:")
    failed = []
    for name, unit in CASES.items():
        once, twice = best_of(detector, text_of(unit, args.chars)), best_of(detector, text_of(unit, 2 * args.chars))
        ratio = twice / max(once, 1e-6)
        verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
        if verdict == "FAIL":
            failed.append(name)
        print(f"  {name:<20} n {once:7.3f} s   2n {twice:7.3f} s   2n / n {ratio:4.2f}   {verdict} (<= {TARGET_RATIO})")
    print("linear on every case: " + ("PASS" if not failed else f"FAIL ({', '.join(failed)})"))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
