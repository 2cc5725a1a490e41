"""Import throughput and memory benchmark.

Generates a synthetic corpus from the real articles in ``seeds/`` (each document is a seed
title line plus a random reshuffled selection of seed paragraphs, ~3,000 characters), imports
it with :func:`annotator.services.import_paths`, and compares the wall time with a bare
``sqlite3`` ``executemany`` of the very same rows into a fresh project database, measured in
the same run. Then it imports two corpus sizes (N/10 and N) in child processes and compares
their peak resident memory.

Targets (from the issue): ours/baseline time ratio <= 2; peak memory independent of corpus
size (here: peak(N) / peak(N/10) <= 1.3).

    python benchmarks/bench_import.py                  # 20,000 documents, one JSONL file
    python benchmarks/bench_import.py --docs 2000 --format txt
    python benchmarks/bench_import.py --no-memory-check --workdir /tmp/bench

Only the standard library and the annotator package are used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from annotator import chinese, corpus, services  # noqa: E402
from annotator.records import NewDocument  # noqa: E402
from annotator.store import _INSERT_DOCUMENT, Store, _document_row, utc_now  # noqa: E402
from synthetic import synthetic_documents  # noqa: E402

BASELINE_BATCH = 500  # rows prepared (untimed) per executemany of the baseline
TARGET_RATIO = 2.0  # ours / bare executemany
FLOOR_RATIO = 1.3  # ours / the floor (issue 13)
MEMORY_RATIO = 1.3
MB = 1_000_000


# ---------------------------------------------------------------------------- corpus


class CorpusStats:
    def __init__(self, path: Path, documents: int, characters: int, text_bytes: int, file_bytes: int):
        self.path = path
        self.documents = documents
        self.characters = characters
        self.text_bytes = text_bytes  # UTF-8 bytes of the document texts
        self.file_bytes = file_bytes  # bytes on disk of the input file(s)


def write_corpus(folder: Path, count: int, fmt: str, seed: int) -> CorpusStats:
    """Write the corpus one document at a time (nothing is held in memory)."""
    folder.mkdir(parents=True, exist_ok=True)
    characters = text_bytes = file_bytes = 0
    if fmt == "jsonl":
        path = folder / "corpus.jsonl"
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for doc_id, title, text in synthetic_documents(count, seed):
                handle.write(json.dumps({"id": doc_id, "title": title, "text": text}, ensure_ascii=False) + "\n")
                characters += len(text)
                text_bytes += len(text.encode("utf-8"))
        file_bytes = path.stat().st_size
    else:
        path = folder / "corpus"
        path.mkdir(exist_ok=True)
        for doc_id, _title, text in synthetic_documents(count, seed):
            data = text.encode("utf-8")
            (path / f"{doc_id}.txt").write_bytes(data)
            characters += len(text)
            text_bytes += len(data)
            file_bytes += len(data)
    return CorpusStats(path, count, characters, text_bytes, file_bytes)


# ---------------------------------------------------------------------------- measurements


def fresh(db_path: Path) -> Path:
    """``db_path`` with any project left there by an earlier run (--workdir) removed."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return db_path


def run_ours(corpus_path: Path, db_path: Path) -> tuple[float, services.ImportReport]:
    """Wall time of import_paths into a fresh project (opening the project not included)."""
    store = Store.open(db_path)
    try:
        start = time.perf_counter()
        report = services.import_paths(store, [corpus_path])
        seconds = time.perf_counter() - start
    finally:
        store.close()
    return seconds, report


def iter_records(corpus_path: Path) -> Iterator[NewDocument]:
    """The NewDocument records our import reads from ``corpus_path``, in the same order."""
    files, problems = services.find_input_files([corpus_path])
    if problems:
        raise problems[0]
    for path in files:
        for record in corpus.read_file(path, corpus.ReadOptions()):
            if not isinstance(record, NewDocument):
                raise record
            yield record


def run_baseline(corpus_path: Path, db_path: Path) -> tuple[float, int]:
    """Time only BEGIN + executemany + COMMIT of the same rows on the raw sqlite3 connection.

    The project is created by Store.open, so schema and connection pragmas (WAL,
    synchronous=FULL, foreign keys, busy timeout) are the ones our import runs with. Rows are
    built from the records our readers yield, in untimed batches of BASELINE_BATCH.
    """
    store = Store.open(db_path)
    conn = store.db.conn  # a plain sqlite3.Connection, autocommit (isolation_level=None)
    imported_at = utc_now()
    inserted = 0
    seconds = 0.0
    try:
        start = time.perf_counter()
        conn.execute("BEGIN")
        seconds += time.perf_counter() - start
        records = iter_records(corpus_path)
        while True:
            rows = []
            for record in records:
                rows.append(_document_row(record, imported_at))
                if len(rows) >= BASELINE_BATCH:
                    break
            if not rows:
                break
            start = time.perf_counter()
            inserted += conn.executemany(_INSERT_DOCUMENT, rows).rowcount
            seconds += time.perf_counter() - start
        start = time.perf_counter()
        conn.execute("COMMIT")
        seconds += time.perf_counter() - start
    finally:
        store.close()
    return seconds, inserted


