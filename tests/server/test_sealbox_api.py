"""The seal-box endpoints on the real server (PostgreSQL), with the simulated box's firmware
logic taking the commands the server signs: binding rules, keepers and roles, applications
and their bad input, grants, pre-authorization, 强制上传记录, lost-lock at the next contact,
settings and the 主管理员's offline code, records with photos and the unread count, the log."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sealdesk.app.sealbox import info_json
from sealdesk.sealbox.protocol.messages import Signed, decode_as
from sealdesk.sealbox.records import as_json
from sealdesk.sealbox.simulator.box import Box, Refused, Situation
from tests.platform_env import API, ServerProcess, UnitCa
from tests.server.sealbox_env import Member, Unit, bind, error, grant_body, in_unit, ok

BOXES = f"{API}/sealbox/boxes"


@pytest.fixture
def unit(server: ServerProcess, test_ca: UnitCa) -> Iterator[Unit]:
    yield from in_unit(server, test_ca)


class Carrier:
    """A client at the box: reports it, carries the server's commands, uploads its records."""

    def __init__(self, client: httpx.Client, box_id: str, sim: Box) -> None:
        self.client, self.box_id, self.sim = client, box_id, sim

    def contact(self) -> list[tuple[str, str]]:
        reply = ok(
            self.client.post(f"{BOXES}/{self.box_id}/contact", json=info_json(self.sim.info()))
        )
        done, results = [], []
        for command in reply["pending"]:
            signed = decode_as(Signed, base64.b64decode(command["signed"]))
            try:
                self.sim.command(signed)
                results.append({"counter": command["counter"], "outcome": "ok"})
                done.append((command["kind"], "ok"))
            except Refused as e:
                results.append(
                    {"counter": command["counter"], "outcome": "refused", "reason": e.reason}
                )
                done.append((command["kind"], e.reason))
        body = {"results": results, "info": info_json(self.sim.info())}
        ok(self.client.post(f"{BOXES}/{self.box_id}/deliveries", json=body))
        return done

    def upload(self, *, photos: bool = True) -> dict[str, Any]:
        records = [as_json(r) for r, _ in self.sim.records(0, 10_000)]
        body = {"records": records, "info": info_json(self.sim.info())}
        reply = ok(self.client.post(f"{BOXES}/{self.box_id}/records", json=body))
        if photos and reply["missing_photos"]:
            jpegs = [
                {"seq": seq, "jpeg": base64.b64encode(self.sim.photo(seq)).decode()}
                for seq in reply["missing_photos"]
            ]
            ok(self.client.post(f"{BOXES}/{self.box_id}/photos", json={"photos": jpegs}))
        return reply


def bound_box(unit: Unit, tmp_path: Path, model: str = "GL") -> tuple[dict[str, Any], Box]:
    """A simulated box bound on the server and to the platform's key."""
    sim = Box.create(tmp_path / f"box-{model}-{time.monotonic_ns()}", model=model, name="ZGY_GL")
    reply = ok(bind(unit.admin, device_id=sim.device_id, model=model, fingerprint=model == "GL"))
    sim.bind(bytes.fromhex(reply["platform_key"]), reply["box"]["name"], reply["unit_name"])
    return reply["box"], sim


def test_bind_unbind_and_a_box_bound_elsewhere(
    unit: Unit, server: ServerProcess, test_ca: UnitCa, tmp_path: Path
):
    box, sim = bound_box(unit, tmp_path)
    carrier = Carrier(unit.admin, box["id"], sim)
    assert carrier.contact() == [("settings", "ok")]
    again = ok(bind(unit.admin, device_id=sim.device_id))  # a retried bind: the same binding
    assert again["existing"] and again["box"]["id"] == box["id"]
    keeper = unit.member("keeper")
    error(bind(keeper.client), 403, "forbidden")
    box_admin = unit.member("box_admin")
    assert ok(bind(box_admin.client))["box"]["state"] == "bound"

    for other in in_unit(server, test_ca):
        error(bind(other.admin, device_id=sim.device_id), 409, "bound_elsewhere")
        person = unit.member()
        grant = ok(unit.admin.post(f"{API}/sealbox/grants", json=grant_body(box["id"], person.id)))
        error(unit.admin.post(f"{BOXES}/{box['id']}/unbind"), 409, "grant_open")
        ok(unit.admin.post(f"{API}/sealbox/grants/{grant['grant']['id']}/end"))
        unbound = ok(unit.admin.post(f"{BOXES}/{box['id']}/unbind"))
        assert unbound["box"]["state"] == "unbound" and unbound["command"]["kind"] == "unbind"
        sim.command(decode_as(Signed, base64.b64decode(unbound["command"]["signed"])))
        assert sim.info().screen == "未绑定"
        # the other unit binds it now; its commands count on from the last one signed
        reply = ok(bind(other.admin, device_id=sim.device_id))
        sim.bind(bytes.fromhex(reply["platform_key"]), "新", "")
        assert Carrier(other.admin, reply["box"]["id"], sim).contact() == [("settings", "ok")]
        assert sim.info().counter > unbound["command"]["counter"]
        error(unit.admin.get(f"{BOXES}/{reply['box']['id']}"), 404, "not_found")


