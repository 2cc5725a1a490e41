"""Worker processes for CPU-bound work (detection --jobs).

Workers come from a *forkserver* (a clean, single-threaded process) on Linux and are spawned
elsewhere: forking the caller directly would copy its threads and open database handles,
which is unsafe once the GUI is running.
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Callable


def process_pool(jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer, initargs=initargs)
