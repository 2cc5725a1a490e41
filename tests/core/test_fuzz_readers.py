"""Property tests: hostile article and annotation files either import cleanly or are refused
with an AnnotatorError (never another exception), and a refusal leaves the project as it was.

Each property keeps to a modest number of examples so the suite stays fast in CI;
``benchmarks/soak.py`` is where long fuzzing runs belong.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_import import snapshot  # tests/core is on sys.path (pytest rootdir-relative import)

from annotator import services, textio
from annotator.errors import AnnotatorError, InputError
from annotator.store import Store

EXAMPLES = settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
ARTICLE = "确保总投资达300亿元\n第二段:荣获全国文明城市称号。"

# Strings a hostile file may carry: a lone surrogate and a NUL only through JSON escapes,
# line ends of every kind, byte-order marks, ideographic spaces, characters beyond the BMP.
NASTY_STRINGS = ["", " ", "\u3000", "\ufeff", "\r\n", "\r", "\x00", "\ud800", "\udfff", "𠮷", "😀", "\u2028", '"', "\\", ","]
texts = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(NASTY_STRINGS + ["确保", "一城三区", "a"]), max_size=8).map("".join),
)

# Texts an article may really have: anything but a NUL or a lone surrogate, not blank.
GOOD_TEXTS = st.one_of(
    st.sampled_from([ARTICLE, ARTICLE + "\r\n再一段\r", "𠮷县确保😀一城三区", "\ufeff确保"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30).filter(str.strip),
)


def as_json(value, draw_ascii: bool = False) -> str:  # noqa: ANN001
    """JSON text of ``value``; a lone surrogate or NUL reaches a real file only as an escape
    (raw, it is not UTF-8 at all and stops at decoding, before the checks under test)."""
    return json.dumps(value, ensure_ascii=draw_ascii or _has_surrogate(value))


def _has_surrogate(value) -> bool:  # noqa: ANN001
    return any(0xD800 <= ord(c) <= 0xDFFF for c in json.dumps(value, ensure_ascii=False))


def assert_clean(run, project: Path, paths: list[Path]) -> bool:  # noqa: ANN001
    """Run an import: True if it went in; if refused, the refusal must be an AnnotatorError
    naming one of the files, and the project unchanged. Any other exception fails the test."""
    before = snapshot(project)
    try:
        run()
    except AnnotatorError as error:
        str(error).encode("utf-8")  # printable: no surrogates in the message
        assert isinstance(error, InputError) and error.path in {str(path) for path in paths}, error
        assert snapshot(project) == before, f"refused ({error}) but the project changed"
        return False
    return True


# File names as they come: ASCII, UTF-8, and bytes that are not UTF-8 (a GBK name on Linux).
NAMES = st.sampled_from([b"in", "新闻".encode(), "吉安".encode("gb18030"), b"\xff\xfe", b"100%"])


def write_inputs(folder: Path, files: list[tuple[bytes, str, bytes]]) -> list[Path]:
    paths = []
    for number, (name, suffix, data) in enumerate(files):
        path = Path(os.fsdecode(os.fsencode(folder) + b"/" + name + str(number).encode() + suffix.encode()))
        path.write_bytes(data)
        paths.append(path)
    return paths


def assert_sources_round_trip(store: Store, written: set[bytes]) -> None:
    for doc in store.documents():
        assert os.fsencode(textio.path_from_source_text(doc.source_path)) in written


def assert_stored_text_is_keepable(store: Store) -> None:
    for doc in store.documents():
        assert "\x00" not in doc.text and doc.text.strip() and doc.text == textio.normalise_newlines(doc.text)
        doc.text.encode("utf-8")
        json.dumps(doc.meta, allow_nan=False)  # every later export can write it


# ------------------------------------------------------------------ article files

def mutated(data: bytes, position: int, kind: str, payload: bytes) -> bytes:
    at = position % (len(data) + 1)
    if kind == "insert":
        return data[:at] + payload + data[at:]
    if kind == "replace":
        return data[:at] + payload + data[at + len(payload):]
    if kind == "truncate":
        return data[:at]
    return data[:at] + data[at + len(payload) + 1:]  # delete


RAW_NUMBERS = {"<1e400>": "1e400", "<-1e400>": "-1e400", "<digits>": "7" * 5000, "<tiny>": "1e-400"}
VALID_ARTICLE_FILES = {
    ".txt": ARTICLE.encode(),
    ".jsonl": (json.dumps({"text": ARTICLE, "id": 1, "meta": {"县": "吉水"}}, ensure_ascii=False) + "\n"
               + json.dumps({"text": "第二篇", "title": "标题"}, ensure_ascii=False) + "\n").encode(),
    ".csv": 'title,text,county\n标题,"第一段\n第二段,含逗号",吉水\n二,"引号""里面""",吉安\n'.encode(),
}
PAYLOADS = st.one_of(
    st.binary(max_size=8),
    st.sampled_from([b"\x00", b'"', b"\\ud800", b"\\u0000", b"[" * 3000, b"9" * 5000, b"1e400", b"NaN", b"\xef\xbb\xbf",
                     b"\r", b"\xff\xfe", "吉".encode("gb18030"), "吉".encode("big5"), b"\n", b",", b"{", b"}"]),
)