def test_the_51st_box_of_a_unit_is_429(unit: Unit):
    for _ in range(50):
        ok(bind(unit.admin))
    error(bind(unit.admin), 429, "boxes_quota")
    assert len(ok(unit.admin.get(BOXES))["boxes"]) == 50


def test_keepers_and_the_box_roles(unit: Unit):
    box = unit.bind()
    keepers = [unit.member("keeper") for _ in range(4)]
    plain = unit.member()
    url = f"{BOXES}/{box['id']}/keepers"
    error(unit.admin.put(url, json={"person_ids": [k.id for k in keepers]}), 422, "invalid")
    error(unit.admin.put(url, json={"person_ids": [plain.id]}), 409, "not_keeper")
    kept = ok(unit.admin.put(url, json={"person_ids": [k.id for k in keepers[:3]]}))
    assert {k["id"] for k in kept["box"]["keepers"]} == {k.id for k in keepers[:3]}

    roles = f"{API}/sealbox/roles"
    box_admin = unit.member("box_admin")
    error(unit.admin.put(f"{roles}/{plain.id}", json={"role": "box_admin"}), 409, "one_box_admin")
    error(box_admin.client.put(f"{roles}/{plain.id}", json={"role": "box_admin"}), 403)
    error(unit.admin.put(f"{roles}/{unit.admin_id}", json={"role": "keeper"}), 409, "main_admin")
    ok(box_admin.client.put(f"{roles}/{plain.id}", json={"role": "keeper"}))  # 设置管章人
    error(keepers[0].client.put(f"{roles}/{plain.id}", json={"role": "member"}), 403, "forbidden")
    # the other roles are given elsewhere and leave the box role alone, and the reverse
    error(unit.admin.put(f"{API}/people/{plain.id}/roles", json={"roles": ["keeper"]}), 422)
    person = ok(unit.admin.put(f"{API}/people/{plain.id}/roles", json={"roles": ["auditor"]}))
    assert set(person["person"]["roles"]) == {"auditor", "keeper", "member"}
    # no longer a keeper: no longer keeping a box
    ok(unit.admin.put(f"{roles}/{keepers[0].id}", json={"role": "member"}))
    box = ok(unit.admin.get(f"{BOXES}/{box['id']}"))["box"]
    assert {k["id"] for k in box["keepers"]} == {k.id for k in keepers[1:3]}


def _application(box_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "box_id": box_id,
        "reason": "合同盖章",
        "file_name": "采购合同.pdf",
        "file_type": "合同",
        "copies": 2,
        "count": 3,
        "not_after": int(time.time()) + 3600,
        **extra,
    }


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"count": 501}, "count"),
        ({"count": -1}, "count"),
        ({"count": "a"}, "count"),
        ({"count": 2.5}, "count"),
        ({"count": True}, "count"),
        ({"not_before": 7200}, "body"),  # start after end (seconds from now)
        ({"not_before": 3600}, "body"),  # start = end
        ({"not_after": -5}, "body"),  # ended already
        ({"note": "备" * 121}, "note"),
        ({"reason": "   "}, "reason"),
        ({"reason": "a\x00b"}, "reason"),
        ({"box_id": "not-a-box"}, "box_id"),
    ],
)
def test_bad_applications_are_422_and_keep_nothing(unit: Unit, extra: dict[str, Any], field: str):
    box = unit.bind()
    body = _application(box["id"])
    now = int(time.time())
    body.update({k: now + v if k.startswith("not_") else v for k, v in extra.items()})
    body["not_after"] = now + 3600 if "not_after" not in extra else body["not_after"]
    reply = unit.admin.post(f"{API}/sealbox/applications", json=body)
    assert field in error(reply, 422, "invalid")["message"]
    assert ok(unit.admin.get(f"{API}/sealbox/applications", params={"view": "all"})) == {
        "applications": []
    }


