"""The platform for both fronts: UKey login, who am I, sync, people and whitelist, offline too.

Every call that needs the server says, when it cannot reach it, what it could do from the local
store (:class:`Offline` carries that result): reading works from the last sync, changes wait
in the outbox.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sealdesk.app.keys import PinSource, key_session, signer_for
from sealdesk.app.settings import config_dir
from sealdesk.app.store import shared_store
from sealdesk.sync.client import PlatformClient, ServerRefused, ServerUnreachable
from sealdesk.sync.local import LocalPlatform, SyncReport
from sealdesk.sync.tokens import TokenStore
from sealdesk.ukey import Pkcs11Module

T = TypeVar("T")


class NotLoggedIn(Exception):
    """No platform session here: `sealdesk platform login` first."""


class Offline(Exception):
    """The server is unreachable; ``result`` is what the local store gave instead."""

    def __init__(self, cause: ServerUnreachable, result: Any, last_sync: str | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.result = result
        self.last_sync = last_sync


@dataclass(frozen=True)
class LoginResult:
    server: str
    user: dict[str, Any]
    unit: dict[str, Any]
    token_kept_in: str  # keyring | file
    sync: SyncReport


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
    server = server.rstrip("/")
    with PlatformClient(server, lang=lang) as client:
        challenge = client.request("POST", "/auth/challenge")["challenge"]
        with key_session(module, label, pin) as session:
            signer = signer_for(session)
            signature = signer.sign(base64.b64decode(challenge))
            certificate = signer.certificate
        reply = client.request(
            "POST",
            "/auth/ukey",
            json={
                "challenge": challenge,
                "certificate": base64.b64encode(certificate).decode(),
                "signature": base64.b64encode(signature).decode(),
            },
        )
    store = local()
    state = store.state()
    if state.get("server") != server or state.get("unit") != reply["unit"]["id"]:
        store.forget()  # another platform or unit: its data does not mix with this one's
    where = _tokens().set(server, reply["token"])
    store.set_state(server=server, unit=reply["unit"]["id"], user=reply["user"]["id"])
    with PlatformClient(server, token=reply["token"], lang=lang) as client:
        report = store.sync(client)
    return LoginResult(server, reply["user"], reply["unit"], where, report)


def _session(lang: str) -> tuple[LocalPlatform, PlatformClient]:
    store = local()
    server = store.state().get("server")
    token = _tokens().get(server) if server else None
    if not server or not token:
        raise NotLoggedIn
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


def logout(lang: str = "zh") -> None:
    """End the session on the server (when reachable) and forget the token here."""
    store, client = _session(lang)
    server = store.state()["server"]
    try:
        with client:
            client.request("POST", "/auth/logout")
    except ServerUnreachable:
        pass  # the token is forgotten here all the same; it expires on the server
    finally:
        _tokens().delete(server)


def sync(lang: str = "zh") -> SyncReport:
    """:raises NotLoggedIn | Offline | ServerRefused:"""
    return _online(lang, lambda s, c: s.sync(c), lambda s: s.outbox_size())


def _after_change(lang: str, change: Callable[[LocalPlatform], T]) -> T:
    """A change is made here first, then sent with a sync; offline it waits in the outbox."""
    store, client = _session(lang)
    result = change(store)
    with client:
        try:
            report = store.sync(client)
        except ServerUnreachable as e:
            raise Offline(e, result, store.state().get("last_sync")) from e
    if report.refused:  # the server wins: the change is gone here too
        first = report.refused[0]
        raise ServerRefused(first["code"], first["kind"], first["message"])
    return result


def people(lang: str = "zh", search: str = "", status: str = "all") -> list[dict[str, Any]]:
    """:raises NotLoggedIn | Offline | ServerRefused:"""

    def listed(s: LocalPlatform) -> list[dict[str, Any]]:
        return [p.to_json() for p in s.people(search, status)]

    return _online(lang, lambda s, c: (s.sync(c), listed(s))[1], listed)


def add_person(
    *, name: str, phone: str, id_number: str | None, roles: list[str], lang: str = "zh"
) -> dict[str, Any]:
    """The person as the server has them after the sync (or as made here, offline).

    :raises NotLoggedIn | Offline | ServerRefused:
    """
    made = _after_change(
        lang,
        lambda s: s.add_person(name=name, phone=phone, id_number=id_number, roles=roles),
    )
    return local().people_by_id(made.id).to_json()


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


def add_whitelist(entity_id: str, label: str, person_id: str | None, lang: str = "zh") -> None:
    _after_change(lang, lambda s: s.add_whitelist(entity_id, label, person_id))


def remove_whitelist(entity_id: str, lang: str = "zh") -> None:
    _after_change(lang, lambda s: s.remove_whitelist(entity_id))
