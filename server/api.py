"""The HTTP API under /api/v1: login, people, departments, roles, whitelist, audit, sync.

Every endpoint names its permission (``x-permission`` in the OpenAPI document), checked against
:data:`sealdesk.server.permissions.PERMISSIONS` for the caller's roles before anything else.
A change locks its unit's row, takes the unit's next change number, writes an audit row and,
when the request carries an ``Idempotency-Key``, the reply: a replay gets that reply again and
changes nothing. The endpoints are plain functions (FastAPI runs them in its thread pool).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Annotated, Any

import anyio.to_thread
import sqlalchemy as sa
from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from sealdesk.server import audit, auth
from sealdesk.server.db import (
    AuditRow,
    CertificateRequest,
    Department,
    Person,
    Reply,
    Session,
    SmsCode,
    Unit,
    WhitelistEntry,
    now_ms,
)
from sealdesk.server.errors import ApiError, BodyLimit, install
from sealdesk.server.permissions import (
    ASSIGNABLE,
    BOX_ROLES,
    PERMISSIONS,
    ROLE_NAMES,
    Role,
    allowed,
    roles_of,
)
from sealdesk.server.schemas import (
    CertificateRequestIn,
    DepartmentIn,
    NewPassword,
    NewSigningPassword,
    PasswordLogin,
    PersonIn,
    PersonPatch,
    RolesIn,
    SmsLogin,
    SmsRequest,
    UkeyLogin,
    WhitelistIn,
)

PREFIX = "/api/v1"
MAX_BODY = 1 << 20
THREADS = 16
"""Requests a server process works on at once (the endpoints are plain functions run in
threads); the others wait their turn on the event loop. More threads than this only take turns
at the interpreter's lock, and each holds a database connection."""
MAX_PEOPLE = 100  # per unit (S3:75-83)
MAX_DEPARTMENTS = 50
SMS_SECONDS = 300
SMS_TRIES = 5
# a new code every minute at most and 10 a day while none is used: with 5 tries each, 50
# guesses a day at a 6-digit code
SMS_RESEND_SECONDS = 60
SMS_PER_DAY = 10
DAY_MS = 24 * 3600 * 1000


def sms_refusal(row: SmsCode | None, now: int) -> ApiError | None:
    """Why no new code may be sent to this phone now (None: it may)."""
    if row is None:
        return None
    wait = (row.sent_ms + SMS_RESEND_SECONDS * 1000 - now + 999) // 1000
    if wait > 0:
        return ApiError(
            429,
            "sms_too_soon",
            f"验证码已发送，请 {wait} 秒后再获取。",
            f"A code was just sent: ask again in {wait} s.",
        )
    if now - row.day_start_ms < DAY_MS and row.sent_in_day >= SMS_PER_DAY:
        return ApiError(
            429,
            "sms_limit",
            "今天向该手机号发送的验证码已达上限，请明天再试或使用 USBKey 登录。",
            "Today's codes for this phone are used up: try tomorrow or log in with the USB key.",
        )
    return None


@dataclass(frozen=True)
class ServerConfig:
    """What one server process needs; the rest is in the database."""

    db_url: str
    trust_roots: tuple[bytes, ...]
    sms_sink: FilePath  # development SMS gateway: codes are appended to this file


@dataclass(frozen=True)
class Caller:
    person: Person
    unit: Unit
    roles: frozenset[Role]
    client: str

    @property
    def role_text(self) -> str:
        return ",".join(sorted(r.value for r in self.roles))

    def entry(self, action: str, target: str, result: str) -> audit.Entry:
        return audit.Entry(
            action=action,
            target=target,
            result=result,
            actor=f"{self.person.name} ({self.person.id})",
            actor_role=self.role_text,
            unit_id=self.unit.id,
            client=self.client,
        )


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


def _db(request: Request) -> Iterator[DbSession]:
    factory: sessionmaker[DbSession] = request.app.state.sessions
    with factory.begin() as db:
        yield db


# committed before the reply is sent: a client that gets a challenge can use it at once
Db = Annotated[DbSession, Depends(_db, scope="function")]
IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
]


