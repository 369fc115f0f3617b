"""The unit's audit log, read page by page."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query

from sealdesk.server.db import AuditRow
from sealdesk.server.routes.common import Caller, Db, perm, requires, router


def build_router() -> APIRouter:
    r = router()

    @r.get("/audit", tags=["audit"], **perm("audit.read"))
    def audit_log(
        db: Db,
        caller: Annotated[Caller, Depends(requires("audit.read"))],
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> dict[str, Any]:
        rows = db.execute(
            sa.select(AuditRow)
            .where(AuditRow.unit_id == caller.unit.id, AuditRow.id > after)
            .order_by(AuditRow.id)
            .limit(limit)
        ).scalars()
        return {
            "entries": [
                {
                    "id": a.id,
                    "at": a.at,
                    "actor": a.actor,
                    "actor_role": a.actor_role,
                    "action": a.action,
                    "target": a.target,
                    "result": a.result,
                    "client": a.client,
                }
                for a in rows
            ]
        }

    return r
