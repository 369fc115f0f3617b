"""Logging in (UKey, SMS code, password), logging out, and the caller's own account (/me)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
import uuid
from pathlib import Path as FilePath
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from sealdesk.server import audit, auth
from sealdesk.server.captcha import new_captcha
from sealdesk.server.db import (
    AuditRow,
    Captcha,
    CertificateRequest,
    Person,
    Session,
    SmsCode,
    Unit,
    WhitelistEntry,
    now_ms,
)
from sealdesk.server.errors import ApiError
from sealdesk.server.permissions import PERMISSIONS, allowed, roles_of
from sealdesk.server.routes.common import (
    Caller,
    Change,
    Db,
    _change,
    _client,
    _person_json,
    _person_of_unit,
    _split,
    _unit_json,
    perm,
    proven_key,
    requires,
    router,
    whitelisted,
)
from sealdesk.server.schemas import (
    NewPassword,
    NewSigningPassword,
    PasswordLogin,
    PasswordReset,
    SmsLogin,
    SmsRequest,
    UkeyLogin,
)

SMS_SECONDS = 300
# refused account logins a unit's auditor sees an hour: enough to show someone trying, too
# few for a stranger to push the unit's own entries out of its log
REFUSALS_SHOWN = 20
PASSWORD_TRIES = 5  # wrong login passwords in a row before the password login waits
PASSWORD_LOCK_MS = 15 * 60_000
CAPTCHA_SECONDS = 120
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


def _login_reply(
    db: DbSession,
    request: Request,
    person: Person,
    unit: Unit,
    *,
    action: str,
    who: str,
    warnings: list[str],
    entity_id: str | None = None,
) -> dict[str, Any]:
    """A new session for ``person`` (opened with the key ``entity_id``, if any), audited as
    ``action`` (login.ukey, login.sms, login.password) in the same transaction: no session
    without its row."""
    token = auth.new_session(db, person.id, unit.id, entity_id)
    _audit_own(db, request, person, unit, action=action, target=who)
    return {
        "token": token,
        "expires_in": auth.SESSION_SECONDS,
        "user": _person_json(person, full=True),
        "unit": _unit_json(unit),
        "warnings": warnings,
    }


def _refusals_lately(db: DbSession, unit_id: str) -> int:
    """Refused account logins and resets in the unit's log in the last hour (counted up to
    REFUSALS_SHOWN)."""
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(timespec="milliseconds")
    recent = (
        sa.select(AuditRow.id)
        .where(
            AuditRow.unit_id == unit_id,
            AuditRow.at >= since,
            AuditRow.actor_role == "",
            AuditRow.result.startswith("refused:"),
        )
        .limit(REFUSALS_SHOWN)
        .subquery()
    )
    return int(db.execute(sa.select(sa.func.count()).select_from(recent)).scalar_one())


def _audit_own(
    db: DbSession, request: Request, person: Person, unit: Unit, *, action: str, target: str
) -> None:
    """A person's own step before any session of theirs (a login, a password reset)."""
    roles = roles_of(_split(person.roles), super_admin=person.key_holder)
    audit.append(
        db,
        audit.Entry(
            action=action,
            target=target,
            result="ok",
            actor=f"{person.name} ({person.id})",
            actor_role=",".join(sorted(r.value for r in roles)),
            unit_id=unit.id,
            client=_client(request),
        ),
    )


