"""The platform for both fronts: UKey and account login, who am I, sync, people, departments,
roles, whitelist and the operation log, offline too.

Every call that needs the server says, when it cannot reach it, what it could do from the local
store (:class:`Offline` carries that result): reading works from the last sync, changes wait
in the outbox. Values a person types are checked here first (:class:`InvalidInput`), so that
nothing is kept or sent that the server would refuse for its form.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sealdesk.app.keys import PinSource, key_session, signer_for
from sealdesk.app.settings import config_dir
from sealdesk.app.store import shared_store
from sealdesk.sync.client import PlatformClient, ServerRefused, ServerUnreachable
from sealdesk.sync.local import Author, LocalPlatform, SyncReport
from sealdesk.sync.tokens import TokenStore
from sealdesk.ukey import Pkcs11Module

T = TypeVar("T")
Progress = Callable[[float, str], None]
"""``progress(fraction, stage)``; the stages of a login: challenge, signing, login, sync."""
Sign = Callable[[bytes], tuple[bytes, bytes]]
"""Signs the server's challenge with the unit key: (signature, certificate DER)."""

AUDIT_KEPT = 1000  # the newest operation-log rows kept here for reading offline
_PHONE = re.compile(r"^1[3-9][0-9]{9}$")
_ID_NUMBER = re.compile(r"^[0-9]{17}[0-9X]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class NotLoggedIn(Exception):
    """No platform session here: `sealdesk platform login` first."""


class Offline(Exception):
    """The server is unreachable; ``result`` is what the local store gave instead."""

    def __init__(self, cause: ServerUnreachable, result: Any, last_sync: str | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.result = result
        self.last_sync = last_sync


class InvalidInput(ValueError):
    """A typed value refused before anything is kept or sent: ``field`` and ``reason``
    (name, department, label: empty, too_long, control; phone, code, server, entity_id:
    format; id_number: empty, format, check; email: empty, format; password: empty, rule;
    captcha: empty; agreement: missing; person: key_holder, left)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class LoginResult:
    server: str
    user: dict[str, Any]
    unit: dict[str, Any]
    token_kept_in: str  # keyring | file
    sync: SyncReport
    warnings: tuple[str, ...] = ()  # set_password: logged in by SMS code, no password yet


@dataclass(frozen=True)
class Status:
    """What this computer knows of the platform session, from the local store alone."""

    server: str | None
    logged_in: bool  # a session token is kept here
    user: dict[str, Any] | None  # the person logged in, as last synced
    unit_name: str
    credit_code: str
    permissions: frozenset[str] = field(default_factory=frozenset)
    last_sync: str | None = None
    outbox: int = 0  # this person's changes waiting here
    waiting_for_others: int = 0  # changes made here by other people, sent when they log in
    unclaimed: int = 0  # changes with no author (an earlier SealDesk): `outbox claim` or drop

    def may(self, permission: str) -> bool:
        return permission in self.permissions


def check_text(value: str, what: str = "name") -> str:
    """A name (``what``: name, department) as the server takes it: trimmed, 1–50 characters,
    no control characters.

    :raises InvalidInput:
    """
    value = value.strip()
    if not value:
        raise InvalidInput(what, "empty")
    if len(value) > 50:
        raise InvalidInput(what, "too_long")
    if _CONTROL.search(value):
        raise InvalidInput(what, "control")
    return value


def check_phone(phone: str) -> str:
    """:raises InvalidInput: not a mainland mobile number (11 digits from 13…19)."""
    phone = phone.strip().replace(" ", "")
    if not _PHONE.match(phone):
        raise InvalidInput("phone", "format")
    return phone


def check_id_number(id_number: str | None) -> str | None:
    """A 居民身份证号 with its GB 11643 check character, or None when empty.

    :raises InvalidInput:
    """
    value = (id_number or "").strip().upper()
    if not value:
        return None
    if not _ID_NUMBER.match(value):
        raise InvalidInput("id_number", "format")
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if "10X98765432"[total % 11] != value[17]:
        raise InvalidInput("id_number", "check")
    return value


def check_email(email: str) -> str:
    """An e-mail address: name@domain.tld, at most 100 characters.

    :raises InvalidInput:
    """
    email = email.strip()
    if not email:
        raise InvalidInput("email", "empty")
    if len(email) > 100 or not _EMAIL.match(email):
        raise InvalidInput("email", "format")
    return email


def check_password(password: str) -> str:
    """8–20 characters with at least two of letters, digits, symbols (seed 004).

    :raises InvalidInput:
    """
    kinds = sum(
        (
            any(c.isascii() and c.isalpha() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if not 8 <= len(password) <= 20 or kinds < 2:
        raise InvalidInput("password", "rule")
    return password


def check_entity_id(entity_id: str) -> str:
    """A key's 通用实体唯一标识: 1–64 of letters, digits, dot, dash, underscore.

    :raises InvalidInput:
    """
    entity_id = entity_id.strip()
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", entity_id):
        raise InvalidInput("entity_id", "format")
    return entity_id


def check_server(url: str) -> str:
    """:raises InvalidInput: not an http(s) address."""
    url = url.strip().rstrip("/")
    if not re.match(r"^https?://[^/\s]+", url):
        raise InvalidInput("server", "format")
    return url


def local() -> LocalPlatform:
    """The platform tables of the local store.

    :raises StoreError: the data folder cannot be used.
    """
    return LocalPlatform(shared_store().engine)


def _tokens() -> TokenStore:
    return TokenStore(config_dir())


def login(
    server: str,
    *,
    module: Pkcs11Module,
    label: str | None,
    pin: PinSource,
    lang: str = "zh",
) -> LoginResult:
    """Log in with the unit key: the server's challenge signed by the key, then a full sync.

    :raises UKeyError: the key or its PIN.
    :raises ServerRefused | ServerUnreachable: the server.
    """

    return login_signed(server, key_signer(module, label, pin), lang=lang)


def key_signer(module: Pkcs11Module, label: str | None, pin: PinSource) -> Sign:
    """A server challenge signed by the key ``label`` (its PIN from ``pin``, asked when the
    challenge comes)."""

    def sign(challenge: bytes) -> tuple[bytes, bytes]:
        with key_session(module, label, pin) as session:
            signer = signer_for(session)
            return signer.sign(challenge), signer.certificate

    return sign


def login_signed(
    server: str, sign: Sign, *, lang: str = "zh", progress: Progress | None = None
) -> LoginResult:
    """UKey login with the key behind ``sign`` (the window signs on its key thread).

    :raises InvalidInput: the server's address.
    :raises UKeyError: whatever ``sign`` raised (the key or its PIN).
    :raises ServerRefused | ServerUnreachable: the server.
    """
    server = check_server(server)
    step = progress or _quiet
    step(0.0, "challenge")
    with PlatformClient(server, lang=lang) as client:
        proof = client.key_proof(sign, signing=lambda: step(0.25, "signing"))
        step(0.5, "login")
        reply = client.request("POST", "/auth/ukey", json=proof)
    return _logged_in(server, reply, lang, step)


def login_password(
    server: str, phone: str, password: str, *, lang: str = "zh", progress: Progress | None = None
) -> LoginResult:
    """Account login with phone and password. A person with no password yet is refused with
    the server's ``password_not_set`` (log in by SMS code instead).

    :raises InvalidInput | ServerRefused | ServerUnreachable:
    """
    server, phone = check_server(server), check_phone(phone)
    if not password:
        raise InvalidInput("password", "empty")
    step = progress or _quiet
    step(0.0, "login")
    with PlatformClient(server, lang=lang) as client:
        reply = client.request(
            "POST", "/auth/password", json={"phone": phone, "password": password}
        )
    return _logged_in(server, reply, lang, step)


@dataclass(frozen=True)
class Captcha:
    """图形验证码: a picture the person reads; its answer goes with ``send_sms``."""

    captcha_id: str
    png: bytes
    expires_in: int


def captcha(server: str, *, lang: str = "zh") -> Captcha:
    """A new 图形验证码 picture from the server (each is good for one ``send_sms``).

    :raises InvalidInput | ServerRefused | ServerUnreachable:
    """
    server = check_server(server)
    with PlatformClient(server, lang=lang) as client:
        reply = client.request("POST", "/auth/captcha")
    try:
        png = base64.b64decode(reply["image"], validate=True)
    except (KeyError, TypeError, ValueError) as e:
        message = (
            "The platform's picture code could not be read."
            if lang == "en"
            else "平台返回的图形验证码无法读取。"
        )
        raise ServerRefused(502, "invalid_reply", message) from e
    return Captcha(str(reply["captcha_id"]), png, int(reply["expires_in"]))


def send_sms(server: str, phone: str, captcha_id: str, answer: str, *, lang: str = "zh") -> int:
    """Have the server send a login code to ``phone``, after the answer to the picture
    ``captcha_id``; seconds the code stays valid. A wrong answer uses the picture up
    (``captcha_invalid``): ask for a new one.

    :raises InvalidInput | ServerRefused | ServerUnreachable:
    """
    server, phone, answer = check_server(server), check_phone(phone), answer.strip()
    if not answer:
        raise InvalidInput("captcha", "empty")
    body = {"phone": phone, "captcha_id": captcha_id, "captcha": answer[:10]}
    with PlatformClient(server, lang=lang) as client:
        return int(client.request("POST", "/auth/sms", json=body)["expires_in"])


def login_sms(
    server: str, phone: str, code: str, *, lang: str = "zh", progress: Progress | None = None
) -> LoginResult:
    """Account login with the SMS code; ``warnings`` has ``set_password`` when the person has
    no password yet (the window offers to set one, which may be skipped).

    :raises InvalidInput | ServerRefused | ServerUnreachable:
    """
    server, phone, code = check_server(server), check_phone(phone), code.strip()
    if not re.fullmatch(r"[0-9]{6}", code):
        raise InvalidInput("code", "format")
    step = progress or _quiet
    step(0.0, "login")
    with PlatformClient(server, lang=lang) as client:
        reply = client.request("POST", "/auth/sms-login", json={"phone": phone, "code": code})
    return _logged_in(server, reply, lang, step)


def reset_password(server: str, phone: str, code: str, password: str, *, lang: str = "zh") -> None:
    """找回密码: a new login password with the SMS code sent to ``phone`` (``send_sms``). The
    sessions the old password opened end; nobody is logged in by this.

    :raises InvalidInput | ServerRefused | ServerUnreachable:
    """
    server, phone, code = check_server(server), check_phone(phone), code.strip()
    if not re.fullmatch(r"[0-9]{6}", code):
        raise InvalidInput("code", "format")
    check_password(password)
    with PlatformClient(server, lang=lang) as client:
        client.request(
            "POST",
            "/auth/password-reset",
            json={"phone": phone, "code": code, "password": password},
        )


def _quiet(_fraction: float, _stage: str) -> None:
    pass


def _logged_in(server: str, reply: dict[str, Any], lang: str, step: Progress) -> LoginResult:
    """Keep who the session is, then its token, then a sync (everything, the first time).
    Who comes first: changes made from now on are that person's, and a token kept beside
    someone else's name (a crash between the two) sends nothing of theirs (push asks the
    server whose the token is). The copy here pulled for someone else, or for this person
    with other roles, is not shown to them: until the sync fetches theirs (offline: until
    the first sync that reaches the server) only the changes waiting here are."""
    store = local()
    state = store.state()
    user = reply["user"]
    if state.get("server") != server or state.get("unit") != reply["unit"]["id"]:
        store.forget()  # another platform or unit: its data does not mix with this one's
    elif not store.made_for(user["id"], user["roles"]):
        author = Author(user["id"], reply["unit"]["id"])
        store.forget_copy(author, store.permissions_of(user["roles"]))
    store.set_state(
        server=server,
        unit=reply["unit"]["id"],
        user=reply["user"]["id"],
        unit_name=reply["unit"].get("name") or "",
        credit_code=reply["unit"].get("credit_code") or "",
    )
    where = _tokens().set(server, reply["token"])
    step(0.7, "sync")
    with PlatformClient(server, token=reply["token"], lang=lang) as client:
        report = store.sync(client)
    step(1.0, "sync")
    warnings = tuple(str(w) for w in reply.get("warnings", []))
    return LoginResult(server, reply["user"], reply["unit"], where, report, warnings)


@dataclass(frozen=True)
class View:
    """Everything the platform's pages show, read from the local store (no network)."""

    status: Status
    people: list[dict[str, Any]]
    departments: list[dict[str, Any]]
    whitelist: list[dict[str, Any]]
    roles: list[dict[str, Any]]  # the server's role table: code, names, assignable, permissions


def view() -> View:
    """:raises StoreError: the data folder cannot be used."""
    store = local()
    return View(
        status=status(),
        people=[p.to_json() for p in store.people()],
        departments=[d.to_json() for d in store.departments()],
        whitelist=[w.to_json() for w in store.whitelist()],
        roles=store.roles(),
    )


def status() -> Status:
    """The session as this computer knows it, without the network.

    :raises StoreError: the data folder cannot be used.
    """
    store = local()
    state = store.state()
    server = state.get("server")
    user = None
    if state.get("user"):
        try:
            user = store.people_by_id(state["user"]).to_json()
        except KeyError:
            user = None
    waiting = store.waiting()
    return Status(
        server=server,
        logged_in=bool(server and _tokens().get(server)),
        user=user,
        unit_name=state.get("unit_name", ""),
        credit_code=state.get("credit_code", ""),
        permissions=frozenset(store.permissions_of(user["roles"] if user else [])),
        last_sync=state.get("last_sync"),
        outbox=waiting.mine,
        waiting_for_others=waiting.others,
        unclaimed=waiting.unclaimed,
    )


def _session_token() -> tuple[LocalPlatform, str, str]:
    """The local store, the server and the session's token.

    :raises NotLoggedIn:
    """
    store = local()
    server = store.state().get("server")
    token = _tokens().get(server) if server else None
    if not server or not token:
        raise NotLoggedIn
    return store, server, token


def _session(lang: str) -> tuple[LocalPlatform, PlatformClient]:
    store, server, token = _session_token()
    return store, PlatformClient(server, token=token, lang=lang)


def _online(
    lang: str,
    work: Callable[[LocalPlatform, PlatformClient], T],
    offline: Callable[[LocalPlatform], Any],
) -> T:
    store, client = _session(lang)
    with client:
        try:
            return work(store, client)
        except ServerUnreachable as e:
            raise Offline(e, offline(store), store.state().get("last_sync")) from e


def whoami(lang: str = "zh") -> dict[str, Any]:
    """:raises NotLoggedIn | Offline | ServerRefused:"""
    return _online(
        lang,
        lambda _s, c: c.request("GET", "/me"),
        lambda s: {"server": s.state().get("server"), "user_id": s.state().get("user")},
    )


def logout(lang: str = "zh") -> int:
    """End the session on the server (when reachable) and forget the token here. The
    person's changes still waiting stay, under their name, for their next login: how many.
    """
    store, client = _session(lang)
    server = store.state()["server"]
    try:
        with client:
            client.request("POST", "/auth/logout")
    except ServerUnreachable:
        pass  # the token is forgotten here all the same; it expires on the server
    except ServerRefused as e:
        if e.status != 401:  # 401: the session had already ended there
            raise
    finally:
        _tokens().delete(server)
        # the log and the certificate are read by whoever may, when logged in
        store.set_state(audit="[]", certificate="")
    return store.waiting().mine


def sync(lang: str = "zh") -> SyncReport:
    """Send this person's changes (the others' wait for them: counted in the report), then
    fetch the server's. Offline, :class:`Offline` carries the outbox as a :class:`Waiting`.

    :raises NotLoggedIn | Offline | ServerRefused:
    """
    return _online(lang, lambda s, c: s.sync(c), lambda s: s.waiting())


def outbox() -> list[dict[str, Any]]:
    """The changes waiting here, oldest first, each with whose it is (``mine``, ``other``,
    ``unclaimed``) and its author's name as last synced (no network).

    :raises StoreError: the data folder cannot be used.
    """
    store = local()
    me = store.session_author()
    names = {p.id: p.name for p in store.people()}
    listed = []
    for change in store.queued():
        author = change.author
        if author.user is None:
            whose = "unclaimed" if author.unit in (None, me.unit) else "other"
        else:
            whose = "mine" if author == me else "other"
        listed.append(
            {**change.to_json(), "whose": whose, "author_name": names.get(author.user or "")}
        )
    return listed


def claim_outbox(lang: str = "zh") -> int:
    """The changes with no author (queued by an earlier SealDesk) of this unit, taken as the
    logged-in person's and sent under their name: how many. Nothing else sends them.

    :raises NotLoggedIn | Offline | ServerRefused:
    """
    return _after_change(lang, lambda s: s.claim(s.session_author()))


def drop_outbox() -> int:
    """Drop the changes with no author of this unit, and the local rows they made; the next
    sync fetches everything again. How many.

    :raises NotLoggedIn:
    """
    store, _server, _token = _session_token()
    return store.drop_unclaimed(store.session_author().unit)


def _after_change(lang: str, change: Callable[[LocalPlatform], T]) -> T:
    """A change is made here first, then sent with a sync; offline it waits in the outbox."""
    store, client = _session(lang)
    result = change(store)
    with client:
        try:
            report = store.sync(client)
        except ServerUnreachable as e:
            raise Offline(e, result, store.state().get("last_sync")) from e
    # the server wins: a refused change is gone here too; one made on a version of the row the
    # server has since replaced is gone, and the row is the server's
    if report.refused or report.overridden:
        first = (report.refused or report.overridden)[0]
        raise ServerRefused(first["code"], first["kind"], first["message"])
    return result


def people(
    lang: str = "zh", search: str = "", status: str = "all", letter: str = ""
) -> list[dict[str, Any]]:
    """The unit's people found by ``search`` (name, phone or the name's first letters, "zs")
    and listed under ``letter`` (A–Z or #, 字母).

    :raises NotLoggedIn | Offline | ServerRefused:
    """

    def listed(s: LocalPlatform) -> list[dict[str, Any]]:
        return [p.to_json() for p in s.people(search, status, letter)]

    return _online(lang, lambda s, c: (s.sync(c), listed(s))[1], listed)


def set_password(password: str, lang: str = "zh") -> None:
    """The login password of the person logged in (8–20, two of letters/digits/symbols).

    :raises InvalidInput | NotLoggedIn | ServerRefused | ServerUnreachable:
    """
    check_password(password)
    _store, client = _session(lang)
    with client:
        client.request("PUT", "/me/password", json={"password": password})


def add_person(
    *,
    name: str,
    phone: str,
    id_number: str | None,
    roles: list[str],
    department_id: str | None = None,
    lang: str = "zh",
) -> dict[str, Any]:
    """The person as the server has them after the sync (or as made here, offline). A phone
    of someone who left (离职) adds them again.

    :raises InvalidInput | NotLoggedIn | Offline | ServerRefused:
    """
    name, phone, id_number = check_text(name), check_phone(phone), check_id_number(id_number)
    made = _after_change(
        lang,
        lambda s: s.add_person(
            name=name, phone=phone, id_number=id_number, roles=roles, department_id=department_id
        ),
    )
    return local().people_by_id(made.id).to_json()


def edit_person(
    person_id: str,
    *,
    name: str,
    phone: str,
    id_number: str | None,
    department_id: str | None,
    lang: str = "zh",
) -> dict[str, Any]:
    """Change what differs from the person as kept here (nothing sent when nothing does).

    :raises KeyError: no such person here.
    :raises InvalidInput: a value, or the unit's key holder (not edited), or a person who left.
    :raises NotLoggedIn | Offline | ServerRefused:
    """
    person = local().people_by_id(person_id)
    if person.key_holder:
        raise InvalidInput("person", "key_holder")
    if person.status != "active":
        raise InvalidInput("person", "left")
    wanted = {
        "name": check_text(name),
        "phone": check_phone(phone),
        "id_number": check_id_number(id_number),
        "department_id": department_id or None,
    }
    changes = {k: v for k, v in wanted.items() if getattr(person, k) != v}
    if not changes:
        return person.to_json()
    _after_change(lang, lambda s: s.edit_person(person_id, **changes))
    return local().people_by_id(person_id).to_json()


def set_roles(person_id: str, roles: list[str], lang: str = "zh") -> dict[str, Any]:
    """Give a person in service these roles (the assignable ones), replacing theirs.

    :raises KeyError: no such person here.
    :raises InvalidInput: a person who left.
    :raises NotLoggedIn | Offline | ServerRefused:
    """
    if local().people_by_id(person_id).status != "active":
        raise InvalidInput("person", "left")
    _after_change(lang, lambda s: s.set_roles(person_id, roles))
    return local().people_by_id(person_id).to_json()


def departments() -> list[dict[str, Any]]:
    """The unit's departments as last synced (no network)."""
    return [d.to_json() for d in local().departments()]


def add_department(name: str, lang: str = "zh") -> dict[str, Any]:
    """:raises InvalidInput | NotLoggedIn | Offline | ServerRefused:"""
    name = check_text(name, "department")
    return _after_change(lang, lambda s: s.add_department(name)).to_json()


def remove_department(department_id: str, lang: str = "zh") -> None:
    """Its members move to 未加入部门.

    :raises NotLoggedIn | Offline | ServerRefused:
    """
    _after_change(lang, lambda s: s.remove_department(department_id))


def audit_log(lang: str = "zh") -> list[dict[str, Any]]:
    """The unit's operation log, newest first (only 审计员 and 超级管理员 may read it): the rows
    after those kept here are fetched, and the newest :data:`AUDIT_KEPT` are kept for reading
    offline.

    :raises NotLoggedIn | Offline | ServerRefused:
    """

    def kept(s: LocalPlatform) -> list[dict[str, Any]]:
        try:
            rows = json.loads(s.state().get("audit", "[]"))
        except ValueError:
            rows = []
        return rows if isinstance(rows, list) else []

    def fetch(s: LocalPlatform, c: PlatformClient) -> list[dict[str, Any]]:
        rows = kept(s)
        while True:
            after = rows[-1]["id"] if rows else 0
            reply = c.request("GET", "/audit", params={"after": after, "limit": 1000})
            page: list[dict[str, Any]] = reply["entries"]
            rows = (rows + page)[-AUDIT_KEPT:]
            if len(page) < 1000:
                break
        s.set_state(audit=json.dumps(rows, ensure_ascii=False))
        return rows[::-1]

    return _online(lang, fetch, lambda s: kept(s)[::-1])


def remove_person(who: str, lang: str = "zh") -> dict[str, Any]:
    """Remove by id or phone; the person stays listed as 离职.

    :raises KeyError: no such person here.
    """
    store = local()
    person = next((p for p in store.people() if who in (p.id, p.phone)), None)
    if person is None:
        raise KeyError(who)
    _after_change(lang, lambda s: s.remove_person(person.id))
    return local().people_by_id(person.id).to_json()


def whitelist(lang: str = "zh") -> list[dict[str, Any]]:
    def listed(s: LocalPlatform) -> list[dict[str, Any]]:
        return [w.to_json() for w in s.whitelist()]

    return _online(lang, lambda s, c: (s.sync(c), listed(s))[1], listed)


def add_whitelist(
    entity_id: str, label: str, person_id: str | None, lang: str = "zh"
) -> dict[str, Any]:
    """The entry as the local store has it after the change (``pending`` while it waits).

    :raises InvalidInput | NotLoggedIn | Offline | ServerRefused:
    """
    entity_id, label = check_entity_id(entity_id), label.strip()
    if len(label) > 100:
        raise InvalidInput("label", "too_long")
    if _CONTROL.search(label):
        raise InvalidInput("label", "control")

    def change(s: LocalPlatform) -> dict[str, Any]:
        s.add_whitelist(entity_id, label, person_id)
        return _whitelist_entry(s, entity_id)

    _after_change(lang, change)
    return _whitelist_entry(local(), entity_id)


def _whitelist_entry(store: LocalPlatform, entity_id: str) -> dict[str, Any]:
    entries = (w.to_json() for w in store.whitelist() if w.entity_id == entity_id)
    return next(entries, {"entity_id": entity_id})  # not readable here: what was asked


def remove_whitelist(entity_id: str, lang: str = "zh") -> dict[str, Any]:
    """:raises InvalidInput | NotLoggedIn | Offline | ServerRefused:"""
    entity_id = check_entity_id(entity_id)

    def change(s: LocalPlatform) -> dict[str, Any]:
        s.remove_whitelist(entity_id)
        return {"entity_id": entity_id, "removed": True}

    return _after_change(lang, change)


def certificate(lang: str = "zh") -> dict[str, Any]:
    """The unit's certificate request (申请数字证书: ``state`` none or issued, the handler's
    name) and the unit's certificate (颁发对象, 颁发者, 证件号, 序列号, 有效期, DN, 有效性).
    Only 超级管理员 and 系统管理员 may read it; the last answer is kept for reading offline
    (:class:`Offline` carries it, or None when none was read here).

    :raises NotLoggedIn | Offline | ServerRefused:
    """

    def fetch(s: LocalPlatform, c: PlatformClient) -> dict[str, Any]:
        reply = c.certificate_request()
        s.set_state(certificate=json.dumps(reply, ensure_ascii=False))
        return reply

    return _online(lang, fetch, _kept_certificate)


def _kept_certificate(store: LocalPlatform) -> dict[str, Any] | None:
    try:
        kept = json.loads(store.state().get("certificate") or "null")
    except ValueError:
        return None
    return kept if isinstance(kept, dict) else None


def request_certificate(
    *,
    name: str,
    id_number: str,
    phone: str,
    email: str,
    agreed: bool,
    sign: Sign,
    lang: str = "zh",
) -> dict[str, Any]:
    """申请数字证书 (S4:130-169) for the unit, by its handler (经办人): the values checked here,
    then sent with 《数字证书订户协议》 accepted, signed by the unit's key behind ``sign``
    (the seed's PIN: asked only once the values are right). Needs the server: a request is
    never queued. What :func:`certificate` reads after it.

    :raises InvalidInput: a value, or the agreement not accepted.
    :raises UKeyError: whatever ``sign`` raised (the key or its PIN).
    :raises NotLoggedIn | ServerRefused | ServerUnreachable:
    """
    name, checked_id = check_text(name), check_id_number(id_number)
    if checked_id is None:
        raise InvalidInput("id_number", "empty")
    phone, email = check_phone(phone), check_email(email)
    if not agreed:
        raise InvalidInput("agreement", "missing")
    store, client = _session(lang)
    with client:
        reply = client.request_certificate(
            name=name, id_number=checked_id, phone=phone, email=email, agreed=True, sign=sign
        )
    store.set_state(certificate=json.dumps(reply, ensure_ascii=False))
    return reply
