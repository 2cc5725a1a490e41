"""Export: every format, filters, split, self-check, manifest; round trips; consumers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import services
from annotator.errors import InputError
from annotator.export import ExportError, ExportOptions, assign_part, export_project, parse_split
from annotator.services import annotating as an
from annotator.store import Store

ASTRAL = "𠮷县坚持“一城三区”发展定位😀,确保总投资达300亿元。\n第二段:荣获全国文明城市称号。"


@pytest.fixture
def project(tmp_path: Path, seeds: Path) -> Store:
    """Seeds plus an article with characters beyond the BMP; two annotators' layers."""
    extra = tmp_path / "astral.txt"
    extra.write_text(ASTRAL, encoding="utf-8")
    store = Store.open(tmp_path / "export.annotator.db")
    services.import_paths(store, [seeds, extra])
    services.detect_project(store)
    for doc_id in (1, 2, 6):
        items = an.document_items(store, "alice", doc_id)
        assert len(items) >= 3
        for item in items[: min(6, len(items) - 1)]:
            an.accept(store, "alice", item)
        an.reject(store, "alice", an.document_items(store, "alice", doc_id)[min(6, len(items) - 1)])
        an.add_span(store, "alice", doc_id, 0, 2, "SLOGAN")
    an.set_comment(store, "alice", an.document_items(store, "alice", 1)[0], "边界?")
    an.set_uncertain(store, "alice", an.document_items(store, "alice", 1)[1], True)
    an.set_document_status(store, "alice", 1, "done")
    for item in an.document_items(store, "bob", 2)[:3]:
        an.accept(store, "bob", item)
    yield store
    store.close()


def confirmed(store: Store, layer: str, doc_id: int) -> list[tuple]:
    return sorted(
        (a.start, a.end, a.label) for a in store.annotations(doc_id, layer) if a.status in ("accepted", "relabelled", "added")
    )


