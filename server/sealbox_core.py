"""What the seal-box endpoints share: the platform key, who may act on a box, signed commands,
grant states, and the JSON the API shows."""

from __future__ import annotations

import json
import time
from typing import Any

import sqlalchemy as sa
from fastapi import Request
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from sealdesk.sealbox.filecode import kind_of
from sealdesk.sealbox.protocol.commands import (
    Command,
    CommandKind,
    CommandRefused,
    GrantFlags,
    key_id,
    sign_command,
)
from sealdesk.server.db import Department, Person, Unit, now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.permissions import Role
from sealdesk.server.routes.common import Caller, Change, _not_found
from sealdesk.server.sealbox_db import Application, Box, Grant, Keeper, PlatformKey
from sealdesk.server.sealbox_db import Command as CommandRow
from sealdesk.signing import sm2

MAX_BOXES = 50  # per unit (S3:75-83)
FLAG_NAMES = {
    GrantFlags.PHOTO: "photo",
    GrantFlags.FINGERPRINT: "fingerprint",
    GrantFlags.FORCE_UPLOAD: "force_upload",
    GrantFlags.NOTIFY: "notify",
}
BOX_ADMINS = frozenset({Role.SUPER_ADMIN, Role.BOX_ADMIN})
UPLOAD_FRESH_MS = 10 * 60 * 1000  # 强制上传记录: the box was reported this recently


class PlatformSigner:
    """The platform's SM2 key for box commands, kept in the database (made on first use, so
    every server process over one database signs with the same key)."""

    def __init__(self, key: sm2.Sm2PrivateKey, point: bytes) -> None:
        self.key = key
        self.point = point
        self.key_id = key_id(point)

    @classmethod
    def of(cls, request: Request) -> PlatformSigner:
        cached: PlatformSigner | None = getattr(request.app.state, "sealbox_signer", None)
        if cached is not None:
            return cached
        factory: sessionmaker[DbSession] = request.app.state.sessions
        with factory.begin() as db:
            row = db.get(PlatformKey, 1)
            pem, point = (row.private_pem, row.point) if row else (None, None)
        if pem is None:
            key = sm2.generate_key()
            try:
                with factory.begin() as db:
                    db.add(
                        PlatformKey(
                            id=1,
                            private_pem=sm2.private_key_pem(key),
                            point=sm2.public_point(key),
                            created_ms=now_ms(),
                        )
                    )
            except sa.exc.IntegrityError:
                pass  # another process made it first: use theirs
            with factory.begin() as db:
                made = db.execute(sa.select(PlatformKey).where(PlatformKey.id == 1)).scalar_one()
                pem, point = made.private_pem, made.point
        if point is None:
            raise RuntimeError("the platform key row has no point")
        signer = cls(sm2.load_private_key(pem), point)
        request.app.state.sealbox_signer = signer
        return signer

    def command(
        self, c: Change, box: Box, kind: CommandKind, *, for_grant: str | None = None, **fields: Any
    ) -> CommandRow:
        """Sign the box's next command and queue it for the box.

        :raises ApiError: 422 when the command's fields are out of range.
        """
        box.counter += 1
        command = Command(
            kind=kind,
            device_id=box.device_id,
            key_id=self.key_id,
            counter=box.counter,
            issued_at=int(time.time()),
            **fields,
        )
        try:
            signed = sign_command(command, self.key)
        except CommandRefused as e:
            raise ApiError(
                422, "invalid", f"指令内容无效：{e.detail}", f"Invalid command: {e.detail}"
            ) from e
        row = CommandRow(
            box_id=box.id,
            counter=box.counter,
            kind=kind.name.lower(),
            signed=signed.encode(),
            grant_id=for_grant,
            state="pending",
            reason="",
            created_ms=now_ms(),
        )
        c.db.add(row)
        return row


# -- who may act


def is_box_admin(caller: Caller) -> bool:
    return bool(caller.roles & BOX_ADMINS)


def keeps(db: DbSession, box_id: str, person_id: str) -> bool:
    return (
        db.execute(
            sa.select(Keeper).where(Keeper.box_id == box_id, Keeper.person_id == person_id)
        ).scalar()
        is not None
    )


def forbidden(kind: str, zh: str, en: str) -> ApiError:
    return ApiError(403, kind, zh, en)


def conflict(kind: str, zh: str, en: str) -> ApiError:
    return ApiError(409, kind, zh, en)


def keeps_box(db: DbSession, caller: Caller, box: Box) -> bool:
    """Admins act on every box (S3:972-995); a keeper on the boxes they keep."""
    if is_box_admin(caller):
        return True
    return Role.KEEPER in caller.roles and keeps(db, box.id, caller.person.id)


