"""Writing files so that nothing half-written is ever left: temp file, fsync, rename.

The temporary file is ``.sealdesk-PID-RANDOM.part`` beside the output: short, so an output name
near the file system's 255-byte limit still fits, and carrying the writer's process id, so a
part left by a killed process (kill -9, power loss) is recognised and removed by the next write
into that folder, while a part another running SealDesk is writing is left alone.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from pathlib import Path

_PART = re.compile(r"^\.sealdesk-(\d+)-[0-9a-f]{8}\.part$")
STALE_AFTER_S = 24 * 3600
"""A part this old is stale even if its process id is in use again (ids are reused)."""


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, not ours to judge
        return True
    return True


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove the temporary files of writers that died in ``folder``; returns what went."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _PART.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
            if old or not _alive(int(match.group(1))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _open_part(folder: Path) -> tuple[int, Path]:
    while True:
        part = folder / f".sealdesk-{os.getpid()}-{secrets.token_hex(4)}.part"
        try:
            # 0o666 & ~umask: a document gets the permissions any new file would
            return os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), part
        except FileExistsError:
            continue


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    :raises FileExistsError: ``path`` exists and ``overwrite`` is false.
    :raises OSError: the folder is not writable, the disk is full, ... (no partial file remains)
    """
    if path.exists() and not overwrite:
        raise FileExistsError(str(path))
    remove_stale_parts(path.parent)
    try:
        fd, tmp = _open_part(path.parent)
    except OSError as e:  # name the file the user asked for, not our temporary one
        raise OSError(e.errno, e.strerror, str(path)) from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if not overwrite and path.exists():  # appeared meanwhile
            raise FileExistsError(str(path))
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError) and e.filename is None:  # a full disk names no file: say which
            raise OSError(e.errno, e.strerror, str(path)) from e
        raise
