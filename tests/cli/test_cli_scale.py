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
