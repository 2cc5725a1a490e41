"""The fast reader of annotation files (orjson over UTF-8 JSONL and one-task-a-line JSON
arrays) gives exactly what the careful reader gives for the same file: the same records, the
same lines, the same refusals with the same sentences; whatever it is not sure of, it leaves
to the careful reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator import interchange, jsonin, textio

EXAMPLES = settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
TEXT = "𠮷县坚持“一城三区”发展定位😀,确保总投资达300亿元。\n第二段"

# Values a task's fields may hold, the awkward ones included: they must be read alike.
LEAVES = st.one_of(
    st.integers(-5, 40), st.sampled_from([10**19, 2**63, -(10**20), 1.0, 1.5, True, False, None, 1e300]),
    st.sampled_from(["", " ", "确保", "SLOGAN", "TARGET", "\u0000", "\ud800", "a\\b", 'q"q', "\r\n", "[{", "}]"]),
)
REGIONS = st.lists(
    st.fixed_dictionaries(
        {"value": st.fixed_dictionaries({"start": LEAVES, "end": LEAVES, "labels": st.one_of(st.lists(LEAVES, max_size=2), LEAVES)},
                                        optional={"text": LEAVES})},
        optional={"type": st.sampled_from(["labels", "choices", None]), "meta": st.just({"text": ["n"]}), "id": LEAVES},
    ) | LEAVES,
    max_size=4,
)


def careful(path: Path) -> list:
    content = path.read_text(encoding=textio.inspect_file(path).encoding)
    reader = interchange._json_array if path.suffix == ".json" else interchange._jsonl
    return _comparable(list(reader(path, content, None, None)))


def fast(path: Path) -> list | None:
    items = interchange._fast_items(path, textio.inspect_file(path), None, None)
    return None if items is None else _comparable(items)


def _comparable(items: list) -> list:
    return [(type(i).__name__, str(i), i.line) if isinstance(i, Exception) else i for i in items]


def write(path: Path, tasks: list, array: bool) -> None:
    lines = [json.dumps(task, ensure_ascii=False) for task in tasks]
    if array:
        body = "[\n" + ",\n".join(lines) + "\n]\n"
    else:
        body = "\n".join(lines) + "\n"
    path.write_text(body, encoding="utf-8")


@EXAMPLES
@given(results=st.lists(REGIONS, min_size=1, max_size=3), array=st.booleans(), deep=st.integers(0, 70))
def test_fast_and_careful_readers_agree(tmp_path: Path, results: list, array: bool, deep: int) -> None:
    nested: object = 1
    for _ in range(deep):
        nested = [nested]
    tasks = [{"data": {"text": TEXT, "extra": nested}, "annotations": [{"result": result}]} for result in results]
    path = tmp_path / ("tasks.json" if array else "tasks.jsonl")
    try:
        write(path, tasks, array)
    except UnicodeEncodeError:  # a lone surrogate cannot be written raw; as an escape it is
        path.write_text(("[\n" + ",\n".join(json.dumps(t) for t in tasks) + "\n]\n") if array
                        else "\n".join(json.dumps(t) for t in tasks) + "\n", encoding="utf-8")
    got = fast(path)
    if got is not None:
        assert got == careful(path)


def test_the_fast_reader_reads_a_plain_file_and_leaves_doubts_to_the_careful_one(tmp_path: Path) -> None:
    task = {"data": {"text": TEXT}, "annotations": [{"result": [
        {"type": "labels", "value": {"start": 0, "end": 2, "labels": ["SLOGAN"], "text": TEXT[:2]}}]}]}
    plain = tmp_path / "plain.json"
    write(plain, [task, task], array=True)
    assert fast(plain) == careful(plain) and len(fast(plain)) == 2
    for name, content in {
        "escape.jsonl": '{"data": {"text": "a\\u0000"}, "annotations": []}\n',
        "surrogate.jsonl": '{"data": {"text": "a\\ud800"}, "annotations": []}\n',
        "big.jsonl": '{"data": {"text": "a", "n": 12345678901234567890}, "annotations": []}\n',
        "layout.json": '[' + json.dumps(task) + ', ' + json.dumps(task) + ']\n',  # two tasks a line
        "nan.jsonl": '{"data": {"text": "a", "n": NaN}, "annotations": []}\n',
        "deep.jsonl": json.dumps({"data": {"text": "a", "n": json.loads("[" * 70 + "]" * 70)}}) + "\n",
    }.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert fast(path) is None, name


@pytest.mark.parametrize("levels", [1, 2, 5, 63, 64, 65, 66, 200])
@pytest.mark.parametrize("inside", ['"[[{"', '"\\\\"', '"\\""', '"a\\\\\\"]"'])
def test_nesting_on_bytes_is_the_careful_measure(levels: int, inside: str) -> None:
    text = "[" * (levels - 1) + "{" + f'"k": {inside}, "l": [{inside}]' + "}" + "]" * (levels - 1)
    json.loads(text)  # valid JSON
    for limit in (1, 2, 64, 65):
        assert jsonin.bytes_deeper_than(text.encode(), limit) == jsonin._deeper_than(text, limit), (levels, inside, limit)
