"""Where the data files and exports are found: package data, not the source tree."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import pytest

from annotator import paths
from annotator.errors import AnnotatorError


def test_the_data_folders_hold_the_codebook_lexicons_and_demo_corpus() -> None:
    assert (paths.resources_dir() / "codebook.toml").is_file()
    assert (paths.resources_dir() / "patterns.jsonl").is_file()
    assert list((paths.resources_dir() / "lexicons").glob("*.txt"))
    assert len(list(paths.seeds_dir().glob("*.txt"))) == 5


def test_exports_go_under_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert paths.exports_dir() == tmp_path / "exports"


def test_without_the_data_package_a_checkout_uses_its_own_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(package: str):
        raise ModuleNotFoundError(package)

    monkeypatch.setattr(importlib.resources, "files", not_installed)
    checkout = Path(paths.__file__).resolve().parent.parent
    assert paths.resources_dir() == checkout / "resources"
    assert paths.seeds_dir() == checkout / "seeds"


def test_an_installation_without_its_data_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(package: str):
        raise ModuleNotFoundError(package)

    monkeypatch.setattr(importlib.resources, "files", not_installed)
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path)  # e.g. site-packages: no resources/ beside the package
    with pytest.raises(AnnotatorError, match=r"the installation lacks its resources \(annotator._resources\); reinstall annotator"):
        paths.resources_dir()