def require_keeper(db: DbSession, caller: Caller, box: Box) -> None:
    """:raises ApiError: 403: the caller neither keeps the box nor is an admin."""
    if not keeps_box(db, caller, box):
        raise _not_keeper()


def _not_keeper() -> ApiError:
    return forbidden(
        "not_keeper_of_box",
        "您不是这台印章盒的管章人或管理员。",
        "You are neither a keeper of this box nor an administrator.",
    )


def box_access(db: DbSession, caller: Caller, box: Box) -> frozenset[int] | None:
    """Who reports a box and carries its commands, and which: its keepers, the admins and the
    person holding its open grant all of them (None); the person who ended their own use
    (直接使用) only that end, until it reaches the box (its counters). A grant someone else
    ended gives its grantee nothing: the box is no longer theirs.

    :raises ApiError: 403.
    """
    grant = open_grant(db, box)
    if (grant is not None and grant.user_id == caller.person.id) or keeps_box(db, caller, box):
        return None
    own_ends = (
        sa.select(CommandRow.counter)
        .join(Grant, Grant.id == CommandRow.grant_id)
        .where(
            CommandRow.box_id == box.id,
            CommandRow.kind == CommandKind.END.name.lower(),
            CommandRow.state == "pending",
            Grant.user_id == caller.person.id,
            Grant.ended_by == caller.person.id,
        )
    )
    counters = frozenset(db.execute(own_ends).scalars())
    if not counters:
        raise _not_keeper()
    return counters


def require_box_access(db: DbSession, caller: Caller, box: Box) -> None:
    """:raises ApiError: 403: the caller may not reach the box (:func:`box_access`)."""
    box_access(db, caller, box)


def ends_own_use(caller: Caller, grant: Grant) -> bool:
    """The grant is one the caller gave themselves (直接使用): theirs to end (结束用印) without
    a keeper's role. A keeper's grant is ended by a keeper of the box (or an admin), not by
    whoever gave it once (they may have lost the role since)."""
    me = caller.person.id
    return grant.granted_by == me and grant.user_id == me


def box_of(db: DbSession, unit: Unit, box_id: object, *, bound: bool = True) -> Box:
    box = db.get(Box, str(box_id))
    if box is None or box.unit_id != unit.id or (bound and box.state != "bound"):
        raise _not_found("印章盒", "seal box")
    return box


def active_person(db: DbSession, unit: Unit, person_id: object) -> Person:
    person = db.get(Person, str(person_id))
    if person is None or person.unit_id != unit.id:
        raise _not_found("人员", "person")
    if person.status != "active":
        raise conflict("person_left", "该人员已离职。", "This person has left.")
    return person


# -- grants


def is_open(grant: Grant, now_s: float | None = None) -> bool:
    """Not ended or refused, and neither past its window nor used up (as far as the records
    uploaded tell)."""
    now_s = time.time() if now_s is None else now_s
    return (
        grant.state == "active"
        and now_s < grant.not_after
        and not (grant.count and grant.used >= grant.count)
    )


def is_waiting(grant: Grant) -> bool:
    """A 预先授权 not yet activated: it waits on the platform, the box has not got it."""
    return grant.mode == "preauthorized" and not grant.activated


def open_grant(db: DbSession, box: Box) -> Grant | None:
    """The grant in use on the box (at most one): open, and direct or activated. Pre-
    authorizations waiting for their activation code do not hold the box (several may wait)."""
    rows = db.execute(
        sa.select(Grant)
        .where(Grant.box_id == box.id, Grant.state == "active")
        .order_by(Grant.created_ms)
    ).scalars()
    return next((g for g in rows if is_open(g) and not is_waiting(g)), None)


def waiting_grants(db: DbSession, box: Box) -> list[Grant]:
    """The box's open 预先授权 waiting for their activation code, oldest first."""
    rows = db.execute(
        sa.select(Grant)
        .where(
            Grant.box_id == box.id,
            Grant.state == "active",
            Grant.mode == "preauthorized",
            Grant.activated.is_(False),
        )
        .order_by(Grant.created_ms)
    ).scalars()
    return [g for g in rows if is_open(g)]


def grant_status(grant: Grant) -> str:
    """用印中 (active), 待激活 (waiting: a 预先授权 before its code), 已过期 (expired), 用印结束
    (ended), refused by the box."""
    if grant.state == "active":
        if not is_open(grant):
            return "expired"
        return "waiting" if is_waiting(grant) else "active"
    return grant.state


def flags_of(grant: Grant) -> list[str]:
    return [name for flag, name in FLAG_NAMES.items() if grant.flags & flag]


