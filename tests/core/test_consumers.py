"""Every export format read by the real library that reads it, compared span by span, on an
article with astral characters (𠮷, 😀), CRLF line ends (stored as LF) and ``#`` at the start
of a line: Label Studio (label-studio-sdk's validator, converter and models), doccano CoNLL
(doccano's CoNLL parser, re-stated below, over seqeval), CoNLL with comments (conllu), brat
(its standoff rules, re-stated below), spaCy and HF datasets."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from annotator import services
from annotator.errors import InputError
from annotator.export import ExportOptions, export_project
from annotator.export.brat import LINE_BOUNDARIES, safe_name
from annotator.services import annotating as an
from annotator.store import Store

from test_import import snapshot  # tests/core is on sys.path (pytest rootdir-relative import)

ARTICLE = "# 标题😀\r\n𠮷县坚持“一城三区”发展定位😀,确保总投资达300亿元。\r\n#第二段:荣获全国文明城市称号。\r\n# 口号 #\r\n"
STORED = ARTICLE.replace("\r\n", "\n")


def spans_at(text: str) -> dict[str, list[tuple[int, int, str]]]:
    """Each layer's spans, found by their text (so the test says what they cover)."""
    at = lambda phrase, label: (text.index(phrase), text.index(phrase) + len(phrase), label)  # noqa: E731
    return {
        "alice": [at("一城三区", "SLOGAN"), at("#第二段", "HONOUR"), at("全国文明城市", "HONOUR"), at("# 口号 #", "SLOGAN")],
        "bob": [at("𠮷县", "HONOUR"), at("确保总投资达300亿元", "TARGET"), at("#", "SLOGAN")],
        "a/b:c": [at("文明城市", "HONOUR")],  # a name no file system takes as it is
    }


@pytest.fixture
def project(tmp_path: Path) -> Store:
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE.encode("utf-8"))  # CRLF on disk
    store = Store.open(tmp_path / "consumers.annotator.db")
    services.import_paths(store, [article])
    services.detect_project(store)
    document = next(store.documents())
    assert document.text == STORED
    for layer, spans in spans_at(STORED).items():
        for start, end, label in spans:
            an.add_span(store, layer, document.id, start, end, label)
    yield store
    store.close()


def layer_spans(store: Store, layer: str) -> list[tuple[int, int, str]]:
    document = next(store.documents())
    return sorted((a.start, a.end, a.label) for a in store.annotations(document.id, layer) if a.status != "rejected")


def candidate_spans(store: Store) -> list[tuple[int, int, str, str, float]]:
    return sorted((c.start, c.end, c.label, c.rule, c.score) for c in store.candidates())


def labelling_config(store: Store) -> str:
    labels = "".join(f'<Label value="{label}"/>' for label in services.project_codebook(store).labels)
    return f'<View><Labels name="label" toName="text">{labels}</Labels><Text name="text" value="$text"/></View>'


# ------------------------------------------------------------------ Label Studio


