"""功能配置 (S3:1158-1213): the items of the 用印申请 and 下发授权 forms the unit uses, seen by
everyone (the forms ask only those) and set by the 主管理员 only."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from sealdesk.sealbox.features import ITEMS, resolve
from sealdesk.server.db import now_ms
from sealdesk.server.routes.common import Caller, Change, Db, _change, perm, requires
from sealdesk.server.routes.sealbox_common import sealbox_router
from sealdesk.server.sealbox_db import FeatureSet
from sealdesk.server.sealbox_features import Features, features_of
from sealdesk.server.sealbox_schemas import FeaturesIn


def build_router() -> APIRouter:
    r = sealbox_router()

    @r.get("/features", **perm("sealbox.read"))
    def features(
        db: Db, caller: Annotated[Caller, Depends(requires("sealbox.read"))]
    ) -> dict[str, Any]:
        return {"features": features_of(db, caller.unit.id).as_json()}

    @r.put("/features", **perm("sealbox.features"))
    def set_features(
        body: FeaturesIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.features"))],
    ) -> JSONResponse:
        """The mode first (manual: nothing ticked, batch: everything), then ``on``/``off``;
        audited with what was ticked and unticked."""

        def work(c: Change) -> tuple[dict[str, Any], str]:
            before = features_of(c.db, c.unit.id)
            ticked = resolve(body.mode, before.ticked, body.on, body.off)
            row = c.db.get(FeatureSet, c.unit.id)
            if row is None:
                row = FeatureSet(unit_id=c.unit.id)
                c.db.add(row)
            row.mode = body.mode or before.mode
            row.items = json.dumps([i for i in ITEMS if i in ticked])
            row.changed_by, row.changed_ms = caller.person.id, now_ms()
            after = Features(row.mode, ticked)
            on = sorted(ticked - before.ticked)
            off = sorted(before.ticked - ticked)
            target = f"{row.mode} +{','.join(on) or '-'} -{','.join(off) or '-'}"
            return {"features": after.as_json()}, target[:200]

        return _change(request, caller, action="sealbox.features", target="", key=None, work=work)

    return r
