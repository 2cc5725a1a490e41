"""`annotator train`: cross-validated figures per label, the model stored, refusals in one line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator import services, store_models
from annotator.cli import main
from annotator.services import annotating, modelling
from annotator.store import Store

from tests.core.test_model import ANNOTATOR, _annotate, _write_articles


def test_train_prints_cross_validated_figures_per_label_and_stores_the_model(tmp_path: Path) -> None:
    gold = _write_articles(tmp_path / "docs", 9, seed=7)
    db = tmp_path / "p.annotator.db"
    with Store.open(db) as store:
        services.import_paths(store, [tmp_path / "docs"])
        services.detect_project(store)
        _annotate(store, gold)
    result = CliRunner().invoke(main, ["train", "--db", str(db), "--layers", ANNOTATOR, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("Trained the shared model on 9 document(s)") for line in lines)
    header = next(line for line in lines if line.startswith("label"))
    assert "exact P" in header and "overlap R" in header
    rows = {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] in ("SLOGAN", "CAMPAIGN")}
    assert set(rows) == {"SLOGAN", "CAMPAIGN"} and float(rows["SLOGAN"][-2]) > 0.5  # overlap recall
    assert "3-fold cross-validation" in result.output
    with Store.open(db) as store:
        assert store_models.stored_model(store, modelling.SHARED_SCOPE) is not None

    again = CliRunner().invoke(main, ["train", "--db", str(db), "--layers", ANNOTATOR])
    assert again.exit_code == 0 and "trained on the same data" in again.output and "SLOGAN" in again.output


def test_train_without_decisions_is_refused_in_one_line_and_stores_nothing(tmp_path: Path, seeds: Path) -> None:
    db = tmp_path / "p.annotator.db"
    with Store.open(db) as store:
        services.import_paths(store, [seeds])
    result = CliRunner().invoke(main, ["train", "--db", str(db)])
    assert result.exit_code == 1
    assert "nothing to learn from" in result.output and str(db) in result.output and "Traceback" not in result.output
    unknown = CliRunner().invoke(main, ["train", "--db", str(db), "--layers", "alice"])
    assert unknown.exit_code == 1 and "no layer called alice" in unknown.output
    with Store.open(db) as store:
        assert store_models.stored_model(store, modelling.SHARED_SCOPE) is None
        assert not [e for e in store.events() if e.action == "train"]
