"""Seal boxes: the platform key, binding, renaming, unbinding, and a box's contact."""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession

from sealdesk.sealbox.protocol.commands import CommandKind
from sealdesk.server import audit
from sealdesk.server.db import now_ms
from sealdesk.server.routes.common import (
    Caller,
    Change,
    Db,
    IdempotencyKey,
    _change,
    _not_found,
    _quota,
    perm,
    requires,
)
from sealdesk.server.routes.sealbox_common import (
    BoxId,
    _report,
    change_box,
    command_box,
    sealbox_router,
)
from sealdesk.server.sealbox_core import (
    MAX_BOXES,
    PlatformSigner,
    box_access,
    box_json,
    box_of,
    command_json,
    conflict,
    is_box_admin,
    open_grant,
    waiting_grants,
)
from sealdesk.server.sealbox_db import Box, Grant
from sealdesk.server.sealbox_db import Command as CommandRow
from sealdesk.server.sealbox_schemas import BoxIn, BoxPatch, DeliveriesIn, InfoIn
from sealdesk.server.sealbox_sms import Outbox, notify_lock


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


def _deliver(
    c: Change, caller: Caller, box: Box, counter: int, ok: bool, reason: str
) -> str | None:
    """The box's answer to the command ``counter``: the command's kind when it was carried out
    now (None: refused, told twice, or superseded meanwhile)."""
    row = c.db.execute(
        sa.select(CommandRow).where(CommandRow.box_id == box.id, CommandRow.counter == counter)
    ).scalar()
    if row is None or row.state != "pending":
        return None  # told twice, or superseded meanwhile
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
    return row.kind if ok else None


def build_router() -> APIRouter:
    r = sealbox_router()

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
        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            if body.name is not None:
                b.name = body.name
            if body.note is not None:
                b.note = body.note
            return {"box": box_json(c.db, b)}, b.device_id

        return change_box(request, caller, box_id, action="sealbox.rename", key=key, work=work)

    @r.post("/boxes/{box_id}/unbind", **perm("sealbox.bind"))
    def unbind(
        box_id: BoxId,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.bind"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change, b: Box, signer: PlatformSigner) -> CommandRow:
            if open_grant(c.db, b) is not None:
                raise conflict(
                    "grant_open",
                    "该印章盒还有未结束的授权，请先结束用印再解绑。",
                    "The box has a grant still open: end it before unbinding.",
                )
            for row in _pending(c.db, b):
                row.state, row.done_ms = "superseded", now_ms()
            for waiting in waiting_grants(c.db, b):  # 预先授权 the box never got: withdrawn
                waiting.state, waiting.ended_ms = "ended", now_ms()
                waiting.ended_by = caller.person.id
            command = signer.command(c, b, CommandKind.UNBIND)
            b.state, b.unbound_ms = "unbound", now_ms()
            return command

        return command_box(request, caller, box_id, action="sealbox.unbind", key=key, work=work)

    # --- contact: what the box says, what it is to be told -------------------------------------

    @r.post("/boxes/{box_id}/contact", **perm("sealbox.contact"))
    def contact(
        box_id: BoxId,
        body: InfoIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.contact"))],
    ) -> JSONResponse:
        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            carried = box_access(c.db, caller, b)
            _report(b, body)
            pending = [p for p in _pending(c.db, b) if carried is None or p.counter in carried]
            c.db.flush()
            return {
                "box": box_json(c.db, b),
                "pending": [command_json(p) for p in pending],
            }, b.device_id

        return change_box(request, caller, box_id, action="sealbox.contact", work=work)

    @r.post("/boxes/{box_id}/deliveries", **perm("sealbox.contact"))
    def deliveries(
        box_id: BoxId,
        body: DeliveriesIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.contact"))],
    ) -> JSONResponse:
        outbox: list[Outbox] = []

        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            carried = None
            if b.state == "bound":
                carried = box_access(c.db, caller, b)
            elif not is_box_admin(caller):  # an unbind is reported after it, by an admin
                raise _not_found("印章盒", "seal box")
            if body.info is not None:
                _report(b, body.info)
            done = [
                _deliver(c, caller, b, d.counter, d.outcome == "ok", d.reason)
                for d in body.results
                if carried is None or d.counter in carried  # what they were given to carry
            ]
            if "lock" in done:  # the lost-lock took effect: where the box is now (S3:735-745)
                outbox.append(Outbox(c, caller))
                notify_lock(outbox[-1], b, taken=True)
            c.db.flush()
            return {"box": box_json(c.db, b)}, b.device_id

        reply = change_box(
            request, caller, box_id, action="sealbox.deliveries", bound=False, work=work
        )
        for sent in outbox:
            sent.flush(request.app.state.config.sms_sink)
        return reply

    return r
