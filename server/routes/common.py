"""What the endpoint modules share: the caller and its permission check, one change's work."""

# Every endpoint names its permission (``x-permission`` in the OpenAPI document), checked
# against :data:`sealdesk.server.permissions.PERMISSIONS` for the caller's roles before
# anything else. A change locks its unit's row, takes the unit's next change number, writes an
# audit row and, when the request carries an ``Idempotency-Key``, the reply: a replay gets
# that reply again and changes nothing. The endpoints are plain functions (FastAPI runs them
# in its thread pool); one that takes the request's session (``Db``) has it committed in that
# thread before the reply (:class:`Endpoint`, the route class of :func:`router`).
#
# Optimistic concurrency: the endpoints that edit or remove an existing row take an optional
# ``If-Match`` header naming the row's change number (its ``seq``, the row's version) as the
# client last saw it. When the row has changed since, nothing is done: 409 ``stale`` with the
# row as it is now beside the error (``current``), audited as refused. Without the header
# the change is made whatever the row's version (clients of the API before it).

from __future__ import annotations

import base64
import functools
import inspect
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from sealdesk.server import audit, auth
from sealdesk.server.db import (
    CertificateRequest,
    Department,
    Person,
    Reply,
    Session,
    Unit,
    WhitelistEntry,
    now_ms,
)
from sealdesk.server.errors import ApiError
from sealdesk.server.permissions import ASSIGNABLE, PERMISSIONS, ROLE_NAMES, Role, allowed, roles_of
from sealdesk.server.schemas import KeyProof

PREFIX = "/api/v1"


@dataclass(frozen=True)
class Caller:
    person: Person
    unit: Unit
    roles: frozenset[Role]
    client: str
    session: str = ""  # the hash of the session token the call came with

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


async def _db(request: Request) -> AsyncIterator[DbSession]:
    """The request's session, made and closed on the event loop, where neither does I/O: it
    connects at its first statement, in the endpoint, and :class:`Endpoint` ends its
    transaction there (the endpoint is its only user)."""
    factory: sessionmaker[DbSession] = request.app.state.sessions
    with factory() as db:
        yield db


# committed before the reply is sent: a client that gets a challenge can use it at once
Db = Annotated[DbSession, Depends(_db, scope="function")]


def _committing(endpoint: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``endpoint`` (a plain function whose parameter ``name`` is the request's session) that
    commits the session when it returns and rolls it back when it raises, in its thread."""

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        db: DbSession = kwargs[name]
        try:
            result = endpoint(*args, **kwargs)
            db.commit()
        except BaseException:
            db.rollback()
            raise
        return result

    return run


def _session_parameter(route: APIRoute) -> str | None:
    """The endpoint's parameter that is the request's session (``Db``), if it takes one.

    :raises RuntimeError: the session is taken where nothing would commit it: by an
        ``async`` endpoint (it would also do its I/O on the event loop) or by a dependency.
    """
    names = [d.name for d in route.dependant.dependencies if d.call is _db]
    pending = [d for d in route.dependant.dependencies if d.call is not _db]
    while pending:
        dependency = pending.pop()
        if any(d.call is _db for d in dependency.dependencies):
            raise RuntimeError(f"{route.path}: a dependency takes the request's session")
        pending += dependency.dependencies
    if names and inspect.iscoroutinefunction(route.endpoint):
        raise RuntimeError(f"{route.path}: an async endpoint takes the request's session")
    return names[0] if names else None


class Endpoint(APIRoute):
    """The route of every endpoint. A plain-function endpoint that takes the request's session
    (``Db``) commits it in the thread it runs in: FastAPI would otherwise make a trip to its
    thread pool to open the session and another to commit it, each a handover of the
    interpreter's lock (~1 ms of CPU a request under load, bench/sync.py)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        name = _session_parameter(self)
        if name is not None:  # built again around the committing endpoint
            super().__init__(path, _committing(endpoint, name), **kwargs)


def router(prefix: str = PREFIX, **kwargs: Any) -> APIRouter:
    """An API router whose routes are :class:`Endpoint`."""
    return APIRouter(prefix=prefix, route_class=Endpoint, **kwargs)


IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
]


IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=24,
        pattern=r'^(\*|(W/)?"[0-9]{1,18}"|[0-9]{1,18})$',
        description=(
            "The row's change number (`seq`) as the client last saw it, as an entity tag "
            '(`"17"`; `17` and `W/"17"` are taken too, `*` is any version). When the row '
            "changed since, nothing is done: 409 `stale`, with the row as it is now under "
            "`current` beside `error`. Without it the change is made whatever the version."
        ),
    ),
]


def base_seq(if_match: str | None) -> int | None:
    """The change number an ``If-Match`` names (None: no header, or ``*``)."""
    if if_match is None or if_match == "*":
        return None
    return int(if_match.removeprefix("W/").strip('"'))


