"""Soak: nothing lost, nothing let in — the project under kill -9, concurrent use and
hostile files, counted.

1. **Kill loop.** A project made from seeds/ (plus variants of the seed articles, so that
   candidates never run out). Again and again a REAL annotation window (a separate process,
   under Xvfb) makes scripted keyboard decisions — Enter/A, X, number keys, U, N, P, Tab,
   Ctrl+Z, Ctrl+Y — and acknowledges each one after the window says "saved"
   (benchmarks/soak_window.py). It is killed with SIGKILL at a random moment: after a random
   time, right after an acknowledgement, or right as a key is about to be pressed. Meanwhile
   other processes use the same project: `annotator info`, `export`, `candidates`, `rules`,
   `agreement`, `import` of small new articles, `merge` of packages made for OTHER
   annotators (they never touch the window's layer) and the `sqlite3` shell. After each
   kill: every acknowledged decision is in the project in its last acknowledged state (undo
   included), `PRAGMA integrity_check` says ok, and the window's layer holds no duplicate
   decision. Any Python traceback on any process's stderr is counted.
2. **Fuzz.** Hostile inputs through the real readers, in this process, on a copy of a
   project: articles (txt/JSONL/CSV), annotation files (native, doccano, spaCy, Label
   Studio) and packages (SQL edits and byte corruption). Each must be taken or refused with
   an ``AnnotatorError``; anything else is a traceback (one reproducer per kind is kept). A
   refusal must leave the project unchanged (a digest of its SQL dump) and a merge must not
   write into the package.
3. A table of the figures; exit status 1 if anything was lost or duplicated, the file was
   damaged, or any traceback.

    python benchmarks/soak.py [--kills 200] [--fuzz 2000] [--seed 1] [--minutes M] [--json FILE]

Verification reads the project with SQL of its own (integrity_check, duplicate counts, the
dump digest): the soak looks at the file from outside, as any SQLite client would. The live
project is never open()ed; only closed copies are hashed or copied.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotator import services  # noqa: E402
from annotator.errors import AnnotatorError  # noqa: E402
from annotator.export import ExportOptions, export_project  # noqa: E402
from annotator.services import annotating, teamwork  # noqa: E402
from annotator.store import Store  # noqa: E402
from annotator.store_file import readonly_uri  # noqa: E402

SEEDS = REPO / "seeds"
WINDOW = Path(__file__).resolve().parent / "soak_window.py"
LAYER = "alice"  # the window's layer
OTHERS = ("bob", "carol", "dave")  # packages merged meanwhile: their layers only
TRACEBACK = "Traceback (most recent call last)"


# =================================================================== figures


@dataclass
class Figures:
    kills: int = 0
    acknowledged: int = 0
    found: int = 0
    in_flight: int = 0  # acknowledged, then changed by the key pressed as it was killed
    lost: int = 0
    duplicates: int = 0
    integrity_failures: int = 0
    not_saved: int = 0  # decisions the window reported as not saved (e.g. locked too long)
    concurrent_commands: int = 0
    commands_refused: int = 0  # exit status 1 with a one-line message
    fuzz_tried: int = 0
    fuzz_accepted: int = 0
    fuzz_refused: int = 0
    fuzz_changed_on_refusal: int = 0
    fuzz_package_written: int = 0
    fuzz_bad_accepted: int = 0  # inputs the issue says must be refused, taken
    tracebacks: int = 0
    minutes: float = 0.0
    display: str = ""
    traceback_kinds: dict = field(default_factory=dict)  # kind -> {"count", "example"}
    bad_accepted_kinds: dict = field(default_factory=dict)
    lost_examples: list = field(default_factory=list)
    refusal_examples: dict = field(default_factory=dict)  # concurrent command -> its last refusal

    def traceback(self, kind: str, example: str) -> None:
        self.tracebacks += 1
        entry = self.traceback_kinds.setdefault(kind, {"count": 0, "example": example})
        entry["count"] += 1

    @property
    def failed(self) -> bool:
        return bool(self.lost or self.duplicates or self.integrity_failures or self.tracebacks
                    or self.fuzz_changed_on_refusal or self.fuzz_package_written)

    def table(self) -> str:
        rows = [
            ("kills (SIGKILL of a real window)", self.kills),
            ("decisions acknowledged", self.acknowledged),
            ("  found in their last acknowledged state", self.found),
            ("  superseded by the key pressed at the kill", self.in_flight),
            ("  lost", self.lost),
            ("duplicate decisions in the window's layer", self.duplicates),
            ("integrity_check failures", self.integrity_failures),
            ("decisions the window reported not saved", self.not_saved),
            ("concurrent commands run", self.concurrent_commands),
            ("  of which refused with a message", self.commands_refused),
            ("fuzz inputs tried", self.fuzz_tried),
            ("  accepted", self.fuzz_accepted),
            ("  refused cleanly", self.fuzz_refused),
            ("  refused but the project changed", self.fuzz_changed_on_refusal),
            ("  merges that wrote into the package", self.fuzz_package_written),
            ("  must-refuse inputs accepted", self.fuzz_bad_accepted),
            ("tracebacks (any process)", self.tracebacks),
            ("minutes", f"{self.minutes:.1f}"),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value:>8}" for name, value in rows)


def log(message: str) -> None:
    print(message, flush=True)


# =================================================================== the project


def vary(text: str, rng: random.Random, number: int) -> str:
    """Another article of the same shape: digits changed, paragraphs rotated, a marker line
    (so that its text, hence its hash, is new)."""
    text = re.sub(r"[0-9]", lambda _: str(rng.randint(0, 9)), text)
    title, _, body = text.partition("\n")
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if len(paragraphs) > 2:
        cut = rng.randrange(1, len(paragraphs))
        paragraphs = paragraphs[cut:] + paragraphs[:cut]
    return f"{title}（第{number}稿）\n" + "\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, documents: int, rng: random.Random) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    for number in range(documents):
        seed = seeds[number % len(seeds)]
        text = seed.read_text(encoding="utf-8")
        if number >= len(seeds):
            text = vary(text, rng, number)
        (folder / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def make_project(path: Path, corpus: Path) -> None:
    with Store.open(path) as store:
        services.import_paths(store, [corpus])
        services.detect_project(store)


def decide_some(store: Store, layer: str, rng: random.Random, count: int) -> int:
    """Random decisions in ``layer`` (accept, reject, relabel), in process, as the window
    makes them (a decided candidate is decided again)."""
    labels = services.project_codebook(store).labels
    made = 0
    doc_ids = [d.id for d in store.documents()]
    for _ in range(count):
        items = [i for i in annotating.document_items(store, layer, rng.choice(doc_ids)) if i.candidate is not None]
        if not items:
            continue
        item = rng.choice(items)
        choice = rng.random()
        if choice < 0.5:
            change = annotating.accept(store, layer, item)
        elif choice < 0.8:
            change = annotating.reject(store, layer, item)
        else:
            change = annotating.relabel(store, layer, item, rng.choice(labels))
        made += change is not None
    return made


def make_package(project: Path, annotator: str, out: Path, rng: random.Random, docs: int = 3) -> Path:
    with Store.open(project, readonly=True) as store:
        ids = [d.id for d in store.documents()]
        teamwork.package(store, annotator, out, ids=rng.sample(ids, min(docs, len(ids))))
    with Store.open(out, create=False) as package:
        decide_some(package, annotator, rng, 6)
    return out


# =================================================================== SQL checks from outside


def connect_ro(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(readonly_uri(path), uri=True, timeout=30)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def layer_states(path: Path, layer: str) -> dict[tuple[int, str], list]:
    conn = connect_ro(path)
    try:
        rows = conn.execute(
            "SELECT n.doc_id, n.candidate_key, n.span_start, n.span_end, n.label, n.status, n.uncertain "
            "FROM annotations n JOIN annotators a ON a.id = n.annotator_id WHERE a.name = ?", [layer],
        ).fetchall()
    finally:
        conn.close()
    return {(doc, key): [start, end, label, status, bool(uncertain)] for doc, key, start, end, label, status, uncertain in rows}


def duplicate_decisions(path: Path, layer: str) -> int:
    """Rows beyond the first for one candidate, or for one identical span, in ``layer``."""
    conn = connect_ro(path)
    try:
        on_candidate = conn.execute(
            "SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM annotations n JOIN annotators a "
            "ON a.id = n.annotator_id WHERE a.name = ? AND n.candidate_key IS NOT NULL "
            "GROUP BY n.doc_id, n.candidate_key)", [layer],
        ).fetchone()[0]
        same_span = conn.execute(
            "SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM annotations n JOIN annotators a "
            "ON a.id = n.annotator_id WHERE a.name = ? GROUP BY n.doc_id, n.span_start, n.span_end, n.label, n.status)",
            [layer],
        ).fetchone()[0]
    finally:
        conn.close()
    return on_candidate + same_span


def integrity(path: Path) -> str:
    conn = connect_ro(path)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check").fetchall())
    finally:
        conn.close()


def digest(path: Path) -> str:
    """What the project holds, through SQL (the file's bytes may differ after a checkpoint)."""
    conn = connect_ro(path)
    try:
        sha = hashlib.sha256()
        for line in conn.iterdump():
            sha.update(line.encode("utf-8", "surrogatepass"))
        return sha.hexdigest()
    finally:
        conn.close()


# =================================================================== the display


class Display:
    """Xvfb for the windows (a real X server), else Qt's offscreen platform with a warning."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.env: dict[str, str] = {}
        self.name = ""

    def __enter__(self) -> "Display":
        if shutil.which("Xvfb"):
            read, write = os.pipe()
            self.process = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            os.close(write)
            number = b""
            while not number.endswith(b"\n"):
                chunk = os.read(read, 16)
                if not chunk:
                    break
                number += chunk
            os.close(read)
            if number.strip():
                self.name = f":{number.decode().strip()}"
                self.env = {"DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb"}
                return self
            self.process.kill()
            self.process = None
        log("WARNING: Xvfb not found (or it did not start): the windows run on QT_QPA_PLATFORM=offscreen")
        self.name = "offscreen"
        self.env = {"QT_QPA_PLATFORM": "offscreen"}
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


def child_env(workdir: Path, display: Display) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env.update(display.env)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["XDG_CONFIG_HOME"] = str(workdir / "config")
    env["PYTHONUNBUFFERED"] = "1"
    return env


# =================================================================== concurrent users


class Hammer(threading.Thread):
    """Other processes using the project while the window works: readers, an importer,
    merges of other annotators' packages, the sqlite3 shell. One command at a time."""

    def __init__(self, project: Path, workdir: Path, env: dict, rng: random.Random, figures: Figures,
                 kinds: tuple[str, ...] | None = None):
        super().__init__(daemon=True)
        self.project, self.workdir, self.env, self.rng, self.figures = project, workdir, env, rng, figures
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.runs: Counter = Counter()
        self.number = 0
        self.merged = False
        self.refusals: dict[str, list[str]] = {}  # command -> its last one-line message
        self.packages = {name: workdir / f"package-{name}.annotator" for name in OTHERS}
        self.weights = {
            "info": 3, "export": 2, "candidates": 2, "rules": 1, "agreement": 1, "import": 2, "merge": 2, "sqlite3": 3,
        }
        if kinds is not None:
            self.weights = {k: v for k, v in self.weights.items() if k in kinds}

    def run(self) -> None:
        while not self.stop.is_set():
            kind = self.rng.choices(list(self.weights), list(self.weights.values()))[0]
            try:
                self.once(kind)
            except Exception:  # a failure of the harness itself: count it, never hide it
                with self.lock:
                    self.figures.traceback(f"soak harness ({kind})", traceback.format_exc(limit=3))

    def once(self, kind: str) -> None:
        self.number += 1
        py = [sys.executable, "-m", "annotator"]
        db = ["--db", str(self.project)]
        scratch = self.workdir / "scratch"
        scratch.mkdir(exist_ok=True)
        if kind == "info":
            command = [*py, "info", *db]
        elif kind == "export":
            fmt = self.rng.choice(("native", "doccano", "spacy", "label-studio", "conll"))
            out = scratch / f"export-{self.number}.{'conll' if fmt == 'conll' else 'jsonl'}"
            command = [*py, "export", *db, "--layer", self.rng.choice((LAYER, "all", "candidates")), "--format", fmt, "--out", str(out)]
        elif kind == "candidates":
            command = [*py, "candidates", *db, "--doc", str(self.rng.randint(1, 12))]
        elif kind == "rules":
            command = [*py, "rules", *db]
        elif kind == "agreement":
            if not self.merged:
                return
            command = [*py, "agreement", *db, "--annotators", f"{LAYER},{self.rng.choice(OTHERS)}"]
        elif kind == "import":
            article = scratch / f"new-{self.number}.txt"
            article.write_text(f"县委召开第{self.number}次会议\n会议强调，要坚持“三统筹三扩大四创建”，确保全年完成投资{self.rng.randint(10, 999)}亿元。\n", encoding="utf-8")
            command = [*py, "import", str(article), *db]
        elif kind == "merge":
            name = self.rng.choice(OTHERS)
            with Store.open(self.packages[name], create=False) as package:  # the package, not the project
                decide_some(package, name, self.rng, 2)
            command = [*py, "merge", str(self.packages[name]), *db]
        else:
            sql = self.rng.choice(("SELECT count(*) FROM annotations;", "PRAGMA quick_check;", "SELECT count(*) FROM events;"))
            command = ["sqlite3", str(self.project), sql]
        result = subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=300)
        with self.lock:
            self.runs[kind] += 1
            self.figures.concurrent_commands += 1
            if TRACEBACK in result.stderr or TRACEBACK in result.stdout:
                self.figures.traceback(f"command {kind}", result.stderr[-1500:])
            elif result.returncode != 0:
                self.figures.commands_refused += 1
                self.refusals[kind] = result.stderr.strip().splitlines()[-1:] if result.stderr.strip() else [f"exit {result.returncode}"]
        if kind == "merge" and result.returncode == 0:
            self.merged = True
        for leftover in scratch.glob("export-*"):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink(missing_ok=True)


