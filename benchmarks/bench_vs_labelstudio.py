"""annotator against Label Studio, side by side, on the same corpus.

The corpus: 5,000 synthetic articles of ~3,000 characters (from ``seeds/``) with 250,000
spans (50 a document), fixed seed, written as ``articles.jsonl`` (the articles) and
``tasks.json`` (a Label Studio JSON array: each task one annotation holding its 50 spans).

Our side is timed as whole processes (``python -m annotator ...``, process start included):

- import: ``annotator import tasks.json --annotator alice`` into a fresh project each run —
  the very file Label Studio gets, articles and spans in one command (our best documented
  path); for reference, the two-step path is timed too, each step apart: ``annotator import
  articles.jsonl`` then ``annotator import tasks.json --annotator alice`` (spans attached to
  the stored articles by text);
- export, Label Studio JSON: ``annotator export --format label-studio --layer alice``;
- export, native JSONL: ``annotator export --format native --layer alice``.

With ``--with-labelstudio`` the same work is timed against a real Label Studio: a virtual
environment of its own under the cache folder (``pip install label-studio``), a server on
127.0.0.1 only (version check and analytics off; its start is not timed), a user with an API
token, and for each run a fresh project: the import is one POST of ``tasks.json``, the export
one GET of the project's JSON export. Without the flag, the Label Studio column holds the last
recorded figures (Label Studio 1.23.2 on this machine class, 2026), and the table says so. With the flag, our
runs and Label Studio's alternate, so that the load of a shared machine falls on both alike.

Each figure is the min / median of 3 runs (``--runs``); peak memory is each side's
high-water resident set (ours: the largest of our processes; Label Studio: its server).

    python benchmarks/bench_vs_labelstudio.py                    # our side, recorded LS figures
    python benchmarks/bench_vs_labelstudio.py --with-labelstudio # both sides, measured now
    python benchmarks/bench_vs_labelstudio.py --docs 500         # a quick run (ratios not comparable)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_documents  # noqa: E402

LABELS = ("SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT")
SPANS_PER_DOC = 50
SEED = 14
# Label Studio 1.23.2 on loopback, server start excluded, medians of 3 (issue 14, 2026, 2 cores).
RECORDED_LS = {"import": 10.2, "export_ls": 15.2}
RECORDED_LS_VERSION = "1.23.2"
LS_CONFIG = (
    '<View><Labels name="label" toName="text">'
    + "".join(f'<Label value="{label}"/>' for label in LABELS)
    + '</Labels><Text name="text" value="$text"/></View>'
)
LS_USER, LS_PASSWORD = "bench@example.com", "bench-password-14"


# ------------------------------------------------------------------ the corpus


def write_corpus(folder: Path, docs: int, seed: int = SEED) -> int:
    """articles.jsonl and tasks.json; returns the number of spans."""
    rng = random.Random(seed)
    spans = 0
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as articles, \
            (folder / "tasks.json").open("w", encoding="utf-8") as tasks:
        tasks.write("[\n")
        for number, (doc_id, title, text) in enumerate(synthetic_documents(docs, seed)):
            articles.write(json.dumps({"id": doc_id, "title": title, "text": text}, ensure_ascii=False) + "\n")
            result = []
            step = len(text) // SPANS_PER_DOC
            for index in range(SPANS_PER_DOC):  # one span in each slice of the text: no overlap
                start = index * step + rng.randrange(0, step // 2)
                end = start + rng.randint(2, step // 2)
                result.append({"id": f"r{index}", "from_name": "label", "to_name": "text", "type": "labels",
                               "value": {"start": start, "end": end, "text": text[start:end],
                                         "labels": [LABELS[rng.randrange(len(LABELS))]]}})
            spans += len(result)
            task = {"data": {"text": text, "title": title}, "annotations": [{"result": result}]}
            tasks.write(("" if number == 0 else ",\n") + json.dumps(task, ensure_ascii=False))
        tasks.write("\n]\n")
    return spans


# ------------------------------------------------------------------ timing whole processes


def run_process(command: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """Wall-clock seconds and peak RSS (MB) of one child process, start to exit."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, not all children's
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode(errors='replace')}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def annotator(*args: str) -> list[str]:
    return [sys.executable, "-m", "annotator", *args]


