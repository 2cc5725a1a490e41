"""The codebook and the detection resources are data; broken files fail with file and entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.codebook import load_codebook
from annotator.errors import InputError
from annotator.resources import load_resources
from annotator.segment import segmenter_for

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO / "resources" / "codebook.toml"


def test_default_codebook() -> None:
    codebook = load_codebook()
    assert codebook.labels == ("SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT")
    assert [c.key for c in codebook.categories] == ["1", "2", "3", "4", "5"]
    assert codebook.category("TARGET").name_zh == "目标/指标"
    assert all(c.colour.startswith("#") and c.examples and c.boundaries for c in codebook.categories)
    assert codebook.version


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = DEFAULT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "codebook.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('id = "TARGET"', 'id = "SLOGAN"', r"category 2 \(SLOGAN\): id 'SLOGAN' is already used by category 1"),
        ('key = "2"', 'key = "1"', r"category 2 \(TARGET\): key '1' is already used by category 1"),
        ('colour = "#1f77b4"', 'colour = "blue"', r"category 2 \(TARGET\): colour 'blue' is not of the form #RRGGBB"),
        ('name_zh = "荣誉/称号"\n', "", r"category 4 \(HONOUR\): missing field 'name_zh'"),
        ('key = "5"', 'key = "x"', r"category 5 \(ACHIEVEMENT\): key 'x' must be one digit"),
        ('version = "1.0"', "", r"top-level 'version'"),
        ('[[category]]\nid = "SLOGAN"', '[[category]\nid = "SLOGAN"', "not valid TOML"),
    ],
)
def test_broken_codebook_names_file_and_entry(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = broken(tmp_path, old, new)
    with pytest.raises(InputError, match=message) as caught:
        load_codebook(path)
    assert str(path) in str(caught.value)


def test_codebook_round_trips_through_json() -> None:
    codebook = load_codebook()
    from annotator.codebook import Codebook

    again = Codebook.from_json(codebook.to_json(), source="x")
    assert again.categories == codebook.categories and again.fingerprint() == codebook.fingerprint()


LABELS = ("SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT")


def resources_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "resources"
    shutil.copytree(REPO / "resources", folder)
    return folder


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "x", "label": "SLOGAN", "kind": "regex", "pattern": "(unclosed"}', "bad regular expression"),
        ('{"id": "x", "label": "NOPE", "pattern": "口号"}', "label 'NOPE' is not in the codebook"),
        ('{"id": "x", "label": "SLOGAN"', "malformed JSON"),
        ('{"id": "x", "label": "SLOGAN"}', "missing field 'pattern'"),
        ('{"id": "x", "label": "SLOGAN", "pattern": "a", "score": 3}', "score must be a number between 0 and 1"),
        ('{"id": "x", "label": "SLOGAN", "kind": "regex", "pattern": "a", "group": "g"}', "no group 'g'"),
    ],
)
def test_bad_pattern_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    folder = resources_copy(tmp_path)
    patterns = folder / "patterns.jsonl"
    lines = patterns.read_text(encoding="utf-8").rstrip("\n").split("\n")
    patterns.write_text("\n".join([*lines, line]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        load_resources(folder, labels=LABELS)
    assert caught.value.line == len(lines) + 1
    assert caught.value.path == str(patterns)


def test_duplicate_rule_id_is_reported(tmp_path: Path) -> None:
    folder = resources_copy(tmp_path)
    patterns = folder / "patterns.jsonl"
    entry = '{"id": "same", "label": "SLOGAN", "pattern": "口号"}'
    patterns.write_text(f"{entry}\n{entry}\n", encoding="utf-8")
    with pytest.raises(InputError, match="used twice") as caught:
        load_resources(folder, labels=LABELS)
    assert caught.value.line == 2


def test_lexicon_entries_and_fingerprint(tmp_path: Path) -> None:
    folder = resources_copy(tmp_path)
    before = load_resources(folder)
    assert before.lexicon("units")[0] != "元" and len(before.lexicon("units")[0]) >= len(before.lexicon("units")[-1])
    with (folder / "lexicons" / "slogans.txt").open("a", encoding="utf-8") as handle:
        handle.write("新提法\n")
    after = load_resources(folder)
    assert "新提法" in after.lexicon("slogans")
    assert after.fingerprint != before.fingerprint


def test_lexicon_entry_with_space_is_reported(tmp_path: Path) -> None:
    folder = resources_copy(tmp_path)
    (folder / "lexicons" / "slogans.txt").write_text("# comment\n好 的\n", encoding="utf-8")
    with pytest.raises(InputError, match="may not contain spaces") as caught:
        load_resources(folder)
    assert caught.value.line == 2


def test_segmenter_keeps_lexicon_formulations_whole() -> None:
    segmenter = segmenter_for(load_resources())
    words = segmenter.words("坚持六稳六保和四个意识,开展专项整治行动")
    assert "六稳六保" in words and "四个意识" in words and "专项整治行动" in words
    text = "确保总投资达300亿元"
    edges = segmenter.boundaries(text)
    assert edges[0] == 0 and edges[-1] == len(text) and 2 in edges