@st.composite
def article_files(draw) -> tuple[str, bytes]:  # noqa: ANN001
    suffix = draw(st.sampled_from(sorted(VALID_ARTICLE_FILES)))
    how = draw(st.sampled_from(["mutated", "random bytes", "encoded text", "json values"]))
    if how == "random bytes":
        return suffix, draw(st.binary(max_size=200))
    if how == "encoded text":
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "latin-1"]))
        return suffix, draw(texts).encode(encoding, "surrogatepass" if encoding.startswith("utf-") else "replace")
    if how == "json values":
        # Mostly clean values with the odd hostile leaf: a record carrying one fault meets
        # the check for that fault (with many, only the first check is ever exercised).
        clean = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=10)
        hostile = st.one_of(st.sampled_from(["\ud800", "a\x00", *RAW_NUMBERS]), st.floats(), texts)
        leaf = st.one_of(clean, clean, st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none(), hostile)
        value = st.recursive(leaf, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(clean, kids, max_size=3), max_leaves=6)
        record = st.fixed_dictionaries({"text": st.one_of(GOOD_TEXTS, GOOD_TEXTS, texts, value)},
                                       optional={"meta": st.dictionaries(clean, value, max_size=3) | value, "id": value,
                                                 "title": st.one_of(clean, value), "other": value})
        records = draw(st.lists(st.one_of(record, record, record, value), min_size=1, max_size=3))
        content = "\n".join(as_json(r, draw(st.booleans())) for r in records)
        for placeholder, raw in RAW_NUMBERS.items():  # numbers json.dumps would never write
            content = content.replace(json.dumps(placeholder), raw)
        return ".jsonl", content.encode("utf-8")
    data = VALID_ARTICLE_FILES[suffix]
    for _ in range(draw(st.integers(1, 3))):
        data = mutated(data, draw(st.integers(0, 10_000)), draw(st.sampled_from(["insert", "replace", "truncate", "delete"])), draw(PAYLOADS))
    return suffix, data


def one_article_project(tmp_path: Path) -> tuple[Path, Store, set[bytes]]:
    """A project holding one article, and the set of input paths written so far."""
    project, seed = tmp_path / "p.db", tmp_path / "seed.txt"
    seed.write_text(ARTICLE, encoding="utf-8")
    store = Store.open(project)
    services.import_paths(store, [seed])
    return project, store, {os.fsencode(seed.resolve())}


def test_hostile_article_files_import_cleanly_or_change_nothing(tmp_path: Path) -> None:
    project, store, written = one_article_project(tmp_path)
    outcomes = {"imported": 0, "refused": 0}

    @EXAMPLES
    @given(files=st.lists(st.tuples(NAMES, article_files()).map(lambda f: (f[0], *f[1])), min_size=1, max_size=3), skip_bad=st.booleans())
    def check(files: list[tuple[bytes, str, bytes]], skip_bad: bool) -> None:
        folder = tmp_path / os.urandom(4).hex()
        folder.mkdir()
        paths = write_inputs(folder, files)
        written.update(os.fsencode(path.resolve()) for path in paths)
        went_in = assert_clean(lambda: services.import_paths(store, paths, skip_bad=skip_bad), project, paths)
        outcomes["imported" if went_in else "refused"] += 1
        assert_stored_text_is_keepable(store)
        assert_sources_round_trip(store, written)

    try:
        check()
    finally:
        store.close()
    assert outcomes["refused"] > 0 and outcomes["imported"] > 0  # the generator reaches both sides


