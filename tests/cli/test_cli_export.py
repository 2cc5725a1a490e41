"""annotator export, and annotator import of annotation files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main


def project(tmp_path: Path, seeds: Path) -> str:
    db = str(tmp_path / "p.db")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(seeds), "--db", db]).exit_code == 0
    assert runner.invoke(main, ["detect", "--db", db]).exit_code == 0
    return db


def test_export_candidates_with_split_and_manifest(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    out = tmp_path / "out" / "seeds"
    result = CliRunner().invoke(main, ["export", "--db", db, "--layer", "candidates", "--out", str(out),
                                       "--split", "train=0.6,dev=0.2,test=0.2", "--seed", "3"])
    assert result.exit_code == 1  # seed 3 leaves "test" without a document: an empty file breaks its readers
    assert "--split: part(s) test would hold no record (5 record(s) in all); nothing was written" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    result = CliRunner().invoke(main, ["export", "--db", db, "--layer", "candidates", "--out", str(out),
                                       "--split", "train=0.6,dev=0.2,test=0.2", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "Manifest:" in result.output
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["seeds.dev.jsonl", "seeds.manifest.json", "seeds.test.jsonl", "seeds.train.jsonl"]
    manifest = json.loads((tmp_path / "out" / "seeds.manifest.json").read_text(encoding="utf-8"))
    assert manifest["split"] == {"train": 0.6, "dev": 0.2, "test": 0.2} and manifest["seed"] == 2
    assert sum(manifest["counts"]["per_part"].values()) == 5


def test_export_errors_are_messages(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    result = CliRunner().invoke(main, ["export", "--db", db, "--layer", "nobody"])
    assert result.exit_code == 1 and "no layer 'nobody'" in result.output
    result = CliRunner().invoke(main, ["export", "--db", db, "--split", "train=2"])
    assert result.exit_code == 1 and "add up" in result.output


def test_import_annotations_needs_an_owner_then_round_trips(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    runner = CliRunner()
    out = tmp_path / "doccano.jsonl"
    assert runner.invoke(main, ["export", "--db", db, "--layer", "candidates", "--format", "doccano", "--out", str(out)]).exit_code == 0
    refused = runner.invoke(main, ["import", str(out), "--db", db])
    assert refused.exit_code == 1 and "--annotator NAME" in refused.output
    accepted = runner.invoke(main, ["import", str(out), "--db", db, "--annotator", "bob"])
    assert accepted.exit_code == 0, accepted.output
    assert "into bob's layer from 5 record(s): 5 matched stored documents, 0 new document(s)" in accepted.output
    info = json.loads(runner.invoke(main, ["info", "--db", db, "--json"]).output)
    bob = next(layer for layer in info["layers"] if layer["layer"] == "bob")
    assert bob["by_status"] == {"accepted": info["candidates"]}


def test_import_annotations_bad_file(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "确保", "label": [[0, 9, "TARGET"]]}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(bad), "--db", db, "--annotator", "bob"])
    assert result.exit_code == 1
    assert f"{bad}:1: span [0, 9) TARGET is outside the text" in result.output
    assert "the project is unchanged" in result.output


def test_export_writes_exactly_the_file_named_and_never_replaces(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    runner = CliRunner()
    out = tmp_path / "data"
    first = runner.invoke(main, ["export", "--db", db, "--layer", "candidates", "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert f"Wrote {out}\n" in first.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("data")) == ["data", "data.manifest.json"]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    manifest = tmp_path / "data.manifest.json"
    out.unlink()
    before = manifest.read_bytes()
    again = runner.invoke(main, ["export", "--db", db, "--layer", "candidates", "--out", str(out)])
    assert again.exit_code == 1
    assert again.output.strip() == f"Error: {manifest}: already exists; choose another --out (nothing was written or removed)"
    assert manifest.read_bytes() == before and not out.exists()


def test_label_studio_annotators_round_trip_through_the_cli(tmp_path: Path, seeds: Path) -> None:
    """Two annotators' spans on one document: one task, two annotations; --annotator refuses to
    merge them, --annotator-field layer puts each back into its own layer."""
    db = project(tmp_path, seeds)
    runner = CliRunner()
    doccano = tmp_path / "candidates.jsonl"
    assert runner.invoke(main, ["export", "--db", db, "--layer", "candidates", "--format", "doccano", "--out", str(doccano)]).exit_code == 0
    for name in ("alice", "bob"):
        assert runner.invoke(main, ["import", str(doccano), "--db", db, "--annotator", name]).exit_code == 0
    tasks = tmp_path / "tasks.json"
    exported = runner.invoke(main, ["export", "--db", db, "--format", "label-studio", "--out", str(tasks)])
    assert exported.exit_code == 0, exported.output
    assert all(len(task["annotations"]) == 2 for task in json.loads(tasks.read_text(encoding="utf-8")))
    other = str(tmp_path / "other.db")
    refused = runner.invoke(main, ["import", str(tasks), "--db", other, "--annotator", "carol"])
    assert refused.exit_code == 1 and f"{tasks}:2:" in refused.output and "--annotator-field" in refused.output
    taken = runner.invoke(main, ["import", str(tasks), "--db", other, "--annotator-field", "layer"])
    assert taken.exit_code == 0, taken.output
    assert "into the layer(s) of alice, bob" in taken.output


def test_conll_comments_on_request_and_brat_notes_are_said(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    runner = CliRunner()
    plain = tmp_path / "plain.conll"
    assert runner.invoke(main, ["export", "--db", db, "--layer", "candidates", "--format", "conll", "--out", str(plain)]).exit_code == 0
    assert not any(line.startswith("#") and "\t" not in line for line in plain.read_text(encoding="utf-8").splitlines())
    commented = tmp_path / "commented.conll"
    result = runner.invoke(main, ["export", "--db", db, "--layer", "candidates", "--format", "conll", "--conll-comments",
                                  "--out", str(commented)])
    assert result.exit_code == 0, result.output
    assert commented.read_text(encoding="utf-8").startswith("# doc_id = 1\n# annotator = candidates\n1\t")
    dropped = json.loads((tmp_path / "commented.conll.manifest.json").read_text(encoding="utf-8"))["notes"]["overlapping spans dropped"]
    assert f"Note: overlapping spans dropped: {dropped}" in result.output  # the seeds' candidates overlap


def test_split_parts_go_before_the_extension_given(tmp_path: Path, seeds: Path) -> None:
    db = project(tmp_path, seeds)
    result = CliRunner().invoke(main, ["export", "--db", db, "--layer", "candidates", "--format", "label-studio",
                                       "--out", str(tmp_path / "ls.json"), "--split", "a=0.5,b=0.5", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ls")) == ["ls.a.json", "ls.b.json", "ls.json.manifest.json"]