def our_environment() -> dict:
    """Our processes run this checkout, with the bytecode cache that an installed package has
    (pip compiles it at install): PYTHONDONTWRITEBYTECODE, if the shell sets it, is dropped,
    else every start would compile the package's modules from source again (~30 ms)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_package() -> None:
    """The package's bytecode, written once before any run is timed (see our_environment)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "annotator")], env=our_environment(),
                   check=True, stdout=subprocess.DEVNULL)


def our_run(folder: Path, run: int, results: dict[str, list[tuple[float, float]]]) -> None:
    """Our best documented path for the same work as Label Studio's one POST: one ``annotator
    import`` of the very same ``tasks.json`` (articles and spans) into a new project. For
    reference, the two-step path (articles, then spans attached by text) into another."""
    env = our_environment()
    db = folder / f"run{run}.annotator"
    results.setdefault("import", []).append(
        run_process(annotator("import", str(folder / "tasks.json"), "--annotator", "alice", "--db", str(db)), env))
    two_step = folder / f"run{run}-two-step.annotator"
    first = run_process(annotator("import", str(folder / "articles.jsonl"), "--db", str(two_step)), env)
    second = run_process(annotator("import", str(folder / "tasks.json"), "--annotator", "alice", "--db", str(two_step)), env)
    results.setdefault("import_articles", []).append(first)
    results.setdefault("import_spans", []).append(second)
    floor_run(folder, run, results)
    for key, fmt, suffix in (("export_ls", "label-studio", "json"), ("export_native", "native", "jsonl")):
        out = folder / f"run{run}.{fmt}.{suffix}"
        results.setdefault(key, []).append(run_process(
            annotator("export", "--db", str(db), "--layer", "alice", "--format", fmt, "--out", str(out)), env))


def empty_project(folder: Path) -> Path:
    """A new project made by annotator (schema, indexes, settings), once, untimed."""
    empty = folder / "empty.annotator"
    if not empty.exists():
        subprocess.run([sys.executable, "-c", "import sys; from annotator.store import Store; Store.open(sys.argv[1]).close()",
                        str(empty)], env=our_environment(), check=True)
    return empty


def floor_run(folder: Path, run: int, results: dict) -> None:
    """The bare floor under our import (benchmarks/import_floor.py) on a copy of an empty
    project, as a whole process; its own breakdown (parse, rows, write) kept beside."""
    db = folder / f"run{run}-floor.annotator"
    shutil.copy(empty_project(folder), db)
    report = folder / f"run{run}-floor.json"
    with report.open("wb") as out:
        results.setdefault("import_floor", []).append(
            run_process([sys.executable, str(HERE / "import_floor.py"), str(folder / "tasks.json"), str(db)], stdout=out))
    results.setdefault("floor_parts", []).append(json.loads(report.read_text()))


# ------------------------------------------------------------------ Label Studio