def _unauthenticated() -> ApiError:
    return ApiError(401, "unauthenticated", "请先登录，或登录已过期。", "Log in first (or again).")


def requires(permission: str) -> Callable[..., Caller]:
    """The dependency that lets through only callers whose roles allow ``permission``."""
    if permission not in PERMISSIONS:  # a typo in an endpoint fails at start, not per call
        raise KeyError(permission)

    def check(request: Request, authorization: Annotated[str | None, Header()] = None) -> Caller:
        if not authorization or not authorization.startswith("Bearer "):
            raise _unauthenticated()
        token = authorization.removeprefix("Bearer ").strip()
        factory: sessionmaker[DbSession] = request.app.state.sessions
        # a transaction of its own, ended before the endpoint's (SQLite has one writer); one
        # query (the session, its person and unit): it runs before every call
        with factory.begin() as db:
            found = db.execute(
                sa.select(Person, Unit)
                .join(Session, Session.person_id == Person.id)
                .join(Unit, Unit.id == Session.unit_id)
                .where(Session.token_hash == auth.token_hash(token), Session.expires_ms >= now_ms())
            ).first()
        if found is None or found[0].status != "active":
            raise _unauthenticated()
        person, unit = found
        roles = roles_of(_split(person.roles), super_admin=person.key_holder)
        if not allowed(roles, permission):
            raise ApiError(
                403,
                "forbidden",
                "您的角色无权进行此操作。",
                "Your roles do not allow this.",
            )
        return Caller(person=person, unit=unit, roles=roles, client=_client(request))

    return check


def _split(roles: str) -> list[str]:
    return [r for r in roles.split(",") if r]


def _person_json(p: Person, *, full: bool) -> dict[str, Any]:
    """A person as the API shows them; the ID number only to those who manage people."""
    id_number = p.id_number if full or not p.id_number else p.id_number[:4] + "*" * 14
    return {
        "id": p.id,
        "name": p.name,
        "phone": p.phone,
        "id_number": id_number,
        "department_id": p.department_id,
        "roles": sorted(r.value for r in roles_of(_split(p.roles), super_admin=p.key_holder))
        if p.status == "active"
        else [],
        "status": p.status,
        "key_holder": p.key_holder,
        "seq": p.seq,
    }


def _department_json(d: Department) -> dict[str, Any]:
    return {"id": d.id, "name": d.name, "deleted": d.deleted, "seq": d.seq}


def _whitelist_json(w: WhitelistEntry, unit: Unit) -> dict[str, Any]:
    return {
        "entity_id": w.entity_id,
        "label": w.label,
        "person_id": w.person_id,
        "main": w.entity_id == unit.main_entity_id,
        "deleted": w.deleted,
        "seq": w.seq,
    }


def _unit_json(u: Unit) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "credit_code": u.credit_code, "seq": u.seq}


@dataclass
class Change:
    """One change of a unit's data, in one transaction under the unit's lock."""

    db: DbSession
    unit: Unit

    def next_seq(self) -> int:
        self.unit.seq += 1
        return self.unit.seq


def _change(
    request: Request,
    caller: Caller,
    *,
    action: str,
    target: str,
    key: str | None,
    work: Callable[[Change], tuple[dict[str, Any], str]],
) -> JSONResponse:
    """Run ``work`` (which returns the reply and the audit target) as one change; a refusal is
    audited in a transaction of its own, since the change's is rolled back."""
    factory: sessionmaker[DbSession] = request.app.state.sessions
    try:
        with factory.begin() as db:
            unit = db.execute(
                sa.select(Unit).where(Unit.id == caller.unit.id).with_for_update()
            ).scalar_one()
            if key is not None:
                done = db.get(Reply, (unit.id, key))
                if done is not None:
                    return JSONResponse(json.loads(done.body), status_code=done.status)
            body, target = work(Change(db, unit))
            audit.append(db, caller.entry(action, target, "ok"))
            if key is not None:
                db.add(
                    Reply(
                        unit_id=unit.id,
                        key=key,
                        status=200,
                        body=json.dumps(body, ensure_ascii=False),
                        created_ms=now_ms(),
                    )
                )
            return JSONResponse(body)
    except sa.exc.IntegrityError as e:
        # a race with another unit's change (the same phone added at once): the loser is told
        refusal = _conflict(
            "conflict", "与其他修改冲突，请重试。", "Conflicts with another change."
        )
        with factory.begin() as db:
            audit.append(db, caller.entry(action, target, f"refused:{refusal.kind}"))
        raise refusal from e
    except ApiError as e:
        with factory.begin() as db:
            audit.append(db, caller.entry(action, target, f"refused:{e.kind}"))
        raise