def _login_refused(
    request: Request,
    who: str,
    e: ApiError,
    credit_code: str | None = None,
    *,
    phone: str | None = None,
    action: str = "login",
) -> None:
    """A refused login (or password reset) goes into the log of the unit it was for, when
    that is known: the unit of the key's certificate, or the unit that added the phone (its
    auditor sees someone trying that person's password)."""
    factory: sessionmaker[DbSession] = request.app.state.sessions
    with factory.begin() as db:
        unit_id = None
        if credit_code is not None:
            unit_id = db.execute(sa.select(Unit.id).where(Unit.credit_code == credit_code)).scalar()
        elif phone is not None:
            unit_id = db.execute(sa.select(Person.unit_id).where(Person.phone == phone)).scalar()
            audit.lock(db)  # counted and written as one step: parallel ones stay under it
            if unit_id is not None and _refusals_lately(db, unit_id) >= REFUSALS_SHOWN:
                unit_id = None  # anyone may send these: beyond a few, the platform's log only
        audit.append(
            db,
            audit.Entry(
                action=action,
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
    entry = whitelisted(db, unit, holder.entity_id)
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


def _captcha_hash(captcha_id: str, answer: str) -> str:
    return hashlib.sha256(f"{captcha_id}:{answer.strip().upper()}".encode()).hexdigest()


def _take_captcha(factory: sessionmaker[DbSession], captcha_id: str, answer: str) -> None:
    """Use up the picture ``captcha_id`` (right or wrong: a guess costs a new picture).

    :raises ApiError: 401 ``captcha_invalid``.
    """
    with factory.begin() as db:
        row = db.get(Captcha, captcha_id, with_for_update=True)
        if row is not None:
            db.delete(row)
    if (
        row is None
        or row.expires_ms < now_ms()
        or not secrets.compare_digest(row.answer_hash, _captcha_hash(captcha_id, answer))
    ):
        raise ApiError(
            401,
            "captcha_invalid",
            "图形验证码错误或已过期，请看新的图片再输入。",
            "Wrong or expired picture code: enter the one in the new picture.",
        )


def _take_sms_code(factory: sessionmaker[DbSession], phone: str, code: str) -> None:
    """Use up the code sent to ``phone``; a wrong one counts against its tries (its own
    transaction, so the count stays when the caller's is rolled back).

    :raises ApiError: 401 ``sms_code_invalid``.
    """
    with factory.begin() as db:
        # locked: guesses sent in parallel are counted one after another (else more than
        # SMS_TRIES of them are checked)
        row = db.get(SmsCode, phone, with_for_update=True)
        hashed = hashlib.sha256(f"{phone}:{code}".encode()).hexdigest()
        if row is None or row.expires_ms < now_ms() or row.tries >= SMS_TRIES:
            raise ApiError(401, "sms_code_invalid", "验证码无效或已过期。", "The code is invalid.")
        if not secrets.compare_digest(row.code_hash, hashed):
            row.tries += 1
            wrong = True
        else:
            db.delete(row)
            wrong = False
    if wrong:
        raise ApiError(401, "sms_code_invalid", "验证码错误。", "Wrong code.")


def _password_locked(wait_ms: int) -> ApiError:
    minutes = max(1, -(-wait_ms // 60_000))
    return ApiError(
        429,
        "password_locked",
        f"密码错误次数过多，请 {minutes} 分钟后再试，或用短信验证码登录、找回密码。",
        f"Too many wrong passwords: try again in {minutes} min, or log in with an SMS code "
        "or reset the password.",
    )


def _password_problem(password: str) -> ApiError | None:
    problem = auth.password_problem(password)
    if problem is None:
        return None
    return ApiError(
        422,
        f"password_{problem}",
        "密码须为 8–20 位，且至少包含字母、数字、符号中的两种。",
        "A password has 8–20 characters with at least two of letters, digits, symbols.",
    )


def _password_login_person(db: DbSession, phone: str) -> tuple[Person, Unit]:
    """The person in service with ``phone``, their row locked (password tries are counted
    on it one at a time).

    :raises ApiError: 401 ``login_failed``.
    """
    person = db.execute(sa.select(Person).where(Person.phone == phone).with_for_update()).scalar()
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
        return _login_reply(
            db,
            request,
            person,
            unit,
            action="login.ukey",
            who=who,
            warnings=[],
            entity_id=holder.entity_id,
        )


def build_router() -> APIRouter:
    r = router()

    # --- login -----------------------------------------------------------------------------

    @r.post("/auth/challenge", tags=["auth"])
    def challenge(db: Db) -> dict[str, Any]:
        return {"challenge": auth.new_challenge(db), "expires_in": auth.CHALLENGE_SECONDS}

    @r.post("/auth/ukey", tags=["auth"])
    def ukey_login(body: UkeyLogin, request: Request) -> dict[str, Any]:
        credit_code = None
        who = "ukey"
        try:
            holder = proven_key(request, body)
            certificate = body.certificate_der()
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

    @r.post("/auth/captcha", tags=["auth"])
    def captcha(request: Request) -> dict[str, Any]:
        """图形验证码: a picture whose answer ``/auth/sms`` asks for (single use)."""
        answer, png = new_captcha()
        captcha_id = secrets.token_urlsafe(18)
        now = now_ms()
        factory: sessionmaker[DbSession] = request.app.state.sessions
        with factory.begin() as db:
            db.execute(sa.delete(Captcha).where(Captcha.expires_ms < now))
            db.add(
                Captcha(
                    id=captcha_id,
                    answer_hash=_captcha_hash(captcha_id, answer),
                    expires_ms=now + CAPTCHA_SECONDS * 1000,
                )
            )
        sink: FilePath | None = request.app.state.config.captcha_sink
        if sink is not None:
            with sink.open("a", encoding="utf-8") as f:
                f.write(f"{captcha_id} {answer}\n")
        return {
            "captcha_id": captcha_id,
            "image": base64.b64encode(png).decode(),
            "expires_in": CAPTCHA_SECONDS,
        }

    @r.post("/auth/sms", tags=["auth"])
    def sms_send(body: SmsRequest, db: Db, request: Request) -> dict[str, Any]:
        _take_captcha(request.app.state.sessions, body.captcha_id, body.captcha)
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
            _take_sms_code(factory, body.phone, body.code)
            with factory.begin() as db:
                person, unit = _password_login_person(db, body.phone)
                warnings = [] if person.password_hash else ["set_password"]
                return _login_reply(
                    db, request, person, unit, action="login.sms", who=body.phone, warnings=warnings
                )
        except ApiError as e:
            _login_refused(request, body.phone, e, phone=body.phone)
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
                now = now_ms()
                if now - person.password_failed_ms >= PASSWORD_LOCK_MS:
                    person.password_failures = 0  # the last wrong one is long ago
                if person.password_failures >= PASSWORD_TRIES:
                    raise _password_locked(person.password_failed_ms + PASSWORD_LOCK_MS - now)
                if auth.password_matches(body.password, person.password_hash):
                    person.password_failures = 0
                    return _login_reply(
                        db,
                        request,
                        person,
                        unit,
                        action="login.password",
                        who=body.phone,
                        warnings=[],
                    )
                person.password_failures += 1
                person.password_failed_ms = now
                left = PASSWORD_TRIES - person.password_failures
            # committed: the wrong password counts
            if left == 0:
                raise _password_locked(PASSWORD_LOCK_MS)
            raise ApiError(
                401,
                "login_failed",
                f"手机号或密码错误，还可尝试 {left} 次。",
                f"Wrong phone or password: {left} more tries.",
            )
        except ApiError as e:
            _login_refused(request, body.phone, e, phone=body.phone)
            raise

    @r.post("/auth/password-reset", tags=["auth"])
    def reset_password(body: PasswordReset, request: Request) -> dict[str, Any]:
        """找回密码: a new login password for the phone the SMS code went to. Sessions opened
        with the old password end (whoever knew it is logged out); UKey sessions stay."""
        factory: sessionmaker[DbSession] = request.app.state.sessions
        problem = _password_problem(body.password)
        if problem is not None:  # before the code is used up: the person may try again
            raise problem
        try:
            _take_sms_code(factory, body.phone, body.code)
            with factory.begin() as db:
                person, unit = _password_login_person(db, body.phone)
                person.password_hash = auth.hash_password(body.password)
                person.password_failures = 0  # a new password starts its tries afresh
                db.execute(
                    sa.delete(Session).where(
                        Session.person_id == person.id, Session.entity_id.is_(None)
                    )
                )
                _audit_own(db, request, person, unit, action="password.reset", target=body.phone)
            return {"reset": True}
        except ApiError as e:
            _login_refused(request, body.phone, e, phone=body.phone, action="password.reset")
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

    # --- me --------------------------------------------------------------------------------

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
        problem = _password_problem(body.password)
        if problem is not None:
            raise problem

        def work(c: Change) -> tuple[dict[str, Any], str]:
            person = _person_of_unit(c.db, c.unit, caller.person.id)
            person.password_hash = auth.hash_password(body.password)
            person.password_failures = 0
            # whoever logged in with the old password is logged out; this session and the
            # person's UKey sessions stay
            c.db.execute(
                sa.delete(Session).where(
                    Session.person_id == person.id,
                    Session.entity_id.is_(None),
                    Session.token_hash != caller.session,
                )
            )
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

    return r