def test_bad_grants_and_a_second_grant(unit: Unit):
    box = unit.bind()
    person = unit.member()
    url = f"{API}/sealbox/grants"
    for extra in (
        {"count": 501},
        {"count": -1},
        {"count": "a"},
        {"not_before": int(time.time()) + 4000},
        {"not_after": int(time.time())},
    ):
        error(unit.admin.post(url, json=grant_body(box["id"], person.id, **extra)), 422)
    error(unit.admin.post(url, json={"box_id": box["id"], "user_id": person.id}), 422)
    first = ok(unit.admin.post(url, json=grant_body(box["id"], person.id, count=0)))
    assert first["grant"]["count"] == 0 and first["grant"]["state"] == "active"
    second = unit.admin.post(url, json=grant_body(box["id"], person.id))
    assert "人员" in error(second, 409, "grant_open")["message"]
    small = unit.bind(model="L", fingerprint=False)
    reply = unit.admin.post(url, json=grant_body(small["id"], person.id, fingerprint=True))
    error(reply, 409, "no_fingerprint")
    keeper = unit.member("keeper")  # a keeper of no box
    error(
        keeper.client.post(url, json=grant_body(small["id"], person.id)), 403, "not_keeper_of_box"
    )


def test_templates_categories_and_approvals(unit: Unit):
    box = unit.bind()
    a, b, c = unit.member(), unit.member(), unit.member()
    categories = f"{API}/sealbox/categories"
    contract = ok(unit.admin.post(categories, json={"name": "合同"}))["category"]
    error(unit.admin.post(categories, json={"name": "合同"}), 409, "duplicate_name")
    spare = ok(unit.admin.post(categories, json={"name": "备用"}))["category"]
    templates = f"{API}/sealbox/templates"
    body = {"box_id": box["id"], "category_id": contract["id"]}
    many = [unit.member().id for _ in range(4)]
    error(unit.admin.put(templates, json={**body, "approvers": many}), 422)
    error(unit.admin.put(templates, json={**body, "approvers": [a.id], "cc": many}), 422)
    error(unit.admin.put(templates, json={**body, "approvers": [a.id, a.id]}), 422)
    ok(unit.admin.put(templates, json={**body, "approvers": [a.id, b.id], "cc": [c.id]}))
    listed = ok(unit.admin.get(templates, params={"box_id": box["id"]}))["templates"]
    assert listed[0]["system"] and [x["id"] for x in listed[1]["approvers"]] == [a.id, b.id]

    applicant = unit.member()
    apps = f"{API}/sealbox/applications"
    made = ok(applicant.client.post(apps, json=_application(box["id"], category_id=contract["id"])))
    app_id = made["application"]["id"]
    error(unit.admin.delete(f"{categories}/{contract['id']}"), 409, "category_in_use")
    ok(unit.admin.delete(f"{categories}/{spare['id']}"))
    assert [x["id"] for x in ok(c.client.get(apps, params={"view": "cc"}))["applications"]] == [
        app_id
    ]
    error(b.client.post(f"{apps}/{app_id}/approve", json={}), 403, "not_approver")  # not yet
    assert [x["id"] for x in ok(a.client.get(apps, params={"view": "todo"}))["applications"]] == [
        app_id
    ]
    ok(a.client.post(f"{apps}/{app_id}/approve", json={}))
    for blank in ("", "   ", "\t"):
        error(b.client.post(f"{apps}/{app_id}/reject", json={"reason": blank}), 422, "invalid")
    error(b.client.post(f"{apps}/{app_id}/reject", json={}), 422, "invalid")
    rejected = ok(b.client.post(f"{apps}/{app_id}/reject", json={"reason": "份数不对"}))
    assert rejected["application"]["state"] == "rejected"
    assert rejected["application"]["decisions"][-1]["reason"] == "份数不对"
    error(b.client.post(f"{apps}/{app_id}/approve", json={}), 409, "not_pending")
    grant = grant_body(box["id"], applicant.id, application_id=app_id)
    error(unit.admin.post(f"{API}/sealbox/grants", json=grant), 409, "application_state")
    # without a template: the system one, the box's keepers (or the admins) approve
    keeper = unit.member("keeper")
    ok(unit.admin.put(f"{BOXES}/{box['id']}/keepers", json={"person_ids": [keeper.id]}))
    plain = ok(applicant.client.post(apps, json=_application(box["id"])))["application"]
    assert plain["steps"] == [[{"id": keeper.id, "name": keeper.name}]]
    assert (
        ok(keeper.client.post(f"{apps}/{plain['id']}/approve", json={}))["application"]["state"]
        == "approved"
    )
    granted = ok(
        keeper.client.post(
            f"{API}/sealbox/grants", json={"box_id": box["id"], "application_id": plain["id"]}
        )
    )["grant"]
    assert (granted["user_id"], granted["count"]) == (applicant.id, 3)
    mine = ok(applicant.client.get(apps))["applications"]
    assert {x["id"]: x["state"] for x in mine} == {app_id: "rejected", plain["id"]: "granted"}