def read_jsonl(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_native_records_are_complete_and_right(project: Store, tmp_path: Path) -> None:
    report = export_project(project, tmp_path / "out" / "alice", ExportOptions(layer="alice"))
    records = read_jsonl(report.files[0])
    assert [r["id"] for r in records] == [1, 2, 6]  # only documents alice worked on
    for record in records:
        assert set(record) == {"id", "title", "text", "spans", "meta", "annotator", "codebook_version"}
        for span in record["spans"]:
            assert set(span) == {"start", "end", "label", "text", "annotator", "status", "source", "comment", "uncertain"}
            assert record["text"][span["start"]:span["end"]] == span["text"]
            assert span["status"] in ("accepted", "relabelled", "added") and span["annotator"] == "alice"
        assert sorted((s["start"], s["end"], s["label"]) for s in record["spans"]) == confirmed(project, "alice", record["id"])
    first = records[0]["spans"]
    assert any(s["comment"] == "边界?" for s in first) and any(s["uncertain"] for s in first)
    assert any(s["source"] == "annotator" for s in first) and any(s["source"].startswith("slogan:") or ":" in s["source"] for s in first)
    manifest = json.loads(Path(report.manifest).read_text(encoding="utf-8"))
    assert manifest["counts"]["records"] == 3 and manifest["counts"]["spans"] == report.spans
    assert manifest["layer"] == "alice" and manifest["codebook"]["version"] == "1.0" and manifest["tool_version"]
    assert manifest["project_hash"] == project.project_fingerprint()


def test_layers_all_gold_candidates_and_filters(project: Store, tmp_path: Path) -> None:
    every = read_jsonl(export_project(project, tmp_path / "all", ExportOptions(layer="all")).files[0])
    assert sorted((r["id"], r["annotator"]["layer"]) for r in every) == [(1, "alice"), (2, "alice"), (2, "bob"), (6, "alice")]
    done = read_jsonl(export_project(project, tmp_path / "done", ExportOptions(layer="alice", done_only=True)).files[0])
    assert [r["id"] for r in done] == [1]
    slogans = read_jsonl(export_project(project, tmp_path / "slogans", ExportOptions(layer="alice", labels=("SLOGAN",))).files[0])
    assert {s["label"] for r in slogans for s in r["spans"]} == {"SLOGAN"}
    with_rejected = read_jsonl(export_project(project, tmp_path / "rej", ExportOptions(layer="alice", statuses=("rejected",))).files[0])
    assert [len(r["spans"]) for r in with_rejected] == [1, 1, 1]
    candidates = read_jsonl(export_project(project, tmp_path / "cands", ExportOptions(layer="candidates")).files[0])
    assert len(candidates) == 6 and sum(len(r["spans"]) for r in candidates) == project.summary().candidates
    with pytest.raises(ExportError, match="nothing to export: no document has a record in layer 'gold'"):
        export_project(project, tmp_path / "gold", ExportOptions(layer="gold"))
    assert not (tmp_path / "gold").exists() and not (tmp_path / "gold.manifest.json").exists()
    assert export_project(project, tmp_path / "gold", ExportOptions(layer="gold", allow_empty=True)).records == 0


def test_split_is_deterministic_and_complete(project: Store, tmp_path: Path) -> None:
    split = parse_split("train=0.5,dev=0.25,test=0.25")
    first = export_project(project, tmp_path / "a" / "x", ExportOptions(layer="candidates", split=split, seed=7))
    second = export_project(project, tmp_path / "b" / "x", ExportOptions(layer="candidates", split=split, seed=7))
    assert [Path(f).name for f in first.files] == ["x.train.jsonl", "x.dev.jsonl", "x.test.jsonl"]
    parts = lambda report: {Path(f).name: [r["id"] for r in read_jsonl(f)] for f in report.files}  # noqa: E731
    assert parts(first) == parts(second)
    assert sorted(i for ids in parts(first).values() for i in ids) == [1, 2, 3, 4, 5, 6]
    doc = project.document(1)
    assert first.per_part and assign_part(doc.text_hash, split, 7) == assign_part(doc.text_hash, split, 7)
    with pytest.raises(ExportError, match="add up"):
        parse_split("train=0.8,dev=0.1")


def test_bad_options_and_self_check_write_nothing(project: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ExportError, match="no layer 'carol'"):
        export_project(project, tmp_path / "x", ExportOptions(layer="carol"))
    with pytest.raises(ExportError, match="unknown label"):
        export_project(project, tmp_path / "x", ExportOptions(labels=("NOPE",)))
    from annotator import store_export

    original = store_export.documents_with_spans

    def corrupted(store: Store, layer: str):  # stale offsets, past the end of the text
        for document, length, spans, done in original(store, layer):
            rows = [[name, length - 1, length + 3, *rest] for name, _, _, *rest in json.loads(spans or "[]")]
            yield document, length, json.dumps(rows), done

    monkeypatch.setattr(store_export, "documents_with_spans", corrupted)
    with pytest.raises(ExportError, match="does not match the text"):
        export_project(project, tmp_path / "bad" / "x", ExportOptions(layer="alice"))
    assert list((tmp_path / "bad").iterdir()) == []
    monkeypatch.setattr(  # a text read in another unit
        store_export, "documents_with_spans",
        lambda store, layer: ((document, 1, spans, done) for document, _, spans, done in original(store, layer)),
    )
    with pytest.raises(ExportError, match="offsets cannot be trusted"):
        export_project(project, tmp_path / "bad2" / "x", ExportOptions(layer="alice"))
    assert list((tmp_path / "bad2").iterdir()) == []


def test_existing_output_is_not_overwritten(project: Store, tmp_path: Path) -> None:
    export_project(project, tmp_path / "x", ExportOptions(layer="alice"))
    with pytest.raises(ExportError, match="already exists"):
        export_project(project, tmp_path / "x", ExportOptions(layer="alice"))


def test_default_destination_is_exports(project: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from annotator import paths

    monkeypatch.setattr(paths, "exports_dir", lambda: tmp_path / "exports")
    report = export_project(project, None, ExportOptions(layer="alice", format="doccano"))
    name = Path(report.files[0]).name
    assert name.startswith("export_alice_doccano_") and name.endswith(".jsonl")


@pytest.mark.parametrize("fmt", ["native", "doccano", "spacy", "prodigy", "label-studio"])
def test_lossless_formats_round_trip(project: Store, tmp_path: Path, fmt: str, seeds: Path) -> None:
    report = export_project(project, tmp_path / f"rt_{fmt}.{'json' if fmt == 'label-studio' else 'jsonl'}", ExportOptions(layer="alice", format=fmt))
    fresh = Store.open(tmp_path / f"fresh_{fmt}.annotator.db")
    services.import_paths(fresh, [seeds])  # some texts are there already, the astral one is not
    imported = services.import_annotations(fresh, list(report.files), annotator="carol")
    assert (imported.attached, imported.new_documents) == (2, 1)
    for doc_id in (1, 2, 6):
        text = project.document(doc_id).text
        fresh_id = fresh.document_id_by_hash(project.document(doc_id).text_hash)
        assert fresh.document(fresh_id).text == text
        assert confirmed(fresh, "carol", fresh_id) == confirmed(project, "alice", doc_id)
    if fmt == "native":  # the native format keeps statuses, comments and flags too
        full = lambda store, layer, doc: sorted((a.start, a.end, a.label, a.status, a.comment, a.uncertain) for a in store.annotations(doc, layer) if a.status != "rejected")  # noqa: E731
        assert full(fresh, "carol", 1) == full(project, "alice", 1)
    again = services.import_annotations(fresh, list(report.files), annotator="carol")
    assert again.spans == 0 and again.duplicates == imported.spans
    fresh.close()


def test_conll_and_brat(project: Store, tmp_path: Path) -> None:
    conll = export_project(project, tmp_path / "c", ExportOptions(layer="alice", format="conll"))
    lines = Path(conll.files[0]).read_text(encoding="utf-8").split("\n")
    assert all(len(line.split("\t")) == 2 for line in lines if line)  # doccano: two columns, no comment lines
    tags = [line.split("\t")[1] for line in lines if "\t" in line]
    assert any(t.startswith("B-") for t in tags) and all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
    commented = export_project(project, tmp_path / "cc", ExportOptions(layer="alice", format="conll", conll_comments=True))
    blocks = Path(commented.files[0]).read_text(encoding="utf-8").split("\n\n")
    assert blocks[0].split("\n")[:2] == ["# doc_id = 1", "# annotator = alice"]
    astral_lines = next(b for b in blocks if b.startswith("# doc_id = 6")).split("\n")
    assert astral_lines[2].startswith("1\t𠮷\t")  # one line per character, astral ones included, numbered
    words = export_project(project, tmp_path / "w", ExportOptions(layer="alice", format="conll", tokens="jieba"))
    word_lines = [line for line in Path(words.files[0]).read_text(encoding="utf-8").split("\n") if "\t" in line]
    assert any(len(line.split("\t")[0]) > 1 for line in word_lines)
    brat = export_project(project, tmp_path / "b", ExportOptions(layer="alice", format="brat"))
    folder = Path(brat.files[0])
    text = (folder / "6_alice.txt").read_text(encoding="utf-8")
    assert text == ASTRAL
    for line in (folder / "6_alice.ann").read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            _, label_offsets, shown = line.split("\t")
            fragments = [tuple(map(int, f.split())) for f in label_offsets.split(" ", 1)[1].split(";")]
            assert " ".join(text[a:b] for a, b in fragments) == shown
    assert "SLOGAN" in (folder / "annotation.conf").read_text(encoding="utf-8")


def test_bio_overlap_policy() -> None:
    from annotator.export.writers import bio_spans
    from annotator.records import ExportSpan

    spans = [ExportSpan(0, 10, "TARGET", "", "a", "accepted", "x"), ExportSpan(2, 6, "SLOGAN", "", "a", "accepted", "x"),
             ExportSpan(12, 14, "HONOUR", "", "a", "accepted", "x")]
    kept, dropped = bio_spans(spans)
    assert [(s.start, s.label) for s in kept] == [(0, "TARGET"), (12, "HONOUR")] and dropped == 1


def test_label_studio_offsets_are_code_points(project: Store, tmp_path: Path) -> None:
    """Label Studio stores code points: a span after 𠮷 must not move by one."""
    report = export_project(project, tmp_path / "ls", ExportOptions(layer="alice", format="label-studio"))
    tasks = json.loads(Path(report.files[0]).read_text(encoding="utf-8"))
    task = next(t for t in tasks if t["id"] == 6)
    assert task["data"]["text"].startswith("𠮷")
    results = task["annotations"][0]["result"]
    assert results and any(r["value"]["start"] > 0 for r in results)
    for result in results:
        value = result["value"]
        assert task["data"]["text"][value["start"]: value["end"]] == value["text"]


def bad_file(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("out.jsonl", '{"text": "确保总投资", "label": [[0, 99, "TARGET"]]}\n', "outside the text"),
        ("text.jsonl", '{"text": "确保总投资", "spans": [{"start": 0, "end": 2, "label": "TARGET", "text": "总投"}]}\n', "says '总投'"),
        ("label.jsonl", '{"text": "确保总投资", "label": [[0, 2, "PERSON"]]}\n', "unknown label"),
        ("broken.jsonl", '{"text": "好", "label": []}\n{"text": \n', "malformed JSON"),
        ("plain.jsonl", '{"text": "没有标注"}\n', "no spans here"),
    ],
)
def test_bad_annotation_files_fail_cleanly(project: Store, tmp_path: Path, name: str, content: str, message: str) -> None:
    path = bad_file(tmp_path, name, content)
    before = (project.summary(), len(project.events()))
    with pytest.raises(InputError, match=message) as caught:
        services.import_annotations(project, [path], annotator="dave")
    assert caught.value.path == str(path) and caught.value.line is not None
    assert (project.summary(), len(project.events())) == before


def test_annotator_is_required_and_labels_can_be_mapped_or_added(project: Store, tmp_path: Path) -> None:
    path = bad_file(tmp_path, "labels.jsonl", '{"text": "确保总投资达300亿元", "label": [[0, 11, "GOAL"]]}\n')
    with pytest.raises(InputError, match="--annotator NAME, --annotator-field FIELD .Label Studio., or --as-candidates"):
        services.import_annotations(project, [path])
    mapped = services.import_annotations(project, [path], annotator="dave", label_map={"GOAL": "TARGET"})
    assert mapped.spans == 1
    added = services.import_annotations(project, [path], annotator="erin", add_missing_labels=True)
    assert added.added_labels == ("GOAL",) and "GOAL" in services.project_codebook(project).labels
    as_candidates = services.import_annotations(project, [path], as_candidates=True)
    assert as_candidates.spans == 1
    doc_id = project.document_id_by_hash(__import__("annotator.textio", fromlist=["x"]).text_hash("确保总投资达300亿元"))
    assert any(r.rule == "imported:labels" for r in project.candidates(doc_id=doc_id))


def test_exports_load_in_datasets_and_spacy(project: Store, tmp_path: Path) -> None:
    """The consumers the users train with: HuggingFace datasets and spaCy (strict spans)."""
    datasets = pytest.importorskip("datasets")
    spacy = pytest.importorskip("spacy")
    native = export_project(project, tmp_path / "n", ExportOptions(layer="all"))
    loaded = datasets.load_dataset("json", data_files=native.files[0], split="train", cache_dir=str(tmp_path / "hf"))
    assert loaded.num_rows == 4 and loaded[0]["spans"][0]["label"]
    spacy_export = export_project(project, tmp_path / "s", ExportOptions(layer="all", format="spacy"))
    nlp = spacy.blank("zh")
    total = 0
    for record in read_jsonl(spacy_export.files[0]):
        doc = nlp(record["text"])
        spans = [doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict") for s in record["spans"]]
        assert all(span is not None for span in spans)
        doc.spans["sc"] = spans
        assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]] == [(s["start"], s["end"], s["label"]) for s in record["spans"]]
        total += len(spans)
    assert total == spacy_export.spans


