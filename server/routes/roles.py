"""The roles given to people, the role catalogue, and the whitelist of UKeys that log in."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse

from sealdesk.server.db import Session, WhitelistEntry
from sealdesk.server.permissions import BOX_ROLES
from sealdesk.server.routes.common import (
    Caller,
    Change,
    Db,
    IdempotencyKey,
    IfMatch,
    _change,
    _conflict,
    _not_found,
    _person_json,
    _person_of_unit,
    _person_unchanged,
    _split,
    _whitelist_json,
    base_seq,
    check_base,
    perm,
    requires,
    role_catalogue,
    router,
)
from sealdesk.server.schemas import RolesIn, WhitelistIn


def build_router() -> APIRouter:
    r = router()

    # --- roles -----------------------------------------------------------------------------

    @r.put("/people/{person_id}/roles", tags=["roles"], **perm("roles.write"))
    def set_roles(
        person_id: uuid.UUID,
        body: RolesIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("roles.write"))],
        key: IdempotencyKey = None,
        if_match: IfMatch = None,
    ) -> JSONResponse:
        base = base_seq(if_match)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            person = _person_of_unit(c.db, c.unit, str(person_id))
            _person_unchanged(person, base)  # roles.write: people.write too
            if person.status != "active":
                raise _conflict(
                    "person_left",
                    "角色只能分配给在职人员。",
                    "Roles are given to people in service only.",
                )
            # the seal-box roles are given on the 印控 side and stay
            kept = [r for r in _split(person.roles) if r in BOX_ROLES]
            person.roles = ",".join(sorted({*body.roles, *kept}))
            person.seq = c.next_seq()
            return {"person": _person_json(person, full=True)}, person.id

        return _change(
            request, caller, action="roles.set", target=str(person_id), key=key, work=work
        )

    @r.get("/roles", tags=["roles"], **perm("roles.read"))
    def roles(caller: Annotated[Caller, Depends(requires("roles.read"))]) -> dict[str, Any]:
        return {"roles": role_catalogue()}

    # --- whitelist -------------------------------------------------------------------------

    @r.get("/whitelist", tags=["whitelist"], **perm("whitelist.read"))
    def whitelist(
        db: Db, caller: Annotated[Caller, Depends(requires("whitelist.read"))]
    ) -> dict[str, Any]:
        rows = db.execute(
            sa.select(WhitelistEntry)
            .where(WhitelistEntry.unit_id == caller.unit.id, WhitelistEntry.deleted.is_(False))
            .order_by(WhitelistEntry.id)
        ).scalars()
        return {"whitelist": [_whitelist_json(w, caller.unit) for w in rows]}

    @r.post("/whitelist", tags=["whitelist"], **perm("whitelist.write"))
    def add_whitelist(
        body: WhitelistIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("whitelist.write"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            if body.person_id is not None:
                person = _person_of_unit(c.db, c.unit, str(body.person_id))
                if person.status != "active":
                    raise _conflict("person_left", "该人员已离职。", "This person has left.")
            w = c.db.execute(
                sa.select(WhitelistEntry).where(
                    WhitelistEntry.unit_id == c.unit.id,
                    WhitelistEntry.entity_id == body.entity_id,
                )
            ).scalar()
            person_id = str(body.person_id) if body.person_id else None
            if w is None:
                w = WhitelistEntry(unit_id=c.unit.id, entity_id=body.entity_id)
                c.db.add(w)
            elif w.person_id != person_id:  # the key now logs in as someone else
                _end_key_sessions(c, body.entity_id)
            w.label = body.label
            w.person_id = person_id
            w.deleted = False
            w.seq = c.next_seq()
            c.db.flush()
            return {"entry": _whitelist_json(w, c.unit)}, body.entity_id

        return _change(
            request, caller, action="whitelist.add", target=body.entity_id, key=key, work=work
        )

    @r.delete("/whitelist/{entity_id}", tags=["whitelist"], **perm("whitelist.write"))
    def remove_whitelist(
        entity_id: Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9._-]+$")],
        request: Request,
        caller: Annotated[Caller, Depends(requires("whitelist.write"))],
        key: IdempotencyKey = None,
        if_match: IfMatch = None,
    ) -> JSONResponse:
        base = base_seq(if_match)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            if entity_id == c.unit.main_entity_id:
                raise _conflict(
                    "main_key", "主UKey 不能移出白名单。", "The main key stays on the whitelist."
                )
            w = c.db.execute(
                sa.select(WhitelistEntry).where(
                    WhitelistEntry.unit_id == c.unit.id, WhitelistEntry.entity_id == entity_id
                )
            ).scalar()
            if w is None:
                raise _not_found("白名单条目", "whitelist entry")
            if not w.deleted:  # removed already: what was asked holds
                current = _whitelist_json(w, c.unit)
                check_base(base, w.seq, current, f"白名单条目 {entity_id} ", "whitelist entry")
                w.deleted = True
                w.seq = c.next_seq()
            # a key taken off the list logs out too, not only in at its next login
            _end_key_sessions(c, entity_id)
            return {"entry": _whitelist_json(w, c.unit)}, entity_id

        return _change(
            request, caller, action="whitelist.remove", target=entity_id, key=key, work=work
        )

    return r


def _end_key_sessions(c: Change, entity_id: str) -> None:
    """End the sessions the key ``entity_id`` opened: they were opened as what the whitelist
    said before."""
    c.db.execute(
        sa.delete(Session).where(Session.unit_id == c.unit.id, Session.entity_id == entity_id)
    )
