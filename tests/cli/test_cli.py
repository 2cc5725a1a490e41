"""The annotator command, driven through click's CliRunner and as a real subprocess."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import services, textio
from annotator.cli import main, store_for_import


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def sqlite_files(project: Path) -> list[str]:
    """The project file and SQLite's companions that exist."""
    return [name for name in (project.name, f"{project.name}-wal", f"{project.name}-shm", f"{project.name}-journal")
            if (project.parent / name).exists()]


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
    # The project did not exist: a refused import creates nothing.
    assert sqlite_files(project_path) == []


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


@pytest.mark.parametrize("kind", ["articles", "annotations"])
def test_a_bad_file_given_to_a_new_project_creates_nothing(runner: CliRunner, tmp_path: Path, kind: str) -> None:
    bad = tmp_path / "bad.jsonl"
    if kind == "annotations":
        bad.write_text('{"text": "确保总投资", "label": [[0, 2, "TARGET"]]}\n{"text": "坏", "label": [[0, 1.5, "TARGET"]]}\n', encoding="utf-8")
    else:
        bad.write_text('{"text": "确保总投资"}\n{"text": "坏\\ud800"}\n', encoding="utf-8")
    project = tmp_path / "new" / "deeper" / "new.db"
    extra = ["--annotator", "dave"] if kind == "annotations" else []
    result = runner.invoke(main, ["import", str(bad), "--db", str(project), *extra])
    assert result.exit_code == 1
    assert f"{bad}:2:" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "new").exists()  # neither the project nor the folders made for it


def test_a_bad_file_given_to_an_existing_project_leaves_it(runner: CliRunner, tmp_path: Path, seeds: Path, project_path: Path) -> None:
    assert runner.invoke(main, ["import", str(seeds), "--db", str(project_path)]).exit_code == 0
    before = runner.invoke(main, ["info", "--json", "--db", str(project_path)]).output
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xef\xbb\xbf")  # only a BOM
    result = runner.invoke(main, ["import", str(bad), "--db", str(project_path)])
    assert result.exit_code == 1 and f"{bad}: empty file" in result.output
    assert project_path.exists()
    assert runner.invoke(main, ["info", "--json", "--db", str(project_path)]).output == before


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()  # only once no process has the project open


@pytest.mark.parametrize("annotations", [False, True])
def test_importing_the_project_file_into_itself_is_refused(runner: CliRunner, tmp_path: Path, seeds: Path, annotations: bool) -> None:
    project = tmp_path / "p.db"
    assert runner.invoke(main, ["import", str(seeds), "--db", str(project)]).exit_code == 0
    alias = tmp_path / "alias.jsonl"
    alias.symlink_to(project)
    before = digest(project)
    for given in (project, alias):
        extra = ["--annotator", "dave"] if annotations else []
        result = runner.invoke(main, ["import", str(given), "--db", str(project), *extra])
        assert result.exit_code == 1, result.output
        assert f"{given}: this is the project file itself" in result.output
    assert digest(project) == before


def test_fifo_and_device_are_refused_at_once_by_a_real_process(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    project = tmp_path / "p.db"
    for given in (fifo, Path("/dev/zero")):
        result = subprocess.run(  # a hang would be an open() of the FIFO waiting for a writer
            [sys.executable, "-m", "annotator", "import", str(given), "--db", str(project)],
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 1
        assert f"{given}: not a regular file" in result.stderr and "Traceback" not in result.stderr
    assert sqlite_files(project) == []


def test_non_utf8_file_names_import_and_print_in_a_real_process(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    good = os.path.join(folder, "吉安".encode("gb18030") + b".txt")
    bad = os.path.join(folder, b"\xff\xfe.txt")
    with open(good, "wb") as handle:
        handle.write("确保总投资达300亿元".encode())
    with open(bad, "wb") as handle:
        handle.write(b"\x00")
    project = tmp_path / "p.db"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # strict stdout: an unprintable name would raise
    run = lambda *args: subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, env=env, timeout=120)  # noqa: E731
    refused = run("import", bad, "--db", str(project))
    assert refused.returncode == 1 and b"Traceback" not in refused.stderr
    assert b"\\xff\\xfe.txt:1: binary file" in refused.stderr
    imported = run("import", good, "--db", str(project))
    assert imported.returncode == 0, imported.stderr
    exported = tmp_path / "out.jsonl"
    assert run("export", "--db", str(project), "--layer", "candidates", "--out", str(exported)).returncode == 0
    [record] = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert os.fsencode(textio.path_from_source_text(record["annotator"]["source_path"])) == good


def test_a_project_named_in_bytes_that_are_not_utf8_reports_in_a_real_process(tmp_path: Path) -> None:
    article = tmp_path / "a.jsonl"
    article.write_text('{"text": "好"}\n', encoding="utf-8")
    project = os.path.join(os.fsencode(tmp_path), b"\xff.db")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # strict stdout: an unprintable name would raise
    result = subprocess.run([sys.executable, "-m", "annotator", "import", str(article), "--db", project],
                            capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert b"into " + os.fsencode(tmp_path) + b"/\\xff.db." in result.stdout
    assert os.path.exists(project)  # the import stands


def test_an_import_that_committed_is_never_removed(tmp_path: Path) -> None:
    """The clean-up of a new project is for refused imports only: a fault after the commit
    (here: while the report is printed) leaves the imported project in place."""
    article = tmp_path / "a.jsonl"
    article.write_text('{"text": "好"}\n', encoding="utf-8")
    project = tmp_path / "new.db"
    with pytest.raises(KeyboardInterrupt):
        with store_for_import(project) as store:
            services.import_paths(store, [article])
            raise KeyboardInterrupt  # e.g. Ctrl-C right after the commit
    assert project.exists()
    with pytest.raises(KeyboardInterrupt):
        with store_for_import(tmp_path / "other.db"):
            raise KeyboardInterrupt  # before anything was imported: nothing is left
    assert sqlite_files(tmp_path / "other.db") == []
