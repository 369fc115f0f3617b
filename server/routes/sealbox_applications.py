"""Applications to use a seal (用印申请) and their approval."""

from __future__ import annotations

import json
import time
import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession

from sealdesk.sealbox.features import DEFAULT_WINDOW_S
from sealdesk.sealbox.protocol.commands import GrantFlags
from sealdesk.server.db import Department, now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.permissions import Role
from sealdesk.server.routes.common import (
    Caller,
    Change,
    Db,
    IdempotencyKey,
    _change,
    _not_found,
    perm,
    requires,
)
from sealdesk.server.routes.sealbox_common import _system_approvers, change_box, sealbox_router
from sealdesk.server.routes.sealbox_files import files_of, images_of
from sealdesk.server.sealbox_core import (
    application_json,
    conflict,
    forbidden,
    is_box_admin,
    is_open,
    names_of,
)
from sealdesk.server.sealbox_db import Application, Box, Category, Grant, Keeper, Template
from sealdesk.server.sealbox_features import Features, features_of
from sealdesk.server.sealbox_schemas import ApplicationIn, ApproveIn, RejectIn


def build_router() -> APIRouter:
    r = sealbox_router()

    @r.post("/applications", **perm("sealbox.apply"))
    def apply(
        body: ApplicationIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.apply"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            count, not_before, not_after = _asked(features_of(c.db, c.unit.id), body)
            owed = records_owed(c.db, b, caller.person.id)
            if owed is not None:
                raise owed
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
            department_id = None
            if body.department_id is not None:
                department = c.db.get(Department, str(body.department_id))
                if department is None or department.unit_id != c.unit.id or department.deleted:
                    raise ApiError(
                        422,
                        "unknown_department",
                        f"本单位没有部门“{body.department_id}”。",
                        f"The unit has no department '{body.department_id}'.",
                    )
                department_id = department.id
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
                count=count,
                not_before=not_before,
                not_after=not_after,
                note=body.note,
                photo_required=body.photo_required,
                department_id=department_id,
                area=body.area,
                file_code=body.file_code,
                state="pending",
                steps=json.dumps(steps),
                step=0,
                cc=json.dumps(cc),
                decisions="[]",
                created_ms=now_ms(),
            )
            c.db.add(row)
            return {"application": _with_files(c.db, row, names_of(c.db, c.unit))}, row.id

        return change_box(request, caller, body.box_id, action="sealbox.apply", key=key, work=work)

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
        files = files_of(db, [a.id for a in rows])
        return {"applications": [application_json(a, names) | {"files": files[a.id]} for a in rows]}

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
            if approve and row.photo_required and not images_of(c.db, row.id):
                raise conflict(
                    "photo_missing",
                    "该申请要求上传图片（强制上传图片），申请人还没有上传图片，不能通过；"
                    "请等申请人上传图片后再审批，或驳回。",
                    "The application requires an image (强制上传图片) and its applicant has "
                    "not uploaded one: it cannot be approved until they do (or reject it).",
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
            return {"application": _with_files(c.db, row, names_of(c.db, c.unit))}, row.id

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

    return r


def _asked(f: Features, body: ApplicationIn) -> tuple[int, int, int]:
    """The count and window of an application as 功能配置 asks them: an item not ticked takes
    its default (0 = unlimited, now, 8 hours on) and a value for it is refused (422
    feature_off); a ticked 用印次数 or 结束时间 is required (422 field_required). With nothing
    ticked there are no applications (409 applications_off: the box is taken directly)."""
    if f.nothing:
        raise conflict(
            "applications_off",
            "本单位的功能配置全部未勾选：不用申请用印，印章盒空闲时直接使用（sealdesk sealbox use，"
            "或印控页“直接使用”）。",
            "The unit's feature set has nothing ticked: there are no applications; take the "
            "box while it is free (sealdesk sealbox use, or Use now on the Seal boxes page).",
        )
    f.refuse_off(
        {
            "photo_required": body.photo_required,
            "department": body.department_id is not None,
            "count": bool(body.count),
            "start": body.not_before is not None,
            "end": body.not_after is not None,
            "area": bool(body.area),
            "note": bool(body.note),
            "file_code": bool(body.file_code),
        }
    )
    f.require({"count": body.count is not None, "end": body.not_after is not None})
    start = int(time.time()) if body.not_before is None else body.not_before
    end = start + DEFAULT_WINDOW_S if body.not_after is None else body.not_after
    return body.count or 0, start, end


def _with_files(db: DbSession, row: Application, names: dict[str, str]) -> dict[str, Any]:
    return application_json(row, names) | {"files": files_of(db, [row.id])[row.id]}


def records_owed(db: DbSession, b: Box, person_id: str) -> ApiError | None:
    """强制上传记录 blocks the next application (S3:375-439, WAVE2-NOTES B6): the refusal
    when the box's last grant that reached it is the person's, forces the upload, and its
    records are not all on the platform: the box reported records the platform lacks, or its
    window closed (not ended, not used up) and the box has not been heard since. None: the
    person may apply."""
    last = db.execute(
        sa.select(Grant)
        .where(Grant.box_id == b.id, Grant.delivered_ms.is_not(None))
        .order_by(Grant.delivered_ms.desc(), Grant.created_ms.desc())
        .limit(1)
    ).scalar()
    if (
        last is None
        or last.user_id != person_id
        or last.state not in ("active", "ended")
        or not last.flags & GrantFlags.FORCE_UPLOAD
    ):
        return None
    missing = b.box_next_seq - b.records_next
    fetch_zh = (
        f"请管章人或管理员连接印章盒“{b.name}”上传记录（印控页“取回记录”，或 sealdesk sealbox "
        f"records --box {b.name} --server …），然后再申请。"
    )
    fetch_en = (
        f"Ask a keeper or an admin to reach the box '{b.name}' and upload its records (Fetch "
        f"records on the Seal boxes page, or sealdesk sealbox records --box {b.name} --server "
        "…), then apply again."
    )
    if missing > 0:
        return conflict(
            "records_owed",
            f"您上一次在“{b.name}”的授权要求强制上传记录，印章盒上还有 {missing} 条记录未上传到"
            f"平台。{fetch_zh}",
            f"Your last grant on '{b.name}' forces record upload and the box still holds "
            f"{missing} record(s) the platform lacks. {fetch_en}",
        )
    if last.state == "ended" or is_open(last) or (last.count and last.used >= last.count):
        return None  # the end checked the upload; still in use; every stamp it allowed is here
    if b.last_contact_ms is None or b.last_contact_ms < last.not_after * 1000:
        return conflict(
            "records_owed",
            f"您上一次在“{b.name}”的授权要求强制上传记录，授权结束后平台还没有收到印章盒的报告，"
            f"无法确认记录已全部上传。{fetch_zh}",
            f"Your last grant on '{b.name}' forces record upload and the platform has not heard "
            f"from the box since the grant's time ran out, so its records may be missing. "
            f"{fetch_en}",
        )
    return None


def _in_view(app: Application, me: str, view: str) -> bool:
    steps = json.loads(app.steps)
    decided = {d["person_id"] for d in json.loads(app.decisions)}
    if view == "todo":
        return app.state == "pending" and me in steps[app.step]
    if view == "done":
        return me in decided
    return me in json.loads(app.cc)  # cc
