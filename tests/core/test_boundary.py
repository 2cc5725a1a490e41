"""The core stays Qt-free: every core module imports without loading PySide6."""

from __future__ import annotations

import pkgutil
from pathlib import Path
import subprocess
import sys

import annotator

CORE_MODULES = sorted(
    f"annotator.{info.name}"
    for info in pkgutil.iter_modules(annotator.__path__)
    if info.name not in {"gui", "__main__"}
)


def test_there_are_core_modules() -> None:
    assert {"annotator.store", "annotator.corpus", "annotator.cli", "annotator.services"} <= set(CORE_MODULES)


def test_core_modules_do_not_load_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pytestqt'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_import_linter_contracts_hold() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=str(Path(annotator.__path__[0]).parent),
    )
    assert result.returncode == 0, result.stdout + result.stderr
