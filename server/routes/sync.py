"""The change feed: a unit's organisation data changed after a change number."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from sealdesk.server.db import Department, Person, WhitelistEntry
from sealdesk.server.permissions import PERMISSIONS, allowed
from sealdesk.server.routes.common import (
    Caller,
    Db,
    _department_json,
    _person_json,
    _unit_json,
    _whitelist_json,
    perm,
    requires,
    role_catalogue,
    router,
)


def _changed(model: Any) -> sa.Select[Any]:
    table = model.__table__
    return sa.select(table).where(
        table.c.unit_id == sa.bindparam("unit"), table.c.seq > sa.bindparam("after")
    )


_CHANGED = {model: _changed(model) for model in (Person, Department, WhitelistEntry)}
"""A unit's rows of a table changed after a number: built once (their cache keys with them)."""


def build_router() -> APIRouter:
    r = router()

    @r.get("/sync", tags=["sync"], **perm("sync.read"))
    def sync(
        db: Db,
        caller: Annotated[Caller, Depends(requires("sync.read"))],
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    ) -> JSONResponse:
        """The unit's organisation data changed after change number ``after`` (0: all of it),
        and the number to ask from next time, with whom the reply was made for (``me``: the
        person, their roles and permissions — what they may see decided it: full ID numbers,
        the whitelist; the client fetches all again when that changes). Rows are read as plain
        rows and the reply is made here (not by the framework's encoder): a sync of 10,000
        changes is mostly that."""
        unit = caller.unit
        full = allowed(caller.roles, "people.write")

        def changed(model: Any) -> list[Any]:
            return list(db.execute(_CHANGED[model], {"unit": unit.id, "after": after}))

        reply: dict[str, Any] = {
            "seq": unit.seq,
            "unit": _unit_json(unit),
            "people": [_person_json(p, full=full) for p in changed(Person)],
            "departments": [_department_json(d) for d in changed(Department)],
            "roles": role_catalogue(),
            "me": {
                "user": caller.person.id,
                "roles": sorted(r.value for r in caller.roles),
                "permissions": sorted(p for p in PERMISSIONS if allowed(caller.roles, p)),
            },
        }
        if allowed(caller.roles, "whitelist.read"):
            reply["whitelist"] = [_whitelist_json(w, unit) for w in changed(WhitelistEntry)]
        return JSONResponse(reply)

    return r