def _conflict(kind: str, zh: str, en: str) -> ApiError:
    return ApiError(409, kind, zh, en)


def _not_found(what_zh: str, what_en: str) -> ApiError:
    return ApiError(404, "not_found", f"没有这个{what_zh}。", f"No such {what_en}.")


def _person_of_unit(db: DbSession, unit: Unit, person_id: str) -> Person:
    person = db.get(Person, person_id)
    if person is None or person.unit_id != unit.id:
        raise _not_found("人员", "person")
    return person


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


def _quota(kind: str, limit: int, zh: str, en: str) -> ApiError:
    return ApiError(
        429, f"{kind}_quota", f"每个单位最多 {limit} 个{zh}。", f"A unit has at most {limit} {en}."
    )


def _login_reply(db: DbSession, person: Person, unit: Unit, warnings: list[str]) -> dict[str, Any]:
    token = auth.new_session(db, person.id, unit.id)
    return {
        "token": token,
        "expires_in": auth.SESSION_SECONDS,
        "user": _person_json(person, full=True),
        "unit": _unit_json(unit),
        "warnings": warnings,
    }


def _login_refused(request: Request, who: str, e: ApiError, credit_code: str | None = None) -> None:
    """A refused login goes into the log of the unit it was for, when that is known."""
    factory: sessionmaker[DbSession] = request.app.state.sessions
    with factory.begin() as db:
        unit_id = None
        if credit_code is not None:
            unit_id = db.execute(sa.select(Unit.id).where(Unit.credit_code == credit_code)).scalar()
        audit.append(
            db,
            audit.Entry(
                action="login",
                target=who,
                result=f"refused:{e.kind}",
                actor=who,
                actor_role="",
                unit_id=unit_id,
                client=_client(request),
            ),
        )


def _ukey_person(db: DbSession, holder: auth.KeyHolder, certificate: bytes) -> tuple[Person, Unit]:
    """The person a verified key logs in as; the unit's first key makes the unit."""
    unit = db.execute(
        sa.select(Unit).where(Unit.credit_code == holder.credit_code).with_for_update()
    ).scalar()
    if unit is None:
        unit = Unit(
            id=str(uuid.uuid4()),
            credit_code=holder.credit_code,
            name=holder.unit_name,
            main_entity_id=holder.entity_id,
            certificate=certificate,
            seq=2,
            created_ms=now_ms(),
        )
        db.add(unit)
        db.flush()  # the unit row before the rows that name it
        person = Person(
            id=str(uuid.uuid4()),
            unit_id=unit.id,
            name=holder.holder_name,
            roles="",
            status="active",
            key_holder=True,
            seq=1,
        )
        db.add(person)
        db.add(
            WhitelistEntry(
                unit_id=unit.id, entity_id=holder.entity_id, label="主UKey", deleted=False, seq=2
            )
        )
        return person, unit
    holder_person = db.execute(
        sa.select(Person).where(Person.unit_id == unit.id, Person.key_holder.is_(True))
    ).scalar_one()
    if holder.entity_id == unit.main_entity_id:
        unit.certificate = certificate
        return holder_person, unit
    entry = db.execute(
        sa.select(WhitelistEntry).where(
            WhitelistEntry.unit_id == unit.id,
            WhitelistEntry.entity_id == holder.entity_id,
            WhitelistEntry.deleted.is_(False),
        )
    ).scalar()
    if entry is None:
        raise ApiError(
            403,
            "not_whitelisted",
            f"该 UKey（通用实体唯一标识 {holder.entity_id}）不在本单位白名单中，"
            "请联系系统管理员添加。",
            f"This key (entity id {holder.entity_id}) is not on the unit's whitelist: ask the "
            "system administrator to add it.",
        )
    bound = db.get(Person, entry.person_id) if entry.person_id else holder_person
    if bound is None or bound.status != "active":
        raise ApiError(403, "person_left", "该人员已离职，无法登录。", "This person has left.")
    return bound, unit


