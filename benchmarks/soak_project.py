"""The soak's project and figures: a corpus from seeds/, projects and packages, random
decisions as the window makes them, and the checks made from outside the application
(integrity_check, duplicate decisions, a digest of the SQL dump).

Verification reads the project with SQL of its own: the soak looks at the file as any SQLite
client would. The live project is never open()ed; only closed copies are hashed or copied.
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotator import services  # noqa: E402
from annotator.services import annotating, teamwork  # noqa: E402
from annotator.store import Store  # noqa: E402
from annotator.store_file import readonly_uri  # noqa: E402

SEEDS = REPO / "seeds"
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
    killed_mid_decision: int = 0  # kills that came between a key press and its acknowledgement
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
    finding_kinds: dict = field(default_factory=dict)  # category -> kind -> {"count", "reproducer"}
    lost_examples: list = field(default_factory=list)
    commands_by_kind: dict = field(default_factory=dict)  # concurrent command -> runs
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
            ("kills between a key press and its acknowledgement", self.killed_mid_decision),
            ("duplicate decisions in the window's layer", self.duplicates),
            ("integrity_check failures", self.integrity_failures),
            ("decisions the window reported not saved", self.not_saved),
            ("concurrent commands run", self.concurrent_commands),
            ("  of which refused with a message", self.commands_refused),
            ("fuzz inputs tried", self.fuzz_tried),
            ("  accepted", self.fuzz_accepted),
            ("  refused cleanly", self.fuzz_refused),
            ("  refused (or crashed) but the project changed", self.fuzz_changed_on_refusal),
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
    """Rows beyond the first for one candidate, or for one added span (same place and label),
    in ``layer``: what the schema's unique indexes refuse."""
    conn = connect_ro(path)
    try:
        on_candidate = conn.execute(
            "SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM annotations n JOIN annotators a "
            "ON a.id = n.annotator_id WHERE a.name = ? AND n.candidate_key IS NOT NULL "
            "GROUP BY n.doc_id, n.candidate_key)", [layer],
        ).fetchone()[0]
        same_span = conn.execute(
            "SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM annotations n JOIN annotators a "
            "ON a.id = n.annotator_id WHERE a.name = ? AND n.candidate_key IS NULL "
            "GROUP BY n.doc_id, n.span_start, n.span_end, n.label)",
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
