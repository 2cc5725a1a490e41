"""Export throughput and memory: every format against native JSONL, native against the floor.

Builds a project of synthetic documents from seeds/ (an annotator's layer of
``--spans-per-doc`` spans a document, the same spans as candidates), then exports the layer in
every format ``--runs`` times, interleaved with the floor: one SQL query streaming the same
spans and one ``orjson.dumps`` per record, as a plain loop (issue 13). Prints min / median of
each and the ratios of the same run. Then a native export of N/10 and of N documents in child
processes, and their peak memory.

Targets: every format / native <= 1.5 (issue 14); native / floor <= 1.5 (issue 13); memory
flat (peak at N <= 1.3 x peak at N/10).

    python benchmarks/bench_export.py [--docs 10000] [--spans-per-doc 100] [--runs 3]
    python benchmarks/bench_export.py --formats-only --docs 2000     # just the table
"""

from __future__ import annotations

import argparse
import json
import os
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


def every_format(path: Path, work: Path, runs: int, formats: tuple[str, ...] = FORMATS) -> dict[str, list[float]]:
    """Seconds of each format's export of alice's layer, and of the floor, runs interleaved so
    that the load of a shared machine falls on every one alike. Each file output is removed once
    timed (a kept --workdir would fill up); brat's folders (the export's and its floor's) only
    after the last run: this disk's ext4 has no journal, and a new inode is then searched past
    every inode freed in its group in the last 30 s (``recently_deleted``, one buffer lookup
    each), so removing 4,000 files would make the next run's 4,000 creations pay for them --
    a cost of the benchmark's own cleaning, not of an export."""
    formats = tuple(dict.fromkeys(("native", *formats)))
    times: dict[str, list[float]] = {f: [] for f in (*formats, "floor")}
    if "brat" in formats:
        times["brat files"] = []
    cpu = CPU_TIMES
    cpu.clear()
    cpu.update({name: [] for name in times})
    folders = []  # brat's, removed after the last run (see above)
    with Store.open(path, create=False) as store:
        for run in range(runs):
            started = cpu_seconds()
            times["floor"].append(floor(path, work / f"floor-{run}.jsonl"))
            cpu["floor"].append(cpu_seconds() - started)
            (work / f"floor-{run}.jsonl").unlink()
            for fmt in formats:
                out = work / f"every-{run}-{fmt}{'.out' if fmt != 'brat' else ''}"
                start, started = time.perf_counter(), cpu_seconds()
                export_project(store, out, ExportOptions(format=fmt, layer="alice"))
                times[fmt].append(time.perf_counter() - start)
                cpu[fmt].append(cpu_seconds() - started)
                if fmt == "brat":
                    started = cpu_seconds()
                    times["brat files"].append(brat_file_floor(out, work / f"brat-floor-{run}"))
                    cpu["brat files"].append(cpu_seconds() - started)
                    folders += [out, work / f"brat-floor-{run}"]
                else:
                    _remove(out)
                _remove(out.with_name(out.name + ".manifest.json"))
    for folder in folders:
        _remove(folder)
    return times


def cpu_seconds() -> float:
    """User + system time of this process and of its finished children (a writer process)."""
    return sum(os.times()[:4])


# CPU seconds (user + system, with finished child processes) of the same runs: on a shared
# machine the load inflates wall time far more than CPU time, and it falls on the runs unevenly.
CPU_TIMES: dict[str, list[float]] = {}


def brat_file_floor(exported: Path, out: Path) -> float:
    """Seconds of creating and writing brat's files alone, as a bare loop: the same names and
    contents as ``exported`` (read beforehand, untimed), one os.open/os.write/os.close each.
    ``out`` is left for the caller to remove."""
    contents = [(path.name, path.read_bytes()) for path in sorted(exported.iterdir()) if path.suffix in (".txt", ".ann")]
    out.mkdir()
    start = time.perf_counter()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for name, data in contents:
        descriptor = os.open(out / name, flags, 0o666)
        os.write(descriptor, data)
        os.close(descriptor)
    return time.perf_counter() - start


def _remove(path: Path) -> None:
    import shutil

    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def print_formats(times: dict[str, list[float]], docs: int, spans: int) -> bool:
    medians = {name: statistics.median(values) for name, values in times.items()}
    native, floor_ = medians["native"], medians["floor"]
    runs = len(times["native"])
    print(f"every format, {docs:,} documents, {spans:,} spans of one annotator's layer (min / median of {runs}, same run):")
    print(f"  {'floor':<13} {min(times['floor']):6.2f} / {floor_:6.2f} s   one query + orjson per record (plain loop){_cpu('floor')}")
    ok = True
    for fmt in (f for f in FORMATS if f in times):
        ratio = medians[fmt] / native
        ok &= ratio <= 1.5
        print(f"  {fmt:<13} {min(times[fmt]):6.2f} / {medians[fmt]:6.2f} s   {ratio:5.2f} x native   "
              f"{medians[fmt] / floor_:5.2f} x floor   {'PASS' if ratio <= 1.5 else 'FAIL'} (format <= 1.5 x native)"
              f"{_cpu(fmt)}")
    if "brat files" in times:
        files = medians["brat files"]
        print(f"  {'brat files':<13} {min(times['brat files']):6.2f} / {files:6.2f} s   {files / native:5.2f} x native   "
              f"creating and writing the same .txt/.ann files alone (bare os.open/os.write/os.close loop){_cpu('brat files')}")
        # brat's files are made by a second process while the first formats: at best its time
        # is the larger of the two, not their sum
        print(f"  {'':<13} brat / the larger of native and brat files: {medians['brat'] / max(native, files):.2f}")
    native_ok = native / floor_ <= 1.5
    print(f"  native JSONL / floor: {native / floor_:.2f}   target <= 1.5: {'PASS' if native_ok else 'FAIL'}")
    return ok and native_ok


