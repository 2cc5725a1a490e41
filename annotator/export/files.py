"""Files of an export: written under names no one else uses, put in place without ever
replacing a file, and cleaned up only when this run made them."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import secrets
import shutil
import sys
from pathlib import Path

_RENAME_NOREPLACE = 1  # linux/fs.h


def temporary_name(final: Path) -> Path:
    """A hidden name beside ``final`` that no other run picks: pid plus a random suffix.
    The writer creates it exclusively (``open(..., "xb")`` or ``mkdir``)."""
    return final.with_name(f".{final.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")


def occupied(path: Path) -> bool:
    """Something is there (a dangling symbolic link counts: writing would follow it)."""
    return os.path.lexists(path)


def place(temporary: Path, final: Path) -> None:
    """Give ``temporary`` its final name; FileExistsError, and nothing moved, when the final
    name is taken (even by a file that appeared while the export was running)."""
    if temporary.is_dir():
        _rename_directory(temporary, final)
        return
    # A hard link fails atomically when the name exists; then the temporary name goes.
    try:
        os.link(temporary, final)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        _rename_checked(temporary, final)
        return
    os.unlink(temporary)


def unplace(final: Path, temporary: Path) -> None:
    """Undo :func:`place` (the final name is ours: we just made it)."""
    os.rename(final, temporary)


def remove_own(path: Path) -> None:
    """Remove a file or folder this run created; quietly, as the run failed already."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif occupied(path):
            path.unlink()
    except OSError:
        pass


def _rename_directory(temporary: Path, final: Path) -> None:
    if sys.platform.startswith("linux") and _renameat2(temporary, final):
        return
    _rename_checked(temporary, final)


def _renameat2(source: Path, target: Path) -> bool:
    """rename(2) that refuses an existing target (Linux ≥ 3.15); False when unavailable."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    function = getattr(libc, "renameat2", None)
    if function is None:
        return False
    at_fdcwd = -100
    result = function(at_fdcwd, os.fsencode(source), at_fdcwd, os.fsencode(target), _RENAME_NOREPLACE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code == errno.EEXIST:
        raise FileExistsError(code, os.strerror(code), str(target))
    if code in (errno.EINVAL, errno.ENOSYS):  # the file system or kernel cannot: fall back
        return False
    raise OSError(code, os.strerror(code), str(target))


def _rename_checked(temporary: Path, final: Path) -> None:
    # Last resort: a short window between the check and the rename (Windows' rename never
    # replaces a file anyway).
    if occupied(final):
        raise FileExistsError(errno.EEXIST, "File exists", str(final))
    os.rename(temporary, final)
