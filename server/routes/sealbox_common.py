"""What the seal-box endpoint modules share: the router, a change of one box, code tries, what
a box reports."""

# The platform signs every command a box obeys (grant, end, lock, unlock, settings, unbind)
# with its SM2 key, whose public point the box received at binding; a command waits in the
# box's queue until a client that reaches the box carries it there and reports how the box
# answered (``/contact`` gives the queue, ``/deliveries`` takes the answers). So a grant, an
# end or a lock made while the box is off takes effect at its next contact. Every change goes
# through :func:`sealdesk.server.routes.common._change`: the unit's lock, one audit row,
# idempotency keys; a change of one box through :func:`change_box`, and one that signs the box
# a command through :func:`command_box`.

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from sealdesk.server import audit
from sealdesk.server.db import Person, now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.permissions import Role
from sealdesk.server.routes.common import PREFIX, Caller, Change, _change, _split, router
from sealdesk.server.sealbox_core import PlatformSigner, box_json, box_of, command_json, conflict
from sealdesk.server.sealbox_db import Box, Keeper
from sealdesk.server.sealbox_db import Command as CommandRow
from sealdesk.server.sealbox_schemas import InfoIn

CODE_TRIES = 5  # the offline code and a pre-authorization's activation code (S3:402)
BoxId = Annotated[uuid.UUID, Path()]
BoxCheck = Callable[[DbSession, Caller, Box], None]
"""Who may change the box, beyond the endpoint's permission (``require_keeper``): raises."""


def sealbox_router() -> APIRouter:
    """A router for endpoints under /api/v1/sealbox (boxes are bound by an admin, 主管理员 or
    管理员; keepers, 管章人, grant on the boxes they keep)."""
    return router(f"{PREFIX}/sealbox", tags=["sealbox"])


def change_box(
    request: Request,
    caller: Caller,
    box_id: uuid.UUID,
    *,
    action: str,
    work: Callable[[Change, Box], tuple[dict[str, Any], str]],
    key: str | None = None,
    check: BoxCheck | None = None,
    bound: bool = True,
) -> JSONResponse:
    """One change of a box of the caller's unit, as :func:`_change` runs it: the box is found
    (404 when it is another unit's, or unbound unless ``bound`` is false), ``check`` lets the
    caller through, then ``work`` makes the change and returns the reply and the audit target.

    :raises ApiError: 404 for a box not found, or what ``check`` or ``work`` refuses with
        (audited under the box id asked for).
    """

    def on_box(c: Change) -> tuple[dict[str, Any], str]:
        b = box_of(c.db, c.unit, box_id, bound=bound)
        if check is not None:
            check(c.db, caller, b)
        return work(c, b)

    return _change(request, caller, action=action, target=str(box_id), key=key, work=on_box)


def command_box(
    request: Request,
    caller: Caller,
    box_id: uuid.UUID,
    *,
    action: str,
    work: Callable[[Change, Box, PlatformSigner], CommandRow],
    key: str | None = None,
    check: BoxCheck | None = None,
) -> JSONResponse:
    """A change of a box that gives it a signed command (unbind, settings, lock, unlock):
    ``work`` changes the box and signs the command; the reply is the box and the command,
    audited under the box's device id.

    :raises ApiError: as :func:`change_box`.
    """
    signer = PlatformSigner.of(request)  # before the change: making the key takes a transaction

    def reply(c: Change, b: Box) -> tuple[dict[str, Any], str]:
        command = work(c, b, signer)
        c.db.flush()
        return {"box": box_json(c.db, b), "command": command_json(command)}, b.device_id

    return change_box(request, caller, box_id, action=action, work=reply, key=key, check=check)


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
    if info.place:
        box.place, box.place_ms = info.place, box.last_contact_ms


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
    return sorted(p.id for p in people if p.key_holder or Role.BOX_ADMIN.value in _split(p.roles))
