"""The project's agreement report: shape, perfect agreement, missing is not disagreement,
and the character-level α equal to the krippendorff package on the same characters."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.agreement import char_values
from annotator.cli import main
from annotator.services import annotating as an
from annotator.services.agreement_report import agreement_report
from annotator.store import Store

MEASURES = {"krippendorff_alpha_unitized", "krippendorff_alpha_char", "fleiss_kappa_char", "cohen_kappa_char", "f1_exact", "f1_overlap", "spans", "characters"}


@pytest.fixture
def store(detected_project: Store) -> Store:
    return detected_project


def decide(store: Store, layer: str, doc_id: int, pattern: str) -> None:
    """a = accept, x = reject, . = leave, cycling over the document's candidates."""
    for index, item in enumerate(an.document_items(store, layer, doc_id)):
        action = pattern[index % len(pattern)]
        if action == "a":
            an.accept(store, layer, item)
        elif action == "x":
            an.reject(store, layer, item)


def test_identical_layers_agree_perfectly(store: Store) -> None:
    for layer in ("alice", "bob"):
        decide(store, layer, 1, "aax")
    report = agreement_report(store)
    assert report["annotators"] == ["alice", "bob"] and report["documents"] == 1
    assert set(report["overall"]) == MEASURES
    for measure in ("krippendorff_alpha_unitized", "krippendorff_alpha_char", "fleiss_kappa_char", "cohen_kappa_char", "f1_exact", "f1_overlap"):
        assert report["overall"][measure] == pytest.approx(1.0), measure
    assert report["pairs"][0]["a"] == "alice" and report["pairs"][0]["f1_exact"] == pytest.approx(1.0)
    assert {d["id"] for d in report["per_document"]} == {1}


def test_a_document_one_annotator_did_not_do_is_missing_not_disagreement(store: Store) -> None:
    decide(store, "alice", 1, "aax")
    decide(store, "bob", 1, "aax")
    decide(store, "bob", 2, "a")  # alice never worked on document 2
    report = agreement_report(store)
    assert report["documents"] == 1
    assert report["overall"]["krippendorff_alpha_char"] == pytest.approx(1.0)


def test_character_alpha_equals_the_krippendorff_package(store: Store) -> None:
    krippendorff = pytest.importorskip("krippendorff")
    decide(store, "alice", 1, "aax")
    decide(store, "bob", 1, "axa.")
    decide(store, "carol", 1, "a.a")
    decide(store, "alice", 3, "a")
    decide(store, "bob", 3, "ax")
    report = agreement_report(store)
    rows = {c: [] for c in ("alice", "bob", "carol")}
    for doc_id in (1, 3):
        length = len(store.document(doc_id).text)
        for coder in rows:
            worked = coder in store.layer_names_of(doc_id)
            spans = [(a.start, a.end, a.label) for a in store.annotations(doc_id, coder) if a.status != "rejected"]
            rows[coder] += char_values(spans, length) if worked else [None] * length
    codes = {v: i for i, v in enumerate(sorted({v for row in rows.values() for v in row if v is not None}, key=str))}
    matrix = [[math.nan if v is None else codes[v] for v in row] for row in rows.values()]
    reference = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert report["overall"]["krippendorff_alpha_char"] == pytest.approx(reference, abs=1e-9)


def test_cli_table_json_and_html(store: Store, tmp_path: Path) -> None:
    decide(store, "alice", 1, "aax")
    decide(store, "bob", 1, "axa")
    db = store.path
    store.close()
    json_path, html_path = tmp_path / "a.json", tmp_path / "a.html"
    result = CliRunner().invoke(main, ["agreement", "--db", db, "--json", str(json_path), "--html", str(html_path)])
    assert result.exit_code == 0, result.output
    assert "overall" in result.output and "alice – bob" in result.output
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert set(data) >= {"annotators", "documents", "overall", "per_label", "pairs", "per_document"}
    assert set(data["pairs"][0]) >= {"a", "b", "cohen_kappa_char", "f1_exact", "f1_overlap"}
    page = html_path.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 3 and "alice" in page
    lonely = CliRunner().invoke(main, ["agreement", "--db", db, "--annotators", "alice"])
    assert lonely.exit_code == 1 and "at least two annotators" in lonely.output
