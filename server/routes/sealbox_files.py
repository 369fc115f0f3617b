"""文件图片 and 文件附件 of a 用印申请 (S3:296-297): uploaded one at a time by the applicant
while the application waits for its approvers, listed and downloaded by whoever may see the
application (its applicant, approvers and CC, the box's keepers, the admins); the applicant
takes one off again while the application waits. Every upload, removal and download, done or
refused, is in the audit log."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession

from sealdesk.sealbox import appfiles
from sealdesk.server.db import now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.permissions import Role
from sealdesk.server.routes.common import (
    Caller,
    Change,
    IdempotencyKey,
    _change,
    _not_found,
    audited_read,
    perm,
    requires,
)
from sealdesk.server.routes.sealbox_common import sealbox_router
from sealdesk.server.sealbox_core import conflict, forbidden, is_box_admin, keeps
from sealdesk.server.sealbox_db import Application, ApplicationFile
from sealdesk.server.sealbox_schemas import FileIn

LIMITS = {"image": appfiles.MAX_IMAGES, "attachment": appfiles.MAX_ATTACHMENTS}
_KB = appfiles.MAX_FILE // 1024
_REFUSALS: dict[str, tuple[int, str, str, str]] = {
    "name": (422, "file_name", "文件名无效：“{name}”。", "The file name '{name}' is not usable."),
    "empty": (422, "file_empty", "文件“{name}”是空的。", "The file '{name}' is empty."),
    "too_large": (
        413,
        "file_too_large",
        f"文件“{{name}}”超过 {_KB} KB，不能上传。",
        f"The file '{{name}}' is over {_KB} KB.",
    ),
    "type": (
        422,
        "file_type",
        "不支持文件“{name}”的类型：图片可为 jpg、png、gif；附件可为 pdf、ofd、doc、docx、xls、"
        "xlsx、ppt、pptx、wps、et、dps、zip、rar、7z。",
        "The type of '{name}' is not taken: images jpg, png, gif; attachments pdf, ofd, doc, "
        "docx, xls, xlsx, ppt, pptx, wps, et, dps, zip, rar, 7z.",
    ),
    "not_image": (
        422,
        "not_image",
        "文件“{name}”的内容不是 JPEG、PNG 或 GIF 图片。",
        "The content of '{name}' is not a JPEG, PNG or GIF image.",
    ),
    "content": (
        422,
        "file_content",
        "文件“{name}”的内容与其扩展名不符（例如改了扩展名的程序）。",
        "The content of '{name}' does not match its extension (a renamed program, say).",
    ),
}


def _refusal(e: appfiles.AppFileError) -> ApiError:
    status, kind, zh, en = _REFUSALS[e.reason]
    return ApiError(status, kind, zh.format(name=e.name), en.format(name=e.name))


def file_json(f: ApplicationFile) -> dict[str, Any]:
    return {
        "id": f.id,
        "kind": f.kind,
        "name": f.name,
        "type": f.file_type,
        "size": f.size,
        "sha256": f.sha256,
        "created_ms": f.created_ms,
    }


def files_of(db: DbSession, app_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The files of these applications (no bytes), in upload order."""
    found: dict[str, list[dict[str, Any]]] = {a: [] for a in app_ids}
    if not app_ids:
        return found
    rows = db.execute(
        sa.select(ApplicationFile)
        .where(ApplicationFile.application_id.in_(app_ids))
        .order_by(ApplicationFile.created_ms, ApplicationFile.id)
    ).scalars()
    for f in rows:
        found[f.application_id].append(file_json(f))
    return found


def images_of(db: DbSession, app_id: str) -> int:
    return int(
        db.execute(
            sa.select(sa.func.count())
            .select_from(ApplicationFile)
            .where(ApplicationFile.application_id == app_id, ApplicationFile.kind == "image")
        ).scalar_one()
    )


def _application(db: DbSession, caller: Caller, app_id: uuid.UUID) -> Application:
    row = db.get(Application, str(app_id))
    if row is None or row.unit_id != caller.unit.id:
        raise _not_found("用印申请", "application")
    return row


def _own_pending(db: DbSession, caller: Caller, app_id: uuid.UUID) -> Application:
    """The caller's own application, still waiting for its approvers: only then are its
    files added or taken off.

    :raises ApiError: 404, 403 ``not_applicant``, 409 ``not_pending``.
    """
    app = _application(db, caller, app_id)
    if app.applicant_id != caller.person.id:
        raise forbidden(
            "not_applicant",
            "只有申请人能添加或删除用印申请的文件。",
            "Only the applicant adds or removes an application's files.",
        )
    if app.state != "pending":
        raise conflict(
            "not_pending",
            "该申请已处理，其文件不能再添加或删除。",
            "The application was decided: its files are as they are.",
        )
    return app


def may_see(db: DbSession, caller: Caller, app: Application) -> bool:
    """The applicant, its approvers (every step) and CC, the box's keepers, the admins."""
    me = caller.person.id
    if me == app.applicant_id or is_box_admin(caller):
        return True
    if any(me in step for step in json.loads(app.steps)) or me in json.loads(app.cc):
        return True
    return Role.KEEPER in caller.roles and keeps(db, app.box_id, me)


