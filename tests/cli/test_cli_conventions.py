"""Command-line conventions: - for standard output, --quiet, no progress bar off a terminal,
rules --json, shell completion; and what a native export keeps (the user's metadata) and
refuses (an empty export)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main, progress_bar
from annotator.store import Store

ARTICLE = "确保总投资达300亿元。坚持以人民为中心的发展思想。"
USER_META = {"layer": "front page", "script": "handwritten", "source_hash": "theirs", "external_id": "x", "annotator": "ed"}


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


@pytest.fixture
def db(tmp_path: Path, seeds: Path) -> Path:
    """The seeds, detected; alice's and bob's layers made from the candidates (bob: 3 documents)."""
    path = tmp_path / "p.annotator.db"
    assert run("import", seeds, "--db", path).exit_code == 0
    assert run("detect", "--db", path).exit_code == 0
    candidates = tmp_path / "candidates.jsonl"
    assert run("export", "--db", path, "--layer", "candidates", "--format", "doccano", "--out", candidates).exit_code == 0
    some = tmp_path / "some.jsonl"
    some.write_text("".join(candidates.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), encoding="utf-8")
    assert run("import", candidates, "--db", path, "--annotator", "alice").exit_code == 0
    assert run("import", some, "--db", path, "--annotator", "bob").exit_code == 0
    return path


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------------ native metadata


def project_with_user_meta(tmp_path: Path) -> Path:
    path = tmp_path / "meta.annotator.db"
    article = tmp_path / "article.jsonl"
    article.write_text(json.dumps({"id": "ext-7", "text": ARTICLE, "meta": USER_META}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("import", article, "--db", path).exit_code == 0
    spans = tmp_path / "spans.jsonl"
    spans.write_text(json.dumps({"text": ARTICLE, "label": [[0, 2, "TARGET"]]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("import", spans, "--db", path, "--annotator", "alice").exit_code == 0
    return path


def test_native_export_keeps_the_users_meta_and_namespaces_ours(tmp_path: Path) -> None:
    path = project_with_user_meta(tmp_path)
    out = tmp_path / "alice.jsonl"
    assert run("export", "--db", path, "--layer", "alice", "--out", out).exit_code == 0
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["meta"] == USER_META  # every key theirs, even those named like ours
    ours = record["annotator"]
    assert ours["layer"] == "alice" and ours["external_id"] == "ext-7" and ours["script"] == "simplified"
    assert ours["source_path"].endswith("article.jsonl") and ours["source_hash"] != "theirs"


def test_a_native_export_reimports_with_the_users_meta_and_id(tmp_path: Path) -> None:
    path = project_with_user_meta(tmp_path)
    out = tmp_path / "alice.jsonl"
    assert run("export", "--db", path, "--layer", "alice", "--out", out).exit_code == 0
    fresh = tmp_path / "fresh.annotator.db"
    result = run("import", out, "--db", fresh, "--annotator", "carol")
    assert result.exit_code == 0, result.output
    assert "1 new document(s)" in result.output
    with Store.open(fresh) as store:
        [document] = list(store.documents())
        assert document.meta == USER_META and document.external_id == "ext-7"
        assert [(a.start, a.end, a.label) for a in store.annotations(document.id, "carol")] == [(0, 2, "TARGET")]


def test_an_older_native_export_with_our_fields_in_meta_still_imports(tmp_path: Path) -> None:
    old = tmp_path / "old.jsonl"
    record = {"id": 3, "text": ARTICLE, "spans": [{"start": 0, "end": 2, "label": "TARGET", "status": "accepted"}],
              "meta": {"topic": "economy", "layer": "alice", "script": "simplified", "source_hash": "abc", "external_id": "E3"},
              "codebook_version": "1.0"}
    old.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    fresh = tmp_path / "fresh.annotator.db"
    assert run("import", old, "--db", fresh, "--annotator", "carol").exit_code == 0
    with Store.open(fresh) as store:
        [document] = list(store.documents())
        assert document.meta == {"topic": "economy"} and document.external_id == "E3"


# ------------------------------------------------------------------ empty exports


def test_an_empty_export_fails_with_a_sentence_and_writes_nothing(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = run("export", "--db", db, "--layer", "gold", "--out", folder / "gold.jsonl")
    assert result.exit_code == 1
    assert result.output == ("Error: nothing to export: no document has a record in layer 'gold' with these filters; "
                             "nothing was written (--allow-empty writes an empty export)\n")
    assert files_in(folder) == []
    allowed = run("export", "--db", db, "--layer", "gold", "--out", folder / "gold.jsonl", "--allow-empty")
    assert allowed.exit_code == 0, allowed.output
    assert files_in(folder) == ["gold.jsonl", "gold.jsonl.manifest.json"] and (folder / "gold.jsonl").read_bytes() == b""


# ------------------------------------------------------------------ standard output


def test_export_to_standard_output_is_the_file_and_nothing_else(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    file = tmp_path / "alice.jsonl"
    assert run("export", "--db", db, "--layer", "alice", "--out", file).exit_code == 0
    result = run("export", "--db", db, "--layer", "alice", "--out", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == file.read_bytes()
    assert "Wrote standard output" in result.stderr and "5 record(s)" in result.stderr
    assert not (tmp_path / "-").exists() and not (tmp_path / "exports").exists()


@pytest.mark.parametrize(("extra", "message"), [
    (["--format", "brat"], "brat writes a folder of files, which cannot go to standard output"),
    (["--split", "a=0.5,b=0.5"], "--split writes one file per part, which cannot go to standard output"),
    (["--layer", "gold"], "nothing to export"),  # a failed export sends nothing
])
def test_export_to_standard_output_refusals_send_nothing(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         extra: list[str], message: str) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = run("export", "--db", db, "--out", "-", *extra)
    assert result.exit_code == 1
    assert message in result.stderr and result.stdout == ""
    assert files_in(here) == []


def test_agreement_json_to_standard_output_is_only_json(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("agreement", "--db", db, "--json", "-")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["annotators"] == ["alice", "bob"] and report["documents"] == 3
    assert not (tmp_path / "-").exists()


# ------------------------------------------------------------------ --quiet, progress


def test_quiet_leaves_out_informational_lines_but_not_errors_or_results(db: Path, tmp_path: Path, seeds: Path) -> None:
    other = tmp_path / "other.annotator.db"
    for args in (["import", seeds, "--db", other, "--quiet"], ["detect", "--db", other, "-q"],
                 ["--quiet", "export", "--db", db, "--layer", "alice", "--out", tmp_path / "q.jsonl"],
                 ["agreement", "--db", db, "--json", tmp_path / "a.json", "--quiet"]):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert "Imported" not in result.output and "Detected" not in result.output and "Wrote" not in result.output
    assert (tmp_path / "q.jsonl").exists() and (tmp_path / "a.json").exists()
    assert run("import", seeds, "--db", other, "--quiet").output == ""
    refused = run("export", "--db", db, "--layer", "nobody", "--quiet")
    assert refused.exit_code == 1 and "no layer 'nobody'" in refused.output
    asked = run("info", "--db", db, "--json", "--quiet")
    assert json.loads(asked.output)["documents"] == 5


def test_every_command_takes_quiet() -> None:
    for name, command in main.commands.items():
        assert any("--quiet" in p.opts for p in command.params), name


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert progress_bar(desc="x").disable
    monkeypatch.setattr(sys, "stderr", _Terminal())
    bar = progress_bar(desc="x")
    assert not bar.disable
    bar.close()


# ------------------------------------------------------------------ rules --json, completion


def test_rules_json(db: Path) -> None:
    result = run("rules", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    rules = json.loads(result.output)
    info = json.loads(run("info", "--db", db, "--json").output)
    assert sum(rule["candidates"] for rule in rules) == info["candidates"]
    assert all(set(rule) == {"rule", "candidates", "accepted", "relabelled", "rejected", "decided", "precision"} for rule in rules)
    assert all(rule["precision"] == 1.0 for rule in rules if rule["decided"])  # alice and bob accepted every candidate


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_script_is_produced(shell: str) -> None:
    result = CliRunner().invoke(main, [], env={"_ANNOTATOR_COMPLETE": f"{shell}_source"}, prog_name="annotator")
    assert result.exit_code == 0
    assert "_ANNOTATOR_COMPLETE" in result.output and f"{shell}_complete" in result.output


def test_shell_completion_completes_commands_and_options() -> None:
    env = {"_ANNOTATOR_COMPLETE": "bash_complete", "COMP_WORDS": "annotator exp", "COMP_CWORD": "1"}
    assert CliRunner().invoke(main, [], env=env, prog_name="annotator").output.split() == ["plain,export"]
    env = {"_ANNOTATOR_COMPLETE": "bash_complete", "COMP_WORDS": "annotator export --allow", "COMP_CWORD": "2"}
    assert "plain,--allow-empty" in CliRunner().invoke(main, [], env=env, prog_name="annotator").output.split()
