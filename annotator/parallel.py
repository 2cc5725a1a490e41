"""Running pure functions over work units in other processes, results in order.

Workers come from a *forkserver* (a clean, single-threaded process) on Linux and are spawned
elsewhere: forking the caller directly would copy its threads and open database handles,
which is unsafe once the GUI is running.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator, TypeVar

from .progress import Cancelled, IsCancelled, never_cancelled

Unit = TypeVar("Unit")
Result = TypeVar("Result")


def process_pool(jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer, initargs=initargs)


def ordered_map(
    function: Callable[[Unit, Any], Result],
    units: Iterable[Unit],
    argument: Any,
    *,
    jobs: int,
    cancelled: IsCancelled = never_cancelled,
) -> Iterator[tuple[Unit, Result]]:
    """``(unit, function(unit, argument))`` for each unit, in order.

    With ``jobs`` > 1 at most 2 × jobs units are in flight, so memory stays bounded
    whatever the number of units. Raises :class:`Cancelled` between units when asked.
    """
    if jobs <= 1:
        for unit in units:
            _check(cancelled)
            yield unit, function(unit, argument)
        return
    with process_pool(jobs) as pool:
        in_flight: deque[tuple[Unit, Future]] = deque()
        try:
            for unit in units:
                in_flight.append((unit, pool.submit(function, unit, argument)))
                if len(in_flight) >= 2 * jobs:
                    _check(cancelled)
                    done_unit, future = in_flight.popleft()
                    yield done_unit, future.result()
            while in_flight:
                _check(cancelled)
                done_unit, future = in_flight.popleft()
                yield done_unit, future.result()
        finally:
            for _, future in in_flight:
                future.cancel()


def _check(cancelled: IsCancelled) -> None:
    if cancelled():
        raise Cancelled("cancelled; nothing was changed")