CLEAN = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8)
HOSTILE_LEAVES = st.one_of(st.sampled_from(["\ud800", "a\x00b", "\udfff", *RAW_NUMBERS]), st.floats(), st.integers())


@settings(max_examples=100, deadline=None)
@given(text=GOOD_TEXTS, where=st.sampled_from(["meta", "other", "id", "title", "text"]), leaf=HOSTILE_LEAVES,
       nesting=st.lists(st.one_of(CLEAN, st.just(None)), max_size=4))
def test_a_jsonl_record_with_one_hostile_value_is_kept_exactly_or_refused(text: str, where: str, leaf, nesting) -> None:  # noqa: ANN001
    """One hostile value, nested anywhere in an otherwise good record: what is stored can be
    written out again exactly, or the record is refused."""
    import tempfile

    value = leaf
    for key in nesting:  # wrap it in objects (by key) and lists (None)
        value = [value] if key is None else {key: value}
    record = {"text": text, where: value} if where != "text" else {"text": value}
    content = as_json(record)
    for placeholder, raw in RAW_NUMBERS.items():
        content = content.replace(json.dumps(placeholder), raw)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.jsonl"
        path.write_text(content + "\n", encoding="utf-8")
        store = Store.memory()
        try:
            services.import_paths(store, [path])
        except AnnotatorError as error:
            assert error.path == str(path) and error.line == 1
            assert store.document_count() == 0
            return
        assert_stored_text_is_keepable(store)


@settings(max_examples=100, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=200).filter(
    lambda t: t.replace("\ufeff", "").strip() and not t.startswith("\ufeff")), bom=st.booleans())
