"""The role table for the seal-box endpoints, cell by cell: for every /sealbox endpoint the
OpenAPI document marks with its permission and every role, a person holding only that role
gets 200 where sealdesk.server.permissions.PERMISSIONS allows it and 403 where it does not.

Each cell is set up as that person's own case, so that only the role decides: a keeper keeps
the box, a grant is to the person, an application names them as its approver, a record is
theirs. (tests/server/test_roles.py checks the other endpoints the same way.)"""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import httpx

from sealdesk.server.permissions import ASSIGNABLE, BOX_ROLES, PERMISSIONS, Role
from tests.appfile_samples import JPEG as IMAGE
from tests.platform_env import API, ServerProcess, UnitCa
from tests.server.sealbox_env import Unit, bind, grant_body, ok

JPEG = b"\xff\xd8" + b"\x00" * 30 + b"\xff\xd9"
Ctx = dict[str, Any]


def _record(ctx: Ctx, *, photo: bool) -> None:
    admin, box = ctx["admin"], ctx["box"]
    record = {
        "seq": 0,
        "kind": "stamp",
        "time_ms": int(time.time() * 1000),
        "user_id": ctx["me"],
        "photo_bytes": len(JPEG),
    }
    ok(admin.post(f"{API}/sealbox/boxes/{box}/records", json={"records": [record]}))
    if photo:
        jpeg = {"photos": [{"seq": 0, "jpeg": base64.b64encode(JPEG).decode()}]}
        ok(admin.post(f"{API}/sealbox/boxes/{box}/photos", json=jpeg))
        ctx["record_id"] = ok(admin.get(f"{API}/sealbox/records"))["records"][-1]["id"]
    ctx["seq"] = 0


def _grant_to_me(ctx: Ctx, **extra: Any) -> dict[str, Any]:
    body = grant_body(ctx["box"], ctx["me"], **extra)
    reply = ok(ctx["admin"].post(f"{API}/sealbox/grants", json=body))
    ctx["grant_id"] = reply["grant"]["id"]
    return reply


def _my_grant(ctx: Ctx) -> None:
    _grant_to_me(ctx)


def _category(ctx: Ctx) -> str:
    name = f"类{uuid.uuid4().hex[:8]}"
    ctx["category_id"] = ok(ctx["admin"].post(f"{API}/sealbox/categories", json={"name": name}))[
        "category"
    ]["id"]
    return str(ctx["category_id"])


def _template(ctx: Ctx) -> None:
    body = {"box_id": ctx["box"], "category_id": _category(ctx), "approvers": [ctx["me"]]}
    ctx["template_id"] = ok(ctx["admin"].put(f"{API}/sealbox/templates", json=body))["template"][
        "id"
    ]


def _application_to_me(ctx: Ctx) -> None:
    _template(ctx)
    body = {
        "box_id": ctx["box"],
        "reason": "盖章",
        "category_id": ctx["category_id"],
        "count": 1,
        "not_after": int(time.time()) + 3600,
    }
    made = ok(ctx["admin"].post(f"{API}/sealbox/applications", json=body))
    ctx["app_id"] = made["application"]["id"]


def _my_application(ctx: Ctx) -> None:
    body = {"box_id": ctx["box"], "reason": "盖章", "count": 1, "not_after": int(time.time()) + 60}
    ctx["app_id"] = ok(ctx["client"].post(f"{API}/sealbox/applications", json=body))["application"][
        "id"
    ]


def _file_body() -> dict[str, Any]:
    return {"kind": "image", "name": "a.jpg", "data": base64.b64encode(IMAGE).decode()}


def _file_to_me(ctx: Ctx) -> None:
    """An application naming me its approver, with an image its applicant uploaded."""
    _application_to_me(ctx)
    url = f"{API}/sealbox/applications/{ctx['app_id']}/files"
    ctx["file_id"] = ok(ctx["admin"].post(url, json=_file_body()))["file"]["id"]


def _my_file(ctx: Ctx) -> None:
    """My application with an image I uploaded."""
    _my_application(ctx)
    url = f"{API}/sealbox/applications/{ctx['app_id']}/files"
    ctx["file_id"] = ok(ctx["client"].post(url, json=_file_body()))["file"]["id"]


def _new_person(ctx: Ctx, box_role: str | None = None) -> str:
    unit: Unit = ctx["unit"]
    person = ok(unit.admin.post(f"{API}/people", json={"name": "对象", "phone": _phone()}))
    pid = person["person"]["id"]
    if box_role:
        ok(unit.admin.put(f"{API}/sealbox/roles/{pid}", json={"role": box_role}))
    return str(pid)


_phones = iter(range(10**6))


def _phone() -> str:
    return f"137{(next(_phones) + uuid.uuid4().int % 10**7) % 10**8:08d}"


Request = tuple[Callable[[Ctx], None], Callable[[Ctx], dict[str, Any]]]


def _nothing(ctx: Ctx) -> None:
    pass


def _keeps(ctx: Ctx) -> None:
    body = {"person_ids": [ctx["me"]]}
    ctx["admin"].put(f"{API}/sealbox/boxes/{ctx['box']}/keepers", json=body)