class LabelStudio:
    """A Label Studio server of our own: own venv, own data folder, loopback only."""

    def __init__(self, cache: Path, port: int):
        self.cache, self.port = cache, port
        self.venv = cache / "venv"
        self.data = cache / "data"
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None
        self.token = ""

    def install(self) -> None:
        python = self.venv / "bin" / "python"
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
        if subprocess.run([str(python), "-c", "import label_studio"], capture_output=True).returncode != 0:
            subprocess.run([str(python), "-m", "pip", "install", "-q", "label-studio"], check=True)

    def version(self) -> str:
        python = self.venv / "bin" / "python"
        return subprocess.run([str(python), "-c", "import label_studio; print(label_studio.__version__)"],
                              capture_output=True, text=True).stdout.strip()

    def environment(self) -> dict:
        """Label Studio reads each setting as LABEL_STUDIO_<NAME> or <NAME> (core/utils/params.py)."""
        return dict(
            os.environ,
            LABEL_STUDIO_BASE_DATA_DIR=str(self.data),
            LATEST_VERSION_CHECK="false",  # no request to PyPI at start (core/utils/common.py)
            COLLECT_ANALYTICS="false",  # no usage reports (core/settings/base.py)
            SENTRY_DSN="",
            FRONTEND_SENTRY_DSN="",
            LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",  # so the --user-token we choose is an API token
            DATA_UPLOAD_MAX_MEMORY_SIZE=str(1 << 31),  # the 90 MB POST of 250,000 spans
        )

    def start(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        command = [str(self.venv / "bin" / "label-studio"), "start", "--no-browser", "--internal-host", "127.0.0.1",
                   "--port", str(self.port), "--data-dir", str(self.data),
                   "--username", LS_USER, "--password", LS_PASSWORD, "--user-token", "b" * 40]
        log = (self.cache / "server.log").open("wb")
        self.process = subprocess.Popen(command, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.time() + 300
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"Label Studio stopped at start; see {self.cache / 'server.log'}")
            try:
                urllib.request.urlopen(self.url + "/health", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(1)
        else:
            raise SystemExit(f"Label Studio did not answer within 5 minutes; see {self.cache / 'server.log'}")
        self.token = "b" * 40

    def request(self, method: str, path: str, body: Any = None, *, size: int | None = None,
                into: Path | None = None, timeout: float = 3600) -> bytes:
        """One API call; a file ``body`` is streamed (``size`` bytes), the answer is streamed
        ``into`` a file when given: this process stays small, so the peak memory of the
        processes it starts is theirs (Linux counts a child's peak from its parent's size)."""
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
        if size is not None:
            headers["Content-Length"] = str(size)
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if into is None:
                return response.read()
            with into.open("wb") as out:
                shutil.copyfileobj(response, out, 1 << 20)
            return b""

    def new_project(self, title: str) -> int:
        body = json.dumps({"title": title, "label_config": LS_CONFIG}).encode()
        return json.loads(self.request("POST", "/api/projects", body))["id"]

    def peak_mb(self) -> float:
        """High-water RSS of the server and its children (psutil when available, else /proc)."""
        pids = [self.process.pid] + _children(self.process.pid)
        peaks = [_vm_hwm_mb(pid) for pid in pids]
        return sum(p for p in peaks if p)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    try:
        import psutil  # optional

        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except ImportError:
        pass
    found, pending = [], [pid]
    while pending:
        parent = pending.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = [int(x) for x in (task / "children").read_text().split()]
            except OSError:
                continue
            found.extend(kids)
            pending.extend(kids)
    return found


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def their_run(server: LabelStudio, folder: Path, run: int, results: dict[str, list[tuple[float, float]]]) -> None:
    tasks = folder / "tasks.json"
    project = server.new_project(f"bench {run} {time.time():.0f}")
    started = time.perf_counter()
    with tasks.open("rb") as payload:
        server.request("POST", f"/api/projects/{project}/import", payload, size=tasks.stat().st_size)
    results.setdefault("import", []).append((time.perf_counter() - started, server.peak_mb()))
    started = time.perf_counter()
    server.request("GET", f"/api/projects/{project}/export?exportType=JSON&download_all_tasks=true",
                   into=folder / f"ls{run}.json")
    results.setdefault("export_ls", []).append((time.perf_counter() - started, server.peak_mb()))


def both(folder: Path, runs: int, cache: Path, port: int) -> tuple[dict, dict, str]:
    """Runs interleaved (ours, theirs, ours, ...): the load of a shared machine falls on both alike."""
    server = LabelStudio(cache, port)
    started = time.perf_counter()
    server.install()
    print(f"  Label Studio {server.version()} ready in {time.perf_counter() - started:.0f} s ({server.venv})", flush=True)
    mine: dict[str, list[tuple[float, float]]] = {}
    theirs: dict[str, list[tuple[float, float]]] = {}
    try:
        server.start()
        for run in range(runs):
            our_run(folder, run, mine)
            their_run(server, folder, run, theirs)
        return mine, theirs, server.version()
    finally:
        server.stop()


# ------------------------------------------------------------------ the table


def summary(samples: list[tuple[float, float]]) -> tuple[float, float, float]:
    seconds = [s for s, _ in samples]
    return min(seconds), statistics.median(seconds), max(m for _, m in samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--with-labelstudio", action="store_true", help="install, start and time a real Label Studio")
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "annotator-bench-ls")
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--workdir", type=Path, default=None, help="keep corpus, projects and exports here")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-vs-ls-", dir=args.workdir))
    try:
        spans = write_corpus(folder, args.docs)
        print(f"corpus: {args.docs:,} articles, {spans:,} spans (seed {SEED}); {args.runs} runs each", flush=True)
        compile_package()
        if args.with_labelstudio:
            measured_mine, measured, version = both(folder, args.runs, args.cache, args.port)
            ls = {key: summary(samples) for key, samples in measured.items()}
            source = f"Label Studio {version}, measured now, runs interleaved with ours"
        else:
            measured_mine = {}
            for run in range(args.runs):
                our_run(folder, run, measured_mine)
            if args.docs == 5000:
                ls = {key: (None, value, None) for key, value in RECORDED_LS.items()}
            else:  # recorded on 5,000 articles: no ratio against another corpus
                ls = {}
            source = f"Label Studio {RECORDED_LS_VERSION}: last recorded figures (issue 14, 5,000 articles), not measured now"
        floor_parts = measured_mine.pop("floor_parts")
        mine = {key: summary(samples) for key, samples in measured_mine.items()}
        print_table(mine, ls, source)
        print_floor(mine, ls, floor_parts)
    finally:
        if args.workdir is None:
            shutil.rmtree(folder, ignore_errors=True)
    ok = all(k in ls and ls[k][1] / mine[k][1] >= 10 for k in ("import", "export_ls"))
    return 0 if ok and mine["export_ls"][1] <= 1.5 * mine["export_native"][1] else 1


