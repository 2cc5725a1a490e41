"""brat's files made by a writer process (annotator/export/folder.py): the same bytes as made in
this process, and all or nothing when either process fails -- no folder left, the error naming
the file under the path the user gave, the writer stopped before the folder is removed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.export import ExportError, ExportOptions, export_project
from annotator.export import folder as writer_module
from annotator.export.folder import FileMaker
from annotator.progress import Cancelled
from annotator.store import Store
from test_export import listing, project  # noqa: F401  (the fixture: seeds, astral text, alice's layer)
from test_export_golden import build, exported, golden


@pytest.fixture
def always_a_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every brat export starts the writer process, however few its files."""
    monkeypatch.setattr(writer_module, "IN_PROCESS_FILES", 0)


def brat_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.startswith("brat-")}


def test_the_writer_process_writes_the_golden_bytes(tmp_path: Path, always_a_writer: None) -> None:
    with build(tmp_path) as store:
        files = brat_files(exported(store, tmp_path))
    expected = brat_files(golden())
    assert files and files == expected


def test_a_small_export_starts_no_writer(project: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = []
    monkeypatch.setattr(FileMaker, "_start", lambda self: started.append(self))
    export_project(project, tmp_path / "b", ExportOptions(layer="alice", format="brat"))
    assert started == [] and len(list((tmp_path / "b").glob("*.ann"))) == 3


def test_without_an_interpreter_to_start_the_files_are_written_here(
        project: Store, tmp_path: Path, always_a_writer: None, monkeypatch: pytest.MonkeyPatch) -> None:
    here = export_project(project, tmp_path / "here", ExportOptions(layer="alice", format="brat"))
    monkeypatch.setattr(writer_module.sys, "executable", str(tmp_path / "no-such-python"))
    fallback = export_project(project, tmp_path / "fallback", ExportOptions(layer="alice", format="brat"))
    assert listing(Path(fallback.files[0])) == listing(Path(here.files[0]))


def _taken_by_someone(folder: Path, name: str):
    """A progress callback that, at the first document, puts a folder named ``name`` in the
    export's hidden folder (another program, say): making that file fails with EEXIST."""

    def progress(done: int, total: int) -> None:
        if done == 1:
            (hidden,) = [p for p in folder.iterdir() if p.name.endswith(".partial") and p.is_dir()]
            (hidden / name).mkdir()

    return progress


@pytest.mark.parametrize("writer", ["process", "here"])
def test_a_file_that_cannot_be_made_leaves_nothing_and_is_named(
        project: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str) -> None:
    if writer == "process":
        monkeypatch.setattr(writer_module, "IN_PROCESS_FILES", 0)
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "notes.txt").write_bytes(b"mine")
    with pytest.raises(ExportError) as failure:
        export_project(project, folder / "b", ExportOptions(layer="alice", format="brat"),
                       progress=_taken_by_someone(folder, "6_alice.ann"))
    # the file under the name the user gave (not our hidden folder), and the cause
    assert str(failure.value).startswith(f"{folder / 'b' / '6_alice.ann'}: cannot write the export (")
    assert "exists" in str(failure.value) and str(failure.value).endswith("nothing was written")
    assert ".partial" not in str(failure.value)
    assert listing(folder) == {"notes.txt": b"mine"}  # no folder, no manifest, nothing partial


def test_a_writer_that_fails_while_fed_reports_its_own_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "CHUNK", 1)  # every file sent at once: the pipe breaks while feeding it
    (tmp_path / "a").mkdir()
    maker = FileMaker(tmp_path, in_process_files=0)
    with pytest.raises(OSError) as failure:
        for number in range(400):  # 40 MB: far more than the pipe holds once the writer is gone
            maker.add("a" if number == 0 else f"f{number}", b"x" * 100_000)
        maker.finish()
    assert failure.value.filename == str(tmp_path / "a")
    assert maker.writer is None  # ended and waited for
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]  # it stopped at the first failure


def test_a_cancelled_export_stops_the_writer_before_removing_its_folder(
        project: Store, tmp_path: Path, always_a_writer: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "CHUNK", 1)  # the writer is making files when the export is cancelled
    folder = tmp_path / "out"
    folder.mkdir()
    stopped = []  # the writer processes being stopped
    abort = FileMaker.abort
    monkeypatch.setattr(FileMaker, "abort", lambda self: (stopped.append(self.writer), abort(self))[1])
    calls = iter(range(100))

    def cancel_at_the_second_document() -> bool:
        return next(calls) == 1

    with pytest.raises(Cancelled):
        export_project(project, folder / "b", ExportOptions(layer="alice", format="brat"),
                       cancelled=cancel_at_the_second_document)
    (writer,) = stopped
    assert writer is not None and writer.returncode is not None  # it had started, and has ended (waited for)
    assert listing(folder) == {}


def test_the_writer_makes_exactly_the_bytes_given(tmp_path: Path) -> None:
    contents = {f"{n}_名.txt": os.urandom(n * 211) for n in range(300)}  # empty, small, large; any bytes
    maker = FileMaker(tmp_path, in_process_files=0)
    for name, data in contents.items():
        maker.add(name, data)
    maker.finish()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == contents