def run_floor(corpus_path: Path, db_path: Path) -> tuple[float, int]:
    """The floor: the work an import must do, as one plain loop, timed whole.

    List the files, read each once, prove its decoding (one strict UTF-8 decode of the whole file, NUL
    refused), hash it, parse each line (json.loads), hash each text, decide its script (the
    row stores it), and executemany the very same rows (title, meta, ids, paths) in one
    transaction. What it leaves out is what a floor may: streaming (it holds a whole file),
    encoding sniffing (it knows the corpus is UTF-8), refusal messages, progress and the
    journal event. Rows are checked equal to ours by the caller.
    """
    store = Store.open(db_path)
    conn = store.db.conn
    chinese.detect_script("中文")  # build the script tables untimed, as ours finds them built
    inserted = 0
    try:
        start = time.perf_counter()
        files, problems = services.find_input_files([corpus_path])  # finding the files is work too
        if problems:
            raise problems[0]
        imported_at = utc_now()
        conn.execute("BEGIN")
        rows: list[tuple] = []
        for path in files:
            data = path.read_bytes()
            source_hash = hashlib.sha256(data).hexdigest()
            whole = data.decode("utf-8")
            if "\x00" in whole:
                raise SystemExit(f"{path}: NUL byte")
            source_path = str(path.resolve())
            if path.suffix == ".txt":
                pieces = [(None, whole.replace("\r\n", "\n").replace("\r", "\n"))]
            else:
                pieces = enumerate(whole.split("\n"), start=1)
            for number, piece in pieces:
                if number is None:
                    text, title, external_id = piece, corpus.first_line(piece), None
                elif piece.strip():
                    record = json.loads(piece)
                    text, title, external_id = record["text"], record["title"], str(record["id"])
                else:
                    continue
                rows.append((
                    title, text, hashlib.sha256(text.encode("utf-8")).hexdigest(), chinese.detect_script(text),
                    source_path, number, source_hash, "utf-8", external_id, "{}", imported_at,
                ))
                if len(rows) >= BASELINE_BATCH:
                    inserted += conn.executemany(_INSERT_DOCUMENT, rows).rowcount
                    rows = []
        inserted += conn.executemany(_INSERT_DOCUMENT, rows).rowcount
        conn.execute("COMMIT")
        seconds = time.perf_counter() - start
    finally:
        store.close()
    return seconds, inserted


def stored_rows(db_path: Path) -> list[tuple]:
    """Every stored document row but imported_at, in id order: ours and the floor's must match."""
    store = Store.open(db_path)
    try:
        return store.db.execute(
            "SELECT title, text, text_hash, script, source_path, source_line, source_hash, encoding, "
            "external_id, meta FROM documents ORDER BY id"
        ).fetchall()
    finally:
        store.close()


def _proc_status_mb(field: str) -> float | None:
    """A memory field (e.g. VmHWM, VmRSS) of /proc/self/status in MB; None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for entry in status:
                if entry.startswith(field + ":"):
                    return int(entry.split()[1]) * 1024 / MB  # the value is in kB
    except OSError:
        pass
    return None


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    On Linux this is VmHWM, the high-water mark of this program's own address space. Not
    getrusage's ru_maxrss: Linux carries that over fork and exec, so a child started by a big
    parent would report at least the parent's size at the fork.
    """
    peak = _proc_status_mb("VmHWM")
    if peak is not None:
        return peak
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / MB if sys.platform == "darwin" else maxrss * 1024 / MB  # bytes vs KiB


def current_rss_mb() -> float:
    current = _proc_status_mb("VmRSS")
    return peak_rss_mb() if current is None else current


def child_main(corpus_path: str, db_path: str) -> None:
    """Hidden --child mode: import one corpus and print what it cost as one JSON line."""
    before = current_rss_mb()
    seconds, report = run_ours(Path(corpus_path), Path(db_path))
    print(json.dumps({"seconds": seconds, "imported": report.imported, "rss_before_mb": before, "peak_mb": peak_rss_mb()}))


