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
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from soak_fuzz import fuzz  # noqa: E402
from soak_project import (  # noqa: E402
    LAYER, OTHERS, REPO, TRACEBACK, Figures, decide_some, duplicate_decisions, integrity, layer_states, log,
    make_package, make_project, write_corpus,
)

from annotator.store import Store  # noqa: E402

WINDOW = Path(__file__).resolve().parent / "soak_window.py"


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
                if not select.select([read], [], [], 15)[0]:
                    break  # an X server that does not say its display in 15 s will not do
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


COMMANDS = {"info": 3, "export": 2, "candidates": 2, "rules": 1, "agreement": 1, "import": 2, "merge": 2}
RAW_READER_PAUSE_S = 0.1


class Tally:
    """What the concurrent users did, shared by their threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.runs: Counter = Counter()
        self.refusals: dict[str, list[str]] = {}  # command -> its last one-line message
        self.merged = False  # a second layer exists: agreement has something to compare


class Hammer(threading.Thread):
    """Other processes using the project while the window works, one at a time: readers, an
    importer, merges of other annotators' packages (``COMMANDS``) — or, in a thread of its
    own, the sqlite3 shell opening and closing the project every few tenths of a second."""

    def __init__(self, project: Path, workdir: Path, env: dict, rng: random.Random, figures: Figures,
                 kinds: tuple[str, ...], tally: Tally, pause: float = 0.0):
        super().__init__(daemon=True)
        self.project, self.workdir, self.env, self.rng, self.figures = project, workdir, env, rng, figures
        self.tally, self.pause = tally, pause
        self.stop = threading.Event()
        self.number = 0
        self.packages = {name: workdir / f"package-{name}.annotator" for name in OTHERS}
        self.weights = {k: COMMANDS.get(k, 1) for k in kinds}

    def run(self) -> None:
        first_round = self.rng.sample(list(self.weights), len(self.weights))  # every kind early on
        while not self.stop.is_set():
            kind = first_round.pop() if first_round else self.rng.choices(list(self.weights), list(self.weights.values()))[0]
            try:
                self.once(kind)
            except Exception:  # a failure of the harness itself: count it, never hide it
                with self.tally.lock:
                    self.figures.traceback(f"soak harness ({kind})", traceback.format_exc(limit=3))
            self.stop.wait(self.pause)

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
            if not self.tally.merged:
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
            command = ["sqlite3", str(self.project), sql] if shutil.which("sqlite3") else [
                sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                "print(c.execute(sys.argv[2]).fetchall()); c.close()", str(self.project), sql]
        result = subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=300)
        with self.tally.lock:
            self.tally.runs[kind] += 1
            self.figures.concurrent_commands += 1
            self.figures.commands_by_kind[kind] = self.tally.runs[kind]
            if TRACEBACK in result.stderr or TRACEBACK in result.stdout:
                self.figures.traceback(f"command {kind}", result.stderr[-1500:])
            elif result.returncode != 0:
                self.figures.commands_refused += 1
                self.tally.refusals[kind] = result.stderr.strip().splitlines()[-1:] if result.stderr.strip() else [f"exit {result.returncode}"]
        if kind == "merge" and result.returncode == 0:
            self.tally.merged = True
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
        figures.killed_mid_decision += bool(pending)
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


KILL_MODES = {"timed": 5, "after ack": 3, "at a key": 2}  # when the SIGKILL comes, and how often


def kill_loop(project: Path, workdir: Path, kills: int, rng: random.Random, deadline: float, figures: Figures,
              env: dict, hammer_kinds: tuple[str, ...] | None = None, progress: bool = True,
              modes: dict[str, int] = KILL_MODES) -> None:
    ledger = Ledger()
    kinds = tuple(hammer_kinds if hammer_kinds is not None else (*COMMANDS, "sqlite3"))
    tally = Tally()
    hammers = [Hammer(project, workdir, env, random.Random(rng.random()), figures, group, tally, pause)
               for group, pause in ((tuple(k for k in kinds if k != "sqlite3"), 0.0),
                                    (tuple(k for k in kinds if k == "sqlite3"), RAW_READER_PAUSE_S)) if group]
    if "merge" in kinds:
        for name, path in hammers[0].packages.items():
            make_package(project, name, path, rng)
    for hammer in hammers:
        hammer.start()
    lost_keys: set = set()
    try:
        for number in range(1, kills + 1):
            if time.monotonic() > deadline:
                log(f"time is up after {number - 1} kill(s)")
                break
            run = WindowRun(project, env, rng.randrange(1 << 30), workdir / f"window-{number % 5}.stderr")
            mode = rng.choices(list(modes), list(modes.values()))[0]
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
                with tally.lock:
                    runs = sum(tally.runs.values())
                log(f"kill {number:4d} ({mode:8s}): {len(acks):3d} ack(s), lost {lost_here}, "
                    f"dup {figures.duplicates}, commands {runs}, tracebacks {figures.tracebacks}")
    finally:
        for hammer in hammers:
            hammer.stop.set()
        for hammer in hammers:
            hammer.join(timeout=600)
    figures.refusal_examples = dict(tally.refusals)


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


# =================================================================== main


def run(kills: int, fuzz_count: int, seed: int, minutes: float | None, workdir: Path, findings: Path,
        documents: int = 30, progress: bool = True, hammer_kinds: tuple[str, ...] | None = None,
        modes: dict[str, int] = KILL_MODES) -> Figures:
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
                      child_env(workdir, display), hammer_kinds, progress, modes)
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
    for category, kinds in figures.finding_kinds.items():
        parts.append(f"\n{category}, by kind (count, reproducer):")
        for kind, entry in sorted(kinds.items(), key=lambda kv: -kv[1]["count"]):
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
    if not args.keep and not figures.traceback_kinds and not figures.finding_kinds:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if figures.failed else 0


if __name__ == "__main__":
    sys.exit(main())
