"""sqlite-utils, imported without pandas and numpy.

``sqlite_utils.db`` tries ``import pandas`` and ``import numpy`` when it is first imported,
only to add ``pandas.Timestamp`` and numpy's scalar types to the column types it infers when a
table is created from Python values. We never let it infer a type from such a value: our
schema is written in SQL (:mod:`annotator.migrations`) and the one row sqlite-utils inserts for
us (its ``_sqlite_migrations`` bookkeeping) holds strings. Importing pandas (and through it
numpy and pyarrow) costs about 0.4 s, which every command paid at start-up.

So the two modules are hidden while sqlite-utils is imported, and only then: the ``None`` entry
in ``sys.modules`` (which makes an import raise ``ImportError``) is removed right after, so a
later ``import pandas`` (``apply``, ``summarize``) loads the real package. A module already
loaded is left alone.
"""

from __future__ import annotations

import sys

_HIDDEN = ("pandas", "numpy")


def _import_without_dataframes() -> None:
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]


_import_without_dataframes()

from sqlite_utils import Database  # noqa: E402
from sqlite_utils.migrations import Migrations  # noqa: E402

__all__ = ["Database", "Migrations"]