def test_label_studio_tasks_are_what_label_studio_takes(project: Store, tmp_path: Path) -> None:
    from label_studio_sdk.label_interface import LabelInterface
    from label_studio_sdk.types import AnnotationRequest, PredictionRequest

    report = export_project(project, tmp_path / "tasks.json", ExportOptions(layer="all", format="label-studio"))
    tasks = json.loads(Path(report.files[0]).read_text(encoding="utf-8"))
    assert len(tasks) == 1  # one task per document, whatever the number of layers
    [task] = tasks
    assert task["data"]["text"] == STORED
    interface = LabelInterface(labelling_config(project))
    assert interface.validate_task({"data": task["data"]})  # (its validate_task cannot take annotations itself)
    layers = task["meta"]["annotator"]["layers"]
    by_layer = {}
    for annotation in task["annotations"]:
        assert "completed_by" not in annotation  # a name is refused by Label Studio's import (HTTP 400)
        assert AnnotationRequest(**annotation).completed_by is None  # the SDK's model: an integer id or nothing
        assert interface.validate_annotation(annotation)
        by_layer[layers[str(annotation["id"])]] = sorted(
            (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in annotation["result"]
        )
        for result in annotation["result"]:  # code points: the text at the offsets is the span's text
            assert STORED[result["value"]["start"]: result["value"]["end"]] == result["value"]["text"]
    assert by_layer == {layer: sorted(spans) for layer, spans in spans_at(STORED).items()}

    candidates = export_project(project, tmp_path / "candidates.json", ExportOptions(layer="candidates", format="label-studio"))
    [predicted] = json.loads(Path(candidates.files[0]).read_text(encoding="utf-8"))
    found = []
    for prediction in predicted["predictions"]:
        assert interface.validate_prediction(prediction, return_errors=True) == []
        model = PredictionRequest(task=predicted["id"], **prediction)  # what the predictions API takes, for that task
        assert model.model_version and model.score is not None
        for result in prediction["result"]:
            value = result["value"]
            found.append((value["start"], value["end"], value["labels"][0], prediction["model_version"], result["score"]))
    assert sorted(found) == candidate_spans(project) and found


def test_label_studio_converter_reads_every_annotation_span_by_span(project: Store, tmp_path: Path) -> None:
    from label_studio_sdk.converter import Converter

    report = export_project(project, tmp_path / "tasks.json", ExportOptions(layer="all", format="label-studio"))
    converter = Converter(config=labelling_config(project), project_dir=None)
    converter.convert_to_json_min(report.files[0], str(tmp_path / "min"), is_dir=False)
    rows = json.loads((tmp_path / "min" / "result.json").read_text(encoding="utf-8"))
    layers = json.loads(Path(report.files[0]).read_text(encoding="utf-8"))[0]["meta"]["annotator"]["layers"]
    read = {layers[str(row["annotation_id"])]: sorted((v["start"], v["end"], v["labels"][0]) for v in row["label"]) for row in rows}
    assert read == {layer: sorted(spans) for layer, spans in spans_at(STORED).items()}
    for row in rows:
        assert all(row["text"][v["start"]: v["end"]] == v["text"] for v in row["label"])


def test_label_studio_round_trip_puts_each_annotation_in_its_own_layer(project: Store, tmp_path: Path) -> None:
    report = export_project(project, tmp_path / "tasks.json", ExportOptions(layer="all", format="label-studio"))
    fresh_path = tmp_path / "fresh.annotator.db"
    with Store.open(fresh_path) as fresh:
        before = snapshot(fresh_path)
        with pytest.raises(InputError) as caught:  # three annotations, one layer named: refused, not merged or dropped
            services.import_annotations(fresh, list(report.files), annotator="carol")
        assert caught.value.path == report.files[0] and caught.value.line == 2
        assert "3 annotations" in caught.value.message and "--annotator-field layer" in caught.value.message
        assert snapshot(fresh_path) == before
        imported = services.import_annotations(fresh, list(report.files), annotator_field="layer")
        assert sorted(imported.layers) == sorted(spans_at(STORED))
        for layer in spans_at(STORED):
            assert layer_spans(fresh, layer) == layer_spans(project, layer)


def test_label_studio_annotator_field_reads_label_studio_own_exports(tmp_path: Path) -> None:
    """A Label Studio export names annotators by id or e-mail, not by our kept name."""
    tasks = [{
        "id": 7, "data": {"text": STORED},
        "annotations": [
            {"id": 11, "completed_by": {"email": "ann@example.org"}, "result": [
                {"type": "labels", "value": {"start": 11, "end": 15, "text": "一城三区", "labels": ["SLOGAN"]}}]},
            {"id": 12, "completed_by": {"email": "ben@example.org"}, "was_cancelled": True, "result": []},
            {"id": 13, "completed_by": {"email": "cy@example.org"}, "result": [
                {"type": "labels", "value": {"start": 7, "end": 9, "labels": ["HONOUR"]}, "meta": {"text": ["县名?"]}}]},
        ],
    }]
    path = tmp_path / "label_studio_export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    with Store.open(tmp_path / "p.annotator.db") as store:
        with pytest.raises(InputError, match="no annotator name kept"):
            services.import_annotations(store, [path], annotator_field="layer")
        report = services.import_annotations(store, [path], annotator_field="completed_by.email")
        assert report.layers == ("ann@example.org", "cy@example.org")  # the cancelled one is skipped
        assert layer_spans(store, "ann@example.org") == [(11, 15, "SLOGAN")]
        [note] = next(store.documents()) and store.annotations(1, "cy@example.org")
        assert (note.start, note.end, note.comment) == (7, 9, "县名?")


# ------------------------------------------------------------------ CoNLL


def doccano_conll(path: str, delimiter: str) -> list[dict]:
    """doccano's CoNLL importer (backend/data_import/pipeline/parsers.py, CoNLLParser, IOB2),
    re-stated: every non-blank line is exactly two tab-separated columns, else line N is
    refused; a blank line ends a record; spans come from seqeval's IOB2 entities."""
    from seqeval.scheme import IOB2, Tokens

    records, words, tags = [], [], []

    def record() -> dict:
        labels = []
        for entity in Tokens(tags, IOB2).entities:
            before = delimiter.join(words[: entity.start])
            start = len(before) + len(delimiter) if before else len(before)
            labels.append((start, start + len(delimiter.join(words[entity.start: entity.end])), entity.tag))
        return {"text": delimiter.join(words), "label": labels}

    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip()
            if line:
                columns = line.split("\t")
                if len(columns) != 2:
                    raise ValueError(f"line {number}: A line must be separated by tab and has two columns.")
                words.append(columns[0])
                tags.append(columns[1])
            else:
                records.append(record())
                words, tags = [], []
    if words:
        records.append(record())
    return records


def without_whitespace(text: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The text as one character a line writes it (whitespace skipped), the spans moved along."""
    kept = [index for index, char in enumerate(text) if char.strip()]
    position = {index: number for number, index in enumerate(kept)}
    moved = []
    for start, end, label in spans:
        inside = [position[i] for i in range(start, end) if i in position]
        moved.append((inside[0], inside[-1] + 1, label))
    return "".join(text[i] for i in kept), sorted(moved)


def test_conll_is_read_by_doccano_importer_and_seqeval(project: Store, tmp_path: Path) -> None:
    report = export_project(project, tmp_path / "bob.conll", ExportOptions(layer="bob", format="conll"))
    content = Path(report.files[0]).read_text(encoding="utf-8")
    assert "#\tB-SLOGAN" in content.split("\n")  # a literal # token, written as it is
    [record] = doccano_conll(report.files[0], delimiter="")
    assert (record["text"], sorted(record["label"])) == without_whitespace(STORED, spans_at(STORED)["bob"])
    from seqeval.metrics.sequence_labeling import get_entities

    tags = [line.split("\t")[1] for line in content.split("\n") if line]
    assert len(get_entities(tags)) == len(spans_at(STORED)["bob"])


def test_conll_with_comments_keeps_hash_tokens_for_conllu(project: Store, tmp_path: Path) -> None:
    import conllu
    from seqeval.metrics.sequence_labeling import get_entities

    report = export_project(project, tmp_path / "alice.conll", ExportOptions(layer="alice", format="conll", conll_comments=True))
    [sentence] = conllu.parse(Path(report.files[0]).read_text(encoding="utf-8"), fields=("id", "form", "tag"))
    assert sentence.metadata == {"doc_id": "1", "annotator": "alice"}
    forms = "".join(token["form"] for token in sentence)
    text, spans = without_whitespace(STORED, spans_at(STORED)["alice"])
    assert forms == text  # no "#" swallowed as a comment
    entities = sorted((start, end + 1, label) for label, start, end in get_entities([token["tag"] for token in sentence]))
    assert entities == spans


def test_conll_refuses_a_label_with_whitespace(project: Store, tmp_path: Path) -> None:
    from annotator.export.conll import ConllWriter
    from annotator.export.model import ExportRecord
    from annotator.records import ExportSpan

    writer = ConllWriter(tmp_path / "x.conll")
    record = ExportRecord(1, "t", "确保总投资", "a", (ExportSpan(0, 2, "MY LABEL", "确保", "a", "added", "annotator"),), {}, "1")
    with pytest.raises(Exception, match="'MY LABEL' holds whitespace"):
        writer.write(record)
    writer.close()


# ------------------------------------------------------------------ brat


def brat_textbounds(ann: Path, text: str) -> list[tuple[list[tuple[int, int]], str]]:
    """brat's reading of an .ann file (server/src/annotation.py), re-stated: lines as codecs'
    readlines() splits them; a T line's text must equal its fragments joined by one space."""
    with codecs.open(str(ann), "r", encoding="utf-8") as handle:
        lines = handle.readlines()
    found = []
    for line in lines:
        identifier, tail = line.split("\t", 1)
        if not identifier.startswith("T"):
            continue
        data, shown = tail.split("\t", 1)
        label, offsets = data.split(" ", 1)
        fragments = [tuple(map(int, piece.split(" "))) for piece in offsets.split(";")]
        assert shown.rstrip("\r\n") == " ".join(text[a:b] for a, b in fragments), line
        found.append((fragments, label))
    return found


def test_brat_folder_opens_in_brat(project: Store, tmp_path: Path) -> None:
    report = export_project(project, tmp_path / "brat", ExportOptions(layer="all", format="brat"))
    folder = Path(report.files[0])
    names = sorted(p.name for p in folder.iterdir())
    assert f"1_{safe_name('a/b:c')}.ann" in names and "/" not in safe_name("a/b:c") and ":" not in safe_name("a/b:c")
    for layer, spans in spans_at(STORED).items():
        stem = folder / f"1_{safe_name(layer)}"
        text = stem.with_suffix(".txt").read_text(encoding="utf-8")
        assert text == STORED
        read = sorted((fragments[0][0], fragments[-1][1], label) for fragments, label in brat_textbounds(stem.with_suffix(".ann"), text))
        assert read == sorted(spans)
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    assert conf.startswith("[entities]\n") and all(f"\n{label}\n" in conf for label in services.project_codebook(project).labels)
    visual = (folder / "visual.conf").read_text(encoding="utf-8")
    for category in services.project_codebook(project).categories:
        assert f"{category.id}\tbgColor:{category.colour}" in visual


def test_brat_names_never_meet_and_never_escape() -> None:
    names = ["a/b", "a_b", "../x", "CON", "", "张三", "a\\b", "a b", "a\nb"]
    safe = [safe_name(name) for name in names]
    assert len(set(safe)) == len(safe)
    assert all(s and "/" not in s and "\\" not in s and not s.startswith(".") and "\n" not in s for s in safe)
    assert safe_name("张三") == "张三" and safe_name("alice") == "alice"


def test_brat_spans_on_line_breaks_are_reported_not_trimmed_silently(tmp_path: Path) -> None:
    from annotator.export.brat import BratWriter
    from annotator.export.model import ExportRecord
    from annotator.records import ExportSpan

    text = "第一行\n第二行\u2028第三行"
    spans = (
        ExportSpan(0, 7, "SLOGAN", text[0:7], "a", "added", "annotator"),  # across a line break: fragments, exact ends
        ExportSpan(3, 7, "TARGET", text[3:7], "a", "added", "annotator"),  # starts on the line break
        ExportSpan(4, 8, "HONOUR", text[4:8], "a", "added", "annotator"),  # ends on a Unicode line separator
        ExportSpan(3, 4, "CAMPAIGN", text[3:4], "a", "added", "annotator"),  # the line break alone
    )
    writer = BratWriter(tmp_path / "b")
    writer.write(ExportRecord(1, "t", text, "a", spans, {}, "1"))
    writer.close()
    read = brat_textbounds(tmp_path / "b" / "1_a.ann", text)
    assert [(f[0][0], f[-1][1], label) for f, label in read] == [(0, 7, "SLOGAN"), (4, 7, "TARGET"), (4, 7, "HONOUR")]
    assert all(not set(text[a:b]) & set(LINE_BOUNDARIES) for fragments, _ in read for a, b in fragments)
    assert writer.notes == {
        "spans starting or ending on a line break: written without it (brat cannot mark it)": 2,
        "spans of line breaks only (brat cannot mark them): left out": 1,
    }


# ------------------------------------------------------------------ spaCy, HF datasets


def test_spacy_and_datasets_read_the_same_spans(project: Store, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    spacy = pytest.importorskip("spacy")
    expected = {layer: sorted(spans) for layer, spans in spans_at(STORED).items()}
    native = export_project(project, tmp_path / "n.jsonl", ExportOptions(layer="all"))
    loaded = datasets.load_dataset("json", data_files=native.files[0], split="train", cache_dir=str(tmp_path / "hf"))
    assert {row["spans"][0]["annotator"]: sorted((s["start"], s["end"], s["label"]) for s in row["spans"]) for row in loaded} == expected
    assert all(row["text"] == STORED for row in loaded)
    doccano = export_project(project, tmp_path / "d.jsonl", ExportOptions(layer="all", format="doccano"))
    rows = datasets.load_dataset("json", data_files=doccano.files[0], split="train", cache_dir=str(tmp_path / "hf2"))
    assert sorted(sorted((s[0], s[1], s[2]) for s in row["label"]) for row in rows) == sorted(expected.values())
    exported = export_project(project, tmp_path / "s.jsonl", ExportOptions(layer="all", format="spacy"))
    nlp = spacy.blank("zh")
    read = {}
    for line in Path(exported.files[0]).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        doc = nlp(record["text"])
        doc.spans["sc"] = [doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict") for s in record["spans"]]
        read[record["meta"]["annotator"]] = sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["sc"])
    assert read == expected
