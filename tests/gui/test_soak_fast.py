"""The soak (benchmarks/soak.py) in small, for CI: real annotation windows, each killed with
SIGKILL while it makes keyboard decisions and while other processes read the project and
import into it. Every decision a window acknowledged as saved is there in its last
acknowledged state, none twice, the file is intact, and no process printed a traceback."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def load_soak():
    spec = importlib.util.spec_from_file_location("soak", REPO / "benchmarks" / "soak.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = module
    spec.loader.exec_module(module)
    return module


def test_killed_windows_under_concurrent_use_lose_nothing(tmp_path: Path) -> None:
    soak = load_soak()
    figures = soak.run(
        kills=4, fuzz_count=0, seed=7, minutes=None, workdir=tmp_path, findings=tmp_path / "findings",
        documents=6, progress=False, hammer_kinds=("info", "sqlite3", "import"),
        modes={"after ack": 3, "at a key": 1},  # killed right after a save, or right at a key
    )
    assert figures.kills == 4
    assert figures.acknowledged >= 1, figures  # the windows really decided and said "saved"
    assert figures.commands_by_kind.get("import", 0) >= 1 and (
        figures.commands_by_kind.get("info", 0) + figures.commands_by_kind.get("sqlite3", 0) >= 1), figures
    assert figures.found + figures.in_flight == figures.acknowledged, figures.lost_examples
    assert figures.lost == 0, figures.lost_examples
    assert figures.duplicates == 0
    assert figures.integrity_failures == 0
    assert figures.tracebacks == 0, figures.traceback_kinds
