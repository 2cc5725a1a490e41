"""Fixtures shared by the core, CLI and GUI tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests must not fail because a loaded CI machine is slow: no deadlines, and no
# "too slow" health check (the data they draw is small; the machine is what varies).
settings.register_profile("annotator", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("annotator")

# GUI tests run without a display; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
TRADITIONAL_SEED = SEEDS / "001_72ca0e151c5a6ad7.txt"


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture
def seed_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "project.annotator.db"


@pytest.fixture(autouse=True)
def isolated_default_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch the user's real default project."""
    path = tmp_path / "default-home" / "default.annotator.db"
    monkeypatch.setenv("ANNOTATOR_DB", str(path))
    return path


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def detected_project(tmp_path: Path):
    """A project file with the seeds imported and candidates detected."""
    from annotator import services
    from annotator.store import Store

    store = Store.open(tmp_path / "seeded.annotator.db")
    services.import_paths(store, [SEEDS])
    services.detect_project(store)
    yield store
    store.close()