# =================================================================== the kill loop


class WindowRun:
    """One window process: its lines, read as they come, and the kill."""

    def __init__(self, project: Path, env: dict, seed: int, stderr_path: Path):
        self.stderr_file = stderr_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, str(WINDOW), str(project), LAYER, str(seed)],
            stdout=subprocess.PIPE, stderr=self.stderr_file, env=env, text=True,
        )
        self.lines: list[dict] = []
        self.ready = threading.Event()
        self.kill_when: Callable[[dict], bool] = lambda line: False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for raw in self.process.stdout:
            try:
                line = json.loads(raw)
            except json.JSONDecodeError:
                continue  # a line cut by the kill, or a stray print
            self.lines.append(line)
            if line.get("ready"):
                self.ready.set()
            if self.kill_when(line):
                self.kill()
        self.ready.set()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)

    def finish(self) -> None:
        self.kill()
        self.process.wait(timeout=60)
        self.reader.join(timeout=60)
        self.stderr_file.close()


class Ledger:
    """The expected state of every candidate the window has acknowledged a decision on."""

    def __init__(self) -> None:
        self.expected: dict[tuple[int, str], list | None] = {}

    def take(self, lines: list[dict], figures: Figures) -> tuple[set, list]:
        """Apply one run's lines; return the keys in flight at the kill and this run's acks."""
        pending: dict[tuple[int, str], dict] = {}
        acks = []
        for line in lines:
            for tag in ("intent", "ack", "noop", "failed"):
                if tag in line:
                    key = (line[tag][0], line[tag][1])
                    break
            else:
                continue
            if tag == "intent":
                pending[key] = line
                continue
            pending.pop(key, None)
            if tag == "ack":
                self.expected[key] = line["state"]
                acks.append((key, line))
                figures.acknowledged += 1
            elif tag == "failed":
                figures.not_saved += 1
        for key in pending:  # the key pressed as it was killed: its outcome is unknown
            self.expected.pop(key, None)
        return set(pending), acks