def _read(
    request: Request,
    caller: Caller,
    action: str,
    app_id: uuid.UUID,
    work: Callable[[DbSession, Application], tuple[dict[str, Any], str]],
) -> dict[str, Any]:
    """A read of an application's files by someone who may see it, audited, refusals too."""

    def read(db: DbSession) -> tuple[dict[str, Any], str]:
        app = _application(db, caller, app_id)
        if not may_see(db, caller, app):
            raise forbidden(
                "not_involved",
                "您不是该申请的申请人、审批人、抄送人、管章人或管理员，不能查看其文件。",
                "Only the application's applicant, approvers, CC, the box's keepers and "
                "the admins see its files.",
            )
        return work(db, app)

    return audited_read(request, caller, action, str(app_id), read)


def build_router() -> APIRouter:
    r = sealbox_router()

    @r.post("/applications/{app_id}/files", **perm("sealbox.files"))
    def upload(
        app_id: uuid.UUID,
        body: FileIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.files"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """One 文件图片 or 文件附件 (at most 700 kB: 413 beyond), by the applicant while the
        application waits for its approvers; 9 images and 5 attachments an application (429
        beyond). The type is what the bytes are (422 when they are not what the list takes)."""

        def work(c: Change) -> tuple[dict[str, Any], str]:
            app = _own_pending(c.db, caller, app_id)
            try:
                data = base64.b64decode(body.data, validate=True)
            except (binascii.Error, ValueError) as e:
                raise ApiError(422, "invalid", "文件不是 Base64。", "Not base64.") from e
            try:
                name, file_type = appfiles.check_file(body.kind, body.name, data)
            except appfiles.AppFileError as e:
                raise _refusal(e) from e
            held = c.db.execute(
                sa.select(sa.func.count())
                .select_from(ApplicationFile)
                .where(ApplicationFile.application_id == app.id, ApplicationFile.kind == body.kind)
            ).scalar_one()
            limit = LIMITS[body.kind]
            if held >= limit:
                what = ("张图片", "images") if body.kind == "image" else ("个附件", "attachments")
                raise ApiError(
                    429,
                    f"{body.kind}_quota",
                    f"每个用印申请最多 {limit} {what[0]}，“{name}”未上传。",
                    f"An application has at most {limit} {what[1]}: '{name}' was not taken.",
                )
            row = ApplicationFile(
                id=str(uuid.uuid4()),
                unit_id=c.unit.id,
                application_id=app.id,
                kind=body.kind,
                name=name,
                file_type=file_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                data=data,
                uploaded_by=caller.person.id,
                created_ms=now_ms(),
            )
            c.db.add(row)
            c.db.flush()
            reply = {"file": file_json(row), "files": files_of(c.db, [app.id])[app.id]}
            return reply, f"{app.id}:{row.id}"

        return _change(
            request, caller, action="sealbox.file_upload", target=str(app_id), key=key, work=work
        )

    @r.delete("/applications/{app_id}/files/{file_id}", **perm("sealbox.files"))
    def delete(
        app_id: uuid.UUID,
        file_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.files"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """A file taken off the application by its applicant while it waits for its approvers
        (a wrong picture, a draft attached by mistake); the files left are returned. With
        强制上传图片, taking off the last image blocks 通过 again until one is added."""

        def work(c: Change) -> tuple[dict[str, Any], str]:
            app = _own_pending(c.db, caller, app_id)
            row = c.db.get(ApplicationFile, str(file_id))
            if row is None or row.application_id != app.id:
                raise _not_found("文件", "file")
            gone = file_json(row)
            c.db.delete(row)
            c.db.flush()
            reply = {"deleted": gone, "files": files_of(c.db, [app.id])[app.id]}
            return reply, f"{app.id}:{row.id}"

        return _change(
            request, caller, action="sealbox.file_delete", target=str(app_id), key=key, work=work
        )

    @r.get("/applications/{app_id}/files", **perm("sealbox.files.read"))
    def files(
        app_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.files.read"))],
    ) -> dict[str, Any]:
        """The application's files (no bytes) and how many more it takes."""

        def work(db: DbSession, app: Application) -> tuple[dict[str, Any], str]:
            listed = files_of(db, [app.id])[app.id]
            left = {
                kind: limit - sum(1 for f in listed if f["kind"] == kind)
                for kind, limit in LIMITS.items()
            }
            reply = {"files": listed, "left": left, "max_bytes": appfiles.MAX_FILE}
            return reply, app.id

        return _read(request, caller, "sealbox.files", app_id, work)

    @r.get("/applications/{app_id}/files/{file_id}", **perm("sealbox.files.read"))
    def download(
        app_id: uuid.UUID,
        file_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.files.read"))],
    ) -> dict[str, Any]:
        """One file with its bytes (base64) and their SHA-256."""

        def work(db: DbSession, app: Application) -> tuple[dict[str, Any], str]:
            row = db.get(ApplicationFile, str(file_id))
            if row is None or row.application_id != app.id:
                raise _not_found("文件", "file")
            reply = {"file": file_json(row), "data": base64.b64encode(row.data).decode()}
            return reply, f"{app.id}:{row.id}"

        return _read(request, caller, "sealbox.file_download", app_id, work)

    return r
