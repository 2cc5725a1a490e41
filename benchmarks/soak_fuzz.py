"""The soak's fuzz phase: hostile inputs through the real readers, in process, on a copy
of a project — articles (txt/JSONL/CSV), annotation files (native, doccano, spaCy, Label
Studio) and packages (SQL edits and byte corruption). Each must be taken or refused with an
``AnnotatorError``; anything else (a hang included) is a traceback, and one reproducer per
kind is kept. A refusal must leave the project unchanged (a digest of its SQL dump), a merge
must not write into the package, and inputs the issue says must be refused are counted when
they are taken.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from soak_project import SEEDS, Figures, decide_some, digest, log, make_package, make_project, write_corpus

from annotator import services
from annotator.errors import AnnotatorError
from annotator.export import ExportOptions, export_project
from annotator.services import teamwork
from annotator.store import Store


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
    findings.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base, findings / "project.annotator")  # closed: the project reproducers start from
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
        originals = inputs / "originals"  # the inputs as given, for reproducers
        originals.mkdir()
        for path in case.files:
            if path.is_file():
                shutil.copyfile(path, originals / path.name)
        outcome, detail = run_case(case, working)
        changed = digest(working) != pristine
        kind = f"{case.reader}: {case.mutation}"
        if outcome == "accepted":
            figures.fuzz_accepted += 1
            if case.must_refuse:
                figures.fuzz_bad_accepted += 1
                note(figures, findings, case, "must-refuse input accepted", kind)
        elif outcome == "refused":
            figures.fuzz_refused += 1
        else:
            first = f"{case.reader}: {detail['kind']}" not in figures.traceback_kinds
            figures.traceback(f"{case.reader}: {detail['kind']}", detail["text"])
            if first:
                entry = figures.traceback_kinds[f"{case.reader}: {detail['kind']}"]
                entry["reproducer"], entry["mutation"] = keep(case, findings, "traceback", f"{case.reader} {detail['kind']}"), case.mutation
        if changed and outcome != "accepted":
            figures.fuzz_changed_on_refusal += 1
            note(figures, findings, case, "refused (or crashed) but the project changed", kind)
        if case.reader == "merge" and [file_digest(p) for p in case.files] != before_package:
            figures.fuzz_package_written += 1
            note(figures, findings, case, "merge wrote into the package", kind)
        if changed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{working}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(base, working)
        if progress and number % 50 == 0:
            log(f"fuzz {number:5d}: accepted {figures.fuzz_accepted}, refused {figures.fuzz_refused}, "
                f"tracebacks {len(figures.traceback_kinds)} kind(s) / {figures.tracebacks}")
    signal.signal(signal.SIGALRM, signal.SIG_DFL)


def note(figures: Figures, findings: Path, case: FuzzCase, category: str, kind: str) -> None:
    """Count a finding by its kind; keep the first input of each kind as a reproducer."""
    entry = figures.finding_kinds.setdefault(category, {}).setdefault(kind, {"count": 0})
    entry["count"] += 1
    if entry["count"] == 1:
        entry["reproducer"] = keep(case, findings, category, kind)


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
        original = path.parent / "originals" / path.name
        if original.is_file():
            shutil.copyfile(original, folder / path.name)
    call = {"articles": "annotator import {files} --db PROJECT",
            "annotations": f"annotator import {{files}} --annotator {case.annotator} --db PROJECT",
            "merge": "annotator merge {files} --db PROJECT"}[case.reader]
    (folder / "README.txt").write_text(
        f"{what}: {kind}\nmutation: {case.mutation}\nreproduce on a copy of ../project.annotator "
        f"(5 documents from seeds/, candidates, alice's decisions):\n"
        "  cp ../project.annotator /tmp/p.annotator\n  "
        + call.format(files=" ".join(p.name for p in case.files)).replace("PROJECT", "/tmp/p.annotator") + "\n",
        encoding="utf-8")
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
    how = "fifo" if rng.random() < 0.004 else rng.choice(BYTE_MUTATIONS * 3 + (  # a fifo costs its timeout today
        "BOM only", "whitespace only", "huge line", "deep JSON nesting", "5000-digit int", "lone surrogate escape",
        "unterminated CSV quote", "empty", "NUL after 64 KiB", "JSON not an object", "valid"))
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
        value = rng.choice(("weird", 5, ""))
        rng.choice(spans)["status"] = value
        how, must = f"status {value!r}", True
    elif how == "uncertain" and fmt == "native" and spans:
        value = rng.choice(("no", "yes", 2, "false"))
        rng.choice(spans)["uncertain"] = value
        how, must = f"uncertain {value!r}", True
    elif how == "span text" and fmt in ("native", "spacy") and spans:
        rng.choice(spans)["text"] = "不是这段"
        must = True
    elif how == "missing key" and record:
        target = rng.choice(spans) if spans and rng.random() < 0.6 else (record["data"] if fmt == "label-studio" else record)
        if isinstance(target, dict) and target:
            key = rng.choice(list(target))
            del target[key]
            how = f"missing key {key!r}"
    elif how == "wrong type" and record:
        key = {"native": "spans", "spacy": "spans", "doccano": "label", "label-studio": "annotations"}[fmt]
        value = rng.choice(({"start": 1}, "spans", 7, [[1]], [None]))
        record[key] = value
        how = f"wrong type: {key} = {json.dumps(value)}"
    elif how == "text" and record:
        value = rng.choice(("", 123, "含\x00空字符", "孤\ud800", None))
        if fmt == "label-studio":
            record["data"]["text"] = value
        else:
            record["text"] = value
        how, must = f"text {value!r}", True
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
    ("layer renamed to gold", "DELETE FROM annotators WHERE name = 'gold'; UPDATE annotators SET name = 'gold' WHERE kind = 'annotator'", True),
    ("document text changed (hash mismatch)", "UPDATE documents SET text = text || '改'", True),
    ("document text with NUL", "UPDATE documents SET text = text || char(0)", True),
    ("uid collision with the project", "UPDATE annotations SET uid = '{uid}' WHERE id = (SELECT min(id) FROM annotations)", True),
    ("codebook removed", "DELETE FROM project WHERE key = 'codebook'", False),
    ("codebook garbage", "UPDATE project SET value = '{{not json' WHERE key = 'codebook'", False),  # merge checks labels against the project's codebook
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
        if not edit_package(target, sql.format(uid=samples.known_uid)):
            name, must = f"{name} (the edit did not take)", False  # the package is as it was
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


def edit_package(path: Path, sql: str) -> bool:
    """Edit a package as a hostile hand would: CHECK constraints and foreign keys off.
    Whether the edit took (a statement refused, or an UPDATE/DELETE of no row, did not)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("BEGIN")
        for statement in filter(str.strip, sql.split(";")):
            before = conn.total_changes
            conn.execute(statement)
            if statement.lstrip().upper().startswith(("UPDATE", "DELETE")) and conn.total_changes == before:
                conn.execute("ROLLBACK")
                return False
        conn.execute("COMMIT")
        return True
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return False
    finally:
        conn.close()


def make_case(samples: Samples, folder: Path, rng: random.Random) -> FuzzCase:
    kind = rng.choices(("articles", "annotations", "merge"), (4, 4, 2))[0]
    return {"articles": article_case, "annotations": annotation_case, "merge": package_case}[kind](samples, folder, rng)