def test_conll_bio_is_valid_when_spans_start_on_whitespace_or_mid_word(tmp_path: Path) -> None:
    from annotator.export.model import ExportRecord
    from annotator.export.writers import ConllWriter
    from annotator.records import ExportSpan

    text = "　　确保总投资达300亿元"
    spans = (ExportSpan(0, 6, "TARGET", text[0:6], "a", "accepted", "x"),)
    for tokens in ("char", "jieba"):
        path = tmp_path / f"bio_{tokens}.conll"
        writer = ConllWriter(path, tokens)
        writer.write(ExportRecord(1, "t", text, "a", spans, {}, "1"))
        writer.close()
        tags = [line.split("\t")[1] for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line]
        assert tags[0] == "B-TARGET", tokens
        for previous, tag in zip(tags, tags[1:]):  # valid BIO: I- only after its own B- or I-
            if tag.startswith("I-"):
                assert previous[2:] == tag[2:] and previous != "O"


def test_brat_comment_stays_on_one_line(project: Store, tmp_path: Path) -> None:
    an.set_comment(project, "alice", an.document_items(project, "alice", 1)[0], "边界待定\n见原文\t第二段")
    report = export_project(project, tmp_path / "b", ExportOptions(layer="alice", format="brat"))
    lines = (Path(report.files[0]) / "1_alice.ann").read_text(encoding="utf-8").splitlines()
    assert all(line[0] in "T#" for line in lines)
    assert any(line.endswith("边界待定 见原文 第二段") for line in lines)