def test_grant_press_upload_and_end_with_the_box(unit: Unit, tmp_path: Path):
    box, sim = bound_box(unit, tmp_path)
    keeper, user, other = unit.member("keeper"), unit.member(), unit.member()
    ok(unit.admin.put(f"{BOXES}/{box['id']}/keepers", json={"person_ids": [keeper.id]}))
    carrier = Carrier(keeper.client, box["id"], sim)
    grant = ok(
        keeper.client.post(f"{API}/sealbox/grants", json=grant_body(box["id"], user.id, count=3))
    )["grant"]
    assert carrier.contact() == [("settings", "ok"), ("grant", "ok")]
    sim.set_connected(1)  # the keeper's client is at the box (else 限制使用)
    assert sim.info().screen == "0/3"
    assert sim.press().stamped and sim.press().stamped
    sim.press(situation=Situation.POWERING_OFF)
    uploaded = carrier.upload()
    assert uploaded["stored"] == 3 and uploaded["records_next"] == 3
    again = carrier.upload()
    assert again["stored"] == 0 and again["missing_photos"] == []
    records = ok(keeper.client.get(f"{API}/sealbox/records"))
    assert [r["kind"] for r in records["records"]] == ["stamp", "stamp", "abnormal"]
    assert records["unread_abnormal"] == 1 and records["records"][2]["cause"] == "powering_off"
    photo = ok(keeper.client.get(f"{API}/sealbox/records/{records['records'][0]['id']}/photo"))
    assert base64.b64decode(photo["jpeg"]) == sim.photo(0)
    ok(
        keeper.client.post(
            f"{API}/sealbox/records/seen", json={"upto": records["records"][2]["id"]}
        )
    )
    assert ok(keeper.client.get(f"{API}/sealbox/records"))["unread_abnormal"] == 0
    # the grantee sees their stamps, another member nothing
    assert len(ok(user.client.get(f"{API}/sealbox/records"))["records"]) == 2
    assert ok(other.client.get(f"{API}/sealbox/records"))["records"] == []
    error(other.client.get(f"{API}/sealbox/records/{records['records'][0]['id']}/photo"), 404)
    state = ok(keeper.client.get(f"{API}/sealbox/grants"))["grants"][0]
    assert (state["id"], state["used"], state["state"]) == (grant["id"], 2, "active")
    assert ok(user.client.get(f"{API}/sealbox/my-grants"))["grants"][0]["id"] == grant["id"]

    end = f"{API}/sealbox/grants/{grant['id']}/end"
    for not_theirs in (user, other):  # a keeper's grant: its grantee does not end it
        error(not_theirs.client.post(end), 403, "not_keeper_of_box")
    ended = ok(keeper.client.post(end))
    assert ended["grant"]["state"] == "ended" and ended["command"]["kind"] == "end"
    error(keeper.client.post(end), 409, "not_active")
    # ended by the keeper, the box is no longer the grantee's: they do not reach it (nor carry
    # the end, nor see what else waits for it)
    contact = f"{BOXES}/{box['id']}/contact"
    error(user.client.post(contact, json=info_json(sim.info())), 403, "not_keeper_of_box")
    assert carrier.contact() == [("end", "ok")]
    assert sim.info().screen == "请授权使用"
    # a photo of the wrong size, or not a JPEG, or of no record, is refused: all or nothing
    photos = f"{BOXES}/{box['id']}/photos"

    def jpeg(seq: int, data: bytes) -> dict[str, Any]:
        return {"seq": seq, "jpeg": base64.b64encode(data).decode()}

    bad = {"photos": [jpeg(0, b"\xff\xd8" + b"x" * 10)]}
    error(keeper.client.post(photos, json=bad), 422, "photo_size")
    gif = {"photos": [jpeg(0, b"GIF89a")]}
    error(keeper.client.post(photos, json=gif), 422, "not_jpeg")
    twice = {"photos": [jpeg(0, sim.photo(0)), jpeg(0, sim.photo(0))]}
    error(keeper.client.post(photos, json=twice), 422, "invalid")
    error(keeper.client.post(photos, json={"photos": [jpeg(99, sim.photo(0))]}), 404)
    error(keeper.client.post(photos, json={"photos": []}), 422, "invalid")

    # a keeper no longer (taken off the box) does not end the grant they gave
    again = ok(keeper.client.post(f"{API}/sealbox/grants", json=grant_body(box["id"], user.id)))
    ok(unit.admin.put(f"{BOXES}/{box['id']}/keepers", json={"person_ids": []}))
    gone = f"{API}/sealbox/grants/{again['grant']['id']}/end"
    error(keeper.client.post(gone), 403, "not_keeper_of_box")
    assert ok(unit.admin.post(gone))["grant"]["state"] == "ended"


