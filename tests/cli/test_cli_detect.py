"""annotator detect / candidates / rules."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main

LABELS = {"SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT"}


def project(tmp_path: Path, seeds: Path) -> str:
    db = str(tmp_path / "p.db")
    assert CliRunner().invoke(main, ["import", str(seeds), "--db", db]).exit_code == 0
    return db


def test_detect_then_candidates(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    runner = CliRunner()
    first = runner.invoke(main, ["detect", "--db", db])
    assert first.exit_code == 0, first.output
    assert "Detected candidates in 5 document(s); 0 unchanged" in first.output
    second = runner.invoke(main, ["detect", "--db", db, "--jobs", "2"])
    assert "Detected candidates in 0 document(s); 5 unchanged" in second.output
    listed = runner.invoke(main, ["candidates", "--db", db])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert {row["label"] for row in rows} == LABELS
    assert set(rows[0]) == {"doc_id", "title", "start", "end", "label", "text", "rule", "score"}
    assert {row["doc_id"] for row in rows} == {1, 2, 3, 4, 5}


def test_candidates_filters(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    runner = CliRunner()
    runner.invoke(main, ["detect", "--db", db])
    listed = runner.invoke(main, ["candidates", "--db", db, "--doc", "2", "--label", "HONOUR"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert rows and all(r["doc_id"] == 2 and r["label"] == "HONOUR" for r in rows)
    assert any("示范縣" in r["text"] for r in rows)  # traditional text, original characters


def test_rules_table(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    runner = CliRunner()
    runner.invoke(main, ["detect", "--db", db])
    result = runner.invoke(main, ["rules", "--db", db])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["rule", "candidates", "accepted", "relabelled", "rejected", "precision"]
    assert any(line.startswith("slogan:quoted") for line in lines)


def test_detect_with_a_broken_codebook_fails_cleanly(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nversion = "1"\n[[category]]\nid = "A"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["detect", "--db", db, "--codebook", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: category 1 (A): missing field 'key'" in result.output


def test_candidates_as_one_annotator_sees_them(tmp_path: Path) -> None:
    """What alice taught is listed with --annotator alice only; bob and the plain list never see it."""
    from annotator import services
    from annotator.store import Store

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("甲县\n今年全面推行吉事即办改革。", encoding="utf-8")
    (folder / "b.txt").write_text("乙县\n我们学习吉事即办经验。", encoding="utf-8")
    db = tmp_path / "p.db"
    with Store.open(db) as store:
        services.import_paths(store, [folder])
        services.detect_project(store)
        a = next(store.documents())
        start = a.text.index("吉事即办")
        services.add_span(store, "alice", a.id, start, start + 4, "SLOGAN")
        services.add_span(store, "bob", a.id, 0, 2, "HONOUR")  # bob exists, taught nothing of this
    runner = CliRunner()

    def learned(*options: str) -> list[tuple]:
        result = runner.invoke(main, ["candidates", "--db", str(db), *options])
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in result.output.splitlines()]
        return [(r["doc_id"], r["text"], r["rule"]) for r in rows if r["rule"].startswith("learned:")]

    assert learned("--annotator", "alice") == [(2, "吉事即办", "learned:SLOGAN")]
    assert learned() == []
    assert learned("--annotator", "bob") == []
    unknown = runner.invoke(main, ["candidates", "--db", str(db), "--annotator", "carol"])
    assert unknown.exit_code == 1 and "no annotator 'carol'" in unknown.output and str(db) in unknown.output
