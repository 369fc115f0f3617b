"""文件图片 and 文件附件 of a 用印申请 for both fronts: files picked on this computer checked
before anything is sent (by their bytes, their size and number: sealdesk.sealbox.appfiles),
uploaded one at a time with progress, listed and downloaded to a folder without leaving a
half-written file.

An upload that fails leaves the application on the platform as it is, with the files sent
before: :class:`FileNotUploaded` says which file and carries the application, so the rest can
be sent again (``sealdesk sealbox attach ID``, or 添加文件 in the window).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sealdesk.app import sealbox_view
from sealdesk.app.platform import InvalidInput
from sealdesk.app.sealbox import Keeper
from sealdesk.sealbox import appfiles
from sealdesk.sealbox.appfiles import AppFileError

Json = dict[str, Any]
Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; stage ``files`` (uploaded) or ``file_download``."""


@dataclass(frozen=True)
class Picked:
    """A file checked here, ready to send: ``kind`` image or attachment."""

    kind: str
    path: Path
    name: str  # as the platform will keep it
    file_type: str  # what its bytes are
    data: bytes


class FileNotUploaded(Exception):
    """The file ``name`` was not uploaded (``cause``: the platform's refusal or its
    absence); ``application`` is on the platform with the files in ``uploaded``."""

    def __init__(
        self, application: Json, name: str, cause: BaseException, uploaded: list[Json]
    ) -> None:
        super().__init__(f"{name}: {cause}")
        self.application = application
        self.name = name
        self.cause = cause
        self.uploaded = uploaded


def read_file(kind: str, path: Path) -> Picked:
    """The file at ``path`` checked as an ``kind`` (image, attachment).

    :raises AppFileError: unreadable, too_large (said before reading it), and as
        :func:`sealdesk.sealbox.appfiles.check_file`.
    """
    shown = str(path)
    try:
        if not path.is_file():
            raise AppFileError("unreadable", shown)
        if path.stat().st_size > appfiles.MAX_FILE:
            raise AppFileError("too_large", shown)
        data = path.read_bytes()
    except OSError as e:
        raise AppFileError("unreadable", shown) from e
    try:
        name, file_type = appfiles.check_file(kind, path.name, data)
    except AppFileError as e:
        raise AppFileError(e.reason, shown) from e
    return Picked(kind, path, name, file_type, data)


def read_files(
    images: Sequence[Path], attachments: Sequence[Path], *, held: Sequence[Json] = ()
) -> list[Picked]:
    """Every file checked (images first), none sent: the first that does not pass is raised.
    ``held``: the files the application has already (they count against its limits).

    :raises AppFileError: see :func:`read_file`; too_many (the file over the limit named).
    """
    picked: list[Picked] = []
    for kind, paths, limit in (
        ("image", images, appfiles.MAX_IMAGES),
        ("attachment", attachments, appfiles.MAX_ATTACHMENTS),
    ):
        have = sum(1 for f in held if f.get("kind") == kind)
        for n, path in enumerate(paths):
            if have + n >= limit:
                raise AppFileError("too_many", str(path))
            picked.append(read_file(kind, Path(path)))
    return picked


async def upload(
    k: Keeper, application: Json, files: Sequence[Picked], progress: Progress | None = None
) -> list[Json]:
    """``files`` sent to the application, one request each, in order; the application's
    files after.

    :raises FileNotUploaded: the first file the platform did not take (or could not be
        reached for); the ones before it are kept there.
    """
    done: list[Json] = []
    listed: list[Json] = list(application.get("files") or [])
    for n, f in enumerate(files):
        if progress is not None:
            progress("files", n, len(files))
        try:
            reply = await k.platform_call(
                k.api.upload_file, application["id"], f.kind, f.name, f.data
            )
        except Exception as e:  # the platform's refusal, or no answer: said with the file
            raise FileNotUploaded(application, str(f.path), e, done) from e
        done.append(reply["file"])
        listed = list(reply["files"])
    if progress is not None and files:
        progress("files", len(files), len(files))
    return listed


def _free(folder: Path, name: str, taken: set[str]) -> Path:
    """``name`` in ``folder``, made distinct from the names this download wrote already."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, dot, ext = name, "", ""
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem} ({n}){dot}{ext}"
    taken.add(candidate.lower())
    return folder / candidate


def write_whole(path: Path, data: bytes) -> None:
    """``data`` at ``path``, whole or not at all (a temporary file beside it, renamed)."""
    fd, temp = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


async def download(
    k: Keeper,
    application_id: str,
    folder: Path,
    *,
    file_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> list[Json]:
    """The application's files (``file_ids``: only these) written to ``folder`` under their
    names (one the platform gave twice gets " (2)"; a file of that name there is replaced),
    each checked against its SHA-256 before it is written. Returns the files with ``path``.

    :raises AppFileError: corrupt (nothing of that file written). :raises OSError: the
        folder cannot be written (nothing half-written either).
    """
    listed = await k.platform_call(k.api.files, application_id)
    wanted = [f for f in listed if file_ids is None or f["id"] in file_ids]
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    written: list[Json] = []
    for n, f in enumerate(wanted):
        if progress is not None:
            progress("file_download", n, len(wanted))
        meta, data = await k.platform_call(k.api.file, application_id, f["id"])
        name = appfiles.clean_name(str(meta["name"])) or f"{meta['id']}.{meta['type']}"
        if hashlib.sha256(data).hexdigest() != meta["sha256"]:
            raise AppFileError("corrupt", name)
        path = _free(folder, name, taken)
        write_whole(path, data)
        written.append({**meta, "path": str(path)})
    return written


async def save(k: Keeper, application_id: str, file_id: str, path: Path) -> Path:
    """One file of the application written at ``path`` (replaced whole, or left as it was),
    after its SHA-256 is checked.

    :raises AppFileError: corrupt. :raises OSError: ``path`` cannot be written.
    """
    meta, data = await k.platform_call(k.api.file, application_id, file_id)
    if hashlib.sha256(data).hexdigest() != meta["sha256"]:
        raise AppFileError("corrupt", str(meta["name"]))
    write_whole(path, data)
    return path


def check_images(photo_required: bool, files: Sequence[Picked]) -> None:
    """强制上传图片 needs at least one image with the application.

    :raises InvalidInput: app_images: required.
    """
    if photo_required and not any(f.kind == "image" for f in files):
        raise InvalidInput("app_images", "required")


async def apply(
    k: Keeper,
    box_id: str,
    values: sealbox_view.ApplyValues,
    files: Sequence[Picked] = (),
    progress: Progress | None = None,
) -> Json:
    """用印申请 (see :func:`sealdesk.app.sealbox_view.apply`), then its files uploaded; the
    application with its ``files``.

    :raises InvalidInput: before anything is sent (app_images: required, 强制上传图片 with
        no image). :raises FileNotUploaded: the application is made, a file was not taken.
    """
    check_images(values.photo_required, files)
    sealbox_view.check_apply(values)
    application = await sealbox_view.apply(k, box_id, values)
    return {**application, "files": await upload(k, application, files, progress)}
