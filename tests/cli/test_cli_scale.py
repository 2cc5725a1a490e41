"""annotator apply / summarize / sample: the loop sample → import → detect → apply → summarize
from the command line, and their refusals as one-line errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from annotator.cli import main


def corpus(tmp_path: Path, seeds: Path) -> Path:
    """The demo articles as JSONL with county and year, plus one bad line."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = []
    for number, path in enumerate(sorted(seeds.glob("*.txt"))):
        text = path.read_text("utf-8")
        lines.append(json.dumps({"id": f"a{number}", "text": text,
                                 "meta": {"county": ["甲县", "乙县"][number % 2], "year": 2020 + number % 2}}, ensure_ascii=False))
    lines.insert(2, "not json")
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_the_loop_from_the_command_line(tmp_path: Path, seeds: Path) -> None:
    runner = CliRunner()
    folder = corpus(tmp_path, seeds)
    db, out = str(tmp_path / "p.db"), tmp_path / "run"
    picked = runner.invoke(main, ["sample", str(folder), "--n", "3", "--by", "county", "--out", str(tmp_path / "s.jsonl")])
    assert picked.exit_code == 0, picked.output
    assert "3 document(s) picked" in picked.output and "news.jsonl:3" in picked.output  # the bad line named
    assert runner.invoke(main, ["import", str(tmp_path / "s.jsonl"), "--db", db]).exit_code == 0
    assert runner.invoke(main, ["detect", "--db", db]).exit_code == 0

    applied = runner.invoke(main, ["apply", str(folder), "--project", db, "--out", str(out), "--workers", "1"])
    assert applied.exit_code == 0, applied.output
    assert "to 5 document(s) in 1 partition(s)" in applied.output
    assert "1 bad file(s) or record(s) skipped" in applied.output
    assert json.loads((out / "bad_records.jsonl").read_text("utf-8"))["line"] == 3
    candidates = pq.read_table(out / "candidates").to_pylist()
    assert candidates and set(candidates[0]) == {"doc_key", "start", "end", "label", "rule", "score", "text"}
    again = runner.invoke(main, ["apply", str(folder), "--db", db, "--out", str(out)])
    assert "(1 finished earlier, skipped)" in again.output

    table = runner.invoke(main, ["summarize", str(out), "--by", "county,year", "--html", str(tmp_path / "r.html")])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].split()[:4] == ["county", "year", "docs", "cands"]
    assert "甲县" in table.output and (tmp_path / "r.html").read_text("utf-8").count("<svg") == 2
    as_csv = runner.invoke(main, ["summarize", str(out), "--by", "county", "--csv", "-"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert sorted(r["county"] for r in rows) == ["乙县", "甲县"]
    assert sum(int(r["candidates"]) for r in rows) == len(candidates)


def test_refusals_are_one_line(tmp_path: Path, seeds: Path) -> None:
    runner = CliRunner()
    folder = corpus(tmp_path, seeds)
    nowhere = runner.invoke(main, ["apply", str(folder), "--project", str(tmp_path / "none.db"), "--out", str(tmp_path / "o")])
    assert nowhere.exit_code == 1 and "none.db: no such project" in nowhere.output and not (tmp_path / "o").exists()
    db = str(tmp_path / "p.db")
    assert runner.invoke(main, ["import", str(seeds), "--db", db]).exit_code == 0
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    refused = runner.invoke(main, ["apply", str(folder), "--db", db, "--out", str(tmp_path / "full"), "--workers", "1"])
    assert refused.exit_code == 1 and "not empty" in refused.output and "Traceback" not in refused.output
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["notes.txt"]
    both = runner.invoke(main, ["apply", str(folder), "--out", str(tmp_path / "o"), "--workers", "2", "--scheduler", "tcp://x:1"])
    assert both.exit_code == 2 and "give one of them" in both.output
    missing = runner.invoke(main, ["summarize", str(folder), "--by", "county"])
    assert missing.exit_code == 1 and "apply --out" in missing.output
    prefer = runner.invoke(main, ["sample", str(folder), "--n", "2", "--prefer", "dense", "--project", str(tmp_path / "none.db")])
    assert prefer.exit_code == 1 and "none.db" in prefer.output


def test_a_run_killed_with_sigkill_is_finished_by_the_next(tmp_path: Path, seeds: Path) -> None:
    """The whole process group (the command, its scheduler and workers) killed with SIGKILL
    after a few partitions: the rerun skips those, redoes the rest, and every document is
    there exactly once."""
    import os
    import signal
    import subprocess
    import sys
    import time

    runner = CliRunner()
    db = str(tmp_path / "p.db")
    assert runner.invoke(main, ["import", str(seeds), "--db", db]).exit_code == 0
    texts = [path.read_text("utf-8") for path in sorted(seeds.glob("*.txt"))]
    folder = tmp_path / "corpus"
    folder.mkdir()
    with (folder / "big.jsonl").open("w", encoding="utf-8") as handle:
        for number in range(600):
            text = f"第{number}篇\n" + texts[number % len(texts)][:1500]
            handle.write(json.dumps({"id": f"d{number}", "text": text}, ensure_ascii=False) + "\n")
    out = tmp_path / "run"
    command = [sys.executable, "-m", "annotator", "apply", str(folder), "--db", db, "--out", str(out),
               "--workers", "1", "--partition-size", "0.1"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if len(list((out / "done").glob("*.json"))) >= 2:
                break
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # our own process group: the command and the cluster it started
        process.wait()
    finished = len(list((out / "done").glob("*.json")))
    total = len(json.loads((out / "manifest.json").read_text("utf-8"))["partitions"])
    assert 2 <= finished < total, "the run must be killed midway"

    again = runner.invoke(main, ["apply", str(folder), "--db", db, "--out", str(out), "--workers", "1", "--partition-size", "0.1"])
    assert again.exit_code == 0, again.output
    assert f"({finished} finished earlier, skipped)" in again.output or f"finished earlier" in again.output
    keys = pq.read_table(out / "counts").column("doc_key").to_pylist()
    assert sorted(keys) == sorted(f"d{n}" for n in range(600))
    counts = pq.read_table(out / "counts").column("candidates").to_pylist()
    assert sum(counts) == pq.read_table(out / "candidates").num_rows > 0