def check_acks(line: dict) -> str | None:
    """An acknowledged state must be what the key asked for."""
    state, action = line["state"], line["action"]
    if action == "accept" and (state is None or state[3] not in ("accepted", "relabelled")):
        return "accept not recorded as accepted"
    if action == "reject" and (state is None or state[3] != "rejected"):
        return "reject not recorded as rejected"
    if action.startswith("relabel ") and (state is None or state[2] != action.split()[1]):
        return "relabel not recorded with its label"
    return None


def kill_loop(project: Path, workdir: Path, kills: int, rng: random.Random, deadline: float, figures: Figures,
              env: dict, hammer_kinds: tuple[str, ...] | None = None, progress: bool = True) -> None:
    ledger = Ledger()
    hammer = Hammer(project, workdir, env, random.Random(rng.random()), figures, hammer_kinds)
    for name, path in hammer.packages.items():
        make_package(project, name, path, rng)
    hammer.start()
    lost_keys: set = set()
    try:
        for number in range(1, kills + 1):
            if time.monotonic() > deadline:
                log(f"time is up after {number - 1} kill(s)")
                break
            run = WindowRun(project, env, rng.randrange(1 << 30), workdir / f"window-{number % 5}.stderr")
            mode = rng.choices(("timed", "after ack", "at a key"), (5, 3, 2))[0]
            target = rng.randint(1, 12)
            seen = Counter()

            def kill_when(line: dict, mode=mode, target=target, seen=seen) -> bool:
                tag = "ack" if "ack" in line else "intent" if "intent" in line else None
                if tag:
                    seen[tag] += 1
                return (mode == "after ack" and tag == "ack" and seen["ack"] >= target) or (
                    mode == "at a key" and tag == "intent" and seen["intent"] >= target)

            run.kill_when = kill_when
            try:
                if not run.ready.wait(timeout=120):
                    log(f"kill {number}: the window did not start within 120 s")
                if mode == "timed":
                    time.sleep(rng.choice((0.0, rng.uniform(0, 0.3), rng.uniform(0.3, 3.0))))
                else:
                    end = time.monotonic() + 6.0
                    while run.process.poll() is None and time.monotonic() < end:
                        time.sleep(0.01)
            finally:
                run.finish()
            figures.kills += 1
            in_flight, acks = ledger.take(run.lines, figures)
            stderr = (workdir / f"window-{number % 5}.stderr").read_text(errors="replace")
            if TRACEBACK in stderr:
                figures.traceback("window", stderr[stderr.index(TRACEBACK):][:1500])
            lost_here = verify(project, ledger, acks, in_flight, figures, lost_keys)
            if progress:
                with hammer.lock:
                    runs = sum(hammer.runs.values())
                log(f"kill {number:4d} ({mode:8s}): {len(acks):3d} ack(s), lost {lost_here}, "
                    f"dup {figures.duplicates}, commands {runs}, tracebacks {figures.tracebacks}")
    finally:
        hammer.stop.set()
        hammer.join(timeout=600)
    figures.refusal_examples = dict(hammer.refusals)


