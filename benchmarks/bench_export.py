"""Export throughput and memory: >= 1 M spans.

Builds a project of synthetic documents from seeds/ with 100 candidates each, exports the
candidates layer as native JSONL, and compares with serialising the very same records with
orjson (the fastest JSON library available here), timed in the same run: the records are
built untimed, only orjson.dumps and the file write are timed. Then it exports N/10 and N
documents in child processes and compares their peak memory.

Then every format is exported from the same project (an annotator's layer holding the same
spans), ``--runs`` times each, interleaved, and its median time printed with its ratio to the
native JSONL export's median of the same run (issue 14: every format within 1.5x of native).

Targets: ours / serialisation <= 1.5; memory flat; every format / native <= 1.5.

    python benchmarks/bench_export.py [--docs 10000] [--spans-per-doc 100] [--runs 3]
    python benchmarks/bench_export.py --formats-only --docs 2000     # just the per-format table
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import orjson  # noqa: E402

from annotator import services  # noqa: E402
from annotator.export import FORMATS, ExportOptions, export_project  # noqa: E402
from annotator.export import _records as export_records  # noqa: E402
from annotator.export.writers import NativeWriter  # noqa: E402
from annotator.records import CandidateSpan  # noqa: E402
from annotator.store import Store, utc_now  # noqa: E402
from bench_gui import new_document  # noqa: E402
from bench_import import peak_rss_mb  # noqa: E402
from synthetic import synthetic_documents  # noqa: E402

LABELS = ("SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT")


def build(path: Path, docs: int, per_doc: int) -> None:
    store = Store.open(path)
    with store.transaction():
        lengths = []
        batch = []
        for number, (_, _, text) in enumerate(synthetic_documents(docs, 5), start=1):
            batch.append(new_document(text, number))
            lengths.append(len(text))
            if len(batch) == 1000:
                store.insert_documents(batch, utc_now())
                batch = []
        store.insert_documents(batch, utc_now())
        layer = []  # the same spans in an annotator's layer, as a person would have them
        for doc_id, length in enumerate(lengths, start=1):
            step = max((length - 8) // per_doc, 1)
            spans = [CandidateSpan(i * step, i * step + 8, LABELS[i % 5], "bench", 0.5) for i in range(per_doc)]
            store.add_candidates(doc_id, spans, "bench")
            layer.extend((doc_id, s.start, s.end, s.label, "added", None, None, "", False) for s in spans)
        store.ensure_annotator("alice")
        store.insert_annotations("alice", layer, None)
    services.use_codebook(store)
    store.close()


def every_format(path: Path, work: Path, runs: int) -> dict[str, float]:
    """Median seconds of each format's export of alice's layer, runs interleaved so that the
    load of a shared machine falls on every format alike."""
    times: dict[str, list[float]] = {f: [] for f in FORMATS}
    with Store.open(path, create=False) as store:
        for run in range(runs):
            for fmt in FORMATS:
                out = work / f"every-{run}-{fmt}{'.out' if fmt != 'brat' else ''}"
                start = time.perf_counter()
                export_project(store, out, ExportOptions(format=fmt, layer="alice"))
                times[fmt].append(time.perf_counter() - start)
    return {fmt: statistics.median(values) for fmt, values in times.items()}


def print_formats(medians: dict[str, float], docs: int, spans: int, runs: int) -> bool:
    native = medians["native"]
    print(f"every format, {docs:,} documents, {spans:,} spans of one annotator's layer (median of {runs}, same run):")
    ok = True
    for fmt, seconds in medians.items():
        ratio = seconds / native
        ok &= ratio <= 1.5
        print(f"  {fmt:<13} {seconds:7.2f} s   {ratio:5.2f} x native   {'PASS' if ratio <= 1.5 else 'FAIL'}")
    return ok


def ours(path: Path, out: Path) -> tuple[float, int]:
    with Store.open(path, create=False) as store:
        start = time.perf_counter()
        report = export_project(store, out, ExportOptions(layer="candidates"))
        return time.perf_counter() - start, report.spans


def baseline(path: Path, out: Path) -> float:
    """The same records, built untimed; only serialising them with orjson is timed."""
    encode = NativeWriter.encode
    seconds = 0.0
    with Store.open(path, create=False) as store, out.open("wb") as handle:
        for document in store.documents():
            for record in export_records(store, document, ExportOptions(layer="candidates")):
                data = encode(None, record)  # the dict the native writer serialises
                start = time.perf_counter()
                handle.write(orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE))
                seconds += time.perf_counter() - start
    return seconds


def child(path: str, out: str) -> None:
    seconds, spans = ours(Path(path), Path(out))
    print(json.dumps({"seconds": seconds, "spans": spans, "peak_mb": peak_rss_mb()}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--spans-per-doc", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3, help="runs of each format (median reported)")
    parser.add_argument("--formats-only", action="store_true", help="only the table of every format against native")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        big, small = work / "big.annotator.db", work / "small.annotator.db"
        build(big, args.docs, args.spans_per_doc)
        formats_ok = print_formats(every_format(big, work, args.runs), args.docs, args.docs * args.spans_per_doc, args.runs)
        if args.formats_only:
            return 0 if formats_ok else 1
        build(small, args.docs // 10, args.spans_per_doc)
        seconds, spans = ours(big, work / "ours")
        serialise = baseline(big, work / "baseline.jsonl")
        ratio = seconds / serialise
        print(f"export of {args.docs:,} documents, {spans:,} spans (native JSONL, candidates layer)")
        print(f"  ours         {seconds:7.2f} s   {args.docs / seconds:9,.0f} records/s   {spans / seconds:11,.0f} spans/s")
        print(f"  orjson only  {serialise:7.2f} s   (serialising the same records, built untimed)")
        print(f"  ratio {ratio:.2f}   target <= 1.5: {'PASS' if ratio <= 1.5 else 'FAIL'}")
        peaks = []
        for db, name in ((small, "small"), (big, "big")):
            command = [sys.executable, __file__, "--child", str(db), str(work / f"child_{name}")]
            result = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
            peaks.append(result["peak_mb"])
        print(f"  peak memory: {args.docs // 10:,} documents {peaks[0]:.1f} MB, {args.docs:,} documents {peaks[1]:.1f} MB, "
              f"ratio {peaks[1] / peaks[0]:.2f}   memory flat (<= 1.3): {'PASS' if peaks[1] / peaks[0] <= 1.3 else 'FAIL'}")
    return 0 if ratio <= 1.5 and formats_ok else 1


if __name__ == "__main__":
    sys.exit(main())
