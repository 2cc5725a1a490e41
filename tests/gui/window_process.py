"""A real window in its own process, for tests of what other processes do meanwhile.

The child script prints READY once its background jobs are done, waits for a line on stdin
(while the test runs its outside command), then decides and prints one line per decision,
and DONE. The test then kills it with SIGKILL, as a power cut would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


def window_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}


def decide_around(script: str, project: Path, outside: list[str], env: dict[str, str]) -> tuple[list[list[str]], str]:
    """Run ``script`` on ``project``; between READY and its decisions, run ``annotator
    *outside`` to completion. Returns the decision lines (split) and the child's stderr."""
    child = subprocess.Popen([sys.executable, "-c", script, str(project)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: list[list[str]] = []
    try:
        assert child.stdout.readline().strip() == "READY"
        done = subprocess.run([sys.executable, "-m", "annotator", *outside, "--db", str(project)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        child.stdin.write("GO\n")
        child.stdin.flush()
        for line in iter(child.stdout.readline, ""):
            if line.startswith("DONE"):
                break
            lines.append(line.split())
    finally:
        child.send_signal(signal.SIGKILL)
        _, errors = child.communicate(timeout=30)
    return lines, errors
