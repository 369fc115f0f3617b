"""功能配置 on the real server (PostgreSQL): only the 主管理员 changes it; an item not ticked is
refused a value (422 feature_off) or takes its default, a ticked 用印次数/结束时间 is required;
with nothing ticked a person takes the free box with a signed unlimited grant of 8 hours (the
simulated box's firmware logic takes it), nobody else while it is in use; all audited."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sealdesk.app.sealbox import info_json
from sealdesk.sealbox.features import ITEMS
from tests.platform_env import API, ServerProcess, UnitCa
from tests.server.sealbox_env import Unit, error, grant_body, in_unit, ok
from tests.server.test_sealbox_api import BOXES, Carrier, bound_box

FEATURES = f"{API}/sealbox/features"


@pytest.fixture
def unit(server: ServerProcess, test_ca: UnitCa) -> Iterator[Unit]:
    yield from in_unit(server, test_ca)


def test_only_the_main_admin_sets_features_and_the_forms_follow_them(unit: Unit):
    box = unit.bind()
    member, box_admin = unit.member(), unit.member("box_admin")
    new = ok(member.client.get(FEATURES))["features"]  # a new unit: 批量配置, all ticked
    assert new["mode"] == "batch" and all(new["items"].values()) and set(new["items"]) == set(ITEMS)
    for who in (member, box_admin):
        error(who.client.put(FEATURES, json={"mode": "manual"}), 403, "forbidden")
    for bad in ({"on": ["wechat2"]}, {"on": ["area"], "off": ["area"]}, {}, {"mode": "all"}):
        error(unit.admin.put(FEATURES, json=bad), 422, "invalid")
    manual = {"mode": "manual", "on": ["count", "end", "sms"]}
    got = ok(unit.admin.put(FEATURES, json=manual))["features"]
    assert {i for i, on in got["items"].items() if on} == {"count", "end", "sms"}
    got = ok(unit.admin.put(FEATURES, json={"on": ["note"], "off": ["sms"]}))["features"]
    assert got["mode"] == "manual" and {i for i, v in got["items"].items() if v} == {
        "count", "end", "note"
    }  # fmt: skip

    applications = f"{API}/sealbox/applications"
    end = int(time.time()) + 3600
    body = {"box_id": box["id"], "reason": "盖章", "count": 2, "not_after": end}
    for extra, label in (({"area": "会议室"}, "用印区域"), ({"not_before": end - 60}, "开始时间")):
        refused = error(member.client.post(applications, json={**body, **extra}), 422)
        assert refused["kind"] == "feature_off" and label in refused["message"]
    without = {k: v for k, v in body.items() if k != "count"}
    assert "用印次数" in error(member.client.post(applications, json=without), 422)["message"]
    made = ok(member.client.post(applications, json={**body, "note": "急"}))["application"]
    assert (made["count"], made["note"]) == (2, "急")

    grants = f"{API}/sealbox/grants"
    pre = grant_body(box["id"], member.id, mode="preauthorized")
    assert "预先授权" in error(unit.admin.post(grants, json=pre), 422, "feature_off")["message"]
    photo = grant_body(box["id"], member.id, photo=True)
    assert "盖章拍照" in error(unit.admin.post(grants, json=photo), 422, "feature_off")["message"]
    granted = ok(unit.admin.post(grants, json=grant_body(box["id"], member.id)))["grant"]
    assert "photo" not in granted["flags"] and granted["count"] == 3
    error(member.client.post(f"{API}/sealbox/boxes/{box['id']}/use"), 409, "flow_required")

    ok(unit.admin.put(FEATURES, json={"mode": "batch", "off": ["end"]}))
    untimed = ok(member.client.post(applications, json={**body, "not_after": None}))
    assert untimed["application"]["not_after"] - untimed["application"]["not_before"] == 8 * 3600
    entries = ok(unit.admin.get(f"{API}/audit"))["entries"]
    changes = [(e["target"], e["result"]) for e in entries if e["action"] == "sealbox.features"]
    assert changes[:3] == [
        ("manual +- -area,department,file_code,fingerprint,force_upload,note,photo,"
         "photo_required,preauthorize,start,wechat", "ok"),
        ("manual +note -sms", "ok"),
        ("batch +area,department,file_code,fingerprint,force_upload,photo,photo_required,"
         "preauthorize,sms,start,wechat -end", "ok"),
    ]  # fmt: skip


def test_nothing_ticked_takes_the_free_box_with_a_signed_grant(unit: Unit, tmp_path: Path):
    box, sim = bound_box(unit, tmp_path)
    user, other = unit.member(), unit.member()
    ok(unit.admin.put(FEATURES, json={"mode": "manual"}))
    assert ok(user.client.get(FEATURES))["features"]["nothing"] is True
    body = {"box_id": box["id"], "reason": "盖章"}
    error(user.client.post(f"{API}/sealbox/applications", json=body), 409, "applications_off")
    use = f"{API}/sealbox/boxes/{box['id']}/use"
    taken = ok(user.client.post(use))
    grant = taken["grant"]
    assert (grant["user_id"], grant["count"], grant["mode"]) == (user.id, 0, "direct")
    assert grant["not_after"] - grant["not_before"] == 8 * 3600 and taken["command"]
    assert "人员" in error(other.client.post(use), 409, "grant_open")["message"]
    assert ok(user.client.post(use))["again"] is True  # their own, given again
    Carrier(user.client, box["id"], sim).contact()
    sim.set_connected(1)
    assert sim.info().screen == "0/∞" and sim.press().stamped
    entries = ok(unit.admin.get(f"{API}/audit"))["entries"]
    seen = [(e["action"], e["result"]) for e in entries if e["action"].startswith("sealbox.use")]
    assert seen == [("sealbox.use", "ok"), ("sealbox.use", "refused:grant_open"), seen[0]]

    # done before the 8 hours: the person ends their own use (结束用印), not someone else's,
    # carries the end to the box, and the box is free for the next person
    end = f"{API}/sealbox/grants/{grant['id']}/end"
    error(other.client.post(end), 403, "not_keeper_of_box")
    assert ok(user.client.post(end))["grant"]["state"] == "ended"
    taken = ok(other.client.post(use))  # free on the platform at once
    assert taken["grant"]["user_id"] == other.id
    # the one who ended carries their end only: not the next person's grant, nor its answer
    contact = f"{BOXES}/{box['id']}/contact"
    waiting = ok(user.client.post(contact, json=info_json(sim.info())))["pending"]
    assert [p["kind"] for p in waiting] == ["end"]
    forged = {"results": [{"counter": taken["command"]["counter"], "outcome": "refused",
                           "reason": "forged"}]}  # fmt: skip
    ok(user.client.post(f"{BOXES}/{box['id']}/deliveries", json=forged))
    assert [g["state"] for g in ok(other.client.get(f"{API}/sealbox/my-grants"))["grants"]] == [
        "active"
    ]
    assert Carrier(user.client, box["id"], sim).contact() == [("end", "ok")]
    assert sim.info().screen == "请授权使用"
    error(user.client.post(contact, json=info_json(sim.info())), 403)
    assert Carrier(other.client, box["id"], sim).contact() == [("grant", "ok")]
    assert sim.info().screen == "0/∞"
