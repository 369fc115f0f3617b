"""Seal-use categories and approval templates (配置审批流程).

A template's change or removal and a category's removal take ``If-Match`` (see
:mod:`sealdesk.server.routes.common`) naming the row's ``seq``. ``PUT /templates`` makes the
box's template of a category or replaces it: ``If-Match: "0"`` says the client saw none, so
one another admin made meanwhile is not replaced unseen (a template removed meanwhile is made
again)."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession

from sealdesk.server.db import Unit
from sealdesk.server.routes.common import (
    Caller,
    Change,
    Db,
    IdempotencyKey,
    IfMatch,
    _change,
    _not_found,
    base_seq,
    check_base,
    perm,
    requires,
)
from sealdesk.server.routes.sealbox_common import _system_approvers, change_box, sealbox_router
from sealdesk.server.sealbox_core import active_person, box_of, conflict, names_of
from sealdesk.server.sealbox_db import Application, Box, Category, Template
from sealdesk.server.sealbox_schemas import CategoryIn, TemplateIn


def _category_json(x: Category) -> dict[str, Any]:
    return {"id": x.id, "name": x.name, "seq": x.seq}


def _people(ids: list[str], names: dict[str, str]) -> list[dict[str, Any]]:
    return [{"id": p, "name": names.get(p)} for p in ids]


def _template_json(t: Template, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": t.id,
        "system": False,
        "category_id": t.category_id,
        "approvers": _people(json.loads(t.approvers), names),
        "approval": "in_order",
        "cc": _people(json.loads(t.cc), names),
        "seq": t.seq,
    }


def _template_unchanged(db: DbSession, unit: Unit, t: Template, base: int | None) -> None:
    """:raises ApiError: 409 ``stale``: the template changed after ``base``."""
    if base is not None:
        category = db.get(Category, t.category_id)
        what = f"用印类别“{category.name if category else ''}”的审批模板"
        check_base(base, t.seq, _template_json(t, names_of(db, unit)), what, "approval template")


def build_router() -> APIRouter:
    r = sealbox_router()

    @r.get("/categories", **perm("sealbox.read"))
    def categories(
        db: Db, caller: Annotated[Caller, Depends(requires("sealbox.read"))]
    ) -> dict[str, Any]:
        rows = db.execute(
            sa.select(Category).where(Category.unit_id == caller.unit.id).order_by(Category.name)
        ).scalars()
        return {"categories": [_category_json(x) for x in rows]}

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
            row.seq = c.next_seq()
            c.db.add(row)
            return {"category": _category_json(row)}, body.name

        return _change(
            request, caller, action="sealbox.category.add", target=body.name, key=key, work=work
        )

    @r.delete("/categories/{category_id}", **perm("sealbox.flow"))
    def remove_category(
        category_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.flow"))],
        key: IdempotencyKey = None,
        if_match: IfMatch = None,
    ) -> JSONResponse:
        base = base_seq(if_match)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            row = c.db.get(Category, str(category_id))
            if row is None or row.unit_id != c.unit.id:
                raise _not_found("用印类别", "category")
            check_base(base, row.seq, _category_json(row), f"用印类别“{row.name}”", "category")
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

    @r.get("/templates", **perm("sealbox.read"))
    def templates(
        box_id: uuid.UUID, db: Db, caller: Annotated[Caller, Depends(requires("sealbox.read"))]
    ) -> dict[str, Any]:
        b = box_of(db, caller.unit, box_id)
        names = names_of(db, caller.unit)
        rows = db.execute(sa.select(Template).where(Template.box_id == b.id)).scalars()
        return {
            "templates": [
                {
                    "id": None,
                    "system": True,
                    "category_id": None,
                    "approvers": _people(_system_approvers(db, b), names),
                    "approval": "any",
                    "cc": [],
                },
                *(_template_json(t, names) for t in rows),
            ]
        }

    @r.put("/templates", **perm("sealbox.flow"))
    def set_template(
        body: TemplateIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.flow"))],
        key: IdempotencyKey = None,
        if_match: IfMatch = None,
    ) -> JSONResponse:
        base = base_seq(if_match)

        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
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
            else:
                _template_unchanged(c.db, c.unit, row, base)
            row.approvers = json.dumps([str(p) for p in body.approvers])
            row.cc = json.dumps([str(p) for p in body.cc])
            row.seq = c.next_seq()
            return {"template": {"id": row.id, "seq": row.seq}}, f"{b.device_id}/{category.name}"

        return change_box(
            request, caller, body.box_id, action="sealbox.template", key=key, work=work
        )

    @r.delete("/templates/{template_id}", **perm("sealbox.flow"))
    def remove_template(
        template_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.flow"))],
        key: IdempotencyKey = None,
        if_match: IfMatch = None,
    ) -> JSONResponse:
        base = base_seq(if_match)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            row = c.db.get(Template, str(template_id))
            if row is None or row.unit_id != c.unit.id:
                raise _not_found("模板", "template")
            _template_unchanged(c.db, c.unit, row, base)
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

    return r
