"""Bring the translation catalogue up to date with the sources, then compile it.

    python -m annotator.gui.i18n.update          # lupdate, then lrelease
    python -m annotator.gui.i18n.update --check  # exit 1 if either is out of date

Uses the Qt tools that ship with PySide6 (``pyside6-lupdate``, ``pyside6-lrelease``).
A developer's tool: the window and the tests read the committed ``.qm``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import CATALOGUE, CHINESE, FOLDER

GUI = FOLDER.parent
TRANSLATED = (CHINESE,)


def tool(name: str) -> str | None:
    """The PySide6 tool next to this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def sources() -> list[str]:
    return sorted(str(p) for p in GUI.rglob("*.py"))


def lupdate(ts: Path) -> None:
    # No line numbers in the catalogue: moving code does not change it; obsolete texts dropped.
    # spans.translatable marks texts in a module without Qt, as QT_TRANSLATE_NOOP would.
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-locations", "none", "-no-obsolete", "-silent",
                    "-tr-function-alias", "QT_TRANSLATE_NOOP+=translatable", "-ts", str(ts)], check=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def catalogue(language: str, suffix: str) -> Path:
    return FOLDER / f"{CATALOGUE}_{language}{suffix}"


def check() -> list[str]:
    """What is out of date: a catalogue lupdate would change, a .qm lrelease would change."""
    stale = []
    with tempfile.TemporaryDirectory() as folder:
        for language in TRANSLATED:
            ts, qm = catalogue(language, ".ts"), catalogue(language, ".qm")
            fresh_ts, fresh_qm = Path(folder) / ts.name, Path(folder) / qm.name
            shutil.copy(ts, fresh_ts)
            lupdate(fresh_ts)
            if fresh_ts.read_bytes() != ts.read_bytes():
                stale.append(f"{ts.name} lags the sources (run python -m annotator.gui.i18n.update)")
            lrelease(ts, fresh_qm)
            if not qm.exists() or fresh_qm.read_bytes() != qm.read_bytes():
                stale.append(f"{qm.name} is not the compiled {ts.name}")
    return stale


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = check()
        for line in stale:
            print(line)
        return 1 if stale else 0
    for language in TRANSLATED:
        lupdate(catalogue(language, ".ts"))
        lrelease(catalogue(language, ".ts"), catalogue(language, ".qm"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
