"""The seal-box endpoints under /api/v1/sealbox (issue 18's platform side, WAVE2-NOTES §B).

Boxes are bound by an admin (主管理员 or 管理员); keepers (管章人) grant on the boxes they keep.
The platform signs every command a box obeys (grant, end, lock, unlock, settings, unbind) with
its SM2 key, whose public point the box received at binding; a command waits in the box's
queue until a client that reaches the box carries it there and reports how the box answered
(``/contact`` gives the queue, ``/deliveries`` takes the answers). So a grant, an end or a lock
made while the box is off takes effect at its next contact. Every change goes through
:func:`sealdesk.server.api._change`: the unit's lock, one audit row, idempotency keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import time
import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from sealdesk.sealbox.protocol.commands import CommandKind, GrantFlags, Mode, activation_digest
from sealdesk.server import audit
from sealdesk.server.api import (
    PREFIX,
    Caller,
    Change,
    Db,
    IdempotencyKey,
    _change,
    _not_found,
    _person_json,
    _quota,
    _split,
    requires,
)
from sealdesk.server.db import Person, now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.permissions import BOX_ROLES, Role
from sealdesk.server.sealbox_core import (
    MAX_BOXES,
    UPLOAD_FRESH_MS,
    PlatformSigner,
    active_person,
    application_json,
    box_json,
    box_of,
    command_json,
    conflict,
    forbidden,
    grant_json,
    is_box_admin,
    is_open,
    names_of,
    open_grant,
    require_box_access,
    require_keeper,
)
from sealdesk.server.sealbox_db import (
    Application,
    Box,
    Category,
    Grant,
    Keeper,
    OfflineCode,
    Record,
    Seen,
    Template,
)
from sealdesk.server.sealbox_db import Command as CommandRow
from sealdesk.server.sealbox_schemas import (
    ActivateIn,
    ApplicationIn,
    ApproveIn,
    BoxIn,
    BoxPatch,
    BoxRoleIn,
    CategoryIn,
    DeliveriesIn,
    GrantIn,
    InfoIn,
    KeepersIn,
    PhotosIn,
    RecordsIn,
    RejectIn,
    SeenIn,
    SettingsIn,
    TemplateIn,
)

CODE_SECONDS = 300
CODE_TRIES = 5  # the offline code and a pre-authorization's activation code (S3:402)
MAX_PHOTO = 512 * 1024
BoxId = Annotated[uuid.UUID, Path()]
GrantId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


def _code_hash(scope: str, code: str) -> str:
    return hashlib.sha256(f"{scope}:{code}".encode()).hexdigest()


def _attempt(request: Request, caller: Caller, action: str, target: str, check: Any) -> Any:
    """A code check whose wrong tries must count even though it refuses: its own transaction,
    committed before the refusal is raised (``check`` returns the result or an ApiError)."""
    factory: sessionmaker[DbSession] = request.app.state.sessions
    with factory.begin() as db:
        result = check(db)
        outcome = f"refused:{result.kind}" if isinstance(result, ApiError) else "ok"
        audit.append(db, caller.entry(action, target, outcome))
    if isinstance(result, ApiError):
        raise result
    return result


def _report(box: Box, info: InfoIn) -> None:
    """What a box said at a contact."""
    if info.device_id != box.device_id:
        raise conflict(
            "wrong_box",
            f"连接到的是另一台印章盒（{info.device_id}），不是 {box.device_id}。",
            f"The box reached is {info.device_id}, not {box.device_id}.",
        )
    box.last_contact_ms = now_ms()
    if info.firmware:
        box.firmware = info.firmware
    box.screen = info.screen
    box.box_locked = info.locked
    box.box_offline = info.offline
    box.box_counter = info.counter
    box.box_next_seq = info.next_seq
    box.box_stored = info.stored
    box.box_capacity = info.capacity


def _pending(db: DbSession, box: Box) -> list[CommandRow]:
    """The box's commands still to carry there, in counter order; a grant that ended or
    expired before it got there is superseded, not sent."""
    rows = list(
        db.execute(
            sa.select(CommandRow)
            .where(CommandRow.box_id == box.id, CommandRow.state == "pending")
            .order_by(CommandRow.counter)
        ).scalars()
    )
    now = time.time()
    kept = []
    for row in rows:
        grant = db.get(Grant, row.grant_id) if row.kind == "grant" and row.grant_id else None
        if grant is not None and (grant.state != "active" or grant.not_after <= now):
            row.state, row.done_ms = "superseded", now_ms()
            continue
        kept.append(row)
    return kept


def _deliver(c: Change, caller: Caller, box: Box, counter: int, ok: bool, reason: str) -> None:
    row = c.db.execute(
        sa.select(CommandRow).where(CommandRow.box_id == box.id, CommandRow.counter == counter)
    ).scalar()
    if row is None or row.state != "pending":
        return  # told twice, or superseded meanwhile
    row.state = "delivered" if ok else "refused"
    row.reason = reason[:50]
    row.done_ms = now_ms()
    grant = c.db.get(Grant, row.grant_id) if row.grant_id else None
    if row.kind == "grant" and grant is not None:
        if ok:
            grant.delivered_ms = now_ms()
        elif grant.state == "active":
            grant.state, grant.refusal = "refused", reason[:50]
    audit.append(
        c.db,
        caller.entry(
            f"sealbox.command.{row.kind}",
            f"{box.device_id}#{counter}",
            "delivered" if ok else f"refused:{reason}"[:50],
        ),
    )


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
    r = APIRouter(prefix=f"{PREFIX}/sealbox", tags=["sealbox"])

    def perm(name: str) -> dict[str, Any]:
        return {"openapi_extra": {"x-permission": name}}

    # --- the platform key, boxes ------------------------------------------------------------

    @r.get("/platform-key", **perm("sealbox.read"))
    def platform_key(
        request: Request, caller: Annotated[Caller, Depends(requires("sealbox.read"))]
    ) -> dict[str, Any]:
        signer = PlatformSigner.of(request)
        return {"point": signer.point.hex(), "key_id": signer.key_id.hex()}

    @r.get("/boxes", **perm("sealbox.read"))
    def boxes(
        db: Db, caller: Annotated[Caller, Depends(requires("sealbox.read"))]
    ) -> dict[str, Any]:
        rows = db.execute(
            sa.select(Box)
            .where(Box.unit_id == caller.unit.id, Box.state == "bound")
            .order_by(Box.name, Box.id)
        ).scalars()
        return {"boxes": [box_json(db, b) for b in rows], "limit": MAX_BOXES}

    @r.get("/boxes/{box_id}", **perm("sealbox.read"))
    def box(
        box_id: BoxId, db: Db, caller: Annotated[Caller, Depends(requires("sealbox.read"))]
    ) -> dict[str, Any]:
        return {"box": box_json(db, box_of(db, caller.unit, box_id, bound=False))}

    @r.post("/boxes", **perm("sealbox.bind"))
    def bind(
        body: BoxIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.bind"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        signer = PlatformSigner.of(request)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            bound = c.db.execute(
                sa.select(Box).where(Box.device_id == body.device_id, Box.state == "bound")
            ).scalar()
            if bound is not None and bound.unit_id != c.unit.id:
                raise conflict(
                    "bound_elsewhere",
                    "该印章盒已被其他单位绑定，请先在那里解绑。",
                    "This box is bound by another unit: unbind it there first.",
                )
            reply = {
                "platform_key": signer.point.hex(),
                "key_id": signer.key_id.hex(),
                "unit_name": c.unit.name,
            }
            if bound is not None:  # bound here already: the same binding (a retried bind)
                return {**reply, "box": box_json(c.db, bound), "existing": True}, bound.id
            count = c.db.execute(
                sa.select(sa.func.count())
                .select_from(Box)
                .where(Box.unit_id == c.unit.id, Box.state == "bound")
            ).scalar_one()
            if count >= MAX_BOXES:
                raise _quota("boxes", MAX_BOXES, "印章盒", "seal boxes")
            counter = c.db.execute(
                sa.select(sa.func.max(Box.counter)).where(Box.device_id == body.device_id)
            ).scalar()
            new = Box(
                id=str(uuid.uuid4()),
                unit_id=c.unit.id,
                device_id=body.device_id,
                model=body.model,
                firmware=body.firmware,
                address=body.address.upper(),
                ble_name=body.ble_name,
                name=body.name,
                note=body.note,
                fingerprint=body.fingerprint,
                state="bound",
                bound_by=caller.person.id,
                bound_ms=now_ms(),
                counter=counter or 0,
                first_seq=body.next_seq,
                records_next=body.next_seq,
                locked=False,
                backlight=30,
                auto_off=0,
                offline=False,
                box_next_seq=body.next_seq,
            )
            c.db.add(new)
            c.db.flush()
            # the first command lifts the box's counter above anything signed for an earlier
            # binding of it (the box starts again from 0 when bound)
            signer.command(c, new, CommandKind.SETTINGS, backlight=30, auto_off=0, offline=False)
            c.db.flush()
            return {**reply, "box": box_json(c.db, new), "existing": False}, new.id

        return _change(
            request, caller, action="sealbox.bind", target=body.device_id, key=key, work=work
        )

    @r.patch("/boxes/{box_id}", **perm("sealbox.bind"))
    def rename(
        box_id: BoxId,
        body: BoxPatch,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.bind"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, box_id)
            if body.name is not None:
                b.name = body.name
            if body.note is not None:
                b.note = body.note
            return {"box": box_json(c.db, b)}, b.device_id

        return _change(
            request, caller, action="sealbox.rename", target=str(box_id), key=key, work=work
        )

    @r.post("/boxes/{box_id}/unbind", **perm("sealbox.bind"))
    def unbind(
        box_id: BoxId,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.bind"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        signer = PlatformSigner.of(request)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, box_id)
            if open_grant(c.db, b) is not None:
                raise conflict(
                    "grant_open",
                    "该印章盒还有未结束的授权，请先结束用印再解绑。",
                    "The box has a grant still open: end it before unbinding.",
                )
            for row in _pending(c.db, b):
                row.state, row.done_ms = "superseded", now_ms()
            command = signer.command(c, b, CommandKind.UNBIND)
            b.state, b.unbound_ms = "unbound", now_ms()
            c.db.flush()
            return {"box": box_json(c.db, b), "command": command_json(command)}, b.device_id

        return _change(
            request, caller, action="sealbox.unbind", target=str(box_id), key=key, work=work
        )

    # --- roles and keepers ---------------------------------------------------------------------

    @r.put("/roles/{person_id}", **perm("sealbox.roles"))
    def set_box_role(
        person_id: uuid.UUID,
        body: BoxRoleIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.roles"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            person = active_person(c.db, c.unit, person_id)
            if person.key_holder:
                raise conflict(
                    "main_admin",
                    "主管理员（单位 UKey 用户）的角色不能更改。",
                    "The main administrator's (the unit key holder's) role cannot change.",
                )
            held = _split(person.roles)
            wanted = Role(body.role)
            if (Role.BOX_ADMIN in held or wanted is Role.BOX_ADMIN) and (
                Role.SUPER_ADMIN not in caller.roles
            ):
                raise forbidden(
                    "main_admin_only",
                    "只有主管理员可以设置或撤销管理员。",
                    "Only the main administrator sets or removes the administrator.",
                )
            if wanted is Role.BOX_ADMIN:
                other = c.db.execute(
                    sa.select(Person.id).where(
                        Person.unit_id == c.unit.id,
                        Person.status == "active",
                        Person.roles.like(f"%{Role.BOX_ADMIN.value}%"),
                        Person.id != person.id,
                    )
                ).scalar()
                if other is not None:
                    raise conflict(
                        "one_box_admin",
                        "每个单位只能有一名管理员，请先撤销现任管理员。",
                        "A unit has one administrator: remove the current one first.",
                    )
            kept = [r for r in held if r not in BOX_ROLES]
            if wanted is not Role.MEMBER:
                kept.append(wanted.value)
            person.roles = ",".join(sorted(set(kept)))
            person.seq = c.next_seq()
            if wanted is not Role.KEEPER:  # no longer a keeper: of no box either
                c.db.execute(sa.delete(Keeper).where(Keeper.person_id == person.id))
            return {"person": _person_json(person, full=True)}, person.id

        return _change(
            request, caller, action="sealbox.role", target=str(person_id), key=key, work=work
        )

    @r.put("/boxes/{box_id}/keepers", **perm("sealbox.keepers"))
    def set_keepers(
        box_id: BoxId,
        body: KeepersIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.keepers"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, box_id)
            for pid in body.person_ids:
                person = active_person(c.db, c.unit, pid)
                if Role.KEEPER not in _split(person.roles):
                    raise conflict(
                        "not_keeper",
                        f"{person.name} 没有管章人角色。",
                        f"{person.name} does not hold the keeper role.",
                    )
            c.db.execute(sa.delete(Keeper).where(Keeper.box_id == b.id))
            for pid in body.person_ids:
                c.db.add(Keeper(box_id=b.id, person_id=str(pid)))
            c.db.flush()
            return {"box": box_json(c.db, b)}, b.device_id

        return _change(
            request, caller, action="sealbox.keepers", target=str(box_id), key=key, work=work
        )

    # --- contact: what the box says, what it is to be told -------------------------------------

    @r.post("/boxes/{box_id}/contact", **perm("sealbox.contact"))
    def contact(
        box_id: BoxId,
        body: InfoIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.contact"))],
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, box_id)
            require_box_access(c.db, caller, b)
            _report(b, body)
            pending = _pending(c.db, b)
            c.db.flush()
            return {
                "box": box_json(c.db, b),
                "pending": [command_json(p) for p in pending],
            }, b.device_id

        return _change(
            request, caller, action="sealbox.contact", target=str(box_id), key=None, work=work
        )

    @r.post("/boxes/{box_id}/deliveries", **perm("sealbox.contact"))
    def deliveries(
        box_id: BoxId,
        body: DeliveriesIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.contact"))],
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, box_id, bound=False)  # an unbind is reported after it
            if b.state == "bound":
                require_box_access(c.db, caller, b)
            elif not is_box_admin(caller):
                raise _not_found("印章盒", "seal box")
            if body.info is not None:
                _report(b, body.info)
            for d in body.results:
                _deliver(c, caller, b, d.counter, d.outcome == "ok", d.reason)
            c.db.flush()
            return {"box": box_json(c.db, b)}, b.device_id

        return _change(
            request, caller, action="sealbox.deliveries", target=str(box_id), key=None, work=work
        )

    # --- records -------------------------------------------------------------------------------

    @r.post("/boxes/{box_id}/records", **perm("sealbox.contact"))
    def upload_records(
        box_id: BoxId,
        body: RecordsIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.contact"))],
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, box_id)
            require_box_access(c.db, caller, b)
            if body.info is not None:
                _report(b, body.info)
            have = set(
                c.db.execute(
                    sa.select(Record.seq).where(
                        Record.box_id == b.id, Record.seq.in_([x.seq for x in body.records])
                    )
                ).scalars()
            )
            stored = 0
            for x in sorted(body.records, key=lambda x: x.seq):
                if x.seq < b.first_seq or x.seq in have:
                    continue  # before this binding (not this unit's), or uploaded already
                kind, detail = x.kind, x.detail
                cause = x.cause if x.cause and x.cause != "none" else ""
                grant = c.db.get(Grant, x.grant_id) if x.grant_id else None
                if grant is not None and grant.box_id != b.id:
                    grant = None
                if kind == "stamp" and grant is not None:
                    grant.used = max(grant.used, x.used)
                    if grant.ended_ms is not None and x.time_ms > grant.ended_ms:
                        # ended on the platform while the box was away (P: WAVE2-NOTES E12)
                        kind, cause = "abnormal", "after_end"
                        detail = "stamped after the grant was ended on the platform"
                c.db.add(
                    Record(
                        unit_id=c.unit.id,
                        box_id=b.id,
                        seq=x.seq,
                        kind=kind,
                        cause=cause,
                        time_ms=x.time_ms,
                        grant_id=x.grant_id,
                        user_id=x.user_id,
                        used=x.used,
                        detail=detail,
                        photo_bytes=x.photo_bytes,
                        has_photo=False,
                        uploaded_by=caller.person.id,
                        uploaded_ms=now_ms(),
                    )
                )
                have.add(x.seq)
                stored += 1
                b.records_next = max(b.records_next, x.seq + 1)
            c.db.flush()
            missing = list(
                c.db.execute(
                    sa.select(Record.seq)
                    .where(
                        Record.box_id == b.id,
                        Record.photo_bytes > 0,
                        Record.has_photo.is_(False),
                    )
                    .order_by(Record.seq)
                    .limit(1000)
                ).scalars()
            )
            return {
                "stored": stored,
                "records_next": b.records_next,
                "missing_photos": missing,
                "box": box_json(c.db, b),
            }, f"{b.device_id}:{stored}"

        return _change(
            request, caller, action="sealbox.records", target=str(box_id), key=None, work=work
        )

    @r.post("/boxes/{box_id}/photos", **perm("sealbox.contact"))
    def upload_photos(
        box_id: BoxId,
        body: PhotosIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.contact"))],
    ) -> JSONResponse:
        """Photos of records uploaded before, several at once (the body stays under 1 MiB):
        all of them are taken, or none."""
        photos: dict[int, bytes] = {}
        for item in body.photos:
            try:
                jpeg = base64.b64decode(item.jpeg, validate=True)
            except (binascii.Error, ValueError) as e:
                raise ApiError(
                    422, "invalid", "照片不是 Base64。", "The photo is not base64."
                ) from e
            if not jpeg.startswith(b"\xff\xd8") or len(jpeg) > MAX_PHOTO:
                raise ApiError(
                    422, "not_jpeg", "照片不是 JPEG 或过大。", "The photo is not a JPEG or too big."
                )
            photos[item.seq] = jpeg

        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, box_id)
            require_box_access(c.db, caller, b)
            rows = {
                row.seq: row
                for row in c.db.execute(
                    sa.select(Record).where(Record.box_id == b.id, Record.seq.in_(list(photos)))
                ).scalars()
            }
            for seq, jpeg in sorted(photos.items()):
                row = rows.get(seq)
                if row is None or row.photo_bytes == 0:
                    raise _not_found(f"带照片的记录 {seq}", f"record {seq} with a photo")
                if len(jpeg) != row.photo_bytes:
                    raise ApiError(
                        422,
                        "photo_size",
                        f"记录 {seq} 的照片大小 {len(jpeg)} 字节，与记录所说的 "
                        f"{row.photo_bytes} 字节不符。",
                        f"Record {seq}'s photo has {len(jpeg)} bytes; the record says "
                        f"{row.photo_bytes}.",
                    )
                if not row.has_photo:
                    row.photo, row.has_photo = jpeg, True
            return {"stored": sorted(photos)}, f"{b.device_id}:{len(photos)}"

        return _change(
            request, caller, action="sealbox.photos", target=str(box_id), key=None, work=work
        )

    def _visible(db: DbSession, caller: Caller) -> Any:
        """使用记录 and 异常记录: admins see every box, keepers theirs, others their own."""
        unit = Record.unit_id == caller.unit.id
        if is_box_admin(caller):
            return unit
        mine = Record.user_id == caller.person.id
        if Role.KEEPER in caller.roles:
            kept = sa.select(Keeper.box_id).where(Keeper.person_id == caller.person.id)
            return unit & (mine | Record.box_id.in_(kept))
        return unit & mine

    @r.get("/records", **perm("sealbox.records.read"))
    def records(
        db: Db,
        caller: Annotated[Caller, Depends(requires("sealbox.records.read"))],
        kind: Annotated[str, Query(pattern="^(stamp|abnormal|all)$")] = "all",
        box_id: uuid.UUID | None = None,
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> dict[str, Any]:
        where = _visible(db, caller) & (Record.id > after)
        if kind != "all":
            where = where & (Record.kind == kind)
        if box_id is not None:
            where = where & (Record.box_id == str(box_id))
        rows = db.execute(sa.select(Record).where(where).order_by(Record.id).limit(limit))
        names = names_of(db, caller.unit)
        box_names = dict(
            db.execute(sa.select(Box.id, Box.name).where(Box.unit_id == caller.unit.id))
            .tuples()
            .all()
        )
        seen = db.get(Seen, caller.person.id)
        unread = db.execute(
            sa.select(sa.func.count())
            .select_from(Record)
            .where(
                _visible(db, caller),
                Record.kind == "abnormal",
                Record.id > (seen.upto if seen else 0),
            )
        ).scalar_one()
        return {
            "records": [
                {
                    "id": x.id,
                    "box_id": x.box_id,
                    "box_name": box_names.get(x.box_id),
                    "seq": x.seq,
                    "kind": x.kind,
                    "cause": x.cause or None,
                    "time_ms": x.time_ms,
                    "grant_id": x.grant_id or None,
                    "user_id": x.user_id or None,
                    "user_name": names.get(x.user_id),
                    "used": x.used,
                    "detail": x.detail,
                    "photo": x.has_photo,
                    "photo_bytes": x.photo_bytes,
                }
                for x in rows.scalars()
            ],
            "unread_abnormal": unread,
        }

    @r.get("/records/{record_id}/photo", **perm("sealbox.records.read"))
    def record_photo(
        record_id: Annotated[int, Path(ge=1, le=2**62)],
        db: Db,
        caller: Annotated[Caller, Depends(requires("sealbox.records.read"))],
    ) -> dict[str, Any]:
        row = db.execute(
            sa.select(Record).where(_visible(db, caller), Record.id == record_id)
        ).scalar()
        if row is None or not row.has_photo or row.photo is None:
            raise _not_found("照片", "photo")
        return {"id": row.id, "seq": row.seq, "jpeg": base64.b64encode(row.photo).decode()}

    @r.post("/records/seen", **perm("sealbox.records.read"))
    def records_seen(
        body: SeenIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.records.read"))],
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            seen = c.db.get(Seen, caller.person.id)
            if seen is None:
                seen = Seen(person_id=caller.person.id, upto=0)
                c.db.add(seen)
            seen.upto = max(seen.upto, body.upto)
            return {"upto": seen.upto}, str(body.upto)

        return _change(
            request, caller, action="sealbox.seen", target=str(body.upto), key=None, work=work
        )

    # --- settings, offline mode, lost-lock -------------------------------------------------

    @r.post("/boxes/{box_id}/offline-code", **perm("sealbox.offline_code"))
    def offline_code(
        box_id: BoxId,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.offline_code"))],
    ) -> JSONResponse:
        code = f"{secrets.randbelow(10**6):06d}"

        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, box_id)
            row = c.db.get(OfflineCode, b.id)
            if row is None:
                row = OfflineCode(box_id=b.id)
                c.db.add(row)
            row.code_hash = _code_hash(b.id, code)
            row.expires_ms = now_ms() + CODE_SECONDS * 1000
            row.tries = 0
            return {"code": code, "expires_in": CODE_SECONDS}, b.device_id

        return _change(
            request, caller, action="sealbox.offline_code", target=str(box_id), key=None, work=work
        )

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
        signer = PlatformSigner.of(request)
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

        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, box_id)
            require_keeper(c.db, caller, b)
            fields = body.model_dump(exclude={"code"}, exclude_none=True)
            for name, value in fields.items():
                setattr(b, name, value)
            command = signer.command(c, b, CommandKind.SETTINGS, **fields)
            c.db.flush()
            return {"box": box_json(c.db, b), "command": command_json(command)}, b.device_id

        return _change(
            request, caller, action="sealbox.settings", target=str(box_id), key=key, work=work
        )

    def _lock(request: Request, caller: Caller, box_id: uuid.UUID, locking: bool) -> JSONResponse:
        signer = PlatformSigner.of(request)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, box_id)
            if b.locked == locking:
                raise conflict(
                    "already_locked" if locking else "not_locked",
                    "该印章盒已挂失锁定。" if locking else "该印章盒未锁定。",
                    "The box is locked already." if locking else "The box is not locked.",
                )
            b.locked = locking
            command = signer.command(c, b, CommandKind.LOCK if locking else CommandKind.UNLOCK)
            c.db.flush()
            return {"box": box_json(c.db, b), "command": command_json(command)}, b.device_id

        action = "sealbox.lock" if locking else "sealbox.unlock"
        return _change(request, caller, action=action, target=str(box_id), key=None, work=work)

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

    # --- categories and templates (配置审批流程) --------------------------------------------

    @r.get("/categories", **perm("sealbox.read"))
    def categories(
        db: Db, caller: Annotated[Caller, Depends(requires("sealbox.read"))]
    ) -> dict[str, Any]:
        rows = db.execute(
            sa.select(Category).where(Category.unit_id == caller.unit.id).order_by(Category.name)
        ).scalars()
        return {"categories": [{"id": x.id, "name": x.name} for x in rows]}

    @r.post("/categories", **perm("sealbox.flow"))
    def add_category(
        body: CategoryIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.flow"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            same = c.db.execute(
                sa.select(Category).where(Category.unit_id == c.unit.id, Category.name == body.name)
            ).scalar()
            if same is not None:
                raise conflict("duplicate_name", "已有同名用印类别。", "A category has this name.")
            row = Category(id=str(uuid.uuid4()), unit_id=c.unit.id, name=body.name)
            c.db.add(row)
            return {"category": {"id": row.id, "name": row.name}}, body.name

        return _change(
            request, caller, action="sealbox.category.add", target=body.name, key=key, work=work
        )

    @r.delete("/categories/{category_id}", **perm("sealbox.flow"))
    def remove_category(
        category_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.flow"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            row = c.db.get(Category, str(category_id))
            if row is None or row.unit_id != c.unit.id:
                raise _not_found("用印类别", "category")
            used = (
                c.db.execute(
                    sa.select(Template.id).where(Template.category_id == row.id).limit(1)
                ).scalar()
                or c.db.execute(
                    sa.select(Application.id).where(Application.category_id == row.id).limit(1)
                ).scalar()
            )
            if used is not None:
                raise conflict(
                    "category_in_use",
                    "该用印类别正在被模板或申请使用，不能删除。",
                    "The category is used by a template or an application: it stays.",
                )
            c.db.delete(row)
            return {"deleted": row.id}, row.name

        return _change(
            request,
            caller,
            action="sealbox.category.remove",
            target=str(category_id),
            key=key,
            work=work,
        )

    def _system_approvers(db: DbSession, b: Box) -> list[str]:
        """The system template (read-only): the box's keepers approve, or the admins when it
        has none."""
        keepers = list(
            db.execute(
                sa.select(Person.id)
                .join(Keeper, Keeper.person_id == Person.id)
                .where(Keeper.box_id == b.id, Person.status == "active")
                .order_by(Person.id)
            ).scalars()
        )
        if keepers:
            return keepers
        people = db.execute(
            sa.select(Person).where(Person.unit_id == b.unit_id, Person.status == "active")
        ).scalars()
        return sorted(
            p.id for p in people if p.key_holder or Role.BOX_ADMIN.value in _split(p.roles)
        )

    @r.get("/templates", **perm("sealbox.read"))
    def templates(
        box_id: uuid.UUID, db: Db, caller: Annotated[Caller, Depends(requires("sealbox.read"))]
    ) -> dict[str, Any]:
        b = box_of(db, caller.unit, box_id)
        names = names_of(db, caller.unit)

        def people(ids: list[str]) -> list[dict[str, Any]]:
            return [{"id": p, "name": names.get(p)} for p in ids]

        rows = db.execute(sa.select(Template).where(Template.box_id == b.id)).scalars()
        return {
            "templates": [
                {
                    "id": None,
                    "system": True,
                    "category_id": None,
                    "approvers": people(_system_approvers(db, b)),
                    "approval": "any",
                    "cc": [],
                },
                *(
                    {
                        "id": t.id,
                        "system": False,
                        "category_id": t.category_id,
                        "approvers": people(json.loads(t.approvers)),
                        "approval": "in_order",
                        "cc": people(json.loads(t.cc)),
                    }
                    for t in rows
                ),
            ]
        }

    @r.put("/templates", **perm("sealbox.flow"))
    def set_template(
        body: TemplateIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.flow"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, body.box_id)
            category = c.db.get(Category, str(body.category_id))
            if category is None or category.unit_id != c.unit.id:
                raise _not_found("用印类别", "category")
            for pid in (*body.approvers, *body.cc):
                active_person(c.db, c.unit, pid)
            row = c.db.execute(
                sa.select(Template).where(
                    Template.box_id == b.id, Template.category_id == category.id
                )
            ).scalar()
            if row is None:
                row = Template(
                    id=str(uuid.uuid4()), unit_id=c.unit.id, box_id=b.id, category_id=category.id
                )
                c.db.add(row)
            row.approvers = json.dumps([str(p) for p in body.approvers])
            row.cc = json.dumps([str(p) for p in body.cc])
            return {"template": {"id": row.id}}, f"{b.device_id}/{category.name}"

        return _change(
            request, caller, action="sealbox.template", target=str(body.box_id), key=key, work=work
        )

    @r.delete("/templates/{template_id}", **perm("sealbox.flow"))
    def remove_template(
        template_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.flow"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            row = c.db.get(Template, str(template_id))
            if row is None or row.unit_id != c.unit.id:
                raise _not_found("模板", "template")
            c.db.delete(row)
            return {"deleted": row.id}, row.id

        return _change(
            request,
            caller,
            action="sealbox.template.remove",
            target=str(template_id),
            key=key,
            work=work,
        )

    # --- applications --------------------------------------------------------------------------

    @r.post("/applications", **perm("sealbox.apply"))
    def apply(
        body: ApplicationIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.apply"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, body.box_id)
            steps: list[list[str]] = [_system_approvers(c.db, b)]
            cc: list[str] = []
            if body.category_id is not None:
                category = c.db.get(Category, str(body.category_id))
                if category is None or category.unit_id != c.unit.id:
                    raise _not_found("用印类别", "category")
                template = c.db.execute(
                    sa.select(Template).where(
                        Template.box_id == b.id, Template.category_id == category.id
                    )
                ).scalar()
                if template is not None:
                    steps = [[p] for p in json.loads(template.approvers)]
                    cc = json.loads(template.cc)
            row = Application(
                id=str(uuid.uuid4()),
                unit_id=c.unit.id,
                box_id=b.id,
                applicant_id=caller.person.id,
                category_id=str(body.category_id) if body.category_id else None,
                reason=body.reason,
                file_name=body.file_name,
                file_type=body.file_type,
                copies=body.copies,
                carrier=body.carrier,
                count=body.count,
                not_before=body.not_before or int(time.time()),
                not_after=body.not_after,
                note=body.note,
                photo_required=body.photo_required,
                state="pending",
                steps=json.dumps(steps),
                step=0,
                cc=json.dumps(cc),
                decisions="[]",
                created_ms=now_ms(),
            )
            c.db.add(row)
            return {"application": application_json(row, names_of(c.db, c.unit))}, row.id

        return _change(
            request, caller, action="sealbox.apply", target=str(body.box_id), key=key, work=work
        )

    @r.get("/applications", **perm("sealbox.apply"))
    def applications(
        db: Db,
        caller: Annotated[Caller, Depends(requires("sealbox.apply"))],
        view: Annotated[str, Query(pattern="^(mine|todo|done|cc|all)$")] = "mine",
        state: Annotated[str | None, Query(pattern="^(pending|rejected|approved|granted)$")] = None,
    ) -> dict[str, Any]:
        """我的申请, 待处理, 已处理, 抄送我; all: admins (every box), keepers (their boxes)."""
        query = sa.select(Application).where(Application.unit_id == caller.unit.id)
        if state:
            query = query.where(Application.state == state)
        me = caller.person.id
        if view == "mine":
            query = query.where(Application.applicant_id == me)
        elif view == "all" and not is_box_admin(caller):
            if Role.KEEPER not in caller.roles:
                raise forbidden(
                    "not_keeper", "只有管理员和管章人能查看全部申请。", "Admins and keepers only."
                )
            kept = sa.select(Keeper.box_id).where(Keeper.person_id == me)
            query = query.where(Application.box_id.in_(kept))
        rows = list(db.execute(query.order_by(Application.created_ms.desc())).scalars())
        if view in ("todo", "done", "cc"):
            rows = [a for a in rows if _in_view(a, me, view)]
        names = names_of(db, caller.unit)
        return {"applications": [application_json(a, names) for a in rows]}

    def _decide(
        request: Request,
        caller: Caller,
        app_id: uuid.UUID,
        approve: bool,
        reason: str,
        key: str | None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            row = c.db.get(Application, str(app_id))
            if row is None or row.unit_id != c.unit.id:
                raise _not_found("用印申请", "application")
            if row.state != "pending":
                raise conflict(
                    "not_pending",
                    f"该申请已处理（{row.state}）。",
                    f"The application was decided already ({row.state}).",
                )
            steps = json.loads(row.steps)
            if caller.person.id not in steps[row.step]:
                raise forbidden(
                    "not_approver",
                    "您不是该申请当前的审批人。",
                    "You are not the application's approver at this step.",
                )
            decisions = json.loads(row.decisions)
            decisions.append(
                {
                    "person_id": caller.person.id,
                    "name": caller.person.name,
                    "decision": "approved" if approve else "rejected",
                    "reason": reason,
                    "at_ms": now_ms(),
                    "step": row.step,
                }
            )
            row.decisions = json.dumps(decisions, ensure_ascii=False)
            if not approve:
                row.state = "rejected"
            else:
                row.step += 1
                if row.step >= len(steps):
                    row.state = "approved"
            return {"application": application_json(row, names_of(c.db, c.unit))}, row.id

        action = "sealbox.approve" if approve else "sealbox.reject"
        return _change(request, caller, action=action, target=str(app_id), key=key, work=work)

    @r.post("/applications/{app_id}/approve", **perm("sealbox.approve"))
    def approve(
        app_id: uuid.UUID,
        body: ApproveIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.approve"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        return _decide(request, caller, app_id, True, body.reason.strip(), key)

    @r.post("/applications/{app_id}/reject", **perm("sealbox.approve"))
    def reject(
        app_id: uuid.UUID,
        body: RejectIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.approve"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        return _decide(request, caller, app_id, False, body.reason, key)

    # --- grants ---------------------------------------------------------------------------------

    @r.post("/grants", **perm("sealbox.grant"))
    def grant(
        body: GrantIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.grant"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        signer = PlatformSigner.of(request)
        code = f"{secrets.randbelow(10**6):06d}" if body.mode == "preauthorized" else None

        def work(c: Change) -> tuple[dict[str, Any], str]:
            b = box_of(c.db, c.unit, body.box_id)
            require_keeper(c.db, caller, b)
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

        return _change(
            request, caller, action="sealbox.grant", target=str(body.box_id), key=key, work=work
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


def _in_view(app: Application, me: str, view: str) -> bool:
    steps = json.loads(app.steps)
    decided = {d["person_id"] for d in json.loads(app.decisions)}
    if view == "todo":
        return app.state == "pending" and me in steps[app.step]
    if view == "done":
        return me in decided
    return me in json.loads(app.cc)  # cc
