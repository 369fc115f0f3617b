"""Seal-box roles (管理员, 管章人, or neither) and the keepers of each box.

Both take ``If-Match`` (see :mod:`sealdesk.server.routes.common`): a role the person's version
(``seq``), keepers the box's version of them (``keepers_seq``, which a role change that takes
a keeper off their boxes moves on too)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from sealdesk.server.db import Person
from sealdesk.server.permissions import BOX_ROLES, Role, allowed
from sealdesk.server.routes.common import (
    Caller,
    Change,
    IdempotencyKey,
    IfMatch,
    _change,
    _person_json,
    _person_unchanged,
    _split,
    base_seq,
    check_base,
    perm,
    requires,
)
from sealdesk.server.routes.sealbox_common import BoxId, change_box, sealbox_router
from sealdesk.server.sealbox_core import active_person, box_json, conflict, forbidden
from sealdesk.server.sealbox_db import Box, Keeper
from sealdesk.server.sealbox_schemas import BoxRoleIn, KeepersIn


def build_router() -> APIRouter:
    r = sealbox_router()

    @r.put("/roles/{person_id}", **perm("sealbox.roles"))
    def set_box_role(
        person_id: uuid.UUID,
        body: BoxRoleIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.roles"))],
        key: IdempotencyKey = None,
        if_match: IfMatch = None,
    ) -> JSONResponse:
        base = base_seq(if_match)

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
            # after the refusals of who may do it: a stale reply shows the person as they are
            full = allowed(caller.roles, "people.write")  # the whole ID number, or masked
            _person_unchanged(person, base, full=full)
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
                kept_boxes = sa.select(Keeper.box_id).where(Keeper.person_id == person.id)
                c.db.execute(
                    sa.update(Box).where(Box.id.in_(kept_boxes)).values(keepers_seq=person.seq)
                )
                c.db.execute(sa.delete(Keeper).where(Keeper.person_id == person.id))
            return {"person": _person_json(person, full=full)}, person.id

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
        if_match: IfMatch = None,
    ) -> JSONResponse:
        base = base_seq(if_match)

        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            if base is not None:
                what = f"印章盒“{b.name}”的管章人"
                check_base(base, b.keepers_seq, box_json(c.db, b), what, "box's keepers")
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
            b.keepers_seq = c.next_seq()
            c.db.flush()
            return {"box": box_json(c.db, b)}, b.device_id

        return change_box(request, caller, box_id, action="sealbox.keepers", key=key, work=work)

    return r