def _password_login_person(db: DbSession, phone: str) -> tuple[Person, Unit]:
    person = db.execute(sa.select(Person).where(Person.phone == phone)).scalar()
    unit = db.get(Unit, person.unit_id) if person is not None else None
    if person is None or unit is None or person.status != "active":
        raise ApiError(
            401,
            "login_failed",
            "手机号或密码错误，或该人员未被单位添加。",
            "Wrong phone or password, or the person was not added by a unit.",
        )
    return person, unit


def _ukey_logged_in(
    request: Request, holder: auth.KeyHolder, certificate: bytes, who: str
) -> dict[str, Any]:
    factory: sessionmaker[DbSession] = request.app.state.sessions
    with factory.begin() as db:
        person, unit = _ukey_person(db, holder, certificate)
        reply = _login_reply(db, person, unit, [])
        roles = roles_of(_split(person.roles), super_admin=person.key_holder)
        audit.append(
            db,
            audit.Entry(
                action="login.ukey",
                target=who,
                result="ok",
                actor=f"{person.name} ({person.id})",
                actor_role=",".join(sorted(roles)),
                unit_id=unit.id,
                client=_client(request),
            ),
        )
        return reply


def build_router() -> APIRouter:
    r = APIRouter(prefix=PREFIX)

    def perm(name: str) -> dict[str, Any]:
        return {"openapi_extra": {"x-permission": name}}

    # --- login -----------------------------------------------------------------------------

    @r.post("/auth/challenge", tags=["auth"])
    def challenge(db: Db) -> dict[str, Any]:
        return {"challenge": auth.new_challenge(db), "expires_in": auth.CHALLENGE_SECONDS}

    @r.post("/auth/ukey", tags=["auth"])
    def ukey_login(body: UkeyLogin, request: Request) -> dict[str, Any]:
        factory: sessionmaker[DbSession] = request.app.state.sessions
        credit_code = None
        who = "ukey"
        try:
            with factory.begin() as db:
                auth.take_challenge(db, body.challenge)
            try:
                certificate = body.certificate_der()
                signature = body.signature_bytes()
                challenge_bytes = base64.b64decode(body.challenge, validate=True)
            except ValueError as e:
                raise ApiError(
                    422, "invalid", "证书或签名不是 Base64。", "Not base64: certificate/signature."
                ) from e
            holder = auth.check_key(
                certificate, signature, challenge_bytes, request.app.state.anchors
            )
            who = f"{holder.credit_code}/{holder.entity_id}"
            credit_code = holder.credit_code
            try:
                return _ukey_logged_in(request, holder, certificate, who)
            except sa.exc.IntegrityError:
                # the unit's first two keys at once: the other one made the unit
                return _ukey_logged_in(request, holder, certificate, who)
        except ApiError as e:
            _login_refused(request, who, e, credit_code)
            raise

    @r.post("/auth/sms", tags=["auth"])
    def sms_send(body: SmsRequest, db: Db, request: Request) -> dict[str, Any]:
        now = now_ms()
        row = db.get(SmsCode, body.phone, with_for_update=True)
        refusal = sms_refusal(row, now)
        if refusal is not None:
            raise refusal
        code = f"{secrets.randbelow(10**6):06d}"
        expires = now + SMS_SECONDS * 1000
        hashed = hashlib.sha256(f"{body.phone}:{code}".encode()).hexdigest()
        if row is None:
            row = SmsCode(phone=body.phone, day_start_ms=now, sent_in_day=0)
            db.add(row)
        elif now - row.day_start_ms >= DAY_MS:
            row.day_start_ms, row.sent_in_day = now, 0
        row.code_hash, row.expires_ms, row.tries, row.sent_ms = hashed, expires, 0, now
        row.sent_in_day += 1
        sink: FilePath = request.app.state.config.sms_sink
        sink.parent.mkdir(parents=True, exist_ok=True)
        with sink.open("a", encoding="utf-8") as f:  # the development SMS gateway
            f.write(f"{dt.datetime.now(dt.UTC).isoformat()} {body.phone} {code}\n")
        return {"sent": True, "expires_in": SMS_SECONDS}

    @r.post("/auth/sms-login", tags=["auth"])
    def sms_login(body: SmsLogin, request: Request) -> dict[str, Any]:
        factory: sessionmaker[DbSession] = request.app.state.sessions
        try:
            with factory.begin() as db:
                row = db.get(SmsCode, body.phone)
                hashed = hashlib.sha256(f"{body.phone}:{body.code}".encode()).hexdigest()
                if row is None or row.expires_ms < now_ms() or row.tries >= SMS_TRIES:
                    raise ApiError(
                        401, "sms_code_invalid", "验证码无效或已过期。", "The code is invalid."
                    )
                if not secrets.compare_digest(row.code_hash, hashed):
                    row.tries += 1
                    wrong = True
                else:
                    db.delete(row)
                    wrong = False
            if wrong:
                raise ApiError(401, "sms_code_invalid", "验证码错误。", "Wrong code.")
            with factory.begin() as db:
                person, unit = _password_login_person(db, body.phone)
                warnings = [] if person.password_hash else ["set_password"]
                return _login_reply(db, person, unit, warnings)
        except ApiError as e:
            _login_refused(request, body.phone, e)
            raise

    @r.post("/auth/password", tags=["auth"])
    def password_login(body: PasswordLogin, request: Request) -> dict[str, Any]:
        factory: sessionmaker[DbSession] = request.app.state.sessions
        try:
            with factory.begin() as db:
                person, unit = _password_login_person(db, body.phone)
                if person.password_hash is None:
                    # seed 004: a person with no password yet is sent to the SMS code login
                    raise ApiError(
                        401,
                        "password_not_set",
                        "该账号尚未设置登录密码，请用短信验证码登录。",
                        "This account has no password yet: log in with an SMS code.",
                    )
                if not auth.password_matches(body.password, person.password_hash):
                    raise ApiError(
                        401,
                        "login_failed",
                        "手机号或密码错误，或该人员未被单位添加。",
                        "Wrong phone or password, or the person was not added by a unit.",
                    )
                return _login_reply(db, person, unit, [])
        except ApiError as e:
            _login_refused(request, body.phone, e)
            raise

    @r.post("/auth/logout", tags=["auth"], **perm("session.end"))
    def logout(
        db: Db,
        caller: Annotated[Caller, Depends(requires("session.end"))],
        authorization: Annotated[str, Header()],
    ) -> dict[str, Any]:
        token = authorization.removeprefix("Bearer ").strip()
        db.execute(sa.delete(Session).where(Session.token_hash == auth.token_hash(token)))
        audit.append(db, caller.entry("logout", caller.person.id, "ok"))
        return {"ok": True}

    @r.get("/me", tags=["me"], **perm("me.read"))
    def me(db: Db, caller: Annotated[Caller, Depends(requires("me.read"))]) -> dict[str, Any]:
        done = db.get(CertificateRequest, caller.unit.id)
        return {
            "user": _person_json(caller.person, full=True),
            "unit": _unit_json(caller.unit),
            "permissions": sorted(p for p in PERMISSIONS if allowed(caller.roles, p)),
            "certificate_requested": done is not None,
            "password_set": caller.person.password_hash is not None,
            "signing_password_set": caller.person.signing_password_hash is not None,
        }

    @r.put("/me/password", tags=["me"], **perm("me.write"))
    def set_password(
        body: NewPassword,
        request: Request,
        caller: Annotated[Caller, Depends(requires("me.write"))],
    ) -> JSONResponse:
        problem = auth.password_problem(body.password)
        if problem is not None:
            raise ApiError(
                422,
                f"password_{problem}",
                "密码须为 8–20 位，且至少包含字母、数字、符号中的两种。",
                "A password has 8–20 characters with at least two of letters, digits, symbols.",
            )

        def work(c: Change) -> tuple[dict[str, Any], str]:
            person = _person_of_unit(c.db, c.unit, caller.person.id)
            person.password_hash = auth.hash_password(body.password)
            return {"ok": True}, person.id

        return _change(request, caller, action="password.set", target="", key=None, work=work)

    @r.put("/me/signing-password", tags=["me"], **perm("me.write"))
    def set_signing_password(
        body: NewSigningPassword,
        request: Request,
        caller: Annotated[Caller, Depends(requires("me.write"))],
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            person = _person_of_unit(c.db, c.unit, caller.person.id)
            person.signing_password_hash = auth.hash_password(body.password)
            return {"ok": True}, person.id

        return _change(
            request, caller, action="signing_password.set", target="", key=None, work=work
        )

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
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            person = _person_of_unit(c.db, c.unit, str(person_id))
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
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            person = _person_of_unit(c.db, c.unit, str(person_id))
            if person.key_holder:
                raise _conflict(
                    "key_holder",
                    "单位 UKey 用户不可移除。",
                    "The unit's key holder cannot be removed.",
                )
            if person.status != "left":
                # 移除: no login, every right dropped; listed as 离职, can be re-added
                person.status = "left"
                person.roles = ""
                person.seq = c.next_seq()
                c.db.execute(sa.delete(Session).where(Session.person_id == person.id))
            return {"person": _person_json(person, full=True)}, person.id

        return _change(
            request, caller, action="person.remove", target=str(person_id), key=key, work=work
        )

    @r.put("/people/{person_id}/roles", tags=["roles"], **perm("roles.write"))
    def set_roles(
        person_id: uuid.UUID,
        body: RolesIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("roles.write"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            person = _person_of_unit(c.db, c.unit, str(person_id))
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
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            d = c.db.get(Department, str(department_id))
            if d is None or d.unit_id != c.unit.id:
                raise _not_found("部门", "department")
            if not d.deleted:
                d.deleted = True
                d.seq = c.next_seq()
                # its members move to 未加入部门 (S3)
                for p in c.db.execute(
                    sa.select(Person).where(Person.department_id == d.id)
                ).scalars():
                    p.department_id = None
                    p.seq = c.next_seq()
            return {"department": _department_json(d)}, d.id

        return _change(
            request,
            caller,
            action="department.remove",
            target=str(department_id),
            key=key,
            work=work,
        )

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
            if w is None:
                w = WhitelistEntry(unit_id=c.unit.id, entity_id=body.entity_id)
                c.db.add(w)
            w.label = body.label
            w.person_id = str(body.person_id) if body.person_id else None
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
    ) -> JSONResponse:
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
            if not w.deleted:
                w.deleted = True
                w.seq = c.next_seq()
            return {"entry": _whitelist_json(w, c.unit)}, entity_id

        return _change(
            request, caller, action="whitelist.remove", target=entity_id, key=key, work=work
        )

    # --- certificate request, audit, sync ----------------------------------------------------

    @r.get("/certificate-request", tags=["certificate"], **perm("certificate.read"))
    def certificate_request(
        db: Db, caller: Annotated[Caller, Depends(requires("certificate.read"))]
    ) -> dict[str, Any]:
        done = db.get(CertificateRequest, caller.unit.id)
        return _certificate_json(caller.unit, done)

    @r.post("/certificate-request", tags=["certificate"], **perm("certificate.request"))
    def request_certificate(
        body: CertificateRequestIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("certificate.request"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        if not body.agreed:
            raise ApiError(
                422,
                "agreement_required",
                "请先阅读并同意《数字证书订户协议》。",
                "Read and accept the certificate subscriber agreement first.",
            )

        def work(c: Change) -> tuple[dict[str, Any], str]:
            done = c.db.get(CertificateRequest, c.unit.id)
            if done is None:
                done = CertificateRequest(unit_id=c.unit.id)
                c.db.add(done)
            done.handler_name = body.handler_name
            done.handler_id_number = body.handler_id_number
            done.handler_phone = body.handler_phone
            done.handler_email = body.handler_email
            done.state = "issued"
            done.done_ms = now_ms()
            return _certificate_json(c.unit, done), c.unit.credit_code

        return _change(request, caller, action="certificate.request", target="", key=key, work=work)

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

    @r.get("/sync", tags=["sync"], **perm("sync.read"))
    def sync(
        db: Db,
        caller: Annotated[Caller, Depends(requires("sync.read"))],
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    ) -> JSONResponse:
        """The unit's organisation data changed after change number ``after`` (0: all of it),
        and the number to ask from next time. Rows are read as plain rows and the reply is
        made here (not by the framework's encoder): a sync of 10,000 changes is mostly that."""
        unit = caller.unit
        full = allowed(caller.roles, "people.write")

        def changed(model: Any) -> list[Any]:
            table = model.__table__
            query = sa.select(table).where(table.c.unit_id == unit.id, table.c.seq > after)
            return list(db.execute(query))

        reply: dict[str, Any] = {
            "seq": unit.seq,
            "unit": _unit_json(unit),
            "people": [_person_json(p, full=full) for p in changed(Person)],
            "departments": [_department_json(d) for d in changed(Department)],
            "roles": role_catalogue(),
        }
        if allowed(caller.roles, "whitelist.read"):
            reply["whitelist"] = [_whitelist_json(w, unit) for w in changed(WhitelistEntry)]
        return JSONResponse(reply)

    return r


def role_catalogue() -> list[dict[str, Any]]:
    return [
        {
            "code": role.value,
            "name_zh": ROLE_NAMES[role][0],
            "name_en": ROLE_NAMES[role][1],
            "assignable": role in ASSIGNABLE,
            "permissions": sorted(p for p, who in PERMISSIONS.items() if role in who),
        }
        for role in Role
    ]


def _certificate_json(unit: Unit, done: CertificateRequest | None) -> dict[str, Any]:
    from sealdesk.signing.certinfo import certificate_info

    info = certificate_info(unit.certificate)
    now = dt.datetime.now(dt.UTC)
    return {
        "state": done.state if done else "none",
        "handler_name": done.handler_name if done else None,
        "unit_name": unit.name,
        "credit_code": unit.credit_code,
        "certificate": {
            "subject_cn": info.subject_cn,
            "issuer_cn": info.issuer_cn,
            "credit_code": info.credit_code,
            "serial": info.serial_hex,
            "not_before": info.not_before.isoformat(),
            "not_after": info.not_after.isoformat(),
            "subject": info.subject,
            "valid": info.valid_at(now),
        },
    }


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield
    app.state.engine.dispose()


def create_app(config: ServerConfig) -> FastAPI:
    """The application over the database at ``config.db_url`` (migrated by the caller).

    :raises TrustInputError: a trust root is not a certificate.
    """
    from sealdesk.server.db import make_engine
    from sealdesk.signing.trust import TrustAnchors

    app = FastAPI(
        title="SealDesk platform",
        version="1",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        # "/people/" is not "/people": a 307 with an empty body would leave the one error shape
        # (and a client following it would PATCH the collection)
        redirect_slashes=False,
        lifespan=_lifespan,
    )
    engine = make_engine(config.db_url)
    app.state.config = config
    app.state.engine = engine
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    app.state.anchors = TrustAnchors.load(roots=config.trust_roots)
    install(app)

    app.add_middleware(BodyLimit, limit=MAX_BODY)

    app.include_router(build_router())
    from sealdesk.server import sealbox_api  # it builds on this module's pieces

    app.include_router(sealbox_api.build_router())
    return app
