"""Grants on a seal box (授权), their end, pre-authorization activation, and 待我使用."""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession

from sealdesk.sealbox.protocol.commands import CommandKind, GrantFlags, Mode, activation_digest
from sealdesk.server.db import Person, now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.routes.common import (
    Caller,
    Change,
    Db,
    IdempotencyKey,
    _change,
    _not_found,
    perm,
    requires,
)
from sealdesk.server.routes.sealbox_common import CODE_TRIES, _attempt, change_box, sealbox_router
from sealdesk.server.sealbox_core import (
    UPLOAD_FRESH_MS,
    PlatformSigner,
    active_person,
    box_of,
    command_json,
    conflict,
    forbidden,
    grant_json,
    is_box_admin,
    is_open,
    open_grant,
    require_keeper,
)
from sealdesk.server.sealbox_db import Application, Box, Grant, Keeper
from sealdesk.server.sealbox_db import Command as CommandRow
from sealdesk.server.sealbox_schemas import ActivateIn, GrantIn

GrantId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


def _grant_from(
    c: Change, box: Box, body: GrantIn
) -> tuple[Person, int, int, int, Application | None]:
    """Who, how many, and the window: from the application when one is named, else the body."""
    application = None
    user_id, count = body.user_id, body.count
    not_before, not_after = body.not_before, body.not_after
    if body.application_id is not None:
        application = c.db.get(Application, str(body.application_id))
        if application is None or application.unit_id != c.unit.id:
            raise _not_found("用印申请", "application")
        if application.box_id != box.id:
            raise conflict(
                "wrong_box", "该申请不是这台印章盒的。", "The application is for another box."
            )
        if application.state not in ("pending", "approved"):
            raise conflict(
                "application_state",
                f"该申请当前状态为 {application.state}，不能授权。",
                f"The application is {application.state}: it cannot be granted.",
            )
        user_id = user_id or uuid.UUID(application.applicant_id)
        count = application.count if count is None else count
        if not_after is None:
            not_before, not_after = application.not_before, application.not_after
    if user_id is None or count is None or not_after is None:  # the schema said so already
        raise ApiError(422, "invalid", "缺少使用人、次数或时间。", "User, count or window missing.")
    start = int(time.time()) if not_before is None else not_before
    if not_after <= time.time():
        raise ApiError(422, "window_ended", "授权时间已结束。", "The window has ended already.")
    return active_person(c.db, c.unit, user_id), count, start, not_after, application


