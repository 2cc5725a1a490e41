"""The floor under ``annotator import tasks.json``: the least any importer of that file into
a project of our schema must do, as a bare script with none of our checks.

    python benchmarks/import_floor.py TASKS.json EMPTY_PROJECT [--bare-sqlite]

Reads and parses the Label Studio JSON array with orjson (a line at a time, as ours), makes
one ``documents`` row per task (sha256 of the text, as ours) and one ``annotations`` row per
span (uids made as ours: random, sorted so that the unique index takes them in one walk), and
writes them in one transaction (the documents by ``executemany``, the spans as the store
writes them: bound into a temporary table, then one ``INSERT … SELECT``), with the project's own settings
(WAL, ``synchronous=FULL``, foreign keys on). No decoding proof, no nesting or offset check,
no matching against stored documents, no script detection, no journal: what is left is the
parse and SQLite's own work of storing the rows and their indexes.

Prints one JSON object: seconds of start-up (interpreter and imports), reading and parsing,
making the rows, and writing (inserts and commit). ``bench_vs_labelstudio.py`` runs it as a
whole process on a copy of an empty project, beside our import, so that its figures say how
far our import is from the floor, and how far the floor itself is from a target.

``--bare-sqlite`` goes further than any importer of ours may: the annotations table's indexes
dropped, no journal, no fsync (``journal_mode=OFF``, ``synchronous=OFF``) — what SQLite itself
needs to take these rows on this machine, with no durability and no way to look them up.
"""

import time

STARTED = time.perf_counter()

import gc  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402

import orjson  # noqa: E402

DOCUMENT_COLUMNS = ("title, text, text_hash, script, source_path, source_line, source_hash, encoding, external_id, "
                    "meta, imported_at")
ANNOTATION_COLUMNS = ("doc_id, annotator_id, span_start, span_end, label, status, candidate_id, candidate_key, comment, "
                      "uncertain, codebook_version, created_at, updated_at, uid")


def parse(data: bytes) -> list:
    """The array, one task a line as the benchmark writes it (and as our import reads such a
    file: orjson on each line is much quicker than on the 91 MB array at once); any other
    layout as one value."""
    lines = data.split(b"\n")
    if lines[0].strip() != b"[":
        return orjson.loads(data)
    return [orjson.loads(line.rstrip(b",")) for line in lines[1:] if line.strip() not in (b"", b"]")]


def rows_of(tasks: list, source: str) -> tuple[list[tuple], list[tuple]]:
    """Document rows, and span rows as (task number, start, end, label)."""
    documents, spans = [], []
    for number, task in enumerate(tasks, start=1):
        data = task["data"]
        text = data["text"]
        documents.append((data.get("title", ""), text, hashlib.sha256(text.encode()).hexdigest(), "simplified", source,
                          number, "-", "utf-8", None, "{}", "now"))
        for result in task["annotations"][0]["result"]:
            value = result["value"]
            spans.append((number, value["start"], value["end"], value["labels"][0]))
    return documents, spans


def write(project: str, documents: list[tuple], spans: list[tuple], bare: bool = False) -> None:
    conn = sqlite3.connect(project, isolation_level=None)
    conn.execute(f"PRAGMA journal_mode={'OFF' if bare else 'WAL'}")
    conn.execute(f"PRAGMA synchronous={'OFF' if bare else 'FULL'}")
    conn.execute("PRAGMA foreign_keys=ON")
    if bare:
        indexes = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'annotations' "
                               "AND sql IS NOT NULL").fetchall()
        for (name,) in indexes:
            conn.execute(f"DROP INDEX {name}")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO annotators (name, kind, created_at) VALUES ('floor', 'annotator', 'now')")
    layer = conn.execute("SELECT id FROM annotators WHERE name = 'floor'").fetchone()[0]
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0]
    conn.executemany(f"INSERT INTO documents ({DOCUMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", documents)
    digits = os.urandom(16 * len(spans)).hex()
    uids = sorted(digits[i: i + 32] for i in range(0, 32 * len(spans), 32))
    # The quickest way known here (the store's own): four values and a uid a row bound into a
    # temporary table, then one INSERT … SELECT adds what every row shares.
    conn.execute("CREATE TEMP TABLE spans (doc INTEGER, span_start INTEGER, span_end INTEGER, label TEXT, uid TEXT)")
    conn.executemany("INSERT INTO temp.spans VALUES (?, ?, ?, ?, ?)", map(tuple.__add__, spans, zip(uids)))
    conn.execute(
        f"INSERT INTO annotations ({ANNOTATION_COLUMNS}) SELECT doc + {first - 1}, {layer}, span_start, span_end, label, "
        "'added', NULL, NULL, '', 0, NULL, 'now', 'now', uid FROM temp.spans ORDER BY rowid")
    conn.execute("COMMIT")
    conn.close()


def main() -> None:
    tasks_path, project = sys.argv[1], sys.argv[2]
    bare = "--bare-sqlite" in sys.argv[3:]
    gc.disable()  # as our import: millions of parsed objects, no cycle among them
    imported = time.perf_counter()
    with open(tasks_path, "rb") as handle:
        tasks = parse(handle.read())
    parsed = time.perf_counter()
    documents, spans = rows_of(tasks, tasks_path)
    made = time.perf_counter()
    write(project, documents, spans, bare)
    written = time.perf_counter()
    print(json.dumps({"start": imported - STARTED, "parse": parsed - imported, "rows": made - parsed,
                      "write": written - made, "spans": len(spans)}))


if __name__ == "__main__":
    main()
