"""Integer options and id files: a number SQLite cannot hold (or a machine cannot run) is a
sentence, never an OverflowError traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main

HUGE = "99999999999999999999"  # above SQLite's 64-bit integers


@pytest.fixture
def db(tmp_path: Path, seeds: Path) -> str:
    path = str(tmp_path / "p.annotator.db")
    assert CliRunner().invoke(main, ["import", str(seeds), "--db", path]).exit_code == 0
    return path


@pytest.mark.parametrize("args, option", [
    (["candidates", "--doc", HUGE], "--doc"),
    (["candidates", "--doc", "-1"], "--doc"),
    (["detect", "--jobs", HUGE], "--jobs"),
    (["export", "--seed", HUGE, "--split", "a=0.5,b=0.5"], "--seed"),
    (["package", "--annotator", "x", "--docs", HUGE, "--out", "never.db"], "--docs"),
])
def test_out_of_range_numbers_are_sentences(db: str, tmp_path: Path, args: list[str], option: str) -> None:
    result = CliRunner().invoke(main, [*args, "--db", db])
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}'" in result.output and "not in the range" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "never.db").exists()


def test_candidates_of_a_missing_document_is_a_sentence(db: str) -> None:
    result = CliRunner().invoke(main, ["candidates", "--doc", "424242", "--db", db])
    assert result.exit_code == 1 and "no document with id 424242" in result.output


def test_an_id_file_with_a_huge_number_names_the_line(db: str, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text(f"1\n\n{HUGE}\n", encoding="utf-8")
    out = tmp_path / "pk.annotator.db"
    result = CliRunner().invoke(main, ["package", "--db", db, "--annotator", "x", "--ids", str(ids), "--out", str(out)])
    assert result.exit_code == 1 and f"{ids}:3: expected a document id" in result.output
    assert "Traceback" not in result.output and not out.exists()
