"""annotator check [--repair] [--json]: a table or JSON, exit status 0 when sound, 1 when not."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main


def project(tmp_path: Path, seeds: Path) -> str:
    db = str(tmp_path / "p.annotator.db")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(seeds), "--db", db]).exit_code == 0
    assert runner.invoke(main, ["detect", "--db", db]).exit_code == 0
    return db


def damage(db: str) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("INSERT INTO doc_state (doc_id, annotator_id, updated_at) VALUES (12345, 1, 't')")
    conn.execute("UPDATE candidates SET span_end = 100000 WHERE id = (SELECT min(id) FROM candidates)")
    conn.close()


def test_sound_project_exits_0(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    result = CliRunner().invoke(main, ["check", "--db", db])
    assert result.exit_code == 0, result.output
    assert "No problems found." in result.output and "file integrity" in result.output


def test_problems_exit_1_then_repair_then_clean(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    damage(db)
    runner = CliRunner()
    found = runner.invoke(main, ["check", "--db", db])
    assert found.exit_code == 1
    assert "doc 12345, doc_state 1: its document is missing" in found.output
    assert "spans outside their document's text" in found.output and "annotator check --repair" in found.output

    repaired = runner.invoke(main, ["check", "--db", db, "--repair"])
    assert repaired.exit_code == 0, repaired.output
    backup = next(line.split(": ", 1)[1] for line in repaired.output.splitlines() if line.startswith("Backup written"))
    assert Path(backup).exists() and Path(backup).parent == Path(db).parent
    assert "Fixed: 1 orphan row(s) deleted" in repaired.output
    assert "Fixed: 1 span(s) outside their text deleted" in repaired.output
    assert "No problems left." in repaired.output

    again = runner.invoke(main, ["check", "--db", db, "--json"])
    assert again.exit_code == 0
    data = json.loads(again.output)
    assert data["clean"] is True and all(f["count"] == 0 for f in data["findings"])


def test_json_lists_findings_with_examples(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    damage(db)
    result = CliRunner().invoke(main, ["check", "--db", db, "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    orphans = next(f for f in data["findings"] if f["code"] == "orphans")
    assert orphans["count"] == 1 and orphans["examples"][0] == {
        "table": "doc_state", "row": 1, "doc_id": 12345, "detail": "its document is missing"}
    assert data["clean"] is False and data["corrupt"] is False


def test_missing_project_is_a_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "none.annotator.db"
    result = CliRunner().invoke(main, ["check", "--db", str(missing)])
    assert result.exit_code == 1 and "no such project" in result.output and "Traceback" not in result.output
    assert not missing.exists()


def test_a_damaged_file_is_a_sentence_backed_up_not_repaired(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'candidates'").fetchone()[0]
    conn.close()
    data = bytearray(Path(db).read_bytes())  # no process has the file open
    start = (root - 1) * page_size
    data[start + 8: start + page_size - 100] = b"\x5a" * (page_size - 108)
    Path(db).write_bytes(bytes(data))
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "--db", db])
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    assert "The file is damaged; nothing was repaired." in checked.output and ".recover" in checked.output
    repaired = runner.invoke(main, ["check", "--db", db, "--repair"])
    assert repaired.exit_code == 1 and "A backup is at" in repaired.output
    assert len(list(tmp_path.glob("p.backup-*.annotator.db"))) == 1