def grant_json(grant: Grant, box: Box | None = None) -> dict[str, Any]:
    return {
        "id": grant.id,
        "box_id": grant.box_id,
        "box_name": box.name if box else None,
        "application_id": grant.application_id,
        "user_id": grant.user_id,
        "user_name": grant.user_name,
        "not_before": grant.not_before,
        "not_after": grant.not_after,
        "count": grant.count,
        "used": grant.used,
        "mode": grant.mode,
        "flags": flags_of(grant),
        "usage_mode": grant.usage_mode,
        "area": grant.area,
        "state": grant_status(grant),
        "refusal": grant.refusal or None,
        "delivered": grant.delivered_ms is not None,
        "activated": grant.activated,
        "activation_tries": grant.activation_tries,
        "granted_by": grant.granted_by,
        "created_ms": grant.created_ms,
        "ended_by": grant.ended_by,
        "ended_ms": grant.ended_ms,
    }


def command_json(row: CommandRow) -> dict[str, Any]:
    import base64

    return {
        "counter": row.counter,
        "kind": row.kind,
        "grant_id": row.grant_id,
        "state": row.state,
        "signed": base64.b64encode(row.signed).decode("ascii"),
    }


def box_json(db: DbSession, box: Box) -> dict[str, Any]:
    keepers = db.execute(
        sa.select(Person.id, Person.name)
        .join(Keeper, Keeper.person_id == Person.id)
        .where(Keeper.box_id == box.id, Person.status == "active")
        .order_by(Person.name)
    ).all()
    grant = open_grant(db, box) if box.state == "bound" else None
    pending = db.execute(
        sa.select(sa.func.count())
        .select_from(CommandRow)
        .where(CommandRow.box_id == box.id, CommandRow.state == "pending")
    ).scalar_one()
    lock = "none"
    if box.locked:
        lock = "locked" if box.box_locked else "pending"
    elif box.box_locked:
        lock = "unlock_pending"
    return {
        "id": box.id,
        "device_id": box.device_id,
        "model": box.model,
        "firmware": box.firmware,
        "address": box.address,
        "ble_name": box.ble_name,
        "name": box.name,
        "note": box.note,
        "fingerprint": box.fingerprint,
        "state": box.state,
        "bound_ms": box.bound_ms,
        "keepers": [{"id": k.id, "name": k.name} for k in keepers],
        "keepers_seq": box.keepers_seq,  # their version (``If-Match`` of a change of them)
        "open_grant": grant_json(grant) if grant else None,
        "waiting_grants": [grant_json(g) for g in waiting_grants(db, box)]
        if box.state == "bound"
        else [],
        "pending_commands": pending,
        "lock": lock,
        "settings": {"backlight": box.backlight, "auto_off": box.auto_off, "offline": box.offline},
        "last_contact_ms": box.last_contact_ms,
        "place": box.place or None,  # the last known position, and when
        "place_ms": box.place_ms,
        "screen": box.screen or None,
        "box": {
            "locked": box.box_locked,
            "offline": box.box_offline,
            "counter": box.box_counter,
            "next_seq": box.box_next_seq,
            "stored": box.box_stored,
            "capacity": box.box_capacity,
        },
        "records_next": box.records_next,
        "records_complete": box.records_next >= box.box_next_seq,
    }


def application_json(app: Application, names: dict[str, str]) -> dict[str, Any]:
    steps = json.loads(app.steps)
    return {
        "id": app.id,
        "box_id": app.box_id,
        "applicant_id": app.applicant_id,
        "applicant_name": names.get(app.applicant_id),
        "category_id": app.category_id,
        "reason": app.reason,
        "file_name": app.file_name,
        "file_type": app.file_type,
        "copies": app.copies,
        "carrier": app.carrier,
        "count": app.count,
        "not_before": app.not_before,
        "not_after": app.not_after,
        "note": app.note,
        "photo_required": app.photo_required,
        "department_id": app.department_id,
        "department_name": names.get(app.department_id) if app.department_id else None,
        "area": app.area or "",
        "file_code": app.file_code or "",
        "file_code_kind": kind_of(app.file_code or ""),
        "state": app.state,
        "steps": [[{"id": p, "name": names.get(p)} for p in step] for step in steps],
        "step": app.step,
        "cc": [{"id": p, "name": names.get(p)} for p in json.loads(app.cc)],
        "decisions": json.loads(app.decisions),
        "grant_id": app.grant_id,
        "created_ms": app.created_ms,
    }


def names_of(db: DbSession, unit: Unit) -> dict[str, str]:
    """The unit's people and departments (部门 of an application), id → name."""
    people = db.execute(sa.select(Person.id, Person.name).where(Person.unit_id == unit.id))
    departments = db.execute(
        sa.select(Department.id, Department.name).where(Department.unit_id == unit.id)
    )
    return dict(people.tuples().all()) | dict(departments.tuples().all())
