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
from sqlalchemy.orm import sessionmaker

from sealdesk.sealbox.features import DEFAULT_WINDOW_S, FREE_WINDOW_S
from sealdesk.sealbox.protocol.commands import CommandKind, GrantFlags, Mode, activation_digest
from sealdesk.sealbox.usage import UsageError, check_usage
from sealdesk.server import audit
from sealdesk.server.db import Person, now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.routes.common import (
    _UNIT_LOCKED,
    Caller,
    Change,
    Db,
    IdempotencyKey,
    _change,
    _not_found,
    perm,
    requires,
)
from sealdesk.server.routes.sealbox_common import (
    CODE_TRIES,
    BoxId,
    change_box,
    sealbox_router,
)
from sealdesk.server.sealbox_core import (
    UPLOAD_FRESH_MS,
    PlatformSigner,
    active_person,
    box_of,
    command_json,
    conflict,
    ends_own_use,
    forbidden,
    grant_json,
    is_box_admin,
    is_open,
    is_waiting,
    open_grant,
    require_keeper,
)
from sealdesk.server.sealbox_db import Application, Box, Grant, Keeper
from sealdesk.server.sealbox_db import Command as CommandRow
from sealdesk.server.sealbox_features import Features, features_of
from sealdesk.server.sealbox_schemas import ActivateIn, GrantIn

GrantId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


def _grant_from(
    c: Change, box: Box, body: GrantIn, f: Features
) -> tuple[Person, int, int, int, Application | None]:
    """Who, how many, and the window: from the application when one is named, else the body
    (an item 功能配置 does not tick takes its default: 0 = unlimited, now, 8 hours on)."""
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
    if user_id is None:  # the schema said so already
        raise ApiError(422, "invalid", "缺少使用人。", "User missing.")
    f.require({"count": count is not None, "end": not_after is not None})
    start = int(time.time()) if not_before is None else not_before
    count = count or 0
    not_after = start + DEFAULT_WINDOW_S if not_after is None else not_after
    if not_after <= time.time():
        raise ApiError(422, "window_ended", "授权时间已结束。", "The window has ended already.")
    return active_person(c.db, c.unit, user_id), count, start, not_after, application


def _usage(body: GrantIn) -> tuple[str, str]:
    """使用模式 and 用印区域, checked as the client checks them.

    :raises ApiError: 422 invalid_usage_mode, invalid_area.
    """
    try:
        return check_usage(body.usage_mode, body.area)
    except UsageError as e:
        if e.field == "usage_mode":
            raise ApiError(
                422,
                "invalid_usage_mode",
                "使用模式须为物理印章模式（physical）或电子印章模式（electronic）。",
                "The usage mode must be physical or electronic.",
            ) from e
        raise ApiError(
            422,
            "invalid_area",
            "用印区域最多 50 个字，且不能含换行或制表符。",
            "The area is at most 50 characters, without line breaks or tabs.",
        ) from e


def _in_use(b: Box, holder: Grant) -> ApiError:
    """409 grant_open: the box is in use by ``holder``; a keeper must 结束用印 first."""
    return conflict(
        "grant_open",
        f"印章盒“{b.name}”正在由 {holder.user_name} 使用（授权未结束）：请主管理员、管理员或该设备"
        "的管章人先结束用印。",
        f"The box '{b.name}' is in use by {holder.user_name} (their grant is open): a main "
        "administrator, an administrator or a keeper of the box must end it first.",
    )


def _grant_command(signer: PlatformSigner, c: Change, b: Box, row: Grant) -> CommandRow:
    """The box's signed grant: when it is given (direct) or activated (预先授权), so the box
    never holds two. A pre-authorization carries its code's digest: the box checks it too."""
    return signer.command(
        c,
        b,
        CommandKind.GRANT,
        for_grant=row.id,
        grant_id=bytes.fromhex(row.id),
        user_id=row.user_id,
        user_name=row.user_name[:80],
        not_before=row.not_before,
        not_after=row.not_after,
        count=row.count,
        mode=Mode.PREAUTHORIZED if row.mode == "preauthorized" else Mode.DIRECT,
        activation=row.activation,
        flags=row.flags,
    )


