"""``apply`` on a real two-worker Dask cluster: the same candidates ``detect`` stores, every
reader's encodings and formats, restart after an interruption, bad records listed."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from annotator import services
from annotator.services import adjudication
from annotator.errors import AnnotatorError
from annotator.errors import InputError as InputErrorType
from annotator.scale import apply as scale_apply
from annotator.scale.apply import apply_corpus, document_key, project_apply_setup
from annotator.store import Store

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" / "synthetic.py")
synthetic = importlib.util.module_from_spec(spec)
spec.loader.exec_module(synthetic)

COUNTIES = ("安溪县", "晋江市", "南安市")
DOCS = 2000
SMALL_PARTITION = 128 * 1024  # bytes: the big JSONL is split by bytes, the corpus cut into ~8 partitions


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client

    with scale_apply.local_cluster(2) as cluster, Client(cluster) as connected:
        yield connected


def write_corpus(folder: Path, count: int = DOCS, seed: int = 3) -> Path:
    """A JSONL file (UTF-8), a CSV file (UTF-8 with BOM, CRLF) and a folder of .txt files (GB18030):
    every reader and three encodings, with county and year metadata."""
    folder.mkdir(parents=True)
    documents = list(synthetic.synthetic_documents(count, seed, target_chars=400))
    jsonl, rows, texts = documents[: count * 3 // 4], documents[count * 3 // 4: count - 100], documents[count - 100:]
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for number, (key, title, text) in enumerate(jsonl):
            meta = {"county": COUNTIES[number % 3], "year": 2010 + number % 4}
            handle.write(json.dumps({"id": key, "title": title, "text": text, "meta": meta}, ensure_ascii=False) + "\n")
    with (folder / "rows.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "text", "county", "year"])
        for number, (key, title, text) in enumerate(rows):
            writer.writerow([key, title, text.replace("\n", "\r\n"), COUNTIES[number % 3], 2012])
    (folder / "txt").mkdir()
    for key, _, text in texts:
        (folder / "txt" / f"{key}.txt").write_text(text, encoding="gb18030")
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, Path]:
    """The corpus imported into a project, detected, decided on and adjudicated (so confirmed
    phrases are learned by everyone and rules rescored), detected again."""
    root = tmp_path_factory.mktemp("apply")
    corpus = write_corpus(root / "corpus")
    path = root / "project.annotator.db"
    with Store.open(path, create=True) as store:
        services.import_paths(store, [corpus])
        services.detect_project(store, jobs=2)
        rows = list(store.candidates())
        for annotator in ("alice", "bob"):  # two who agree: their spans go into gold
            for row in [r for r in rows if r.label == "SLOGAN"][:20]:
                services.accept_candidate(store, annotator, store.candidate_ids(row.doc_id, [(row.start, row.end, row.label)])[0])
            for row in [r for r in rows if r.label == "TARGET"][:10]:
                services.reject_candidate(store, annotator, store.candidate_ids(row.doc_id, [(row.start, row.end, row.label)])[0])
            # Spans added: phrases no rule finds, learned wherever they occur again.
            for phrase, label in (("经济", "ACHIEVEMENT"), ("改革", "CAMPAIGN")):
                doc_id, text = next((d.id, d.text) for d in store.documents() if phrase in d.text)
                start = text.index(phrase)
                services.add_span(store, annotator, doc_id, start, start + len(phrase), label)
        # What gold confirmed teaches everyone (an annotator's own phrases teach only them,
        # and apply runs the detection everyone shares).
        assert adjudication.accept_agreed(store, ["alice", "bob"])
        services.detect_project(store, jobs=2)
    return corpus, path


def project_candidates(path: Path) -> set[tuple]:
    with Store.open(path, readonly=True) as store:
        keys = {doc.id: document_key(doc) for doc in store.documents()}
        return {(keys[r.doc_id], r.start, r.end, r.label, r.rule, r.score, r.text) for r in store.candidates()}


def applied_candidates(out: Path) -> set[tuple]:
    table = pq.read_table(out / "candidates")
    return set(zip(*(table.column(name).to_pylist() for name in ("doc_key", "start", "end", "label", "rule", "score", "text"))))


def setup_of(path: Path):
    with Store.open(path, readonly=True) as store:
        return project_apply_setup(store)


@pytest.fixture(scope="module")
def applied(client, project, tmp_path_factory):
    corpus, path = project
    out = tmp_path_factory.mktemp("applied") / "out"
    return apply_corpus([corpus], setup_of(path), out, client=client, partition_bytes=SMALL_PARTITION), out


def test_apply_on_two_workers_finds_exactly_what_detect_stores(project, applied) -> None:
    _, path = project
    assert setup_of(path).detection.learned and setup_of(path).scores.decisions  # the project's learning is in the setup
    report, out = applied

    assert report.partitions > 4 and report.workers == 2 and report.bad == 0
    assert report.documents == DOCS
    expected = project_candidates(path)
    assert any(rule.startswith("learned:") for _, _, _, _, rule, _, _ in expected)
    assert any(score not in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9) for *_, score, _ in expected)  # rescored by decisions
    assert applied_candidates(out) == expected
    assert report.candidates == len(expected)


def test_counts_carry_labels_and_metadata(applied) -> None:
    _, out = applied
    rows = {row["doc_key"]: row for row in pq.read_table(out / "counts").to_pylist()}
    candidates = pq.read_table(out / "candidates").to_pylist()
    first = next(iter(sorted(rows)))
    assert rows[first]["SLOGAN"] == sum(1 for c in candidates if c["doc_key"] == first and c["label"] == "SLOGAN")
    assert sum(row["candidates"] for row in rows.values()) == len(candidates)
    jsonl_row = rows["bench-0000002"]
    assert (jsonl_row["county"], jsonl_row["year"]) == (COUNTIES[1], "2011")
    assert rows["bench-0001600"]["county"] in COUNTIES  # from the CSV


def test_an_interrupted_run_continues_where_it_stopped(client, project, tmp_path: Path) -> None:
    corpus, path = project
    setup = setup_of(path)
    out = tmp_path / "out"
    calls = []

    def interrupt(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 3:  # two partitions finished: the user presses Ctrl+C
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        apply_corpus([corpus], setup, out, client=client, partition_bytes=SMALL_PARTITION, progress=interrupt)
    finished = sorted(p.name for p in (out / "done").iterdir())
    assert len(finished) >= 2
    # A partition killed while writing: its table written, its marker not. It is redone.
    victim = finished[0]
    (out / "done" / victim).unlink()
    (out / "candidates" / victim.replace(".json", ".parquet")).write_bytes(b"half a file")

    again = apply_corpus([corpus], setup, out, client=client, partition_bytes=SMALL_PARTITION)
    assert again.skipped == len(finished) - 1
    assert again.documents == DOCS
    assert applied_candidates(out) == project_candidates(path)


def test_a_rerun_on_another_corpus_or_detection_is_refused(client, project, tmp_path: Path) -> None:
    corpus, path = project
    setup = setup_of(path)
    small = write_corpus(tmp_path / "small", count=120)
    out = tmp_path / "out"
    apply_corpus([small], setup, out, client=client)
    before = sorted((p.relative_to(out), p.stat().st_mtime_ns) for p in out.rglob("*"))
    (small / "articles.jsonl").write_text((small / "articles.jsonl").read_text("utf-8") + "\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="another corpus") as refused:
        apply_corpus([small], setup, out, client=client)
    assert str(out) in str(refused.value)
    other = scale_apply.ApplySetup(setup.detection, setup.scores, setup.options, "0" * 16)
    with pytest.raises(AnnotatorError, match="another detection"):
        apply_corpus([small], other, out, client=client)
    assert sorted((p.relative_to(out), p.stat().st_mtime_ns) for p in out.rglob("*")) == before
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "thesis.tex").write_text("x")
    with pytest.raises(AnnotatorError, match="not empty"):
        apply_corpus([small], setup, tmp_path / "foreign", client=client)


def test_bad_records_are_listed_with_file_and_line_and_the_rest_is_done(client, project, tmp_path: Path) -> None:
    _, path = project
    folder = tmp_path / "messy"
    folder.mkdir()
    good = json.dumps({"id": "ok", "text": "全面推进乡村振兴，确保粮食产量达到100万吨。"}, ensure_ascii=False)
    lines = [good, "{not json", json.dumps({"title": "no text"}), good.replace('"ok"', '"ok2"')]
    # Big enough to be split by bytes: the bad lines of the second half keep their line numbers.
    (folder / "big.jsonl").write_text("\n".join(lines * 400) + "\n", encoding="utf-8")
    (folder / "broken.csv").write_text("id,text\na,正文\nb,\"never closed\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "fine.txt").write_text("作风纪律专项整治", encoding="utf-8")
    report = apply_corpus([folder], setup_of(path), tmp_path / "out", client=client, partition_bytes=16 * 1024)

    assert report.documents == 800 + 1 + 1  # the good JSONL lines, the CSV's good row, fine.txt
    bad = scale_apply.read_bad_records(tmp_path / "out")
    assert report.bad == len(bad) == 800 + 1 + 2
    where = {(Path(b["file"]).name, b["line"]) for b in bad}
    assert ("big.jsonl", 2) in where and ("big.jsonl", 1598) in where and ("big.jsonl", 1599) in where
    assert ("broken.csv", 3) in where
    assert {"binary.txt", "empty.txt"} <= {name for name, _ in where}
    assert all(b["message"] for b in bad)


def test_parquet_input_gives_what_the_same_jsonl_gives(client, project, tmp_path: Path) -> None:
    _, path = project
    documents = list(synthetic.synthetic_documents(150, 9, target_chars=600))
    (tmp_path / "j").mkdir()
    with (tmp_path / "j" / "a.jsonl").open("w", encoding="utf-8") as handle:
        for key, title, text in documents:
            handle.write(json.dumps({"id": key, "title": title, "text": text, "meta": {"county": "安溪县"}}, ensure_ascii=False) + "\n")
    (tmp_path / "p").mkdir()
    table = pa.table({"id": [d[0] for d in documents], "title": [d[1] for d in documents],
                      "text": [d[2] for d in documents], "county": ["安溪县"] * len(documents)})
    pq.write_table(table, tmp_path / "p" / "a.parquet", row_group_size=40)
    setup = setup_of(path)
    apply_corpus([tmp_path / "j"], setup, tmp_path / "out-j", client=client)
    report = apply_corpus([tmp_path / "p"], setup, tmp_path / "out-p", client=client, partition_bytes=1)
    assert report.partitions == 4  # one per row group
    assert applied_candidates(tmp_path / "out-p") == applied_candidates(tmp_path / "out-j")
    counts = pq.read_table(tmp_path / "out-p" / "counts").to_pylist()
    assert {row["county"] for row in counts} == {"安溪县"} and len(counts) == 150



def test_a_worker_with_annotator_installed_elsewhere_finds_its_own_resources() -> None:
    """A remote worker's resources folder is not at the client's path: the worker's own copy is
    used when its files are the same, and refused by name when they differ."""
    from dataclasses import replace

    setup = project_apply_setup(Store.memory())
    moved = replace(setup, detection=replace(setup.detection, resources_dir="/nonexistent/annotator/resources"),
                    fingerprint="moved")
    text = "全面推进乡村振兴，确保粮食产量达到100万吨。"
    assert scale_apply.detector_for(moved).detect(text) == setup.detection.build().detect(text)
    differs = replace(moved, resources_fingerprint="0" * 16, fingerprint="differs")
    with pytest.raises(AnnotatorError, match="differ from the project's"):
        scale_apply.detector_for(differs)


def test_a_damaged_parquet_row_group_is_a_bad_record(tmp_path: Path) -> None:
    from annotator.corpus import ReadOptions
    from annotator.scale.sources import corpus_files, plan_partitions, read_partition

    table = pa.table({"text": [f"第{i}篇：全面推进乡村振兴" for i in range(30)]})
    pq.write_table(table, tmp_path / "a.parquet", row_group_size=10, compression="none")
    data = bytearray((tmp_path / "a.parquet").read_bytes())
    middle = pq.ParquetFile(tmp_path / "a.parquet").metadata.row_group(1).column(0)
    start = middle.data_page_offset
    data[start:start + 40] = b"\xff" * 40  # the second row group's page, overwritten
    (tmp_path / "a.parquet").write_bytes(bytes(data))
    files, _ = corpus_files([tmp_path])
    partitions, problems = plan_partitions(files)
    records = [r for p in partitions for r in read_partition(p, ReadOptions())]
    good = [r for r in records if not isinstance(r, InputErrorType)]
    bad = [r for r in records if isinstance(r, InputErrorType)]
    assert not problems and len(good) == 20
    assert [(Path(b.path).name, b.line) for b in bad] == [("a.parquet", 11)] and "rows 11-20" in bad[0].message
    assert [r.source_line for r in good] == [*range(1, 11), *range(21, 31)]


def test_sample_on_the_cluster_picks_what_it_picks_here(client, tmp_path: Path) -> None:
    from annotator.scale.sample import SampleSpec, sample_corpus

    corpus = write_corpus(tmp_path / "c", count=300)
    setup = project_apply_setup(Store.memory())
    for spec in (SampleSpec(n=12, by=("county",), seed=4), SampleSpec(n=6, by=("county",), prefer="uncertain")):
        here = sample_corpus([corpus], spec, setup, partition_bytes=SMALL_PARTITION // 4)
        there = sample_corpus([corpus], spec, setup, partition_bytes=SMALL_PARTITION // 4, client=client)
        assert (there.documents, there.strata) == (here.documents, here.strata) and len(here.documents) == spec.n
        assert list(map(str, there.bad)) == list(map(str, here.bad))


def test_a_small_corpus_is_cut_into_enough_tasks_and_a_big_one_into_bounded_ones(tmp_path: Path) -> None:
    """With the default size, 2 MB of JSONL makes several tasks (a worker is not left idle
    while another reads everything), and a task never reads more than 32 MB."""
    from annotator.scale import sources

    small = tmp_path / "small.jsonl"
    line = json.dumps({"text": "全面推进乡村振兴。" * 40}, ensure_ascii=False) + "\n"
    small.write_text(line * (2 * 2**20 // len(line.encode())), encoding="utf-8")
    chosen = sources.automatic_partition_bytes([small])
    partitions, problems = sources.plan_partitions([small], chosen)
    assert not problems and len(partitions) >= 8
    assert sources.automatic_partition_bytes([small]) == chosen  # a rerun cuts the same way
    big = tmp_path / "big.jsonl"
    with big.open("wb") as handle:
        handle.truncate(4 * 2**30)  # sparse: 4 GB of size on no disk
    assert sources.automatic_partition_bytes([big]) == sources.DEFAULT_PARTITION_BYTES


def test_local_workers_run_without_the_profiler_and_with_slow_ticks(client) -> None:
    """Each wake-up of a worker's event loop takes the GIL from detection."""
    import dask

    settings = client.run(lambda: (dask.config.get("distributed.worker.profile.enabled"),
                                   dask.config.get("distributed.admin.tick.interval")))
    assert set(settings.values()) == {(False, "1s")}


def test_a_worker_loads_jieba_before_its_first_document() -> None:
    """Loading jieba's dictionary (about 0.7 s) belongs to building the worker's detector."""
    from annotator.detect import words

    words._BY_FINGERPRINT.clear()
    setup = project_apply_setup(Store.memory())
    scale_apply._DETECTOR = None
    scale_apply.detector_for(setup)
    assert words._BY_FINGERPRINT  # the shared segmenter is there before any text was detected