def build_router() -> APIRouter:
    r = sealbox_router()

    @r.post("/grants", **perm("sealbox.grant"))
    def grant(
        body: GrantIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.grant"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        signer = PlatformSigner.of(request)
        code = f"{secrets.randbelow(10**6):06d}" if body.mode == "preauthorized" else None

        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            user, count, start, end, application = _grant_from(c, b, body)
            if body.fingerprint and not b.fingerprint:
                raise conflict(
                    "no_fingerprint",
                    f"{b.model} 型印章盒没有指纹模块，不能校验指纹。",
                    f"A {b.model} box has no fingerprint reader.",
                )
            current = open_grant(c.db, b)
            if current is not None:
                raise conflict(
                    "grant_open",
                    f"该印章盒已有未结束的授权（{current.user_name}），请先结束用印。",
                    f"The box has an open grant ({current.user_name}): end it first.",
                )
            flags = GrantFlags.NONE
            for wanted, flag in (
                (body.photo, GrantFlags.PHOTO),
                (body.fingerprint, GrantFlags.FINGERPRINT),
                (body.force_upload, GrantFlags.FORCE_UPLOAD),
                (body.notify, GrantFlags.NOTIFY),
            ):
                if wanted:
                    flags |= flag
            grant_id = secrets.token_bytes(16)
            digest = activation_digest(grant_id, code) if code else b""
            row = Grant(
                id=grant_id.hex(),
                unit_id=c.unit.id,
                box_id=b.id,
                application_id=application.id if application else None,
                user_id=user.id,
                user_name=user.name,
                not_before=start,
                not_after=end,
                count=count,
                used=0,
                mode=body.mode,
                flags=int(flags),
                activation=digest,
                activation_tries=0,
                activated=False,
                state="active",
                refusal="",
                granted_by=caller.person.id,
                created_ms=now_ms(),
            )
            c.db.add(row)
            command = signer.command(
                c,
                b,
                CommandKind.GRANT,
                for_grant=row.id,
                grant_id=grant_id,
                user_id=user.id,
                user_name=user.name[:80],
                not_before=start,
                not_after=end,
                count=count,
                mode=Mode.PREAUTHORIZED if code else Mode.DIRECT,
                activation=digest,
                flags=int(flags),
            )
            if application is not None:  # granting ends the approval flow (S3:673-681)
                application.state, application.grant_id = "granted", row.id
            c.db.flush()
            return {
                "grant": grant_json(row, b),
                "activation_code": code,
                "command": command_json(command),
            }, row.id

        return change_box(
            request,
            caller,
            body.box_id,
            action="sealbox.grant",
            key=key,
            check=require_keeper,
            work=work,
        )

    @r.get("/grants", **perm("sealbox.grants.read"))
    def grants(
        db: Db,
        caller: Annotated[Caller, Depends(requires("sealbox.grants.read"))],
        box_id: uuid.UUID | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> dict[str, Any]:
        query = sa.select(Grant).where(Grant.unit_id == caller.unit.id)
        if box_id is not None:
            query = query.where(Grant.box_id == str(box_id))
        if not is_box_admin(caller):
            kept = sa.select(Keeper.box_id).where(Keeper.person_id == caller.person.id)
            query = query.where(Grant.box_id.in_(kept))
        rows = db.execute(query.order_by(Grant.created_ms.desc()).limit(limit)).scalars()
        return {"grants": [grant_json(g, db.get(Box, g.box_id)) for g in rows]}

    @r.get("/my-grants", **perm("sealbox.use"))
    def my_grants(
        db: Db, caller: Annotated[Caller, Depends(requires("sealbox.use"))]
    ) -> dict[str, Any]:
        """待我使用: the open grants to me."""
        rows = db.execute(
            sa.select(Grant)
            .where(Grant.user_id == caller.person.id, Grant.state == "active")
            .order_by(Grant.created_ms.desc())
        ).scalars()
        return {"grants": [grant_json(g, db.get(Box, g.box_id)) for g in rows if is_open(g)]}

    @r.post("/grants/{grant_id}/end", **perm("sealbox.grant"))
    def end(
        grant_id: GrantId,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.grant"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        signer = PlatformSigner.of(request)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            row = c.db.get(Grant, grant_id)
            if row is None or row.unit_id != c.unit.id:
                raise _not_found("授权", "grant")
            b = box_of(c.db, c.unit, row.box_id)
            require_keeper(c.db, caller, b)
            if row.state != "active":
                raise conflict(
                    "not_active",
                    f"该授权已{'结束' if row.state == 'ended' else '被设备拒绝'}。",
                    f"The grant is {row.state} already.",
                )
            fresh = b.last_contact_ms is not None and b.last_contact_ms > now_ms() - UPLOAD_FRESH_MS
            if (
                row.flags & GrantFlags.FORCE_UPLOAD
                and row.delivered_ms is not None
                and not (fresh and b.records_next >= b.box_next_seq)
            ):
                raise conflict(
                    "records_not_uploaded",
                    "该授权要求强制上传记录：请先连接印章盒并上传全部记录，再结束用印。",
                    "This grant forces record upload: reach the box and upload all its records "
                    "before ending it.",
                )
            row.state, row.ended_by, row.ended_ms = "ended", caller.person.id, now_ms()
            command = None
            if row.delivered_ms is None:  # the box never had it: nothing to tell it
                c.db.execute(
                    sa.update(CommandRow)
                    .where(CommandRow.grant_id == row.id, CommandRow.state == "pending")
                    .values(state="superseded", done_ms=now_ms())
                )
            else:
                command = signer.command(
                    c, b, CommandKind.END, for_grant=row.id, grant_id=bytes.fromhex(row.id)
                )
            c.db.flush()
            return {
                "grant": grant_json(row, b),
                "command": command_json(command) if command else None,
            }, row.id

        return _change(request, caller, action="sealbox.end", target=grant_id, key=key, work=work)

    @r.post("/grants/{grant_id}/activate", **perm("sealbox.use"))
    def activate(
        grant_id: GrantId,
        body: ActivateIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.use"))],
    ) -> dict[str, Any]:
        """预先授权: the grantee's activation code, 5 tries (the box checks it too)."""

        def check(db: DbSession) -> dict[str, Any] | ApiError:
            row = db.get(Grant, grant_id)
            if row is None or row.unit_id != caller.unit.id:
                return _not_found("授权", "grant")
            if row.user_id != caller.person.id:
                return forbidden("not_grantee", "这不是给您的授权。", "This grant is not yours.")
            if row.mode != "preauthorized" or not is_open(row):
                return conflict(
                    "not_activatable",
                    "该授权不是待激活的预先授权。",
                    "The grant is not an open pre-authorization.",
                )
            if row.activated:
                return grant_json(row)
            if row.activation_tries >= CODE_TRIES:
                return conflict(
                    "activation_locked",
                    "激活码输错次数过多，请联系授权人重新授权。",
                    "Too many wrong activation codes: ask for a new grant.",
                )
            if not secrets.compare_digest(
                activation_digest(bytes.fromhex(row.id), body.code), row.activation
            ):
                row.activation_tries += 1
                left = CODE_TRIES - row.activation_tries
                return conflict(
                    "activation_code_wrong",
                    f"激活码错误，还可尝试 {left} 次。",
                    f"Wrong activation code: {left} tries left.",
                )
            row.activated = True
            return grant_json(row)

        return {"grant": _attempt(request, caller, "sealbox.activate", grant_id, check)}

    return r