def _my_record_without_photo(ctx: Ctx) -> None:
    _grant_to_me(ctx)
    _record(ctx, photo=False)


def _my_own_use(ctx: Ctx) -> None:
    """A grant the person gave themselves (直接使用), theirs to end whatever their role."""
    _nothing_ticked(ctx)
    used = ok(ctx["client"].post(f"{API}/sealbox/boxes/{ctx['box']}/use"))
    ctx["grant_id"] = used["grant"]["id"]


def _locked(ctx: Ctx) -> None:
    ok(ctx["admin"].post(f"{API}/sealbox/boxes/{ctx['box']}/lock"))


def _pre_authorized(ctx: Ctx) -> None:
    ctx["code"] = _grant_to_me(ctx, mode="preauthorized")["activation_code"]


def _target(ctx: Ctx) -> None:
    ctx["person_id"] = _new_person(ctx)


def _keeper(ctx: Ctx) -> None:
    ctx["keeper"] = _new_person(ctx, "keeper")


def _made_category(ctx: Ctx) -> None:
    _category(ctx)


def _nothing_ticked(ctx: Ctx) -> None:
    """功能配置 with nothing ticked (the cell's cleanup ticks everything again)."""
    ok(ctx["admin"].put(f"{API}/sealbox/features", json={"mode": "manual"}))
    ctx["restore"] = True


# (method, path) -> (prepare the caller's own case, the request's arguments)
REQUESTS: dict[tuple[str, str], Request] = {
    ("GET", "/sealbox/platform-key"): (_nothing, lambda c: {}),
    ("GET", "/sealbox/boxes"): (_nothing, lambda c: {}),
    ("GET", "/sealbox/boxes/{box_id}"): (_nothing, lambda c: {}),
    ("POST", "/sealbox/boxes"): (_nothing, lambda c: {"json": _bind_body()}),
    ("PATCH", "/sealbox/boxes/{box_id}"): (_nothing, lambda c: {"json": {"name": "改名"}}),
    ("POST", "/sealbox/boxes/{box_id}/unbind"): (_nothing, lambda c: {}),
    ("PUT", "/sealbox/roles/{person_id}"): (
        _target,
        lambda c: {"json": {"role": "keeper"}},
    ),
    ("PUT", "/sealbox/boxes/{box_id}/keepers"): (
        _keeper,
        lambda c: {"json": {"person_ids": [c["keeper"]]}},
    ),
    ("POST", "/sealbox/boxes/{box_id}/contact"): (
        _my_grant,
        lambda c: {"json": {"device_id": c["device_id"]}},
    ),
    ("POST", "/sealbox/boxes/{box_id}/deliveries"): (
        _my_grant,
        lambda c: {"json": {"results": []}},
    ),
    ("POST", "/sealbox/boxes/{box_id}/records"): (
        _my_grant,
        lambda c: {"json": {"records": []}},
    ),
    ("POST", "/sealbox/boxes/{box_id}/photos"): (
        _my_record_without_photo,
        lambda c: {"json": {"photos": [{"seq": 0, "jpeg": base64.b64encode(JPEG).decode()}]}},
    ),
    ("GET", "/sealbox/records"): (_nothing, lambda c: {}),
    ("GET", "/sealbox/records/{record_id}/photo"): (
        lambda c: _record(c, photo=True),
        lambda c: {},
    ),
    ("POST", "/sealbox/records/seen"): (_nothing, lambda c: {"json": {"upto": 1}}),
    ("GET", "/sealbox/boxes/{box_id}/track"): (_nothing, lambda c: {"params": {"place": "楼"}}),
    ("GET", "/sealbox/sms"): (_nothing, lambda c: {}),
    ("POST", "/sealbox/boxes/{box_id}/records/export"): (
        _nothing,
        lambda c: {"json": {"from_ms": 0, "to_ms": 86_400_000, "email": "a@example.cn"}},
    ),
    ("PUT", "/sealbox/boxes/{box_id}/settings"): (_keeps, lambda c: {"json": {"backlight": 9}}),
    ("POST", "/sealbox/boxes/{box_id}/offline-code"): (_nothing, lambda c: {}),
    ("POST", "/sealbox/boxes/{box_id}/lock"): (_nothing, lambda c: {}),
    ("POST", "/sealbox/boxes/{box_id}/unlock"): (
        _locked,
        lambda c: {},
    ),
    ("GET", "/sealbox/categories"): (_nothing, lambda c: {}),
    ("POST", "/sealbox/categories"): (
        _nothing,
        lambda c: {"json": {"name": f"类{uuid.uuid4().hex[:8]}"}},
    ),
    ("DELETE", "/sealbox/categories/{category_id}"): (_made_category, lambda c: {}),
    ("GET", "/sealbox/templates"): (_nothing, lambda c: {"params": {"box_id": c["box"]}}),
    ("PUT", "/sealbox/templates"): (
        _made_category,
        lambda c: {
            "json": {"box_id": c["box"], "category_id": c["category_id"], "approvers": [c["me"]]}
        },
    ),
    ("DELETE", "/sealbox/templates/{template_id}"): (_template, lambda c: {}),
    ("POST", "/sealbox/applications"): (
        _nothing,
        lambda c: {
            "json": {
                "box_id": c["box"],
                "reason": "盖章",
                "count": 1,
                "not_after": int(time.time()) + 3600,
            }
        },
    ),
    ("GET", "/sealbox/applications"): (_nothing, lambda c: {}),
    ("POST", "/sealbox/applications/{app_id}/approve"): (
        _application_to_me,
        lambda c: {"json": {}},
    ),
    ("POST", "/sealbox/applications/{app_id}/reject"): (
        _application_to_me,
        lambda c: {"json": {"reason": "不对"}},
    ),
    ("POST", "/sealbox/applications/{app_id}/files"): (
        _my_application,
        lambda c: {"json": _file_body()},
    ),
    ("GET", "/sealbox/applications/{app_id}/files"): (_application_to_me, lambda c: {}),
    ("GET", "/sealbox/applications/{app_id}/files/{file_id}"): (_file_to_me, lambda c: {}),
    ("DELETE", "/sealbox/applications/{app_id}/files/{file_id}"): (_my_file, lambda c: {}),
    ("POST", "/sealbox/grants"): (
        _keeps,
        lambda c: {"json": grant_body(c["box"], c["unit"].admin_id)},
    ),
    ("GET", "/sealbox/grants"): (_keeps, lambda c: {}),
    ("GET", "/sealbox/my-grants"): (_nothing, lambda c: {}),
    ("POST", "/sealbox/grants/{grant_id}/end"): (
        _my_own_use,
        lambda c: {},
    ),
    ("GET", "/sealbox/features"): (_nothing, lambda c: {}),
    ("PUT", "/sealbox/features"): (_nothing, lambda c: {"json": {"mode": "batch"}}),
    ("POST", "/sealbox/boxes/{box_id}/use"): (_nothing_ticked, lambda c: {}),
    ("POST", "/sealbox/grants/{grant_id}/activate"): (
        _pre_authorized,
        lambda c: {"json": {"code": c["code"]}},
    ),
}


