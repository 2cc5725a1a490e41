"""Annotation files in: offsets are integers inside the text, flags are booleans, labels and
texts are strings; anything else is refused naming file and line, and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import services
from annotator.errors import InputError
from annotator.store import Store

from test_import import snapshot  # tests/core is on sys.path (pytest rootdir-relative import)

TEXT = "确保总投资达300亿元"  # 11 code points
ASTRAL = "𠮷县确保"  # 𠮷 is two UTF-16 units


@pytest.fixture
def project(tmp_path: Path) -> Path:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        services.import_paths(store, [article])
    return path


def native(span: dict) -> dict:
    return {"text": TEXT, "spans": [{"start": 0, "end": 2, "label": "TARGET", "status": "accepted", **span}]}


def doccano(start, end, label="TARGET") -> dict:  # noqa: ANN001
    return {"text": TEXT, "label": [[start, end, label]]}


def spacy(span: dict) -> dict:
    return {"text": TEXT, "spans": [{"start": 0, "end": 2, "label": "TARGET", **span}]}


def label_studio(value: dict, text: str = TEXT) -> dict:
    result = {"type": "labels", "value": {"start": 0, "end": 2, "labels": ["TARGET"], **value}}
    return {"data": {"text": text}, "annotations": [{"result": [result]}]}


GOOD = {"text": TEXT, "label": [[0, 2, "TARGET"]]}

# name → (second record of the file, message fragment)
BAD_RECORDS = {
    "negative offset": (doccano(-1, 2), "is negative"),
    "offset past the end": (doccano(0, 12), "outside the text"),
    "huge offset": (doccano(0, 10**30), "outside the text"),
    "fractional offset": (doccano(0, 1.5), "must be an integer, not a number (1.5)"),
    "whole float offset": (doccano(1.0, 2), "must be an integer, not a number (1.0)"),
    "boolean offset": (doccano(True, 2), "not true/false"),
    "string offset": (doccano("0", 2), "must be an integer, not a string"),
    "null offset": (native({"start": None}), "must be an integer, not null"),
    "empty span": (doccano(2, 2), "outside the text"),
    "doccano pair": ({"text": TEXT, "label": [[0, 2]]}, "expected [start, end, label]"),
    "uncertain as a word": (native({"uncertain": "no"}), "'uncertain' must be true or false"),
    "uncertain as a number": (native({"uncertain": 0}), "'uncertain' must be true or false"),
    "label not a string": (native({"label": 7}), "the label must be a string"),
    "label missing": (spacy({"label": None}), "the label must be a string"),
    "span text not a string": (spacy({"text": 5}), "'text' must be a string"),
    "record text not a string": ({"text": 5, "spans": []}, "'text' must be a string"),
    # a BOM is dropped on storing: found by the fuzzer, it once stored an empty document
    "text only a byte-order mark": ({"text": "\ufeff", "spans": []}, "the record has no text"),
    "text a BOM and line ends": ({"text": "\ufeff\r\n", "label": []}, "the record has no text"),
    "spans not a list": ({"text": TEXT, "spans": {"start": 0}, "codebook_version": "x"}, "'spans' must be a list"),
    "span not an object": ({"text": TEXT, "spans": [[0, 2, "TARGET"]]}, "span 1 must be an object"),
    "comment not a string": (native({"comment": ["x"]}), "'comment' must be a string"),
    "lone surrogate in a label": (doccano(0, 2, "TAR\ud800"), "lone surrogate"),
    "NUL in the text": ({"text": TEXT + "\x00", "label": []}, "NUL character"),
    "Label Studio offset past the end": (label_studio({"end": 12}), "past the end of the text"),
    "Label Studio fractional offset": (label_studio({"start": 0.5}), "must be an integer"),
    "Label Studio UTF-16 offsets (an old export)": (label_studio({"start": 2, "end": 4, "text": "县确"}, ASTRAL), "says '县确'"),
    "Label Studio labels not a list": (label_studio({"labels": "TARGET"}), "'labels' must be a list"),
    "Label Studio label not a string": (label_studio({"labels": [1]}), "the label must be a string"),
    "Label Studio data not an object": ({"data": "x", "annotations": []}, "'data' must be an object"),
}


@pytest.mark.parametrize("case", list(BAD_RECORDS))
def test_bad_annotation_records_are_refused_with_file_and_line(project: Path, tmp_path: Path, case: str) -> None:
    record, fragment = BAD_RECORDS[case]
    path = tmp_path / "spans.jsonl"
    # ASCII escapes: a lone surrogate can only reach a file as "\\ud800".
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    before = snapshot(project)
    with Store.open(project) as store, pytest.raises(InputError) as caught:
        services.import_annotations(store, [path], annotator="dave")
    assert fragment in caught.value.message
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    assert str(caught.value).startswith(f"{path}:2: ")
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("content", "fragment", "line"),
    [
        ('{"text": "x", "label": [[0, 1e400, "TARGET"]]}', "too large", 2),
        ('{"text": "x", "label": [[0, ' + "9" * 5000 + ', "TARGET"]]}', "number we cannot keep", 2),
        ('{"text": "x", "label": ' + "[" * 100_000, "nested too deeply", 2),
        ('{"text": "x", "label": [[0, 1, "A"]], "meta": ' + "[" * 200 + "]" * 200 + "}", "nested too deeply", 2),
        ('{"text": "x\\ud800", "label": []}', "lone surrogate", 2),
    ],
)
def test_hostile_json_in_annotation_files(project: Path, tmp_path: Path, content: str, fragment: str, line: int) -> None:
    path = tmp_path / "spans.jsonl"
    path.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n" + content + "\n", encoding="utf-8")
    before = snapshot(project)
    with Store.open(project) as store, pytest.raises(InputError, match=fragment) as caught:
        services.import_annotations(store, [path], annotator="dave")
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert snapshot(project) == before


def test_label_studio_json_array_names_the_line_of_the_bad_task(project: Path, tmp_path: Path) -> None:
    tasks = [label_studio({}), label_studio({"end": 99})]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    second_task_line = path.read_text(encoding="utf-8").split("\n").index("  {", 2) + 1
    before = snapshot(project)
    with Store.open(project) as store, pytest.raises(InputError, match="task 2: .*past the end") as caught:
        services.import_annotations(store, [path], annotator="dave")
    assert caught.value.line == second_task_line > 2
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("bom.jsonl", b"\xef\xbb\xbf", "empty file"),
        ("blank.jsonl", b" \n\n\t\n", "empty file"),
        ("empty.json", b"[]", "no records"),
        ("spans.txt", b'{"text": "x", "label": []}', "annotation files are .jsonl or .json"),
        ("late.jsonl", b'{"text": "x", "label": []}\n' * 10_000 + b"\x00", "binary file"),
    ],
)
def test_annotation_files_with_nothing_to_keep_are_refused(project: Path, tmp_path: Path, name: str, content: bytes, fragment: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(project)
    with Store.open(project) as store, pytest.raises(InputError, match=fragment) as caught:
        services.import_annotations(store, [path], annotator="dave")
    assert caught.value.path == str(path)
    assert snapshot(project) == before


def test_valid_offsets_and_flags_still_go_in_exactly(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    records = [
        native({"start": 0, "end": 11, "uncertain": True, "comment": "整句"}),
        label_studio({"start": 1, "end": 3, "labels": ["TARGET"], "text": "县确"}, ASTRAL),  # code points, as Label Studio stores
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    with Store.open(project) as store:
        report = services.import_annotations(store, [path], annotator="dave")
        assert report.spans == 2
        [doc_id] = [d.id for d in store.documents() if d.text == TEXT]
        [span] = store.annotations(doc_id, "dave")
        assert (span.start, span.end, span.uncertain, span.comment) == (0, 11, True, "整句")
        [astral_id] = [d.id for d in store.documents() if d.text == ASTRAL]
        [astral] = store.annotations(astral_id, "dave")
        assert (astral.start, astral.end) == (1, 3)


@pytest.mark.parametrize(
    ("levels", "refused"),
    [(64, False), (65, True), (130, True)],
)
def test_nesting_is_measured_whatever_the_brackets_and_strings(project: Path, tmp_path: Path, levels: int, refused: bool) -> None:
    """Objects and lists alternating, and brackets or escaped quotes inside strings: the record
    itself is one level, so meta may nest levels - 1 more (MAX_DEPTH is 64 in all)."""
    inner = levels - 1
    meta = "".join('["[{\\"]", ' if i % 2 else '{"k": ' for i in range(inner))  # meta is an object
    meta += "1" + "".join("]" if i % 2 else "}" for i in reversed(range(inner)))
    content = '{"text": "' + TEXT + '", "spans": [{"start": 0, "end": 2, "label": "TARGET", "status": "added"}], "meta": ' + meta + "}"
    path = tmp_path / "spans.jsonl"
    path.write_text(content + "\n", encoding="utf-8")
    before = snapshot(project)
    with Store.open(project) as store:
        if refused:
            with pytest.raises(InputError, match="nested too deeply"):
                services.import_annotations(store, [path], annotator="dave")
        else:
            assert services.import_annotations(store, [path], annotator="dave").spans == 1
    assert (snapshot(project) == before) is refused
