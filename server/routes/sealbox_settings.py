"""A seal box's settings, the offline-mode code, and the lost-box lock."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from sealdesk.sealbox.protocol.commands import CommandKind
from sealdesk.server.db import now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.routes.common import Caller, Change, IdempotencyKey, perm, requires
from sealdesk.server.routes.sealbox_common import (
    CODE_TRIES,
    BoxId,
    _attempt,
    change_box,
    command_box,
    sealbox_router,
)
from sealdesk.server.sealbox_core import (
    PlatformSigner,
    box_of,
    conflict,
    open_grant,
    require_keeper,
)
from sealdesk.server.sealbox_db import Box, OfflineCode
from sealdesk.server.sealbox_db import Command as CommandRow
from sealdesk.server.sealbox_schemas import SettingsIn
from sealdesk.server.sealbox_sms import Outbox, notify_lock

CODE_SECONDS = 300


def _code_hash(scope: str, code: str) -> str:
    return hashlib.sha256(f"{scope}:{code}".encode()).hexdigest()


def build_router() -> APIRouter:
    r = sealbox_router()

    @r.post("/boxes/{box_id}/offline-code", **perm("sealbox.offline_code"))
    def offline_code(
        box_id: BoxId,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.offline_code"))],
    ) -> JSONResponse:
        code = f"{secrets.randbelow(10**6):06d}"

        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            row = c.db.get(OfflineCode, b.id)
            if row is None:
                row = OfflineCode(box_id=b.id)
                c.db.add(row)
            row.code_hash = _code_hash(b.id, code)
            row.expires_ms = now_ms() + CODE_SECONDS * 1000
            row.tries = 0
            return {"code": code, "expires_in": CODE_SECONDS}, b.device_id

        return change_box(request, caller, box_id, action="sealbox.offline_code", work=work)

    def _offline_code_ok(request: Request, caller: Caller, box_id: uuid.UUID, code: str) -> None:
        def check(db: DbSession) -> ApiError | None:
            b = box_of(db, caller.unit, box_id)
            row = db.get(OfflineCode, b.id)
            if row is None or row.expires_ms < now_ms():
                return conflict(
                    "offline_code_expired",
                    "没有有效的无网络设置验证码，请主管理员重新获取。",
                    "No valid offline-mode code: the main administrator must get a new one.",
                )
            if row.tries >= CODE_TRIES:
                return conflict(
                    "offline_code_locked",
                    "验证码输错次数过多，请主管理员重新获取。",
                    "Too many wrong codes: the main administrator must get a new one.",
                )
            if not secrets.compare_digest(row.code_hash, _code_hash(b.id, code)):
                row.tries += 1
                left = CODE_TRIES - row.tries
                return conflict(
                    "offline_code_wrong",
                    f"主管理员验证码错误，还可尝试 {left} 次。",
                    f"Wrong main-administrator code: {left} tries left.",
                )
            db.delete(row)  # used once
            return None

        _attempt(request, caller, "sealbox.offline_code.check", str(box_id), check)

    @r.put("/boxes/{box_id}/settings", **perm("sealbox.settings"))
    def settings(
        box_id: BoxId,
        body: SettingsIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.settings"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        factory: sessionmaker[DbSession] = request.app.state.sessions
        if body.offline:
            with factory.begin() as db:  # say what else is wrong before a code is used up
                b = box_of(db, caller.unit, box_id)
                require_keeper(db, caller, b)
                if open_grant(db, b) is None:
                    raise conflict(
                        "no_grant",
                        "无网络设置须在授权之后开启。",
                        "Offline mode is turned on after a grant.",
                    )
            if body.code is None:
                raise ApiError(
                    422,
                    "offline_code_required",
                    "开启无网络设置需要主管理员的验证码。",
                    "Offline mode needs the main administrator's code.",
                )
            _offline_code_ok(request, caller, box_id, body.code)

        def work(c: Change, b: Box, signer: PlatformSigner) -> CommandRow:
            fields = body.model_dump(exclude={"code"}, exclude_none=True)
            for name, value in fields.items():
                setattr(b, name, value)
            return signer.command(c, b, CommandKind.SETTINGS, **fields)

        return command_box(
            request,
            caller,
            box_id,
            action="sealbox.settings",
            key=key,
            check=require_keeper,
            work=work,
        )

    def _lock(request: Request, caller: Caller, box_id: uuid.UUID, locking: bool) -> JSONResponse:
        outboxes: list[Outbox] = []

        def work(c: Change, b: Box, signer: PlatformSigner) -> CommandRow:
            if b.locked == locking:
                raise conflict(
                    "already_locked" if locking else "not_locked",
                    "该印章盒已挂失锁定。" if locking else "该印章盒未锁定。",
                    "The box is locked already." if locking else "The box is not locked.",
                )
            b.locked = locking
            if locking:  # an SMS with the last known position (S3:735-745)
                outboxes.append(Outbox(c, caller))
                notify_lock(outboxes[-1], b)
            return signer.command(c, b, CommandKind.LOCK if locking else CommandKind.UNLOCK)

        action = "sealbox.lock" if locking else "sealbox.unlock"
        reply = command_box(request, caller, box_id, action=action, work=work)
        for outbox in outboxes:
            outbox.flush(request.app.state.config.sms_sink)
        return reply

    @r.post("/boxes/{box_id}/lock", **perm("sealbox.lock"))
    def lock(
        box_id: BoxId,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.lock"))],
    ) -> JSONResponse:
        return _lock(request, caller, box_id, True)

    @r.post("/boxes/{box_id}/unlock", **perm("sealbox.lock"))
    def unlock(
        box_id: BoxId,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.lock"))],
    ) -> JSONResponse:
        return _lock(request, caller, box_id, False)

    return r