def test_any_utf8_text_round_trips_exactly(text: str, bom: bool) -> None:
    """The other side of refusing: every text we can keep is kept exactly (after the one
    documented normalisation: CRLF and CR become LF)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        store = Store.memory()
        services.import_paths(store, [path])
        [doc] = store.documents()
        assert doc.text == textio.normalise_newlines(text)


# ------------------------------------------------------------------ annotation files

# Each record is valid but for at most one injected fault, so that a fault meets the
# check meant for it (a record with three faults only ever exercises the first check).
FAULTS = ["none", "none", "none", "offset", "label", "flag", "text", "structure", "status"]
BAD_OFFSETS = ["1.5", "1.0", "true", "false", "null", '"3"', "1e400", "-1e400", "NaN", "Infinity", "[]", "{}",
               "1" + "0" * 5000, str(10**30), "-1", "-0", "0.0", "999"]
BAD_LABELS = ["5", "null", "true", "[]", '"\\ud800"', '"TAR\\u0000GET"', '""', '" "', '"NEW"']
BAD_FLAGS = ['"no"', "0", "1", "null", '"true"', "[]"]
BAD_TEXTS = ['"x\\ud800y"', '"\\udfff"', '"\\u0000"', '"ab\\u0000"', "5", "null", '""', '"\\r\\n \\u3000"', "[]"]


def utf16_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


@st.composite
def annotation_record(draw) -> str:  # noqa: ANN001
    text = draw(GOOD_TEXTS)
    kind = draw(st.sampled_from(["native", "doccano", "doccano-dict", "spacy", "label-studio"]))
    fault = draw(st.sampled_from(FAULTS))
    spans = []
    for number in range(draw(st.integers(1 if fault in ("offset", "label", "flag", "status") else 0, 3))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        if kind == "label-studio":
            start, end = utf16_offset(text, start), utf16_offset(text, end)
        start, end = str(start), str(end)
        label = draw(st.sampled_from(['"TARGET"', '"SLOGAN"']))
        flag, status = draw(st.sampled_from(["true", "false"])), draw(st.sampled_from(['"accepted"', '"added"', '"candidate"']))
        if number == 0 and fault == "offset":
            bad = draw(st.sampled_from(BAD_OFFSETS))
            start, end = (bad, end) if draw(st.booleans()) else (start, bad)
        label = draw(st.sampled_from(BAD_LABELS)) if number == 0 and fault == "label" else label
        flag = draw(st.sampled_from(BAD_FLAGS)) if number == 0 and fault == "flag" else flag
        status = draw(st.sampled_from(['"odd"', "1", "[]"])) if number == 0 and fault == "status" else status
        if kind == "native":
            spans.append(f'{{"start": {start}, "end": {end}, "label": {label}, "status": {status}, "uncertain": {flag}, "comment": "注"}}')
        elif kind == "doccano":
            spans.append(f"[{start}, {end}, {label}]")
        elif kind == "doccano-dict":
            spans.append(f'{{"start_offset": {start}, "end_offset": {end}, "label": {label}}}')
        elif kind == "spacy":
            spans.append(f'{{"start": {start}, "end": {end}, "label": {label}}}')
        else:
            spans.append(f'{{"type": "labels", "value": {{"start": {start}, "end": {end}, "labels": [{label}]}}}}')
    joined = "[" + ", ".join(spans) + "]"
    if fault == "structure":
        joined = draw(st.sampled_from(['{"start": 0}', '"spans"', "5", "[" * 2000 + "]" * 2000, "[[[]]]", "[null]"]))
    json_text = draw(st.sampled_from(BAD_TEXTS)) if fault == "text" else as_json(text, draw(st.booleans()))
    if kind == "native":
        return f'{{"text": {json_text}, "codebook_version": "v", "spans": {joined}}}'
    if kind.startswith("doccano"):
        return f'{{"text": {json_text}, "label": {joined}}}'
    if kind == "spacy":
        return f'{{"text": {json_text}, "spans": {joined}}}'
    return f'{{"data": {{"text": {json_text}}}, "annotations": [{{"result": {joined}}}]}}'


@st.composite
def annotation_files(draw) -> tuple[str, bytes]:  # noqa: ANN001
    records = draw(st.lists(annotation_record(), min_size=1, max_size=3))
    if draw(st.booleans()):
        suffix, content = ".json", "[" + ",\n".join(records) + "]"
    else:
        suffix, content = ".jsonl", "\n".join(records) + "\n"
    data = content.encode("utf-8")
    if draw(st.integers(0, 4)) == 0:
        data = mutated(data, draw(st.integers(0, 10_000)), draw(st.sampled_from(["insert", "replace", "truncate", "delete"])), draw(PAYLOADS))
    return suffix, data


def test_hostile_annotation_files_import_cleanly_or_change_nothing(tmp_path: Path) -> None:
    project, store, written = one_article_project(tmp_path)
    outcomes = {"imported": 0, "refused": 0}

    @EXAMPLES
    @given(files=st.lists(st.tuples(NAMES, annotation_files()).map(lambda f: (f[0], *f[1])), min_size=1, max_size=2),
           mode=st.sampled_from(["layer", "candidates"]), add_labels=st.booleans())
    def check(files: list[tuple[bytes, str, bytes]], mode: str, add_labels: bool) -> None:
        folder = tmp_path / os.urandom(4).hex()
        folder.mkdir()
        paths = write_inputs(folder, files)
        written.update(os.fsencode(path.resolve()) for path in paths)
        options = {"annotator": "fuzz"} if mode == "layer" else {"as_candidates": True}
        went_in = assert_clean(
            lambda: services.import_annotations(store, paths, add_missing_labels=add_labels, **options), project, paths
        )
        outcomes["imported" if went_in else "refused"] += 1
        assert_stored_text_is_keepable(store)
        assert_sources_round_trip(store, written)
        for doc in store.documents():
            for span in store.annotations(doc.id, "fuzz"):
                assert 0 <= span.start < span.end <= len(doc.text) and isinstance(span.uncertain, bool)
            for candidate in store.candidates(doc_id=doc.id):
                assert 0 <= candidate.start < candidate.end <= len(doc.text)

    try:
        check()
    finally:
        store.close()
    assert outcomes["refused"] > 0 and outcomes["imported"] > 0