def verify(project: Path, ledger: Ledger, acks: list, in_flight: set, figures: Figures, lost_keys: set) -> int:
    states = layer_states(project, LAYER)
    lost_here = 0
    for key, line in acks:
        if key in in_flight:
            figures.in_flight += 1
            continue
        problem = check_acks(line)
        if states.get(key) == ledger.expected.get(key) and problem is None:
            figures.found += 1
        else:
            figures.lost += 1
            lost_here += 1
            if len(figures.lost_examples) < 10:
                figures.lost_examples.append({"key": list(key), "acked": line, "found": states.get(key), "problem": problem})
    for key, state in ledger.expected.items():  # earlier decisions must stay as they were too
        if states.get(key) != state and key not in lost_keys:
            lost_keys.add(key)
            if not any(k == key for k, _ in acks):
                figures.lost += 1
                lost_here += 1
                if len(figures.lost_examples) < 10:
                    figures.lost_examples.append({"key": list(key), "expected": state, "found": states.get(key)})
    result = integrity(project)
    if result != "ok":
        figures.integrity_failures += 1
        log(f"integrity_check: {result[:300]}")
    figures.duplicates = duplicate_decisions(project, LAYER)
    return lost_here


# =================================================================== fuzz


class Hang(BaseException):
    """A reader that did not return in time (BaseException: no handler in the code catches it)."""


@dataclass
class FuzzCase:
    reader: str  # "articles", "annotations", "merge"
    mutation: str
    files: list[Path]
    must_refuse: bool = False
    annotator: str = "fuzzer"
    timeout: int = 60


def _on_alarm(signum, frame):  # noqa: ANN001
    raise Hang()


