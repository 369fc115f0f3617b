"""`sealdesk sealbox attach ID --image F --attach F` and `sealdesk sealbox files ID [--out DIR]`:
an application's 文件图片 and 文件附件, added by its applicant, listed and downloaded by those
who may see it. Every file is checked by its bytes, its size and the application's limits
before anything is sent (exit 2); a download writes each file whole or not at all."""

from __future__ import annotations

import argparse
import uuid
from typing import TYPE_CHECKING, Any

from sealdesk.desktop.cliutil import Output
from sealdesk.desktop.cmd_keeper import _progress, _run
from sealdesk.desktop.cmd_sealbox import _say
from sealdesk.desktop.errors import EXIT_OK, UsageError
from sealdesk.desktop.platform_words import file_line

if TYPE_CHECKING:
    from sealdesk.app.sealbox import Keeper
    from sealdesk.app.settings import Settings

Json = dict[str, Any]


def _application(args: argparse.Namespace) -> str:
    """The application's id, or exit 5 as an unknown one (the platform says 404 alike)."""
    from sealdesk.app.sealbox import SealboxLookupError

    try:
        return str(uuid.UUID(args.application))
    except ValueError:
        raise _unknown(args.application, SealboxLookupError) from None


def _file_id(ref: str) -> str:
    """A file's id as ``files`` lists it, or exit 2 before anything is sent."""
    try:
        return str(uuid.UUID(ref))
    except ValueError:
        raise UsageError(
            _say(f"文件编号“{ref}”无效（用 sealdesk sealbox files 查看编号）。",
                 f"'{ref}' is not a file id (see sealdesk sealbox files)."),
            kind="invalid_file_id",
        ) from None  # fmt: skip


def _unknown(ref: str, error: Any) -> Exception:
    return error(  # type: ignore[no-any-return]
        "unknown_application",
        f"没有用印申请“{ref}”（用 sealdesk sealbox applications 查看编号）。",
        f"No application '{ref}' (see sealdesk sealbox applications for ids).",
    )


async def _listed(k: Keeper, app_id: str) -> list[Json]:
    from sealdesk.app.sealbox import SealboxLookupError
    from sealdesk.sync.client import ServerRefused

    try:
        return await k.platform_call(k.api.files, app_id)
    except ServerRefused as e:
        if e.status == 404:
            raise _unknown(app_id, SealboxLookupError) from e
        raise


def cmd_attach(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app import sealbox_files

    if not args.image and not args.attach:
        raise UsageError(_say("请用 --image 或 --attach 指定文件。", "Name files with --image "
                              "or --attach."), kind="no_files")  # fmt: skip
    app_id = _application(args)
    picked = sealbox_files.read_files(args.image, args.attach)  # each file, before sending
    progress = _progress(out)

    async def work(k: Keeper) -> Json:
        held = await _listed(k, app_id)
        sealbox_files.read_files(args.image, args.attach, held=held)  # the limits with those
        application = {"id": app_id, "files": held}
        return {"files": await sealbox_files.upload(k, application, picked, progress)}

    result = _run(args, work)
    out.document({"application_id": app_id, **result})
    out.line(_say(f"已上传 {len(picked)} 个文件。", f"{len(picked)} file(s) uploaded."))
    for f in result["files"]:
        out.line(f"  {file_line(f)}")
    return EXIT_OK


def cmd_files(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app import sealbox_files

    app_id = _application(args)
    folder = args.out
    progress = _progress(out)
    doomed = list(dict.fromkeys(_file_id(ref) for ref in args.delete))  # each once

    async def work(k: Keeper) -> Json:
        from sealdesk.app.sealbox import SealboxLookupError

        listed = await _listed(k, app_id)
        unknown = sorted(set(doomed) - {f["id"] for f in listed})
        if unknown:  # none is deleted unless all are the application's
            raise SealboxLookupError(
                "unknown_file",
                f"该申请没有文件 {', '.join(unknown)}（用 sealdesk sealbox files 查看编号）。",
                f"The application has no file {', '.join(unknown)} (see sealdesk sealbox files).",
            )
        for file_id in doomed:  # one's own application, still waiting (the platform checks)
            listed = await k.platform_call(k.api.delete_file, app_id, file_id)
        if folder is None:
            return {"files": listed, "deleted": doomed}
        return {"files": await sealbox_files.download(k, app_id, folder, progress=progress)}

    result = _run(args, work)
    out.document({"application_id": app_id, **result})
    if doomed:
        out.line(_say(f"已删除 {len(doomed)} 个文件。", f"{len(doomed)} file(s) removed."))
    if not result["files"]:
        out.line(_say("该申请没有文件。", "The application has no files."))
    for f in result["files"]:
        where = f"  → {f['path']}" if "path" in f else ""
        out.line(f"{f['id']}  {file_line(f)}{where}")
    return EXIT_OK