def check_base(
    base: int | None, seq: int, current: dict[str, Any], what_zh: str, what_en: str
) -> None:
    """The row (now at change ``seq``, shown as ``current``) is still as the client saw it.

    :raises ApiError: 409 ``stale``: it changed since ``base``.
    """
    if base is None or seq == base:
        return
    raise ApiError(
        409,
        "stale",
        f"{what_zh}在您所依据的版本（{base}）之后已被修改（现为 {seq}），本次修改未执行；"
        "请同步后查看最新内容再修改。",
        f"The {what_en} changed after the version this change was made on ({base}; now "
        f"{seq}): nothing was done. Sync, look at it as it is now and change it again.",
        extra={"current": current},
    )


def _person_unchanged(person: Person, base: int | None, *, full: bool = True) -> None:
    """:raises ApiError: 409 ``stale``: the person changed after ``base`` (shown as the
    caller may see them: ``full`` with the whole ID number)."""
    check_base(base, person.seq, _person_json(person, full=full), f"人员“{person.name}”", "person")


def _unauthenticated() -> ApiError:
    return ApiError(401, "unauthenticated", "请先登录，或登录已过期。", "Log in first (or again).")


_CALLER = (
    sa.select(Person, Unit)
    .join(Session, Session.person_id == Person.id)
    .join(Unit, Unit.id == Session.unit_id)
    .where(Session.token_hash == sa.bindparam("token"), Session.expires_ms >= sa.bindparam("now"))
)
"""The person and unit of a session token: built once (its cache key with it), not per call."""


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
            hashed = auth.token_hash(token)
            found = db.execute(_CALLER, {"token": hashed, "now": now_ms()}).first()
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
        return Caller(
            person=person, unit=unit, roles=roles, client=_client(request), session=hashed
        )

    return check


def certified(permission: str, action: str) -> Callable[..., Caller]:
    """:func:`requires` ``permission``, and the unit's 申请数字证书 done: seed 004 (S4:130-137)
    allows no seal or signing before it. The dependency of every seal and signing endpoint;
    its refusal (409 ``certificate_required``) is audited as ``action``, nothing else done."""
    allowed_caller = requires(permission)

    def check(request: Request, authorization: Annotated[str | None, Header()] = None) -> Caller:
        caller = allowed_caller(request, authorization)
        factory: sessionmaker[DbSession] = request.app.state.sessions
        with factory.begin() as db:
            done = db.get(CertificateRequest, caller.unit.id)
        if done is None or done.state != "issued":
            refusal = _conflict(
                "certificate_required",
                "本单位尚未申请数字证书：请先在“个人中心-申请证书”完成数字证书申请（超级管理员或"
                "系统管理员，sealdesk platform certificate request），再申请印章或签署。",
                "The unit has not requested its digital certificate yet: request it first "
                "(申请数字证书, by the super or system administrator: sealdesk platform "
                "certificate request), then apply for seals or sign.",
            )
            audit_refusal(request, caller, action, "", refusal)
            raise refusal
        return caller

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


