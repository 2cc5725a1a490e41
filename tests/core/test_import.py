"""Corpus import: formats, encodings, dedupe, and all-or-nothing on bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import opencc
import pytest

from annotator import services, textio
from annotator.corpus import ReadOptions
from annotator.errors import InputError
from annotator.store import Store

TRADITIONAL = "001_72ca0e151c5a6ad7.txt"


def stored_texts(store: Store) -> dict[str, str]:
    return {Path(doc.source_path).name: doc.text for doc in store.documents()}


def snapshot(path: Path) -> list[str]:
    """Every row of every table, to prove a failed import changed nothing."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_import_seeds(project_path: Path, seeds: Path, seed_texts: dict[str, str]) -> None:
    with Store.open(project_path) as store:
        report = services.import_paths(store, [seeds])
        assert (report.files, report.imported, report.duplicates, report.bad) == (5, 5, 0, ())
        docs = list(store.documents())
        assert stored_texts(store) == seed_texts
        by_name = {Path(d.source_path).name: d for d in docs}
        assert by_name[TRADITIONAL].script == "traditional"
        assert by_name[TRADITIONAL].title == "踔厲奮發向未來 篤行不怠開新局"
        assert by_name["000_fe6e44c51daf8143.txt"].title.startswith("专访吉水县委书记肖梓才")
        assert all(d.encoding == "utf-8" and len(d.source_hash) == 64 for d in docs)
        [event] = store.events()
        assert event.action == "import" and event.after["imported"] == 5


def test_reimport_adds_nothing_and_says_so(project_path: Path, seeds: Path) -> None:
    with Store.open(project_path) as store:
        services.import_paths(store, [seeds])
        again = services.import_paths(store, [seeds])
        assert (again.imported, again.duplicates) == (0, 5)
        assert store.document_count() == 5


@pytest.mark.parametrize(
    ("encoding", "crlf"),
    [("gb18030", False), ("big5", False), ("utf-8-sig", False), ("utf-8", True), ("gb18030", True)],
)
def test_reencoded_articles_store_byte_identical_text(
    tmp_path: Path, seed_texts: dict[str, str], encoding: str, crlf: bool
) -> None:
    folder = tmp_path / "reencoded"
    folder.mkdir()
    expected = {}
    for name, text in seed_texts.items():
        if encoding == "big5" and name != TRADITIONAL:
            continue  # simplified characters have no Big5 code; see the next test
        raw = text.replace("\n", "\r\n") if crlf else text
        (folder / name).write_bytes(raw.encode(encoding))
        expected[name] = text
    with Store.open(tmp_path / "p.db") as store:
        services.import_paths(store, [folder])
        assert stored_texts(store) == expected


def test_simplified_article_converted_to_big5_round_trips(tmp_path: Path, seed_texts: dict[str, str]) -> None:
    traditional = opencc.OpenCC("s2tw").convert(seed_texts["000_fe6e44c51daf8143.txt"])  # Taiwan forms: all in Big5
    path = tmp_path / "big5.txt"
    path.write_bytes(traditional.encode("big5", errors="strict"))
    with Store.open(tmp_path / "p.db") as store:
        services.import_paths(store, [path])
        [doc] = store.documents()
        assert (doc.text, doc.encoding, doc.script) == (traditional, "big5", "traditional")