def fuzz(workdir: Path, count: int, rng: random.Random, deadline: float, figures: Figures, findings: Path,
         progress: bool = True) -> None:
    base = workdir / "fuzz-base.annotator"
    corpus = write_corpus(workdir / "fuzz-corpus", 5, rng)
    make_project(base, corpus)
    with Store.open(base, create=False) as store:
        decide_some(store, "alice", rng, 25)
    samples = fuzz_samples(base, workdir / "fuzz-samples", rng)
    pristine = digest(base)
    working = workdir / "fuzz-working.annotator"
    shutil.copyfile(base, working)
    inputs = workdir / "fuzz-inputs"
    signal.signal(signal.SIGALRM, _on_alarm)
    for number in range(1, count + 1):
        if time.monotonic() > deadline:
            log(f"time is up after {number - 1} fuzz input(s)")
            break
        if inputs.exists():
            shutil.rmtree(inputs)
        inputs.mkdir()
        case = make_case(samples, inputs, rng)
        figures.fuzz_tried += 1
        before_package = [file_digest(p) for p in case.files] if case.reader == "merge" else []
        outcome, detail = run_case(case, working)
        changed = digest(working) != pristine
        if outcome == "accepted":
            figures.fuzz_accepted += 1
            if case.must_refuse:
                figures.fuzz_bad_accepted += 1
                kind = f"{case.reader}: {case.mutation}"
                entry = figures.bad_accepted_kinds.setdefault(kind, {"count": 0})
                entry["count"] += 1
                if entry["count"] == 1:
                    entry["reproducer"] = keep(case, findings, "accepted", kind)
        elif outcome == "refused":
            figures.fuzz_refused += 1
            if changed:
                figures.fuzz_changed_on_refusal += 1
                log(f"fuzz {number}: refused ({detail}) but the project changed: {case.reader} {case.mutation}")
        else:
            kind = f"{case.reader}: {detail['kind']}"
            first = kind not in figures.traceback_kinds
            figures.traceback(kind, detail["text"])
            if first:
                figures.traceback_kinds[kind]["reproducer"] = keep(case, findings, "traceback", kind)
                figures.traceback_kinds[kind]["mutation"] = case.mutation
        if case.reader == "merge" and [file_digest(p) for p in case.files] != before_package:
            figures.fuzz_package_written += 1
        if changed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{working}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(base, working)
        if progress and number % 50 == 0:
            log(f"fuzz {number:5d}: accepted {figures.fuzz_accepted}, refused {figures.fuzz_refused}, "
                f"tracebacks {len(figures.traceback_kinds)} kind(s) / {figures.tracebacks}")
    signal.signal(signal.SIGALRM, signal.SIG_DFL)


def file_digest(path: Path) -> str:
    """A closed file of our own (a package under test, never the live project)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def run_case(case: FuzzCase, working: Path) -> tuple[str, object]:
    signal.alarm(case.timeout)
    try:
        with Store.open(working, create=False) as store:
            if case.reader == "articles":
                services.import_paths(store, case.files)
            elif case.reader == "annotations":
                services.import_annotations(store, case.files, annotator=case.annotator)
            else:
                teamwork.merge(store, case.files)
        return "accepted", None
    except AnnotatorError as error:
        return "refused", str(error)[:200]
    except Hang:
        return "traceback", {"kind": f"hang (no answer within {case.timeout} s)", "text": case.mutation}
    except BaseException as error:  # noqa: BLE001 (everything else is what we are counting)
        return "traceback", {"kind": traceback_kind(error), "text": "".join(traceback.format_exception(error))[-2000:]}
    finally:
        signal.alarm(0)


def traceback_kind(error: BaseException) -> str:
    """The exception type and the innermost frame in annotator/ (or the innermost at all)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/annotator/" in f.filename]
    frame = (ours or frames or [None])[-1]
    where = f"{Path(frame.filename).name}:{frame.name}" if frame else "?"
    return f"{type(error).__name__} in {where}"


def keep(case: FuzzCase, findings: Path, what: str, kind: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{what}-{kind}").strip("-")[:90]
    folder = findings / slug
    folder.mkdir(parents=True, exist_ok=True)
    for path in case.files:
        if path.is_file():
            shutil.copyfile(path, folder / path.name)
    call = {"articles": "annotator import {files} --db PROJECT",
            "annotations": f"annotator import {{files}} --annotator {case.annotator} --db PROJECT",
            "merge": "annotator merge {files} --db PROJECT"}[case.reader]
    (folder / "README.txt").write_text(
        f"{what}: {kind}\nmutation: {case.mutation}\nreproduce on a project made from seeds/: "
        + call.format(files=" ".join(p.name for p in case.files)) + "\n", encoding="utf-8")
    return str(folder)


# ------------------------------------------------------------------- valid samples to mutate


@dataclass
class Samples:
    articles: dict[str, bytes]  # suffix -> a valid file
    annotations: dict[str, list]  # format -> parsed records (JSONL) or tasks (Label Studio)
    package: Path
    known_uid: str
    texts: list[str]


def fuzz_samples(base: Path, folder: Path, rng: random.Random) -> Samples:
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    records = [{"id": f"r{i}", "title": t.split("\n", 1)[0], "text": t} for i, t in enumerate(texts[:3])]
    csv_lines = ["title,text"] + ['"{}","{}"'.format(r["title"].replace('"', '""'), r["text"].replace('"', '""')) for r in records]
    articles = {
        ".txt": texts[0].encode("utf-8"),
        ".jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8"),
        ".csv": ("\n".join(csv_lines) + "\n").encode("utf-8"),
    }
    annotations: dict[str, list] = {}
    with Store.open(base, readonly=True) as store:
        for fmt in ("native", "doccano", "spacy", "label-studio"):
            out = folder / f"alice.{fmt}.{'json' if fmt == 'label-studio' else 'jsonl'}"
            export_project(store, out, ExportOptions(format=fmt, layer="alice", statuses=("accepted", "relabelled", "added", "rejected") if fmt == "native" else ("accepted", "relabelled", "added")))
            content = out.read_text(encoding="utf-8")
            annotations[fmt] = json.loads(content) if fmt == "label-studio" else [json.loads(l) for l in content.splitlines() if l.strip()]
        known_uid = next(a.uid for d in store.documents() for a in store.annotations(d.id, "alice"))
    package = folder / "bob.package"
    make_package(base, "bob", package, rng, docs=3)
    return Samples(articles, annotations, package, known_uid, texts)