def _grant_command_of(db: DbSession, row: Grant) -> CommandRow | None:
    """The box's signed grant made for ``row`` (the newest), if any."""
    return db.execute(
        sa.select(CommandRow)
        .where(CommandRow.grant_id == row.id, CommandRow.kind == "grant")
        .order_by(CommandRow.counter.desc())
        .limit(1)
    ).scalar()


def _new_grant(c: Change, b: Box, caller: Caller, **fields: Any) -> Grant:
    """A grant on ``b`` made now by ``caller``, in use (not yet used, no code tried), added
    to the change; ``fields`` are what the kinds of grant differ in."""
    row = Grant(
        unit_id=c.unit.id,
        box_id=b.id,
        used=0,
        activation_tries=0,
        activated=False,
        state="active",
        refusal="",
        granted_by=caller.person.id,
        created_ms=now_ms(),
        **fields,
    )
    c.db.add(row)
    return row


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
            usage_mode, area = _usage(body)
            f = features_of(c.db, c.unit.id)
            f.refuse_off(
                {
                    "count": bool(body.count),
                    "start": body.not_before is not None,
                    "end": body.not_after is not None,
                    "area": bool(area),
                    "photo": body.photo is True,
                    "fingerprint": body.fingerprint,
                    "force_upload": body.force_upload,
                    "sms": body.notify,
                    "preauthorize": code is not None,
                }
            )
            photo = f.on("photo") if body.photo is None else body.photo
            user, count, start, end, application = _grant_from(c, b, body, f)
            if body.fingerprint and not b.fingerprint:
                raise conflict(
                    "no_fingerprint",
                    f"{b.model} 型印章盒没有指纹模块，不能校验指纹。",
                    f"A {b.model} box has no fingerprint reader.",
                )
            current = open_grant(c.db, b)
            if current is not None and code is None:  # 预先授权 wait, any number of them
                raise _in_use(b, current)
            flags = GrantFlags.NONE
            for wanted, flag in (
                (photo, GrantFlags.PHOTO),
                (body.fingerprint, GrantFlags.FINGERPRINT),
                (body.force_upload, GrantFlags.FORCE_UPLOAD),
                (body.notify, GrantFlags.NOTIFY),
            ):
                if wanted:
                    flags |= flag
            grant_id = secrets.token_bytes(16)
            digest = activation_digest(grant_id, code) if code else b""
            row = _new_grant(
                c,
                b,
                caller,
                id=grant_id.hex(),
                application_id=application.id if application else None,
                user_id=user.id,
                user_name=user.name,
                not_before=start,
                not_after=end,
                count=count,
                mode=body.mode,
                flags=int(flags),
                usage_mode=usage_mode,
                area=area,
                activation=digest,
            )
            # a 预先授权 reaches the box when it is activated (the box then is free)
            command = None if code else _grant_command(signer, c, b, row)
            if application is not None:  # granting ends the approval flow (S3:673-681)
                application.state, application.grant_id = "granted", row.id
            c.db.flush()
            return {
                "grant": grant_json(row, b),
                "activation_code": code,
                "command": command_json(command) if command else None,
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

    @r.post("/boxes/{box_id}/use", **perm("sealbox.use"))
    def use(
        box_id: BoxId,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.use"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """功能配置 with nothing ticked (S3:1210-1213): no application, no approver; the caller
        gets an unlimited direct grant for the next 8 hours while the box is free (409
        grant_open naming who uses it), signed for the box like any grant and audited. Their
        own grant still open is given again (with its command). Otherwise 409 flow_required:
        the unit applies and grants."""
        signer = PlatformSigner.of(request)

        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            if not features_of(c.db, c.unit.id).nothing:
                raise conflict(
                    "flow_required",
                    "本单位的功能配置要求先申请用印、再由管章人或管理员下发授权；"
                    "只有功能配置全部未勾选时才能直接使用。",
                    "The unit's feature set asks for an application and a grant: a box is "
                    "taken directly only while nothing is ticked in it.",
                )
            current = open_grant(c.db, b)
            if current is not None and current.user_id != caller.person.id:
                raise _in_use(b, current)
            if current is not None:
                command = _grant_command_of(c.db, current)
                reply = {"grant": grant_json(current, b), "command": None, "again": True}
                if command is not None and command.state == "pending":
                    reply["command"] = command_json(command)
                return reply, current.id
            now = int(time.time())
            row = _new_grant(
                c,
                b,
                caller,
                id=secrets.token_hex(16),
                application_id=None,
                user_id=caller.person.id,
                user_name=caller.person.name,
                not_before=now,
                not_after=now + FREE_WINDOW_S,
                count=0,
                mode="direct",
                flags=int(GrantFlags.NONE),
                usage_mode="physical",
                area="",
                activation=b"",
            )
            command = _grant_command(signer, c, b, row)
            c.db.flush()
            return {
                "grant": grant_json(row, b),
                "command": command_json(command),
                "again": False,
            }, row.id

        return change_box(request, caller, box_id, action="sealbox.use", key=key, work=work)

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

    @r.post("/grants/{grant_id}/end", **perm("sealbox.end"))
    def end(
        grant_id: GrantId,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.end"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        signer = PlatformSigner.of(request)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            row = c.db.get(Grant, grant_id)
            if row is None or row.unit_id != c.unit.id:
                raise _not_found("授权", "grant")
            b = box_of(c.db, c.unit, row.box_id)
            if not ends_own_use(caller, row):
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
        """预先授权: the grantee's activation code, 5 tries, while no other grant is in use on
        the box (409 grant_open: a keeper ends it first); the box's signed grant is made now
        (the box checks the code too). Activating again gives the grant and its command."""
        signer = PlatformSigner.of(request)
        factory: sessionmaker[DbSession] = request.app.state.sessions
        with factory.begin() as db:  # committed also when refused: a wrong try counts
            unit = db.execute(_UNIT_LOCKED, {"unit": caller.unit.id}).scalar_one()
            result = _activation(Change(db, unit), signer, caller, grant_id, body.code)
            outcome = f"refused:{result.kind}" if isinstance(result, ApiError) else "ok"
            audit.append(db, caller.entry("sealbox.activate", grant_id, outcome))
        if isinstance(result, ApiError):
            raise result
        return result

    return r


def _activation(
    c: Change, signer: PlatformSigner, caller: Caller, grant_id: str, code: str
) -> dict[str, Any] | ApiError:
    """The activation under the unit's lock: the reply, or the refusal (not raised, so the
    wrong try is committed)."""
    row = c.db.get(Grant, grant_id)
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
    b = box_of(c.db, c.unit, row.box_id)
    if not is_waiting(row):  # activated before: the same answer again
        command = _grant_command_of(c.db, row)
        return {"grant": grant_json(row, b), "command": command_json(command) if command else None}
    if row.activation_tries >= CODE_TRIES:
        return conflict(
            "activation_locked",
            "激活码输错次数过多，请联系授权人重新授权。",
            "Too many wrong activation codes: ask for a new grant.",
        )
    holder = open_grant(c.db, b)
    if holder is not None:  # the code is not tried: no try is used up
        return _in_use(b, holder)
    if not secrets.compare_digest(activation_digest(bytes.fromhex(row.id), code), row.activation):
        row.activation_tries += 1
        left = CODE_TRIES - row.activation_tries
        return conflict(
            "activation_code_wrong",
            f"激活码错误，还可尝试 {left} 次。",
            f"Wrong activation code: {left} tries left.",
        )
    row.activated = True
    command = _grant_command(signer, c, b, row)
    c.db.flush()
    return {"grant": grant_json(row, b), "command": command_json(command)}
