"""Done when: a scripted working session runs under a real X server (Xvfb) without a failure.

The session itself is ``session_steps.py``: it needs its own process, because the platform
(xcb on a real display, not offscreen) is chosen once, when Qt starts. Here we start Xvfb on
a free display (``-displayfd``: the server picks the number and tells us) and run the steps
there; without Xvfb (a developer's machine) they run offscreen, with the same assertions.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

STEPS = Path(__file__).with_name("session_steps.py")
REPO = Path(__file__).resolve().parents[2]


@contextmanager
def xvfb() -> Iterator[str | None]:
    """A virtual X display (":N"), or None when Xvfb is not installed."""
    if shutil.which("Xvfb") is None:
        yield None
        return
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        number = b""
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([read], [], [], 20)
            chunk = os.read(read, 16) if ready else b""
            assert chunk, "Xvfb did not report its display"
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        os.close(read)
        server.terminate()
        server.wait(10)


def test_scripted_session_under_xvfb(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    with xvfb() as display:
        if display is None:
            env["QT_QPA_PLATFORM"] = "offscreen"
        else:
            env.update(QT_QPA_PLATFORM="xcb", DISPLAY=display)
            env.pop("WAYLAND_DISPLAY", None)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-s", "-x", "-p", "no:cacheprovider", "-rs", str(STEPS)],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
        )
    report = result.stdout[-6000:] + result.stderr[-3000:]
    assert result.returncode == 0, report
    assert " passed" in result.stdout, report
    if display is not None:
        assert "platform: xcb" in result.stdout, report  # the steps ran on the real X display