def _cpu(name: str) -> str:
    """CPU seconds (median) and the ratio to native's, of the same runs."""
    if not CPU_TIMES.get(name):
        return ""
    mine, native = statistics.median(CPU_TIMES[name]), statistics.median(CPU_TIMES["native"])
    return f"   | CPU {mine:5.2f} s, {mine / native:4.2f} x native"


def ours(path: Path, out: Path) -> tuple[float, int]:
    with Store.open(path, create=False) as store:
        start = time.perf_counter()
        report = export_project(store, out, ExportOptions(layer="alice"))
        return time.perf_counter() - start, report.spans


# The floor (issue 13): one SQL query streaming the same spans, one orjson.dumps per record,
# as a plain loop. Each document's spans come aggregated by SQLite (json_group_array, in C)
# beside its text, so the text is read once; the record is the native writer's, field for field.
FLOOR_QUERY = """
SELECT d.id, d.title, d.text, d.meta, d.external_id, d.script, d.source_path, d.source_hash,
       (SELECT json_group_array(json_array(s.span_start, s.span_end, s.label, s.status, s.rule, s.comment, s.uncertain))
        FROM (SELECT n.span_start, n.span_end, n.label, n.status, coalesce(c.rule, 'annotator') AS rule, n.comment,
                     n.uncertain
              FROM annotations n LEFT JOIN candidates c ON c.id = n.candidate_id
              WHERE n.doc_id = d.id AND n.annotator_id = :layer
              ORDER BY n.span_start, n.span_end, n.label, n.id) s)
FROM documents d
WHERE EXISTS (SELECT 1 FROM annotations n WHERE n.doc_id = d.id AND n.annotator_id = :layer)
ORDER BY d.id
"""


def floor(path: Path, out: Path, layer: str = "alice") -> float:
    """Seconds of the floor: the query above and orjson per record, written to ``out``."""
    import sqlite3

    with Store.open(path, create=False) as store:
        version = services.project_codebook(store).version  # untimed, as the layer's id
    connection = sqlite3.connect(path)
    layer_id = connection.execute("SELECT id FROM annotators WHERE name = ?", [layer]).fetchone()[0]
    start = time.perf_counter()
    with out.open("wb") as handle:
        for doc_id, title, text, meta, external_id, script, source_path, source_hash, spans in connection.execute(
                FLOOR_QUERY, {"layer": layer_id}):
            record = {
                "id": doc_id, "title": title, "text": text,
                "spans": [{"start": a, "end": b, "label": label, "text": text[a:b], "annotator": layer, "status": status,
                           "source": rule, "comment": comment, "uncertain": bool(uncertain)}
                          for a, b, label, status, rule, comment, uncertain in orjson.loads(spans)],
                "meta": orjson.loads(meta) if meta else {},
                "annotator": {"layer": layer, "external_id": external_id, "script": script, "source_path": source_path,
                              "source_hash": source_hash},
                "codebook_version": version,
            }
            handle.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    seconds = time.perf_counter() - start
    connection.close()
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
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated formats to time (native always)")
    parser.add_argument("--workdir", type=Path, help="keep the built project here and reuse it on the next run")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        big, small = work / "big.annotator.db", work / "small.annotator.db"
        if args.workdir:
            args.workdir.mkdir(parents=True, exist_ok=True)
            big = args.workdir / f"big-{args.docs}-{args.spans_per_doc}.annotator.db"
        if not big.exists():
            build(big, args.docs, args.spans_per_doc)
        ok = print_formats(every_format(big, work, args.runs, formats), args.docs, args.docs * args.spans_per_doc)
        if args.formats_only:
            return 0 if ok else 1
        build(small, args.docs // 10, args.spans_per_doc)
        peaks = []
        for db, name in ((small, "small"), (big, "big")):
            command = [sys.executable, __file__, "--child", str(db), str(work / f"child_{name}")]
            result = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
            peaks.append(result["peak_mb"])
        flat = peaks[1] / peaks[0] <= 1.3
        print(f"  peak memory of a native export: {args.docs // 10:,} documents {peaks[0]:.1f} MB, {args.docs:,} documents "
              f"{peaks[1]:.1f} MB, ratio {peaks[1] / peaks[0]:.2f}   memory flat (<= 1.3): {'PASS' if flat else 'FAIL'}")
    return 0 if ok and flat else 1


if __name__ == "__main__":
    sys.exit(main())
