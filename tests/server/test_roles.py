"""The role table, cell by cell: for every endpoint the OpenAPI document marks with its
permission and every role, a person holding only that role gets 200 where
sealdesk.server.permissions.PERMISSIONS allows it and 403 where it does not."""

from __future__ import annotations

import base64
import io
import itertools
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from PIL import Image, ImageDraw

from sealdesk.server.permissions import ASSIGNABLE, BOX_ROLES, PERMISSIONS, Role
from tests.platform_env import (
    API,
    ServerProcess,
    SoftKey,
    UnitCa,
    credit_code,
    key_proof,
    person_body,
    session,
)

_phones = itertools.count(7300000)


def _id_number() -> str:
    from sealdesk.server.schemas import _ID_WEIGHTS

    first = f"11010119900307{next(_phones) % 1000:03d}"
    total = sum(int(c) * w for c, w in zip(first, _ID_WEIGHTS, strict=True))
    return first + "10X98765432"[total % 11]


def _seal_application() -> dict[str, Any]:
    """A cloud seal's application with a small uploaded picture."""
    image = Image.new("RGB", (64, 64), "white")
    ImageDraw.Draw(image).ellipse((4, 4, 60, 60), outline=(230, 0, 18), width=4)
    png = io.BytesIO()
    image.save(png, "PNG")
    return {
        "name": f"章{uuid.uuid4().hex[:8]}",
        "type": "cloud",
        "handler_name": "经办人",
        "handler_phone": "13912345678",
        "handler_id_number": _id_number(),
        "image": {"name": "seal.png", "data": base64.b64encode(png.getvalue()).decode()},
    }


def _approved_ukey_seal(server: ServerProcess, client: httpx.Client, proof: dict[str, str]) -> str:
    """A USB KEY seal's application signed with ``proof``, approved by the CA (an operator)."""
    from sealdesk.server.admin import add_operator, review_seal

    body = {**_seal_application(), "type": "ukey", "proof": proof}
    made = client.post(f"{API}/seals/applications", json=body)
    made.raise_for_status()
    app_id: str = made.json()["application"]["id"]
    operator = f"CA-{uuid.uuid4().hex[:6]}"
    add_operator(server.db_url, operator)
    review_seal(server.db_url, app_id, operator=operator)
    return app_id


def _valid(server: ServerProcess, application_id: str) -> None:
    """A cloud seal made 有效 in the database (the platform does not make cloud seals yet)."""
    import sqlalchemy as sa

    from sealdesk.server.db import make_engine

    engine = make_engine(server.db_url)
    try:
        with engine.begin() as db:
            db.execute(
                sa.text("UPDATE seal_applications SET state = 'valid' WHERE id = :id"),
                {"id": application_id},
            )
    finally:
        engine.dispose()


# one request per endpoint that succeeds when the role may make it; `ctx` holds ids to act on
def _requests(
    ctx: dict[str, str], prove: Callable[[], dict[str, str]]
) -> dict[tuple[str, str], Callable[[], dict[str, Any]]]:
    def new_person() -> dict[str, Any]:
        return {"json": person_body(next(_phones))}

    return {
        ("GET", "/me"): dict,
        ("PUT", "/me/password"): lambda: {"json": {"password": "abc12345"}},
        ("PUT", "/me/signing-password"): lambda: {"json": {"password": "123456"}},
        ("POST", "/auth/logout"): dict,  # last: it ends the session
        ("GET", "/sync"): dict,
        ("GET", "/people"): dict,
        ("POST", "/people"): new_person,
        ("PATCH", "/people/{person_id}"): lambda: {"json": {"name": "改名"}},
        ("DELETE", "/people/{person_id}"): dict,
        ("PUT", "/people/{person_id}/roles"): lambda: {"json": {"roles": ["auditor"]}},
        ("GET", "/roles"): dict,
        ("GET", "/departments"): dict,
        ("POST", "/departments"): lambda: {"json": {"name": f"部门{uuid.uuid4().hex[:6]}"}},
        ("DELETE", "/departments/{department_id}"): dict,
        ("GET", "/whitelist"): dict,
        ("POST", "/whitelist"): lambda: {"json": {"entity_id": f"E-{uuid.uuid4().hex[:8]}"}},
        ("DELETE", "/whitelist/{entity_id}"): dict,
        ("GET", "/audit"): dict,
        ("GET", "/certificate-request"): dict,
        ("POST", "/certificate-request"): lambda: {
            "json": {
                "handler_name": "经办人",
                "handler_id_number": _id_number(),
                "handler_phone": "13912345678",
                "handler_email": "a@example.cn",
                "agreed": True,
                **prove(),  # signed by the caller's own key
            }
        },
        ("POST", "/seals/applications"): lambda: {"json": _seal_application()},
        ("GET", "/seals/applications"): dict,
        ("GET", "/seals/applications/{application_id}"): dict,
        ("GET", "/seals/applications/{application_id}/seal"): dict,
        # the super admin's own USB KEY seal, approved by the CA: its receipt with its key
        ("POST", "/seals/applications/{application_id}/receipt"): lambda: {"json": prove()},
        ("POST", "/seals/applications/{application_id}/freeze"): dict,  # after the receipt
        ("POST", "/seals/applications/{application_id}/unfreeze"): dict,
        ("POST", "/seals/applications/{application_id}/revoke"): dict,  # last
    }