def _bind_body() -> dict[str, Any]:
    device = f"GL-{uuid.uuid4().hex[:8].upper()}"
    return {
        "device_id": device,
        "model": "GL",
        "firmware": "GYGL2025010101",
        "address": "C1:22:33:44:55:66",
        "ble_name": "ZGY_GL",
        "name": "章",
    }


def _clean(admin: httpx.Client, box_ids: list[str], *, restore: bool = False) -> None:
    """Grants ended and boxes unbound: the unit stays under its 50 boxes; every item of
    功能配置 ticked again."""
    if restore:
        ok(admin.put(f"{API}/sealbox/features", json={"mode": "batch"}))
    for box_id in box_ids:
        box = ok(admin.get(f"{API}/sealbox/boxes/{box_id}"))["box"]
        if box["open_grant"]:
            ok(admin.post(f"{API}/sealbox/grants/{box['open_grant']['id']}/end"))
        if box["state"] == "bound":
            ok(admin.post(f"{API}/sealbox/boxes/{box_id}/unbind"))


def test_every_role_and_sealbox_endpoint_as_the_table_says(server: ServerProcess, test_ca: UnitCa):
    spec = httpx.get(f"{server.url}{API}/openapi.json").json()
    cells = [
        (method.upper(), path.removeprefix(API), operation["x-permission"])
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if "x-permission" in operation and path.removeprefix(API).startswith("/sealbox")
    ]
    assert {p for _m, _p, p in cells} == {p for p in PERMISSIONS if p.startswith("sealbox.")}
    assert {(m, p) for m, p, _ in cells} == set(REQUESTS), "a request for every endpoint"
    checked = 0
    for role in sorted(Role):
        with ExitStack() as stack:
            unit = Unit(server, test_ca, stack)
            if role == Role.SUPER_ADMIN:
                me, client = unit.admin_id, unit.admin
            else:
                member = unit.member(
                    box_role=role.value if role in BOX_ROLES else None,
                    roles=[role.value] if role in ASSIGNABLE else [],
                )
                me, client = member.id, member.client
            for method, path, permission in cells:
                box = ok(bind(unit.admin))["box"]
                ctx: Ctx = {
                    "unit": unit,
                    "admin": unit.admin,
                    "me": me,
                    "box": box["id"],
                    "box_id": box["id"],
                    "device_id": box["device_id"],
                    "client": client,
                }
                prepare, arguments = REQUESTS[(method, path)]
                prepare(ctx)
                url = f"{API}{path.format(**ctx)}"
                reply = client.request(method, url, **arguments(ctx))
                expected = 200 if role in PERMISSIONS[permission] else 403
                assert reply.status_code == expected, (role, method, path, reply.text)
                if expected == 403:
                    assert reply.json()["error"]["kind"] == "forbidden"
                made = (
                    [reply.json()["box"]["id"]]
                    if (method, path) == ("POST", "/sealbox/boxes") and expected == 200
                    else []
                )
                _clean(unit.admin, [box["id"], *made], restore=ctx.get("restore", False))
                checked += 1
    assert checked == len(cells) * len(Role)
