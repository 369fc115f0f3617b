"""The unit's people (添加, 编辑, 移除) and departments."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession

from sealdesk.server.db import Department, Person, Session, Unit
from sealdesk.server.permissions import allowed
from sealdesk.server.routes.common import (
    Caller,
    Change,
    Db,
    IdempotencyKey,
    IfMatch,
    _change,
    _conflict,
    _department_json,
    _not_found,
    _person_json,
    _person_of_unit,
    _person_unchanged,
    _quota,
    base_seq,
    check_base,
    perm,
    requires,
    router,
)
from sealdesk.server.schemas import DepartmentIn, PersonIn, PersonPatch

MAX_PEOPLE = 100  # per unit (S3:75-83)
MAX_DEPARTMENTS = 50


def _check_unique(db: DbSession, person_id: str, phone: str | None, id_number: str | None) -> None:
    """Phone and ID number are unique on the platform: one unit per person (S4:580)."""
    for column, value, zh, en in (
        (Person.phone, phone, "手机号", "phone number"),
        (Person.id_number, id_number, "身份证号", "ID number"),
    ):
        if value is None:
            continue
        other = db.execute(sa.select(Person.id).where(column == value)).scalar()
        if other is not None and other != person_id:
            raise _conflict(
                f"duplicate_{column.key}",
                f"该{zh}已被其他人员使用。",
                f"This {en} belongs to another person.",
            )


def _department_exists(db: DbSession, unit: Unit, department_id: uuid.UUID | None) -> None:
    if department_id is None:
        return
    d = db.get(Department, str(department_id))
    if d is None or d.unit_id != unit.id or d.deleted:
        raise _not_found("部门", "department")


def build_router() -> APIRouter:
    r = router()

    # --- people ----------------------------------------------------------------------------

    @r.get("/people", tags=["people"], **perm("people.read"))
    def people(
        db: Db,
        caller: Annotated[Caller, Depends(requires("people.read"))],
        search: Annotated[str, Query(max_length=50)] = "",
        status: Annotated[str, Query(pattern="^(active|left|all)$")] = "all",
    ) -> dict[str, Any]:
        query = sa.select(Person).where(Person.unit_id == caller.unit.id).order_by(Person.name)
        if status != "all":
            query = query.where(Person.status == status)
        words = search.strip().replace("\x00", "")
        if words:
            like = f"%{words}%"
            query = query.where(Person.name.like(like) | Person.phone.like(like))
        full = allowed(caller.roles, "people.write")
        return {"people": [_person_json(p, full=full) for p in db.execute(query).scalars()]}

    @r.post("/people", tags=["people"], **perm("people.write"))
    def add_person(
        body: PersonIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("people.write"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            person_id = str(body.id or uuid.uuid4())
            existing = c.db.get(Person, person_id)
            if existing is not None and existing.unit_id != c.unit.id:
                raise _conflict("id_taken", "该编号已被使用。", "This id is taken.")
            left = c.db.execute(
                sa.select(Person).where(
                    Person.phone == body.phone,
                    Person.unit_id == c.unit.id,
                    Person.status == "left",
                )
            ).scalar()
            person = existing or left  # re-adding a person who left takes their record back
            if person is None or person.status == "left":
                active = c.db.execute(
                    sa.select(sa.func.count())
                    .select_from(Person)
                    .where(Person.unit_id == c.unit.id, Person.status == "active")
                ).scalar_one()
                if active >= MAX_PEOPLE:
                    raise _quota("people", MAX_PEOPLE, "人员", "people")
            _check_unique(c.db, person.id if person else person_id, body.phone, body.id_number)
            _department_exists(c.db, c.unit, body.department_id)
            if person is None:
                person = Person(id=person_id, unit_id=c.unit.id, key_holder=False)
                c.db.add(person)
            person.name = body.name
            person.phone = body.phone
            person.id_number = body.id_number
            person.department_id = str(body.department_id) if body.department_id else None
            person.roles = ",".join(body.roles)
            person.status = "active"
            person.seq = c.next_seq()
            c.db.flush()
            return {"person": _person_json(person, full=True)}, person.id

        return _change(request, caller, action="person.add", target=body.phone, key=key, work=work)

    @r.patch("/people/{person_id}", tags=["people"], **perm("people.write"))
    def edit_person(
        person_id: uuid.UUID,
        body: PersonPatch,
        request: Request,
        caller: Annotated[Caller, Depends(requires("people.write"))],
        key: IdempotencyKey = None,
        if_match: IfMatch = None,
    ) -> JSONResponse:
        base = base_seq(if_match)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            person = _person_of_unit(c.db, c.unit, str(person_id))
            _person_unchanged(person, base)
            if person.key_holder:
                raise _conflict(
                    "key_holder", "单位 UKey 用户不可编辑。", "The unit's key holder is not edited."
                )
            _check_unique(c.db, person.id, body.phone, body.id_number)
            _department_exists(c.db, c.unit, body.department_id)
            for name in body.model_fields_set:
                value = getattr(body, name)
                setattr(person, name, str(value) if isinstance(value, uuid.UUID) else value)
            person.seq = c.next_seq()
            return {"person": _person_json(person, full=True)}, person.id

        return _change(
            request, caller, action="person.edit", target=str(person_id), key=key, work=work
        )

    @r.delete("/people/{person_id}", tags=["people"], **perm("people.write"))
    def remove_person(
        person_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("people.write"))],
        key: IdempotencyKey = None,
        if_match: IfMatch = None,
    ) -> JSONResponse:
        base = base_seq(if_match)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            person = _person_of_unit(c.db, c.unit, str(person_id))
            if person.key_holder:
                raise _conflict(
                    "key_holder",
                    "单位 UKey 用户不可移除。",
                    "The unit's key holder cannot be removed.",
                )
            if person.status != "left":  # removed already: what was asked holds, whatever
                # changed in between
                _person_unchanged(person, base)
                # 移除: no login, every right dropped; listed as 离职, can be re-added
                person.status = "left"
                person.roles = ""
                person.seq = c.next_seq()
                c.db.execute(sa.delete(Session).where(Session.person_id == person.id))
            return {"person": _person_json(person, full=True)}, person.id

        return _change(
            request, caller, action="person.remove", target=str(person_id), key=key, work=work
        )

    # --- departments -----------------------------------------------------------------------

    @r.get("/departments", tags=["departments"], **perm("departments.read"))
    def departments(
        db: Db, caller: Annotated[Caller, Depends(requires("departments.read"))]
    ) -> dict[str, Any]:
        rows = db.execute(
            sa.select(Department)
            .where(Department.unit_id == caller.unit.id, Department.deleted.is_(False))
            .order_by(Department.name)
        ).scalars()
        return {"departments": [_department_json(d) for d in rows]}

    @r.post("/departments", tags=["departments"], **perm("departments.write"))
    def add_department(
        body: DepartmentIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("departments.write"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            live = (Department.unit_id == c.unit.id) & Department.deleted.is_(False)
            same = c.db.execute(
                sa.select(Department).where(live, Department.name == body.name)
            ).scalar()
            if same is not None:
                raise _conflict("duplicate_name", "已有同名部门。", "A department has this name.")
            count = c.db.execute(
                sa.select(sa.func.count()).select_from(Department).where(live)
            ).scalar_one()
            if count >= MAX_DEPARTMENTS:
                raise _quota("departments", MAX_DEPARTMENTS, "部门", "departments")
            department_id = str(body.id or uuid.uuid4())
            if c.db.get(Department, department_id) is not None:
                raise _conflict("id_taken", "该编号已被使用。", "This id is taken.")
            d = Department(id=department_id, unit_id=c.unit.id, name=body.name, deleted=False)
            d.seq = c.next_seq()
            c.db.add(d)
            return {"department": _department_json(d)}, d.id

        return _change(
            request, caller, action="department.add", target=body.name, key=key, work=work
        )

    @r.delete("/departments/{department_id}", tags=["departments"], **perm("departments.write"))
    def remove_department(
        department_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("departments.write"))],
        key: IdempotencyKey = None,
        if_match: IfMatch = None,
    ) -> JSONResponse:
        base = base_seq(if_match)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            d = c.db.get(Department, str(department_id))
            if d is None or d.unit_id != c.unit.id:
                raise _not_found("部门", "department")
            moved = []
            if not d.deleted:  # removed already: what was asked holds
                check_base(base, d.seq, _department_json(d), f"部门“{d.name}”", "department")
                d.deleted = True
                d.seq = c.next_seq()
                # its members move to 未加入部门 (S3); their new change numbers are in the
                # reply, for a client that edits them next
                for p in c.db.execute(
                    sa.select(Person).where(Person.department_id == d.id)
                ).scalars():
                    p.department_id = None
                    p.seq = c.next_seq()
                    moved.append({"id": p.id, "seq": p.seq})
            return {"department": _department_json(d), "moved_people": moved}, d.id

        return _change(
            request,
            caller,
            action="department.remove",
            target=str(department_id),
            key=key,
            work=work,
        )

    return r