def test_import_keeps_the_layers_own_decision_on_a_conflict(project: Store, tmp_path: Path) -> None:
    item = next(i for i in an.document_items(project, "alice", 1) if i.status == "accepted")
    an.relabel(project, "alice", item, "HONOUR" if item.label != "HONOUR" else "TARGET")
    text = json.dumps(project.document(1).text, ensure_ascii=False)
    path = bad_file(tmp_path, "conflict.jsonl", f'{{"text": {text}, "label": [[{item.start}, {item.end}, "{item.label}"]]}}\n')
    report = services.import_annotations(project, [path], annotator="alice")
    assert (report.spans, report.conflicts) == (0, 1)
    decided = [a for a in project.annotations(1, "alice") if a.candidate_key == item.candidate.key]
    assert [a.status for a in decided] == ["relabelled"]


# ------------------------------------------------------------------ never delete or replace another's file


def listing(folder: Path) -> dict[str, bytes | None]:
    """Every entry of a folder with its bytes (None for a folder)."""
    return {p.name: (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("taken", ["x.jsonl", "x.jsonl.manifest.json", "x.dev.jsonl"])
def test_a_taken_output_manifest_or_part_is_refused_and_nothing_written(project: Store, tmp_path: Path, taken: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / taken).write_bytes("someone's file".encode())
    split = {"train": 0.5, "dev": 0.5} if "dev" in taken else None
    with pytest.raises(ExportError, match=rf"{taken}: already exists.*nothing was written or removed"):
        export_project(project, folder / "x.jsonl", ExportOptions(layer="alice", split=split))
    assert listing(folder) == {taken: "someone's file".encode()}


def test_files_named_like_old_temporaries_are_left_alone(project: Store, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    (folder / ".x.partial").mkdir(parents=True)  # a same-named .partial folder (removed by export before)
    (folder / ".x.jsonl.partial").write_bytes(b"keep")
    report = export_project(project, folder / "x.jsonl", ExportOptions(layer="alice"))
    assert (folder / ".x.jsonl.partial").read_bytes() == b"keep" and (folder / ".x.partial").is_dir()
    assert sorted(listing(folder)) == [".x.jsonl.partial", ".x.partial", "x.jsonl", "x.jsonl.manifest.json"]
    assert Path(report.files[0]).name == "x.jsonl"


@pytest.mark.parametrize("appearing", ["x.jsonl", "x.jsonl.manifest.json"])
def test_a_name_taken_during_the_export_is_not_replaced(project: Store, tmp_path: Path, appearing: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def someone_writes(done: int, total: int) -> None:  # another program, while the export runs
        if done == total:
            (folder / appearing).write_bytes(b"theirs")

    with pytest.raises(ExportError, match=rf"{appearing}: appeared while exporting"):
        export_project(project, folder / "x.jsonl", ExportOptions(layer="alice"), progress=someone_writes)
    assert listing(folder) == {appearing: b"theirs"}  # theirs intact; none of ours left


def test_a_brat_folder_created_during_the_export_is_not_replaced(project: Store, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def someone_makes_the_folder(done: int, total: int) -> None:  # rename(2) would replace an empty folder
        if done == total:
            (folder / "b").mkdir()

    with pytest.raises(ExportError, match="appeared while exporting"):
        export_project(project, folder / "b", ExportOptions(layer="alice", format="brat"), progress=someone_makes_the_folder)
    assert listing(folder) == {"b": None} and list((folder / "b").iterdir()) == []


def test_a_failed_export_removes_only_its_own_files(project: Store, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "notes.txt").write_bytes(b"mine")

    def cancel_halfway() -> bool:
        return len([p for p in folder.iterdir() if p.name.endswith(".partial")]) > 0

    from annotator.progress import Cancelled

    with pytest.raises(Cancelled):
        export_project(project, folder / "x", ExportOptions(layer="alice", split={"a": 0.5, "b": 0.5}), cancelled=cancel_halfway)
    assert listing(folder) == {"notes.txt": b"mine"}


def test_a_write_fault_is_a_sentence(project: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"not a folder")
    with pytest.raises(ExportError, match="cannot write the export.*nothing was written"):
        export_project(project, blocker / "x", ExportOptions(layer="alice"))
    assert blocker.read_bytes() == b"not a folder"


@pytest.mark.parametrize("label", ["goal", "GOAL\n", "[[TARGET", "目标"])
def test_a_label_that_cannot_be_a_category_is_refused_before_anything_is_written(
    project: Store, tmp_path: Path, label: str
) -> None:
    """--add-labels would otherwise record a codebook that no longer loads (found by the
    fuzzer: a label of brackets became a category id)."""
    record = json.dumps({"text": "确保总投资达300亿元", "label": [[0, 11, label]]}, ensure_ascii=False)
    path = bad_file(tmp_path, "odd.jsonl", '{"text": "好", "label": []}\n' + record + "\n")
    before = (project.summary(), len(project.events()), services.project_codebook(project))
    with pytest.raises(InputError, match="cannot be added to the codebook") as caught:
        services.import_annotations(project, [path], annotator="erin", add_missing_labels=True)
    assert caught.value.path == str(path) and caught.value.line == 2
    assert (project.summary(), len(project.events()), services.project_codebook(project)) == before