def test_force_upload_blocks_the_end_until_records_are_up(unit: Unit, tmp_path: Path):
    box, sim = bound_box(unit, tmp_path)
    user = unit.member()
    carrier = Carrier(unit.admin, box["id"], sim)
    body = grant_body(box["id"], user.id, count=0, force_upload=True)
    grant = ok(unit.admin.post(f"{API}/sealbox/grants", json=body))["grant"]
    assert grant["flags"] == ["photo", "force_upload"]
    carrier.contact()
    sim.set_connected(1)
    assert sim.press().stamped
    carrier.contact()  # the box says it has a record the platform does not
    end = f"{API}/sealbox/grants/{grant['id']}/end"
    assert "上传" in error(unit.admin.post(end), 409, "records_not_uploaded")["message"]
    carrier.upload()
    assert ok(unit.admin.post(end))["grant"]["state"] == "ended"


def test_a_grant_ended_while_the_box_is_away(unit: Unit, tmp_path: Path):
    box, sim = bound_box(unit, tmp_path)
    user = unit.member()
    carrier = Carrier(unit.admin, box["id"], sim)
    grant = ok(unit.admin.post(f"{API}/sealbox/grants", json=grant_body(box["id"], user.id)))
    carrier.contact()
    sim.set_connected(1)
    ok(unit.admin.post(f"{API}/sealbox/grants/{grant['grant']['id']}/end"))  # the box is away
    time.sleep(0.01)
    assert sim.press().stamped  # the box does not know yet
    carrier.upload()
    assert carrier.contact() == [("end", "ok")]
    records = ok(unit.admin.get(f"{API}/sealbox/records"))["records"]
    assert [(r["kind"], r["cause"]) for r in records] == [("abnormal", "after_end")]
    # a grant ended before it reached the box is never sent
    grant = ok(unit.admin.post(f"{API}/sealbox/grants", json=grant_body(box["id"], user.id)))
    ok(unit.admin.post(f"{API}/sealbox/grants/{grant['grant']['id']}/end"))
    assert carrier.contact() == []