def print_table(mine: dict, ls: dict, source: str) -> None:
    def cell(values) -> str:
        low, median, _ = values
        return f"{median:6.2f} s" if low is None else f"{low:6.2f} / {median:6.2f} s"

    def memory(values) -> str:
        return "—" if values[2] is None else f"{values[2]:,.0f} MB"

    print(f"\n({source}; annotator: whole processes, start included; min / median of runs)\n")
    print("| work | Label Studio | annotator | LS / annotator | peak memory LS | peak memory annotator |")
    print("|---|---|---|---|---|---|")
    names = {"import": "import articles + spans (tasks.json, one command)", "export_ls": "export, Label Studio JSON",
             "export_native": "export, native JSONL", "import_articles": "two steps: articles.jsonl alone",
             "import_spans": "two steps: then the spans of tasks.json",
             "import_floor": "floor: bare orjson + sqlite3, no checks (import_floor.py)"}
    for key, name in names.items():
        if key not in mine:
            continue
        theirs_ = ls.get(key)
        ratio = f"{theirs_[1] / mine[key][1]:.1f}×" if theirs_ else "—"
        print(f"| {name} | {cell(theirs_) if theirs_ else '—'} | {cell(mine[key])} | {ratio} | "
              f"{memory(theirs_) if theirs_ else '—'} | {memory(mine[key])} |")
    print(f"\nLabel Studio JSON export / native export (annotator): {mine['export_ls'][1] / mine['export_native'][1]:.2f} (target <= 1.5)")



def print_floor(mine: dict, ls: dict, parts: list[dict]) -> None:
    """How far our import is from the floor, and the floor from 10× Label Studio."""
    def median(key: str) -> float:
        return statistics.median(part[key] for part in parts)

    floor = mine["import_floor"][1]
    inside = {key: median(key) for key in ("start", "parse", "rows", "write")}
    print(f"\nimport / floor: {mine['import'][1] / floor:.2f}; the floor's own parts (medians): "
          + ", ".join(f"{key} {value:.2f} s" for key, value in inside.items())
          + f"; interpreter start and exit {floor - sum(inside.values()):.2f} s")
    if "import" in ls:
        target = ls["import"][1] / 10
        print(f"10x Label Studio's import is {target:.2f} s; the floor is {floor:.2f} s; even a perfect two-core "
              f"pipeline (parse beside write) cannot go under {max(inside['parse'] + inside['rows'], inside['write']):.2f} s "
              "plus the start")


if __name__ == "__main__":
    sys.exit(main())