_UNIT_LOCKED = sa.select(Unit).where(Unit.id == sa.bindparam("unit")).with_for_update()
"""A unit's row, locked for a change: built once."""


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
            unit = db.execute(_UNIT_LOCKED, {"unit": caller.unit.id}).scalar_one()
            if key is not None:
                done = db.get(Reply, (unit.id, key))
                if done is not None:
                    return _replay(done, caller)
            body, target = work(Change(db, unit))
            audit.append(db, caller.entry(action, target, "ok"))
            if key is not None:
                db.add(
                    Reply(
                        unit_id=unit.id,
                        key=key,
                        person_id=caller.person.id,
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
        audit_refusal(request, caller, action, target, refusal)
        raise refusal from e
    except ApiError as e:
        audit_refusal(request, caller, action, target, e)
        raise


def audit_refusal(request: Request, caller: Caller, action: str, target: str, e: ApiError) -> None:
    """The refusal ``e`` of ``action`` in the audit log, in a transaction of its own."""
    factory: sessionmaker[DbSession] = request.app.state.sessions
    with factory.begin() as db:
        audit.append(db, caller.entry(action, target, f"refused:{e.kind}"))


def audited_read(
    request: Request,
    caller: Caller,
    action: str,
    target: str,
    work: Callable[[DbSession], tuple[dict[str, Any], str]],
) -> dict[str, Any]:
    """Run the read ``work`` (which returns the reply and the audit target) and put it in the
    audit log as ``action``, done or refused (on ``target``): for reads the unit must be able
    to account for, such as a whole ID number or a file. The read's transaction ends before a
    refusal's row is written (SQLite has one writer)."""
    factory: sessionmaker[DbSession] = request.app.state.sessions
    try:
        with factory.begin() as db:
            reply, read = work(db)
            audit.append(db, caller.entry(action, read, "ok"))
            return reply
    except ApiError as e:
        audit_refusal(request, caller, action, target, e)
        raise


def replay_of(request: Request, caller: Caller, key: str | None) -> JSONResponse | None:
    """The reply kept for ``key`` (as :func:`_change` gives it again), or None: for an
    endpoint that must know before it does anything else, such as using up a key's proof
    (a client sending the change again sends the same, used, challenge).

    :raises ApiError: 409 the key is another person's.
    """
    if key is None:
        return None
    factory: sessionmaker[DbSession] = request.app.state.sessions
    with factory.begin() as db:
        done = db.get(Reply, (caller.unit.id, key))
        return None if done is None else _replay(done, caller)


def _replay(done: Reply, caller: Caller) -> JSONResponse:
    """The stored reply again, to the person it was made for only (the unit's lock is held):
    the same key from someone else is refused and does nothing. A reply stored before the
    person was recorded (``person_id`` None, migration 0004) is given to anyone of the unit."""
    if done.person_id is not None and done.person_id != caller.person.id:
        raise _conflict(
            "idempotency_key_reused",
            "该请求编号（Idempotency-Key）已被本单位其他人员使用，本次请求未执行；"
            "请换一个新的编号重试。",
            "This Idempotency-Key was already used by another person of the unit: nothing was "
            "done; retry with a new key.",
        )
    return JSONResponse(json.loads(done.body), status_code=done.status)


def _conflict(kind: str, zh: str, en: str) -> ApiError:
    return ApiError(409, kind, zh, en)


def _not_found(what_zh: str, what_en: str) -> ApiError:
    return ApiError(404, "not_found", f"没有这个{what_zh}。", f"No such {what_en}.")


def _person_of_unit(db: DbSession, unit: Unit, person_id: str) -> Person:
    person = db.get(Person, person_id)
    if person is None or person.unit_id != unit.id:
        raise _not_found("人员", "person")
    return person


def _quota(kind: str, limit: int, zh: str, en: str) -> ApiError:
    return ApiError(
        429, f"{kind}_quota", f"每个单位最多 {limit} 个{zh}。", f"A unit has at most {limit} {en}."
    )


def perm(name: str) -> dict[str, Any]:
    """The route's ``x-permission`` in the OpenAPI document: the name its ``requires`` checks."""
    return {"openapi_extra": {"x-permission": name}}


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


def proven_key(request: Request, proof: KeyProof) -> auth.KeyHolder:
    """The key that signed the proof's challenge (used up here, in a transaction of its own:
    a refused proof cannot be tried again with it).

    :raises ApiError: 401 (challenge, signature, certificate), 422 (not base64).
    """
    factory: sessionmaker[DbSession] = request.app.state.sessions
    with factory.begin() as db:
        auth.take_challenge(db, proof.challenge)
    try:
        certificate = proof.certificate_der()
        signature = proof.signature_bytes()
        challenge = base64.b64decode(proof.challenge, validate=True)
    except ValueError as e:
        raise ApiError(
            422, "invalid", "证书或签名不是 Base64。", "Not base64: certificate/signature."
        ) from e
    return auth.check_key(certificate, signature, challenge, request.app.state.anchors)


def unit_key(request: Request, caller: Caller, proof: KeyProof) -> auth.KeyHolder:
    """The key that signed the proof (:func:`proven_key`), which must be the caller's unit's
    main key or one on its whitelist: what seed 004's PIN at 申请数字证书 or 提交申请 proves.

    :raises ApiError: 401, 422 as :func:`proven_key`; 403 ``key_not_of_unit``.
    """
    holder = proven_key(request, proof)
    unit = caller.unit
    if holder.credit_code == unit.credit_code and holder.entity_id == unit.main_entity_id:
        return holder
    factory: sessionmaker[DbSession] = request.app.state.sessions
    with factory.begin() as db:
        listed = holder.credit_code == unit.credit_code and whitelisted(db, unit, holder.entity_id)
    if not listed:
        raise ApiError(
            403,
            "key_not_of_unit",
            f"签名的 UKey（{holder.entity_id}）不是本单位的主UKey 或白名单中的 UKey。",
            f"The key that signed ({holder.entity_id}) is neither the unit's main key nor "
            "on its whitelist.",
        )
    return holder


def whitelisted(db: DbSession, unit: Unit, entity_id: str) -> WhitelistEntry | None:
    """The unit's whitelist entry of the key ``entity_id`` (None: not on the list)."""
    listed = sa.select(WhitelistEntry).where(
        WhitelistEntry.unit_id == unit.id,
        WhitelistEntry.entity_id == entity_id,
        WhitelistEntry.deleted.is_(False),
    )
    return db.execute(listed).scalar()
