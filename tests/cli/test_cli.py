"""The annotator command, driven through click's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_import_then_info_shows_five_documents(runner: CliRunner, project_path: Path, seeds: Path) -> None:
    result = runner.invoke(main, ["import", str(seeds), "--db", str(project_path)])
    assert result.exit_code == 0, result.output
    assert "Imported 5 new document(s) from 5 file(s)" in result.output
    info = runner.invoke(main, ["info", "--db", str(project_path)])
    assert info.exit_code == 0, info.output
    assert "Documents:   5 (4 simplified, 1 traditional)" in info.output
    assert "gold" in info.output


def test_reimport_says_nothing_new(runner: CliRunner, project_path: Path, seeds: Path) -> None:
    runner.invoke(main, ["import", str(seeds), "--db", str(project_path)])
    again = runner.invoke(main, ["import", str(seeds), "--db", str(project_path)])
    assert again.exit_code == 0
    assert "Imported 0 new document(s)" in again.output
    assert "5 already in the project" in again.output


def test_info_json(runner: CliRunner, project_path: Path, seeds: Path) -> None:
    runner.invoke(main, ["import", str(seeds), "--db", str(project_path)])
    result = runner.invoke(main, ["info", "--json", "--db", str(project_path)])
    data = json.loads(result.output)
    assert data["documents"] == 5
    assert data["documents_by_script"] == {"simplified": 4, "traditional": 1}
    assert data["candidates"] == 0
    assert [layer["layer"] for layer in data["layers"]] == ["gold"]


def test_bad_file_exits_nonzero_with_file_and_line(runner: CliRunner, tmp_path: Path, project_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "好"}\n{"text": \n', encoding="utf-8")
    result = runner.invoke(main, ["import", str(bad), "--db", str(project_path)])
    assert result.exit_code == 1
    assert f"{bad}:2: malformed JSON" in result.output
    assert "the project is unchanged" in result.output
    info = runner.invoke(main, ["info", "--json", "--db", str(project_path)])
    assert json.loads(info.output)["documents"] == 0


def test_skip_bad_lists_the_bad(runner: CliRunner, tmp_path: Path, project_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "好"}\n[1, 2]\n', encoding="utf-8")
    result = runner.invoke(main, ["import", str(bad), "--skip-bad", "--db", str(project_path)])
    assert result.exit_code == 0
    assert "Imported 1 new document(s)" in result.output
    assert f"skipped: {bad}:2: expected a JSON object" in result.output


def test_csv_options(runner: CliRunner, tmp_path: Path, project_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("headline,body\n标题,正文内容\n", encoding="utf-8")
    missing = runner.invoke(main, ["import", str(path), "--db", str(project_path)])
    assert missing.exit_code == 1 and "no column 'text'" in missing.output and "'headline', 'body'" in missing.output
    ok = runner.invoke(main, ["import", str(path), "--text-column", "body", "--title-column", "headline", "--db", str(project_path)])
    assert ok.exit_code == 0, ok.output


def test_unsupported_encoding_option(runner: CliRunner, seeds: Path, project_path: Path) -> None:
    result = runner.invoke(main, ["import", str(seeds), "--encoding", "latin-1", "--db", str(project_path)])
    assert result.exit_code == 2
    assert "unsupported encoding" in result.output


def test_info_on_missing_project_fails_without_creating(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = runner.invoke(main, ["info", "--db", str(missing)])
    assert result.exit_code == 1 and "no such project" in result.output
    assert not missing.exists()


def test_foreign_database_is_refused(runner: CliRunner, tmp_path: Path, seeds: Path) -> None:
    foreign = tmp_path / "foreign.db"
    foreign.write_text("hello", encoding="utf-8")
    result = runner.invoke(main, ["import", str(seeds), "--db", str(foreign)])
    assert result.exit_code == 1 and "not an SQLite database" in result.output
    assert foreign.read_text(encoding="utf-8") == "hello"


def test_environment_variable_chooses_the_project(runner: CliRunner, isolated_default_project: Path, seeds: Path) -> None:
    result = runner.invoke(main, ["import", str(seeds)])
    assert result.exit_code == 0
    assert isolated_default_project.exists()
    assert str(isolated_default_project) in result.output


def test_bare_command_opens_the_window_on_the_demo_project(
    runner: CliRunner, isolated_default_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annotator.gui.app

    opened: list[tuple[int, int, str | None]] = []

    def fake_run(store, annotator):  # the window itself is tested in tests/gui
        opened.append((store.document_count(), store.summary().candidates, annotator))
        return 0

    monkeypatch.setattr(annotator.gui.app, "run", fake_run)
    first = runner.invoke(main, [])
    assert first.exit_code == 0, first.output
    assert "Created the demo project" in first.output
    second = runner.invoke(main, ["gui", "--annotator", "alice"])
    assert second.exit_code == 0 and "Created the demo project" not in second.output
    assert opened[0][0] == 5 and opened[0][1] > 100 and opened[0][2] is None
    assert opened[1] == (5, opened[0][1], "alice")


@pytest.mark.parametrize("args", [[], ["import"], ["info"], ["gui"], ["detect"], ["candidates"], ["rules"]])
def test_help_everywhere(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_console_script_runs_as_a_process(tmp_path: Path, seeds: Path) -> None:
    project = tmp_path / "p.db"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(seeds), "--db", str(project)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Imported 5" in result.stdout