def test_jsonl_fields(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    records = [
        {"id": 7, "title": "标题一", "text": "确保总投资达300亿元\r\n第二行", "meta": {"county": "吉水"}, "url": "http://x"},
        {"text": "\n\n  首行作标题\n正文"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n", encoding="utf-8")
    with Store.open(tmp_path / "p.db") as store:
        services.import_paths(store, [path])
        first, second = store.documents()
    assert (first.external_id, first.title, first.text) == ("7", "标题一", "确保总投资达300亿元\n第二行")
    assert first.meta == {"county": "吉水", "url": "http://x"}
    assert (first.source_line, second.source_line) == (1, 2)
    assert (second.external_id, second.title) == (None, "首行作标题")


def test_csv_columns(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["headline", "body", "county"])
        writer.writerow(["吉水县", "第一段\r\n第二段,含逗号", "吉水"])
        writer.writerow(["吉安县", "黨史學習教育", "吉安"])
    options = ReadOptions(text_column="body", title_column="headline")
    with Store.open(tmp_path / "p.db") as store:
        services.import_paths(store, [path], options)
        first, second = store.documents()
    assert (first.title, first.text, first.meta, first.source_line) == ("吉水县", "第一段\n第二段,含逗号", {"county": "吉水"}, 2)
    assert (second.source_line, second.script, second.encoding) == (4, "traditional", "gb18030")


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str, int | None]]:
    """name → (path, expected message fragment, expected line)."""
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    undecodable = tmp_path / "undecodable.txt"
    undecodable.write_bytes("标题\n正文\n".encode() + b"\xff\xfe\xff\xfe\xff\n")
    malformed = tmp_path / "malformed.jsonl"
    malformed.write_text('{"text": "好"}\n{"text": "坏"\n', encoding="utf-8")
    no_text = tmp_path / "no_text.jsonl"
    no_text.write_text('{"text": "好"}\n{"body": "坏"}\n', encoding="utf-8")
    no_column = tmp_path / "no_column.csv"
    no_column.write_text("title,body\n标题,正文\n", encoding="utf-8")
    missing = tmp_path / "does_not_exist.txt"
    unsupported = tmp_path / "article.docx"
    unsupported.write_bytes(b"PK\x03\x04")
    # Past the first 64 KiB, where the sniffing stops looking.
    late_nul = tmp_path / "late_nul.txt"
    late_nul.write_bytes(("第一段\n" * 20_000).encode() + b"then a NUL \x00 here\n")
    escaped_nul = tmp_path / "escaped_nul.jsonl"
    escaped_nul.write_text('{"text": "好"}\n{"text": "坏\\u0000"}\n', encoding="utf-8")
    surrogate = tmp_path / "surrogate.jsonl"
    surrogate.write_text('{"text": "好"}\n{"text": "a\\ud800b"}\n', encoding="utf-8")
    surrogate_meta = tmp_path / "surrogate_meta.jsonl"
    surrogate_meta.write_text('{"text": "好", "meta": {"\\udfff": 1}}\n', encoding="utf-8")
    bom_only = tmp_path / "bom_only.txt"
    bom_only.write_bytes(b"\xef\xbb\xbf")
    bom_only_jsonl = tmp_path / "bom_only.jsonl"
    bom_only_jsonl.write_bytes(b"\xef\xbb\xbf\n\n")
    blank = tmp_path / "blank.txt"
    blank.write_text(" \u3000\n\t\r\n", encoding="utf-8")  # ideographic spaces are whitespace too
    header_only = tmp_path / "header_only.csv"
    header_only.write_text("title,text\n", encoding="utf-8")
    open_quote = tmp_path / "open_quote.csv"
    open_quote.write_text('title,text\n一,好\n二,"坏\n三,也被吞掉\n', encoding="utf-8")
    glued_quote = tmp_path / "glued_quote.csv"
    glued_quote.write_text('title,text\n一,好\n二,"坏"了\n', encoding="utf-8")
    nested = tmp_path / "nested.jsonl"
    nested.write_text('{"text": "好"}\n{"text": "坏", "meta": {"x": ' + "[" * 100_000 + "\n", encoding="utf-8")
    deep = tmp_path / "deep.jsonl"  # parses, but deeper than anything we store
    deep.write_text('{"text": "坏", "meta": {"x": ' + "[" * 500 + "]" * 500 + "}}\n", encoding="utf-8")
    digits = tmp_path / "digits.jsonl"
    digits.write_text('{"text": "好"}\n{"text": "坏", "n": ' + "9" * 5000 + "}\n", encoding="utf-8")
    infinite = tmp_path / "infinite.jsonl"
    infinite.write_text('{"text": "坏", "score": 1e400}\n', encoding="utf-8")
    nan = tmp_path / "nan.jsonl"
    nan.write_text('{"text": "坏", "score": NaN}\n', encoding="utf-8")
    odd_id = tmp_path / "odd_id.jsonl"
    odd_id.write_text('{"text": "坏", "id": {"a": 1}}\n', encoding="utf-8")
    return {
        "binary": (binary, "binary file", 3),
        "empty": (empty, "empty file", None),
        "undecodable": (undecodable, "cannot decode", 3),
        "malformed json": (malformed, "malformed JSON", 2),
        "jsonl without text": (no_text, 'no "text" field', 2),
        "csv without the column": (no_column, "no column 'text'", 1),
        "missing path": (missing, "no such file", None),
        "unsupported type": (unsupported, "unsupported file type", None),
        "NUL after 64 KiB": (late_nul, "binary file", 20_001),
        "escaped NUL": (escaped_nul, "NUL character", 2),
        "lone surrogate": (surrogate, "lone surrogate", 2),
        "lone surrogate in a key": (surrogate_meta, "lone surrogate", 1),
        "only a BOM": (bom_only, "empty file", None),
        "JSONL of only a BOM": (bom_only_jsonl, "empty file", None),
        "only whitespace": (blank, "empty file", None),
        "CSV of only a header": (header_only, "no articles", None),
        "unterminated quote": (open_quote, "never closed", 3),
        "text after a closing quote": (glued_quote, "malformed CSV", 3),
        "deeply nested JSON": (nested, "nested too deeply", 2),
        "JSON deeper than we store": (deep, "nested too deeply", 1),
        "5,000-digit integer": (digits, "number we cannot keep", 2),
        "1e400": (infinite, "too large", 1),
        "NaN": (nan, "NaN is not a JSON number", 1),
        "id that is an object": (odd_id, '"id" must be', 1),
    }


BAD_INPUT_CASES = [
    "binary", "empty", "undecodable", "malformed json", "jsonl without text", "csv without the column", "missing path",
    "unsupported type", "NUL after 64 KiB", "escaped NUL", "lone surrogate", "lone surrogate in a key", "only a BOM",
    "JSONL of only a BOM", "only whitespace", "CSV of only a header", "unterminated quote", "text after a closing quote",
    "deeply nested JSON", "JSON deeper than we store", "5,000-digit integer", "1e400", "NaN", "id that is an object",
]


@pytest.mark.parametrize("case", BAD_INPUT_CASES)
def test_bad_input_fails_cleanly_and_changes_nothing(tmp_path: Path, seeds: Path, case: str) -> None:
    bad_path, fragment, line = bad_inputs(tmp_path)[case]
    project = tmp_path / "p.db"
    with Store.open(project) as store:
        services.import_paths(store, [seeds])
    before = snapshot(project)
    with Store.open(project) as store, pytest.raises(InputError) as caught:
        # The good seeds come first: they must be rolled back too.
        services.import_paths(store, [seeds_with_new_article(tmp_path), bad_path])
    error = caught.value
    assert fragment in str(error)
    assert error.path == str(bad_path)
    assert error.line == line
    if line is not None:
        assert f"{bad_path}:{line}:" in str(error)
    assert snapshot(project) == before


def seeds_with_new_article(tmp_path: Path) -> Path:
    path = tmp_path / "fresh.txt"
    path.write_text("新文章\n确保新增高新技术企业5家", encoding="utf-8")
    return path


def test_skip_bad_imports_the_good_and_lists_the_bad(tmp_path: Path) -> None:
    cases = bad_inputs(tmp_path)
    good = seeds_with_new_article(tmp_path)
    with Store.open(tmp_path / "p.db") as store:
        report = services.import_paths(
            store, [good, cases["malformed json"][0], cases["binary"][0], cases["missing path"][0]], skip_bad=True
        )
        # The malformed JSONL's first line is good and is imported too.
        assert sorted(d.text for d in store.documents()) == ["好", "新文章\n确保新增高新技术企业5家"]
    assert report.imported == 2
    assert sorted(Path(e.path).name for e in report.bad) == ["does_not_exist.txt", "image.txt", "malformed.jsonl"]


def test_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty_folder").mkdir()
    with Store.open(tmp_path / "p.db") as store, pytest.raises(InputError, match="no .txt"):
        services.import_paths(store, [tmp_path / "empty_folder"])


def test_progress_reaches_the_total(project_path: Path, seeds: Path) -> None:
    calls: list[tuple[int, int]] = []
    with Store.open(project_path) as store:
        services.import_paths(store, [seeds], progress=lambda done, total: calls.append((done, total)))
    total = sum(p.stat().st_size for p in seeds.glob("*.txt"))
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def imported_project(tmp_path: Path, seeds: Path) -> Path:
    project = tmp_path / "p.db"
    with Store.open(project) as store:
        services.import_paths(store, [seeds])
    return project


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_fifos_and_devices_are_refused_without_opening_them(tmp_path: Path, seeds: Path, kind: str) -> None:
    if kind == "fifo":
        special = tmp_path / "pipe.txt"
        os.mkfifo(special)  # opening it for reading would block until a writer came: the test would hang
    else:
        special = Path("/dev/zero")  # endless
    project = imported_project(tmp_path, seeds)
    before = snapshot(project)
    with Store.open(project) as store, pytest.raises(InputError, match="not a regular file") as caught:
        services.import_paths(store, [seeds_with_new_article(tmp_path), special])
    assert caught.value.path == str(special)
    with Store.open(project) as store, pytest.raises(InputError, match="not a regular file"):
        services.import_annotations(store, [special], annotator="dave")
    assert snapshot(project) == before
    with Store.open(project) as store:  # with --skip-bad it is listed, the rest goes in
        report = services.import_paths(store, [seeds_with_new_article(tmp_path), special], skip_bad=True)
    assert report.imported == 1 and [error.path for error in report.bad] == [str(special)]


def test_the_project_file_itself_is_refused_before_it_is_opened(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = imported_project(tmp_path, seeds)
    before = snapshot(project)
    alias = tmp_path / "alias.jsonl"  # a link with a readable suffix: same inode, other name
    alias.symlink_to(project)
    opened: list[str] = []
    real_open = io.open

    def spying_open(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        opened.append(os.fspath(file) if not isinstance(file, int) else "")
        return real_open(file, *args, **kwargs)

    with Store.open(project) as store:
        monkeypatch.setattr("builtins.open", spying_open)
        monkeypatch.setattr(io, "open", spying_open)
        with pytest.raises(InputError, match="the project file itself") as caught:
            services.import_paths(store, [alias])
        assert caught.value.path == str(alias)
        with pytest.raises(InputError, match="the project file itself"):
            services.import_paths(store, [alias], skip_bad=True)
        with pytest.raises(InputError, match="the project file itself"):
            services.import_annotations(store, [alias], annotator="dave")
        wal = Path(f"{project}-wal")
        if wal.exists():
            with pytest.raises(InputError, match="wal file"):
                services.import_annotations(store, [wal], annotator="dave")
        monkeypatch.undo()
    assert not any(Path(name).resolve() in (project.resolve(), Path(f"{project}-wal").resolve()) for name in opened if name)
    assert snapshot(project) == before


def test_file_names_that_are_not_utf8_are_stored_losslessly(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path / "来稿")
    os.mkdir(folder)
    raw_name = os.path.join(folder, "吉安".encode("gb18030") + b" 100%.txt")  # a GBK name on a UTF-8 system
    with open(raw_name, "wb") as handle:
        handle.write("确保总投资达300亿元\n".encode())
    path = Path(os.fsdecode(raw_name))
    with Store.open(tmp_path / "p.db") as store:
        services.import_paths(store, [path])
        [doc] = store.documents()
        [event] = store.events()
    assert doc.source_path.startswith("file://") and doc.source_path.isascii()
    assert os.fsencode(textio.path_from_source_text(doc.source_path)) == os.fsencode(path.resolve())
    assert textio.path_from_source_text(event.after["paths"][0]) == path.resolve()
    # A UTF-8 name is stored as it is, and round-trips the same way.
    assert textio.source_path_text(Path("/数据/100%.txt")) == "/数据/100%.txt"
    assert textio.path_from_source_text("/数据/100%.txt") == Path("/数据/100%.txt")


def test_errors_about_non_utf8_names_print_and_journal_cleanly(tmp_path: Path) -> None:
    raw_name = os.path.join(os.fsencode(tmp_path), b"\xff\xfe.jsonl")
    with open(raw_name, "wb") as handle:
        handle.write(b'{"text": "\xe5\xa5\xbd"}\n[1]\n')
    path = Path(os.fsdecode(raw_name))
    with Store.open(tmp_path / "p.db") as store:
        with pytest.raises(InputError) as caught:
            services.import_paths(store, [path])
        message = str(caught.value)
        message.encode("utf-8")  # no surrogates left: printing cannot fail
        assert "\\xff\\xfe.jsonl:2: expected a JSON object" in message
        report = services.import_paths(store, [path], skip_bad=True)  # the journal stores the error text
        assert report.imported == 1 and "\\xff\\xfe.jsonl:2" in store.events()[-1].after["bad"][0]


def test_annotations_from_a_non_utf8_file_name_go_in_as_candidates(tmp_path: Path) -> None:
    """Found by the fuzzer: the candidates' rule is named after the file."""
    raw_name = os.path.join(os.fsencode(tmp_path), "吉安".encode("gb18030") + b".jsonl")
    with open(raw_name, "wb") as handle:
        handle.write('{"text": "确保总投资达300亿元", "label": [[0, 2, "TARGET"]]}\n'.encode())
    with Store.open(tmp_path / "p.db") as store:
        report = services.import_annotations(store, [Path(os.fsdecode(raw_name))], as_candidates=True)
        [candidate] = store.candidates()
    assert report.spans == 1 and candidate.rule == "imported:\\xbc\\xaa\\xb0\\xb2"
