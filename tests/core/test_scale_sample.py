"""``sample`` (stratified, seeded, by preference; importable) and ``summarize`` (hand-worked
numbers, fields missing from some partitions, CSV and HTML)."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from annotator import services
from annotator.errors import AnnotatorError
from annotator.scale.apply import project_apply_setup
from annotator.scale.sample import SampleSpec, allocate, sample_corpus
from annotator.scale.summarize import summarize, to_html
from annotator.store import Store

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" / "synthetic.py")
synthetic = importlib.util.module_from_spec(spec)
spec.loader.exec_module(synthetic)

SIZES = {"安溪县": 60, "晋江市": 30, "南安市": 10}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    documents = synthetic.synthetic_documents(sum(SIZES.values()), 5, target_chars=300)
    counties = [county for county, size in SIZES.items() for _ in range(size)]
    with (folder / "a.jsonl").open("w", encoding="utf-8") as handle:
        for number, ((key, title, text), county) in enumerate(zip(documents, counties)):
            handle.write(json.dumps({"id": key, "title": title, "text": text,
                                     "meta": {"county": county, "year": 2015 + number % 2}}, ensure_ascii=False) + "\n")
        handle.write("{a bad line\n")
    return folder


def test_strata_get_proportional_shares_and_the_file_imports(corpus: Path, tmp_path: Path) -> None:
    report = sample_corpus([corpus], SampleSpec(n=20, by=("county",), seed=1))
    picked = [record["meta"]["county"] for record in report.documents]
    assert {county: picked.count(county) for county in SIZES} == {"安溪县": 12, "晋江市": 6, "南安市": 2}
    assert {(s[0], size, chosen) for s, size, chosen in report.strata} == {("安溪县", 60, 12), ("晋江市", 30, 6), ("南安市", 10, 2)}
    assert [(Path(e.path).name, e.line) for e in report.bad] == [("a.jsonl", 101)]
    out = tmp_path / "sample.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in report.documents), encoding="utf-8")
    with Store.open(tmp_path / "p.db", create=True) as store:
        assert services.import_paths(store, [out]).imported == 20
        stored = list(store.documents())
    assert {d.external_id for d in stored} == {r["id"] for r in report.documents}
    assert all(d.meta["county"] in SIZES and d.meta["sampled_from"].endswith(tuple(f":{i}" for i in range(1, 101))) for d in stored)


def test_two_fields_and_the_seed(corpus: Path) -> None:
    def ids(seed: int, partition_bytes: int = 1 << 25) -> list[str]:
        report = sample_corpus([corpus], SampleSpec(n=10, by=("county", "year"), seed=seed), partition_bytes=partition_bytes)
        return [r["id"] for r in report.documents]

    assert ids(1) == ids(1) == ids(1, partition_bytes=4096)  # the same choice however the corpus is cut
    assert ids(1) != ids(2)
    report = sample_corpus([corpus], SampleSpec(n=10, by=("county", "year"), seed=1))
    assert sum(chosen for _, _, chosen in report.strata) == 10
    assert {stratum for stratum, _, _ in report.strata} == {(c, y) for c in SIZES for y in ("2015", "2016")}


def test_more_than_the_corpus_takes_it_all(corpus: Path) -> None:
    assert len(sample_corpus([corpus], SampleSpec(n=1000, by=("county",))).documents) == 100
    assert allocate(3, {("a",): 1, ("b",): 1, ("c",): 1, ("d",): 1}) == {("a",): 1, ("b",): 1, ("c",): 1}


@pytest.mark.parametrize("prefer", ["dense", "uncertain"])
def test_preferences_take_the_densest_or_least_certain_first(corpus: Path, prefer: str) -> None:
    setup = project_apply_setup(Store.memory())
    report = sample_corpus([corpus], SampleSpec(n=10, by=("county",), prefer=prefer), setup)
    detector = setup.detection.build()

    def measure(text: str) -> float:
        spans = detector.detect(text)
        if prefer == "dense":
            return -len(spans) / len(text)
        return min((abs(setup.scores.score(s.rule, s.score) - 0.5) for s in spans), default=1.0)

    chosen = {r["id"] for r in report.documents}
    lines = [json.loads(line) for line in (corpus / "a.jsonl").read_text("utf-8").splitlines()[:-1]]
    for county in SIZES:
        inside = [measure(d["text"]) for d in lines if d["meta"]["county"] == county and d["id"] in chosen]
        outside = [measure(d["text"]) for d in lines if d["meta"]["county"] == county and d["id"] not in chosen]
        assert inside and max(inside) <= min(outside)


def test_a_preference_needs_the_project(corpus: Path) -> None:
    with pytest.raises(AnnotatorError, match="--project"):
        sample_corpus([corpus], SampleSpec(n=5, prefer="dense"))


def write_run(folder: Path) -> None:
    """Two counts partitions as apply writes them; the second lacks the "year" field."""
    (folder / "counts").mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"labels": ["SLOGAN", "TARGET"]}))
    first = {"doc_key": ["a", "b", "c"], "candidates": [3, 1, 0], "SLOGAN": [2, 0, 0], "TARGET": [1, 1, 0],
             "county": ["安溪县", "安溪县", "晋江市"], "year": ["2010", "2010", "2011"]}
    second = {"doc_key": ["d", "e"], "candidates": [4, 2], "SLOGAN": [4, 1], "TARGET": [0, 1], "county": ["安溪县", "晋江市"]}
    for name, columns in (("part-000000", first), ("part-000001", second)):
        types = {k: pa.int32() if k in ("candidates", "SLOGAN", "TARGET") else pa.string() for k in columns}
        pq.write_table(pa.table({k: pa.array(v, types[k]) for k, v in columns.items()}), folder / "counts" / f"{name}.parquet")


def test_summarize_counts_and_shares_by_group(tmp_path: Path) -> None:
    write_run(tmp_path / "run")
    summary = summarize(tmp_path / "run", ["county", "year"])
    rows = {tuple(row[f] for f in ("county", "year")): row for row in summary.rows()}
    assert set(rows) == {("安溪县", "2010"), ("晋江市", "2011"), ("安溪县", "(none)"), ("晋江市", "(none)")}
    first = rows[("安溪县", "2010")]
    assert (first["documents"], first["candidates"], first["SLOGAN"], first["TARGET"]) == (2, 4, 2, 2)
    assert (first["SLOGAN_share"], first["SLOGAN_docs"], first["TARGET_docs"]) == (0.5, 0.5, 1.0)
    empty = rows[("晋江市", "2011")]
    assert (empty["documents"], empty["candidates"], empty["SLOGAN_share"], empty["SLOGAN_docs"]) == (1, 0, 0.0, 0.0)
    by_county = {row["county"]: row for row in summarize(tmp_path / "run", ["county"]).rows()}
    assert (by_county["安溪县"]["documents"], by_county["安溪县"]["SLOGAN"], by_county["安溪县"]["SLOGAN_share"]) == (3, 6, 0.75)
    table = list(csv.DictReader(io.StringIO(summary.to_csv())))
    assert table[0]["county"] and float(table[0]["SLOGAN_share"]) == rows[(table[0]["county"], table[0]["year"])]["SLOGAN_share"]
    page = to_html(summary, "by county × year")
    assert page.count("<svg") == 2 and "安溪县" in page and "0.500" in page


def test_summarize_names_the_fields_it_has(tmp_path: Path) -> None:
    write_run(tmp_path / "run")
    with pytest.raises(AnnotatorError, match="no field 'province'.*county") as refused:
        summarize(tmp_path / "run", ["province"])
    assert str(tmp_path / "run") in str(refused.value)
    with pytest.raises(AnnotatorError, match="apply --out"):
        summarize(tmp_path, ["county"])


def test_a_big5_file_split_by_bytes_reads_as_the_importer_reads_it(tmp_path: Path) -> None:
    """A JSONL file larger than a partition is cut by bytes; its encoding (detected, or forced
    as with --encoding) is proven once for the whole file and every piece decodes with it."""
    from annotator.corpus import ReadOptions
    from annotator.scale.sources import corpus_files, plan_partitions, read_partition

    lines = [json.dumps({"id": n, "text": f"第{n}篇：臺灣縣政府推動鄉村振興，確保糧食產量達到100萬噸。"}, ensure_ascii=False)
             for n in range(400)]
    (tmp_path / "big5.jsonl").write_bytes(("\n".join(lines) + "\n").encode("big5"))
    files, _ = corpus_files([tmp_path])
    for encoding in (None, "big5"):
        partitions, problems = plan_partitions(files, 4096, encoding)
        assert not problems and len(partitions) > 3 and {p.encoding for p in partitions} == {"big5"}
        records = [r for p in partitions for r in read_partition(p, ReadOptions(encoding=encoding))]
        assert [r.external_id for r in records] == [str(n) for n in range(400)]
        assert [r.source_line for r in records] == list(range(1, 401))
        assert records[123].text == json.loads(lines[123])["text"]


def test_sample_by_script_as_summarize_groups(seeds: Path) -> None:
    report = sample_corpus([seeds], SampleSpec(n=5, by=("script",)))
    assert {(stratum, size) for stratum, size, _ in report.strata} == {(("simplified",), 4), (("traditional",), 1)}


def test_apply_runs_the_shared_detection_only(seeds: Path) -> None:
    """An annotator's own confirmed phrases teach only them: they neither reach the cluster
    nor make a finished run look like another detection. Gold's do both."""
    from annotator.services.adjudication import accept_agreed

    store = Store.memory()
    services.import_paths(store, [seeds])
    services.detect_project(store)
    before = project_apply_setup(store)
    doc = next(iter(store.documents()))
    for annotator in ("alice", "bob"):
        services.add_span(store, annotator, doc.id, 0, 4, "SLOGAN")
    personal = project_apply_setup(store)
    assert personal.detection.owned == () and personal.fingerprint == before.fingerprint
    accept_agreed(store, ["alice", "bob"])
    shared = project_apply_setup(store)
    assert shared.detection.learned == (("SLOGAN", doc.text[:4]),) and shared.fingerprint != before.fingerprint
