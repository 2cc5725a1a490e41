"""SQL for background retraining: how many decisions a layer made since its model was trained.

Part of the store family (every SQL string lives in store modules); functions take the
:class:`~annotator.store.Store` a caller opened. Read-only.
"""

from __future__ import annotations

from .store import Store

# The journal's actions that change what a layer teaches (flags and comments do not).
TEACHING_ACTIONS = ("accept", "reject", "relabel", "resize", "add", "delete")


def decisions_since_training(store: Store, layer: str, scope: str) -> int:
    """The layer's teaching decisions (undos included) journalled after the last training of
    ``scope``, or since the start when the scope was never trained."""
    marks = ", ".join("?" for _ in TEACHING_ACTIONS)
    row = store.db.execute(
        "SELECT count(*) FROM events WHERE actor = ? "
        f"AND (action IN ({marks}) OR (substr(action, 1, 5) = 'undo ' AND substr(action, 6) IN ({marks}))) "
        "AND id > coalesce((SELECT id FROM events WHERE action = 'train' AND json_extract(after, '$.scope') = ? "
        "ORDER BY id DESC LIMIT 1), 0)",
        [layer, *TEACHING_ACTIONS, *TEACHING_ACTIONS, scope],
    ).fetchone()
    return row[0]