def test_every_role_and_endpoint_as_the_table_says(server: ServerProcess, test_ca: UnitCa):
    spec = httpx.get(f"{server.url}{API}/openapi.json").json()
    cells = [
        (method.upper(), path.removeprefix(API), operation["x-permission"])
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        # the seal-box endpoints have a table of their own (test_sealbox_roles.py)
        if "x-permission" in operation and not path.removeprefix(API).startswith("/sealbox")
    ]
    # every permission has an endpoint
    assert {p for _m, _p, p in cells} == {p for p in PERMISSIONS if not p.startswith("sealbox.")}
    code = credit_code()
    main = test_ca.key(code, "ROLES-MAIN")
    ctx: dict[str, str] = {}
    signer: list[SoftKey] = []  # the key of the role being checked

    def prove() -> dict[str, str]:
        with httpx.Client(base_url=server.url, timeout=30) as anyone:
            return key_proof(anyone, signer[-1])

    requests = _requests(ctx, prove)
    assert {(m, p) for m, p, _ in cells} == set(requests), "a request for every endpoint"
    cells.sort(key=lambda c: c[1] == "/auth/logout")
    checked = 0
    with session(server.url, main) as admin:
        keys = {}
        for role in sorted(Role):
            if role == Role.SUPER_ADMIN:
                keys[role] = main
                continue
            roles = [role.value] if role in ASSIGNABLE else []
            person = admin.post(
                f"{API}/people", json={**person_body(next(_phones)), "roles": roles}
            )
            person.raise_for_status()
            if role in BOX_ROLES:  # given on the 印控 side
                admin.put(
                    f"{API}/sealbox/roles/{person.json()['person']['id']}", json={"role": role}
                ).raise_for_status()
            entity = f"ROLE-{role.value}"
            admin.post(
                f"{API}/whitelist",
                json={"entity_id": entity, "person_id": person.json()["person"]["id"]},
            ).raise_for_status()
            keys[role] = test_ca.key(code, entity)
        # 申请数字证书 first: no seal is applied for before it (409 certificate_required)
        signer.append(main)
        certify = requests[("POST", "/certificate-request")]()
        admin.post(f"{API}/certificate-request", **certify).raise_for_status()
        for role, key in keys.items():
            signer.append(key)
            with session(server.url, key) as client:
                # an application the role may read: its own where it may apply
                maker = client if role in PERMISSIONS["seals.apply"] else admin
                made = maker.post(f"{API}/seals/applications", json=_seal_application())
                ctx["application_id"] = made.json()["application"]["id"]
                if role == Role.SUPER_ADMIN:  # a USB KEY seal, approved: its 回执 is theirs
                    ctx["application_id"] = _approved_ukey_seal(server, client, prove())
                elif role in PERMISSIONS["seals.revoke"]:  # their cloud seal, 有效: 冻结, 注销
                    _valid(server, ctx["application_id"])
                for method, path, permission in cells:
                    # fresh targets for each call, made by the super admin
                    target = admin.post(f"{API}/people", json=person_body(next(_phones))).json()
                    ctx["person_id"] = target["person"]["id"]
                    ctx["department_id"] = admin.post(
                        f"{API}/departments", json={"name": f"d{uuid.uuid4().hex[:8]}"}
                    ).json()["department"]["id"]
                    ctx["entity_id"] = f"T-{uuid.uuid4().hex[:8]}"
                    admin.post(f"{API}/whitelist", json={"entity_id": ctx["entity_id"]})
                    reply = client.request(
                        method, f"{API}{path.format(**ctx)}", **requests[(method, path)]()
                    )
                    expected = 200 if role in PERMISSIONS[permission] else 403
                    assert reply.status_code == expected, (role, method, path, reply.text)
                    if expected == 403:
                        assert reply.json()["error"]["kind"] == "forbidden"
                    checked += 1
                    # keep under the quotas: the targets go again
                    admin.delete(f"{API}/people/{ctx['person_id']}")
                    admin.delete(f"{API}/departments/{ctx['department_id']}")
    assert checked == len(cells) * len(Role)