def run_child(fmt: str, corpus_path: Path, db_path: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--format", fmt, "--child", str(corpus_path), str(db_path)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"child import failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- report


def line(label: str, value: str) -> None:
    print(f"  {label:<28} {value}")


def throughput(name: str, seconds: float, stats: CorpusStats) -> None:
    print(
        f"  {name:<10} {seconds:9.2f} s {stats.documents / seconds:12,.0f} docs/s "
        f"{stats.text_bytes / MB / seconds:9.1f} MB/s"
    )


def benchmark(args: argparse.Namespace, workdir: Path) -> int:
    print(f"bench_import: {args.docs:,} documents, format {args.format}, seed {args.seed}")
    print(f"  python {sys.version.split()[0]}, sqlite {__import__('sqlite3').sqlite_version}, workdir {workdir}")

    start = time.perf_counter()
    stats = write_corpus(workdir / f"corpus-{args.format}-{args.docs}-seed{args.seed}", args.docs, args.format, args.seed)
    print()
    print("corpus")
    line("documents", f"{stats.documents:,}")
    line("characters", f"{stats.characters:,} ({stats.characters / max(stats.documents, 1):,.0f} per document)")
    line("text, UTF-8", f"{stats.text_bytes / MB:,.1f} MB (input files {stats.file_bytes / MB:,.1f} MB)")
    line("generated in", f"{time.perf_counter() - start:.1f} s")

    # Interleaved runs, the best of each: the machine is shared, and noise only adds time.
    base_times, floor_times, ours_times = [], [], []
    for _ in range(args.runs):
        base_seconds, base_inserted = run_baseline(stats.path, fresh(workdir / "baseline.annotator"))
        floor_seconds, floor_inserted = run_floor(stats.path, fresh(workdir / "floor.annotator"))
        ours_seconds, report = run_ours(stats.path, fresh(workdir / "ours.annotator"))
        base_times.append(base_seconds)
        floor_times.append(floor_seconds)
        ours_times.append(ours_seconds)
    base_seconds, floor_seconds, ours_seconds = min(base_times), min(floor_times), min(ours_times)
    counts_ok = report.imported == stats.documents == base_inserted == floor_inserted
    same_rows = stored_rows(workdir / "ours.annotator") == stored_rows(workdir / "floor.annotator")
    ratio = ours_seconds / base_seconds
    floor_ratio = ours_seconds / floor_seconds

    print()
    print(f"import, best of {args.runs} interleaved runs (MB/s = MB of UTF-8 document text per second)")
    throughput("ours", ours_seconds, stats)
    throughput("floor", floor_seconds, stats)
    throughput("baseline", base_seconds, stats)
    line("rows (ours/floor/baseline)", f"{report.imported:,} / {floor_inserted:,} / {base_inserted:,}" + ("" if counts_ok else "  MISMATCH"))
    line("rows equal to the floor's", "yes" if same_rows else "NO")
    line("ratio ours/floor", f"{floor_ratio:.2f}")
    line("ratio ours/baseline", f"{ratio:.2f}")
    passed = counts_ok and same_rows and floor_ratio <= FLOOR_RATIO and ratio <= TARGET_RATIO
    print(f"  target ours/floor <= {FLOOR_RATIO:g}: {'PASS' if floor_ratio <= FLOOR_RATIO else 'FAIL'}")
    print(f"  target ours/baseline <= {TARGET_RATIO:g}: {'PASS' if ratio <= TARGET_RATIO else 'FAIL'}")

    if args.memory_check:
        small_docs = max(args.docs // 10, 1)
        small = write_corpus(workdir / f"corpus-{args.format}-{small_docs}-seed{args.seed}", small_docs, args.format, args.seed)
        results = []
        for size in (small, stats):
            result = run_child(args.format, size.path, fresh(workdir / f"memory-{size.documents}.annotator"))
            if result["imported"] != size.documents:
                print(f"  child imported {result['imported']} of {size.documents} documents")
                passed = False
            results.append((size, result))
        print()
        print("peak memory of the import (child processes, peak RSS)")
        for size, result in results:
            print(
                f"  {size.documents:>9,} docs {result['peak_mb']:9.1f} MB peak "
                f"({result['rss_before_mb']:.1f} MB before the import, "
                f"+{result['peak_mb'] - result['rss_before_mb']:.1f} MB; import {result['seconds']:.2f} s)"
            )
        mem_ratio = results[1][1]["peak_mb"] / results[0][1]["peak_mb"]
        line("ratio peak(N)/peak(N/10)", f"{mem_ratio:.2f}")
        flat = mem_ratio <= MEMORY_RATIO
        print(f"  memory flat (ratio <= {MEMORY_RATIO:g}): {'PASS' if flat else 'FAIL'}")
        passed = passed and flat
    return 0 if passed else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000, help="documents to generate (default 20000, ~60 M characters)")
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl", help="jsonl: one JSONL file; txt: one file per document in a folder")
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs of each import; the best is kept (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the corpus (default 0)")
    parser.add_argument("--workdir", type=Path, help="where corpus and projects go (default: a temporary folder, removed afterwards)")
    parser.add_argument("--memory-check", action=argparse.BooleanOptionalAction, default=True, help="measure peak memory at N/10 and N documents in child processes (default on)")
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(*args.child)
        return 0
    if args.docs < 1:
        parser.error("--docs must be at least 1")
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return benchmark(args, args.workdir.resolve())
    with tempfile.TemporaryDirectory(prefix="bench_import-") as tmp:
        return benchmark(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