def test_several_pre_authorized_people_one_box_at_a_time(unit: Unit, tmp_path: Path):
    """预先授权: two people wait on one box; the box gets a grant only when one is activated
    while the box is free, so it never holds two; the code is checked by the platform (5
    tries) and by the box; a direct grant may not take a box in use."""
    box, sim = bound_box(unit, tmp_path)
    carrier = Carrier(unit.admin, box["id"], sim)
    carrier.contact()
    first, second, third, other = (unit.member() for _ in range(4))
    grants = f"{API}/sealbox/grants"

    def pre(person: Member, **extra: Any) -> dict[str, Any]:
        body = grant_body(box["id"], person.id, mode="preauthorized", **extra)
        return ok(unit.admin.post(grants, json=body))

    a = pre(first, usage_mode="electronic", area="合同章区 3楼")
    b, c = pre(second), pre(third)
    assert a["command"] is None and a["grant"]["state"] == "waiting"
    assert (a["grant"]["usage_mode"], a["grant"]["area"]) == ("electronic", "合同章区 3楼")
    assert carrier.contact() == []  # nothing reached the box
    listed = ok(unit.admin.get(f"{BOXES}/{box['id']}"))["box"]
    assert listed["open_grant"] is None
    assert [g["user_id"] for g in listed["waiting_grants"]] == [first.id, second.id, third.id]

    def activate(person: Member, made: dict[str, Any], code: str | None = None) -> Any:
        url = f"{grants}/{made['grant']['id']}/activate"
        return person.client.post(url, json={"code": code or made["activation_code"]})

    error(activate(other, a), 403, "not_grantee")
    error(activate(first, a, "12"), 422)
    in_use = ok(activate(first, a))
    assert in_use["grant"]["state"] == "active" and in_use["command"]["kind"] == "grant"
    assert ok(activate(first, a))["command"]["counter"] == in_use["command"]["counter"]
    # the second activates while the first uses the box: 409 naming who, no try used up
    refused = error(activate(second, b), 409, "grant_open")
    assert first.name in refused["message"] and "结束用印" in refused["message"]
    direct = unit.admin.post(grants, json=grant_body(box["id"], other.id))
    error(direct, 409, "grant_open")
    assert carrier.contact() == [("grant", "ok")]
    sim.set_connected(1)
    assert sim.info().screen == "请授权使用"  # the box checks the code too
    sim.activate(a["activation_code"])
    assert sim.press().stamped
    carrier.upload()
    ok(unit.admin.post(f"{grants}/{a['grant']['id']}/end"))
    # the third is wrong five times: locked, the right code then refused too
    wrong = f"{(int(c['activation_code']) + 1) % 10**6:06d}"
    for left in (4, 3, 2, 1, 0):
        assert (
            f"{left} 次"
            in error(activate(third, c, wrong), 409, "activation_code_wrong")["message"]
        )
    error(activate(third, c), 409, "activation_locked")
    # the second's code was never tried: it works now the box is free
    assert ok(activate(second, b))["grant"]["activation_tries"] == 0
    assert carrier.contact() == [("end", "ok"), ("grant", "ok")]
    sim.activate(b["activation_code"])
    assert sim.press().stamped
    carrier.upload()
    records = ok(unit.admin.get(f"{API}/sealbox/records"))["records"]
    assert [r["user_id"] for r in records if r["kind"] == "stamp"] == [first.id, second.id]
    # a direct grant while a 预先授权 waits (and none is in use): fine; bad mode or area: 422
    ok(unit.admin.post(f"{grants}/{b['grant']['id']}/end"))
    d = pre(first)
    for extra, kind in (
        ({"usage_mode": "digital"}, "invalid_usage_mode"),
        ({"area": "区" * 51}, "invalid_area"),
        ({"area": "a\tb"}, "invalid_area"),
    ):
        error(unit.admin.post(grants, json=grant_body(box["id"], other.id, **extra)), 422, kind)
    made = ok(unit.admin.post(grants, json=grant_body(box["id"], other.id, area="区" * 50)))
    assert made["grant"]["usage_mode"] == "physical" and made["command"]["kind"] == "grant"
    error(activate(first, d), 409, "grant_open")
    # unbinding withdraws the 预先授权 still waiting
    ok(unit.admin.post(f"{grants}/{made['grant']['id']}/end"))
    carrier.contact()
    ok(unit.admin.post(f"{BOXES}/{box['id']}/unbind"))
    states = {g["id"]: g["state"] for g in ok(unit.admin.get(grants))["grants"]}
    assert states[d["grant"]["id"]] == "ended" and states[c["grant"]["id"]] == "ended"