# ------------------------------------------------------------------- mutations

BYTE_MUTATIONS = ("flip bytes", "truncate", "insert NULs", "invalid UTF-8", "GB18030 with flipped bytes")


def mutate_bytes(data: bytes, rng: random.Random, how: str) -> bytes:
    data = bytearray(data)
    if how == "flip bytes":
        for _ in range(rng.randint(1, 20)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
    elif how == "truncate":
        data = data[: rng.randrange(len(data) + 1)]
    elif how == "insert NULs":
        for _ in range(rng.randint(1, 5)):
            data[rng.randrange(len(data) + 1): 0] = b"\x00" * rng.randint(1, 3)
    elif how == "invalid UTF-8":
        for _ in range(rng.randint(1, 5)):
            data[rng.randrange(len(data) + 1): 0] = rng.choice((b"\xff", b"\xc3\x28", b"\xe4\xb8", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"))
    elif how == "GB18030 with flipped bytes":
        data = bytearray(bytes(data).decode("utf-8", "replace").encode("gb18030", "replace"))
        for _ in range(rng.randint(0, 8)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(0x80, 256)
    return bytes(data)


def deep_json(depth: int) -> str:
    return '{"text": "深", "meta": ' + "[" * depth + "]" * depth + "}"


def article_case(samples: Samples, folder: Path, rng: random.Random) -> FuzzCase:
    suffix = rng.choice((".txt", ".jsonl", ".csv"))
    valid = samples.articles[suffix]
    how = rng.choice(BYTE_MUTATIONS * 3 + (
        "BOM only", "whitespace only", "huge line", "deep JSON nesting", "5000-digit int", "lone surrogate escape",
        "unterminated CSV quote", "empty", "NUL after 64 KiB", "fifo", "JSON not an object", "valid"))
    must = how in ("BOM only", "whitespace only", "deep JSON nesting", "5000-digit int", "lone surrogate escape",
                   "unterminated CSV quote", "empty", "NUL after 64 KiB", "fifo", "insert NULs")
    timeout = 60
    if how in BYTE_MUTATIONS:
        data = mutate_bytes(valid, rng, how)
    elif how == "BOM only":
        data = b"\xef\xbb\xbf"
    elif how == "whitespace only":
        data = rng.choice((b" \n\t\r\n", b"\xef\xbb\xbf  \n", "\u3000\u3000\n".encode()))
    elif how == "huge line":
        line = "坚持“三统筹三扩大四创建”" * rng.randint(20_000, 80_000)
        data = {".txt": line.encode(), ".jsonl": json.dumps({"text": line}, ensure_ascii=False).encode() + b"\n",
                ".csv": f"text\n{line}\n".encode()}[suffix]
    elif how == "deep JSON nesting":
        suffix, data = ".jsonl", deep_json(rng.choice((1000, 50_000, 200_000))).encode() + b"\n"
    elif how == "5000-digit int":
        suffix = ".jsonl"
        data = ('{"text": "县委召开会议", "id": ' + "9" * rng.choice((4301, 5000, 20000)) + "}\n").encode()
    elif how == "lone surrogate escape":
        suffix = ".jsonl"
        data = ('{"text": "县委\\ud800召开会议"}\n' if rng.random() < 0.7 else '{"text": "会议", "title": "\\udfff"}\n').encode()
    elif how == "unterminated CSV quote":
        suffix, data = ".csv", 'title,text\n"标题,"县委召开会议\n第二行\n'.encode()
    elif how == "empty":
        data = b""
    elif how == "NUL after 64 KiB":
        suffix = ".txt"
        data = ("县委召开会议。" * 12_000).encode() + b"\x00" + "会议强调。".encode()
    elif how == "JSON not an object":
        suffix, data = ".jsonl", rng.choice((b"[1, 2]\n", b'"text"\n', b"null\n", b'{"text": 5}\n', b'{"text": ["a"]}\n'))
    else:
        data = valid.replace("会议".encode(), f"会议{rng.randrange(10**9)}".encode(), 1)
    path = folder / f"article{suffix}"
    if how == "fifo":
        os.mkfifo(path)
        timeout = 5
    else:
        path.write_bytes(data)
    return FuzzCase("articles", f"{suffix} {how}", [path], must, timeout=timeout)


OFFSET_VALUES = (("negative", -1), ("past the end", "LEN+5"), ("fractional", 1.5), ("boolean", True),
                 ("1e400", "1e400"), ("5000-digit", "9" * 5000), ("null", None), ("string digits", "3"))


def annotation_case(samples: Samples, folder: Path, rng: random.Random) -> FuzzCase:
    fmt = rng.choice(list(samples.annotations))
    records = json.loads(json.dumps(samples.annotations[fmt]))
    how = rng.choice(("offset", "offset", "offset", "label", "status", "uncertain", "span text", "missing key",
                      "wrong type", "text", "bytes", "gold layer", "valid"))
    must, annotator, raw_tokens = False, "fuzzer", {}
    record = rng.choice(records) if records else None
    spans = _spans_of(fmt, record) if record else []
    if how == "offset" and spans:
        name, value = rng.choice(OFFSET_VALUES)
        span = rng.choice(spans)
        field_name = rng.choice(_offset_fields(fmt))
        if value == "LEN+5":
            value = len(_text_of(fmt, record)) + 5
        if isinstance(value, str) and name in ("1e400", "5000-digit"):
            token = f"@@RAW{len(raw_tokens)}@@"
            raw_tokens[json.dumps(token)] = value
            value = token
        _set(fmt, span, field_name, value)
        how = f"offset {field_name} {name}"
        must = name != "string digits"
    elif how == "label" and spans:
        value = rng.choice(("BOGUS", "", 123, None))
        _set(fmt, rng.choice(spans), "label", value)
        how, must = f"label {value!r}", True
    elif how == "status" and fmt == "native" and spans:
        rng.choice(spans)["status"] = rng.choice(("weird", 5, ""))
        must = True
    elif how == "uncertain" and fmt == "native" and spans:
        rng.choice(spans)["uncertain"] = rng.choice(("no", "yes", 2, "false"))
        must = True
    elif how == "span text" and fmt in ("native", "spacy") and spans:
        rng.choice(spans)["text"] = "不是这段"
        must = True
    elif how == "missing key" and record:
        target = rng.choice(spans) if spans and rng.random() < 0.6 else (record["data"] if fmt == "label-studio" else record)
        if isinstance(target, dict) and target:
            del target[rng.choice(list(target))]
    elif how == "wrong type" and record:
        key = {"native": "spans", "spacy": "spans", "doccano": "label", "label-studio": "annotations"}[fmt]
        record[key] = rng.choice(({"start": 1}, "spans", 7, [[1]], [None]))
    elif how == "text" and record:
        value = rng.choice(("", 123, "含\x00空字符", "孤\ud800", None))
        if fmt == "label-studio":
            record["data"]["text"] = value
        else:
            record["text"] = value
        must = value in ("", 123, None, "含\x00空字符", "孤\ud800")
    elif how == "gold layer":
        annotator, must = "gold", True
    suffix = ".json" if fmt == "label-studio" else ".jsonl"
    if fmt == "label-studio":
        content = json.dumps(records, ensure_ascii=False)
    else:
        content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    for token, raw in raw_tokens.items():
        content = content.replace(token, raw)
    data = content.encode("utf-8", "surrogatepass")
    if how == "bytes":
        mutation = rng.choice(BYTE_MUTATIONS)
        data = mutate_bytes(data, rng, mutation)
        how = f"bytes: {mutation}"
        must = mutation == "insert NULs"
    path = folder / f"annotations-{fmt}{suffix}"
    path.write_bytes(data)
    return FuzzCase("annotations", f"{fmt} {how}", [path], must, annotator=annotator)


def _spans_of(fmt: str, record: dict) -> list:
    if fmt == "label-studio":
        return [r["value"] for a in record.get("annotations", []) for r in a.get("result", [])]
    if fmt == "doccano":
        return record.get("label", [])
    return record.get("spans", [])


def _text_of(fmt: str, record: dict) -> str:
    return record["data"]["text"] if fmt == "label-studio" else record["text"]


def _offset_fields(fmt: str) -> tuple:
    return (0, 1) if fmt == "doccano" else ("start", "end")


def _set(fmt: str, span, name, value) -> None:
    if fmt == "doccano":
        index = {"label": 2}.get(name, name)
        span[index] = value
    elif fmt == "label-studio" and name == "label":
        span["labels"] = [value]
    else:
        span[name] = value


PACKAGE_EDITS = (
    ("span start negative", "UPDATE annotations SET span_start = -5", True),
    ("span end past the text", "UPDATE annotations SET span_end = 10000000", True),
    ("label not in the codebook", "UPDATE annotations SET label = 'BOGUS'", True),
    ("status unknown", "UPDATE annotations SET status = 'weird'", True),
    ("layer renamed to gold", "UPDATE annotators SET name = 'gold' WHERE kind = 'annotator'", True),
    ("document text changed (hash mismatch)", "UPDATE documents SET text = text || '改'", True),
    ("document text with NUL", "UPDATE documents SET text = text || char(0)", True),
    ("uid collision with the project", "UPDATE annotations SET uid = '{uid}' WHERE id = (SELECT min(id) FROM annotations)", True),
    ("codebook removed", "DELETE FROM project WHERE key = 'codebook'", False),
    ("codebook garbage", "UPDATE project SET value = '{{not json' WHERE key = 'codebook'", True),
    ("user_version from the future", "PRAGMA user_version = 99", True),
    ("application_id changed", "PRAGMA application_id = 12345", True),
    ("annotations table dropped", "DROP TABLE annotations", True),
    ("migrations table dropped", "DROP TABLE _sqlite_migrations", True),
    ("package_uids garbage", "UPDATE project SET value = '[[[' WHERE key = 'package_uids'", True),
    ("span start after end", "UPDATE annotations SET span_start = span_end + 3", True),
    ("fractional offsets", "UPDATE annotations SET span_start = span_start + 0.5", True),
    ("text offsets as text", "UPDATE annotations SET span_start = 'abc'", True),
    ("updated_at in the far future", "UPDATE annotations SET updated_at = '9999-12-31T00:00:00.000Z'", False),
    ("unchanged", "SELECT 1", False),
)


def package_case(samples: Samples, folder: Path, rng: random.Random) -> FuzzCase:
    path = folder / "bob.package"
    shutil.copyfile(samples.package, path)
    how = rng.choice(("sql", "sql", "sql", "bytes", "two packages, second bad"))
    if how in ("sql", "two packages, second bad"):
        name, sql, must = rng.choice(PACKAGE_EDITS)
        target = path
        if how != "sql":
            target = folder / "bob-second.package"
            shutil.copyfile(samples.package, target)
        conn = sqlite3.connect(target)
        try:
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute(sql.format(uid=samples.known_uid))
            conn.commit()
        except sqlite3.Error:
            pass  # an edit the schema refuses leaves the package as it was
        finally:
            conn.close()
        files = [path] if how == "sql" else [path, target]
        return FuzzCase("merge", f"{how}: {name}", files, must)
    data = bytearray(path.read_bytes())
    style = rng.choice(("flip bytes", "zero the header", "truncate", "zero a page"))
    if style == "flip bytes":
        for _ in range(rng.randint(1, 50)):
            data[rng.randrange(100, len(data))] = rng.randrange(256)
    elif style == "zero the header":
        data[:100] = bytes(100)
    elif style == "truncate":
        data = data[: rng.randrange(len(data))]
    else:
        page = 4096 * rng.randrange(1, max(2, len(data) // 4096))
        data[page: page + 4096] = bytes(min(4096, max(0, len(data) - page)))
    path.write_bytes(bytes(data))
    return FuzzCase("merge", f"bytes: {style}", [path], style != "flip bytes")


def make_case(samples: Samples, folder: Path, rng: random.Random) -> FuzzCase:
    kind = rng.choices(("articles", "annotations", "merge"), (4, 4, 2))[0]
    return {"articles": article_case, "annotations": annotation_case, "merge": package_case}[kind](samples, folder, rng)


# =================================================================== main


def run(kills: int, fuzz_count: int, seed: int, minutes: float | None, workdir: Path, findings: Path,
        documents: int = 30, progress: bool = True, hammer_kinds: tuple[str, ...] | None = None) -> Figures:
    figures = Figures()
    started = time.monotonic()
    budget = minutes * 60 if minutes else float("inf")
    kill_share = 0.7 if fuzz_count and kills else 1.0
    rng = random.Random(seed)
    if kills:
        project = workdir / "soak.annotator"
        log(f"making the project: {documents} documents from seeds/ …")
        make_project(project, write_corpus(workdir / "corpus", documents, rng))
        with Display() as display:
            figures.display = display.name
            log(f"kill loop: {kills} kill(s) of a window on {display.name}")
            kill_loop(project, workdir, kills, rng, started + budget * kill_share, figures,
                      child_env(workdir, display), hammer_kinds, progress)
    if fuzz_count:
        log(f"fuzz: {fuzz_count} hostile input(s)")
        fuzz(workdir, fuzz_count, rng, started + budget, figures, findings, progress)
    figures.minutes = (time.monotonic() - started) / 60
    return figures


def report(figures: Figures) -> str:
    parts = ["", figures.table()]
    if figures.lost_examples:
        parts.append("\nlost (first ones):")
        parts += [f"  {json.dumps(example, ensure_ascii=False)}" for example in figures.lost_examples]
    if figures.traceback_kinds:
        parts.append("\ntracebacks by kind (count, reproducer):")
        for kind, entry in sorted(figures.traceback_kinds.items(), key=lambda kv: -kv[1]["count"]):
            parts.append(f"  {entry['count']:5d}  {kind}" + (f"  [{entry['mutation']}]" if "mutation" in entry else "")
                         + (f"\n         {entry['reproducer']}" if "reproducer" in entry else ""))
            if "reproducer" not in entry:
                parts.append("         " + entry["example"].strip().splitlines()[-1][:200])
    if figures.bad_accepted_kinds:
        parts.append("\nmust-refuse inputs accepted, by kind:")
        for kind, entry in sorted(figures.bad_accepted_kinds.items(), key=lambda kv: -kv[1]["count"]):
            parts.append(f"  {entry['count']:5d}  {kind}\n         {entry.get('reproducer', '')}")
    refusals = figures.refusal_examples
    if refusals:
        parts.append("\nconcurrent commands refused (last message per command):")
        parts += [f"  {kind}: {' '.join(lines)[:200]}" for kind, lines in refusals.items()]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=200, help="windows to kill with SIGKILL (default 200)")
    parser.add_argument("--fuzz", type=int, default=2000, help="hostile inputs to feed the readers (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--minutes", type=float, default=None, help="stop after about this long (70%% kills, 30%% fuzz)")
    parser.add_argument("--documents", type=int, default=30, help="documents in the kill loop's project (default 30)")
    parser.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    parser.add_argument("--keep", type=Path, default=None, help="folder for the work files and reproducers (default: a temporary one)")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix="soak-", dir=args.keep))
    else:
        workdir = Path(tempfile.mkdtemp(prefix="annotator-soak-"))
    findings = workdir / "findings"
    log(f"work folder: {workdir}")
    figures = run(args.kills, args.fuzz, args.seed, args.minutes, workdir, findings, args.documents)
    print(report(figures), flush=True)
    if args.json:
        args.json.write_text(json.dumps(dataclasses.asdict(figures) | {"failed": figures.failed}, ensure_ascii=False, indent=2), encoding="utf-8")
    if not args.keep and not figures.traceback_kinds and not figures.bad_accepted_kinds:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if figures.failed else 0


if __name__ == "__main__":
    sys.exit(main())