def test_lost_lock_waits_for_the_next_contact(unit: Unit, tmp_path: Path):
    box, sim = bound_box(unit, tmp_path)
    box_admin = unit.member("box_admin")
    error(box_admin.client.post(f"{BOXES}/{box['id']}/lock"), 403, "forbidden")  # 主管理员 only
    locked = ok(unit.admin.post(f"{BOXES}/{box['id']}/lock"))
    assert locked["box"]["lock"] == "pending" and locked["command"]["kind"] == "lock"
    error(unit.admin.post(f"{BOXES}/{box['id']}/lock"), 409, "already_locked")
    assert not sim.info().locked  # away: nothing yet
    assert Carrier(unit.admin, box["id"], sim).contact() == [("settings", "ok"), ("lock", "ok")]
    assert sim.info().locked and sim.info().screen == "限制使用"
    assert ok(unit.admin.get(f"{BOXES}/{box['id']}"))["box"]["lock"] == "locked"
    ok(unit.admin.post(f"{BOXES}/{box['id']}/unlock"))
    error(unit.admin.post(f"{BOXES}/{box['id']}/unlock"), 409, "not_locked")
    Carrier(unit.admin, box["id"], sim).contact()
    assert not sim.info().locked


def test_settings_bounds_and_the_offline_code(unit: Unit, tmp_path: Path):
    box, sim = bound_box(unit, tmp_path)
    keeper, user = unit.member("keeper"), unit.member()
    ok(unit.admin.put(f"{BOXES}/{box['id']}/keepers", json={"person_ids": [keeper.id]}))
    url = f"{BOXES}/{box['id']}/settings"
    for body in ({"backlight": 181}, {"backlight": -1}, {"auto_off": 31}, {"backlight": "5"}, {}):
        error(keeper.client.put(url, json=body), 422, "invalid")
    ok(keeper.client.put(url, json={"backlight": 180, "auto_off": 30}))
    error(keeper.client.put(url, json={"offline": True}), 409, "no_grant")
    ok(keeper.client.post(f"{API}/sealbox/grants", json=grant_body(box["id"], user.id)))
    error(keeper.client.put(url, json={"offline": True}), 422, "offline_code_required")
    error(keeper.client.post(f"{BOXES}/{box['id']}/offline-code"), 403, "forbidden")
    code = ok(unit.admin.post(f"{BOXES}/{box['id']}/offline-code"))["code"]
    wrong = f"{(int(code) + 7) % 10**6:06d}"
    for _ in range(5):
        error(
            keeper.client.put(url, json={"offline": True, "code": wrong}), 409, "offline_code_wrong"
        )
    error(keeper.client.put(url, json={"offline": True, "code": code}), 409, "offline_code_locked")
    code = ok(unit.admin.post(f"{BOXES}/{box['id']}/offline-code"))["code"]
    ok(keeper.client.put(url, json={"offline": True, "code": code}))
    error(keeper.client.put(url, json={"offline": True, "code": code}), 409, "offline_code_expired")
    done = Carrier(keeper.client, box["id"], sim).contact()
    assert done == [("settings", "ok"), ("settings", "ok"), ("grant", "ok"), ("settings", "ok")]
    info = sim.info()
    assert (info.backlight, info.auto_off, info.offline) == (180, 30, True)
    assert sim.press().stamped  # offline mode: no client needed


def test_everything_is_in_the_operation_log(unit: Unit, tmp_path: Path):
    box, sim = bound_box(unit, tmp_path)
    user = unit.member()
    ok(unit.admin.post(f"{API}/sealbox/grants", json=grant_body(box["id"], user.id)))
    unit.admin.post(f"{API}/sealbox/grants", json=grant_body(box["id"], user.id))
    Carrier(unit.admin, box["id"], sim).contact()
    entries = ok(unit.admin.get(f"{API}/audit"))["entries"]
    seen = [(e["action"], e["result"]) for e in entries if e["action"].startswith("sealbox")]
    assert seen[:3] == [
        ("sealbox.bind", "ok"),
        ("sealbox.grant", "ok"),
        ("sealbox.grant", "refused:grant_open"),
    ]
    assert ("sealbox.command.grant", "delivered") in seen and ("sealbox.contact", "ok") in seen
