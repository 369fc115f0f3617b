"""印章申请 (seed 004 S4:391-450) on the real server (PostgreSQL): refused for both types until
the unit's 申请数字证书 is done (409 certificate_required, nothing kept, audited), then 待审核;
a USB KEY seal only by the unit UKey user and signed with a key of the unit; images uploaded
(checked by their bytes and size) or generated in the four styles; bad values, a name taken,
the quota; an Idempotency-Key sent again answers the same and keeps one; who reads what."""

from __future__ import annotations

import base64
import hashlib
import io
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from PIL import Image, ImageDraw

from sealdesk.sealbox.appfiles import MAX_FILE
from sealdesk.server.routes.seals import PENDING_PER_UNIT
from tests.appfile_samples import EXE, PNG
from tests.platform_env import API, ServerProcess, SoftKey, UnitCa, credit_code, key_proof
from tests.server.sealbox_env import Unit, error, ok, session

APPS = f"{API}/seals/applications"
ID_NUMBER = "11010519491231002X"


def picture(fmt: str = "PNG", side: int = 120) -> bytes:
    """A red ring on white, as a scanned seal would be."""
    image = Image.new("RGB", (side, side), "white")
    ImageDraw.Draw(image).ellipse((4, 4, side - 4, side - 4), outline=(230, 0, 18), width=6)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def body(name: str | None = None, seal_type: str = "cloud", **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": name or f"章{uuid.uuid4().hex[:8]}",
        "type": seal_type,
        "handler_name": "张三",
        "handler_phone": "13812345678",
        "handler_id_number": ID_NUMBER,
        **extra,
    }
    if "style" not in out and "image" not in out:
        out["image"] = upload("seal.png", picture())
    return out


def upload(name: str, data: bytes) -> dict[str, str]:
    return {"name": name, "data": base64.b64encode(data).decode()}


@dataclass
class SealUnit(Unit):
    """A unit whose 超级管理员's key is at hand (a USB KEY seal's application is signed)."""

    main: SoftKey = field(init=False)
    entity: str = field(default_factory=lambda: f"MAIN-{uuid.uuid4().hex[:8]}")

    def __post_init__(self) -> None:
        self.main = self.ca.key(self.code, self.entity)
        self.admin = self.stack.enter_context(session(self.server.url, self.main))
        self.admin_id = ok(self.admin.get(f"{API}/me"))["user"]["id"]

    def proof(self, key: SoftKey | None = None) -> dict[str, str]:
        return key_proof(self.admin, key or self.main)

    def certify(self) -> None:
        request = {
            "handler_name": "张三",
            "handler_id_number": ID_NUMBER,
            "handler_phone": "13812345678",
            "handler_email": "zs@example.cn",
            "agreed": True,
            **self.proof(),
        }
        ok(self.admin.post(f"{API}/certificate-request", json=request))

    def audit(self, action: str = "seal.apply") -> list[tuple[str, str]]:
        rows = ok(self.admin.get(f"{API}/audit", params={"limit": 1000}))["entries"]
        return [(r["target"], r["result"]) for r in rows if r["action"] == action]

    def listed(self, client: httpx.Client | None = None, **params: str) -> list[dict[str, Any]]:
        return ok((client or self.admin).get(APPS, params=params))["applications"]  # type: ignore[no-any-return]


@pytest.fixture
def unit(server: ServerProcess, test_ca: UnitCa) -> Iterator[SealUnit]:
    with ExitStack() as stack:
        yield SealUnit(server, test_ca, stack)


def test_refused_until_the_certificate_then_pending(unit: SealUnit) -> None:
    me = ok(unit.admin.get(f"{API}/me"))
    assert me["certificate_requested"] is False and "seals.apply" in me["permissions"]
    cloud = body("云端测试章", style="official")
    for sent in (cloud, body("UKey测试章", "ukey", proof=unit.proof())):
        err = error(unit.admin.post(APPS, json=sent), 409, "certificate_required")
        assert "申请证书" in err["message"] and "数字证书" in err["message"]
    english = unit.admin.post(APPS, json=cloud, headers={"Accept-Language": "en"})
    assert "certificate" in error(english, 409, "certificate_required")["message"]
    assert unit.listed() == []  # nothing kept
    assert unit.audit() == [("", "refused:certificate_required")] * 3

    unit.certify()
    made = ok(unit.admin.post(APPS, json=cloud))["application"]
    assert made["state"] == "pending" and made["type"] == "cloud" and made["style"] == "official"
    assert (made["width_mm"], made["height_mm"]) == (42, 42) and made["image_type"] == "png"
    assert made["applicant_id"] == unit.admin_id and made["key_entity_id"] is None
    assert made["handler_id_number"] == "1101**************" and "image" not in made

    shown = ok(unit.admin.get(f"{APPS}/{made['id']}"))["application"]
    png = base64.b64decode(shown["image"])
    assert hashlib.sha256(png).hexdigest() == made["image_sha256"] == shown["image_sha256"]
    with Image.open(io.BytesIO(png)) as seal:  # the unit's round seal at 600 dpi
        assert seal.format == "PNG" and seal.size == (993, 993)
    assert shown["handler_id_number"] == ID_NUMBER

    gif = picture("GIF")
    ukey = ok(
        unit.admin.post(
            APPS,
            json=body(
                "UKey测试章",
                "ukey",
                image=upload("章.gif", gif),
                width_mm=40,
                height_mm=30,
                proof=unit.proof(),
            ),
        )
    )["application"]
    assert ukey["key_entity_id"] == unit.entity  # the key it goes into
    assert (ukey["type"], ukey["image_type"], ukey["style"]) == ("ukey", "gif", None)
    assert (ukey["width_mm"], ukey["height_mm"], ukey["image_name"]) == (40, 30, "章.gif")
    got = ok(unit.admin.get(f"{APPS}/{ukey['id']}"))["application"]
    assert base64.b64decode(got["image"]) == gif

    # the list: 待审核, newest first; by state, type and a part of the name
    assert [a["name"] for a in unit.listed()] == ["UKey测试章", "云端测试章"]
    assert [a["id"] for a in unit.listed(type="ukey", state="pending")] == [ukey["id"]]
    assert [a["id"] for a in unit.listed(search="云端")] == [made["id"]]
    assert unit.listed(state="valid") == [] and unit.listed(search="%") == []
    assert [a["id"] for a in unit.listed(search="云\x00端")] == [made["id"]]  # no 500
    error(unit.admin.get(APPS, params={"state": "待审核"}), 422, "invalid")
    error(unit.admin.get(f"{APPS}/{uuid.uuid4()}"), 404, "not_found")
    assert unit.audit()[-2:] == [(made["id"], "ok"), (ukey["id"], "ok")]


def test_bad_values_and_images_are_refused_and_nothing_kept(unit: SealUnit) -> None:
    unit.certify()
    for sent, status, kind in (
        (body("  "), 422, "invalid"),
        (body("章" * 31), 422, "invalid"),
        (body(handler_phone="1381234567"), 422, "invalid"),
        (body(handler_id_number="110105194912310021"), 422, "invalid"),  # check character
        (body(width_mm=9), 422, "invalid"),
        (body(height_mm=61), 422, "invalid"),
        (body(type="paper"), 422, "invalid"),
        (body(style="official", width_mm=50, height_mm=50), 422, "seal_size"),
        (body(style="party", width_mm=42, height_mm=40), 422, "seal_size"),
        (body(style="official", image=upload("a.png", picture())), 422, "image_choice"),
        (body(style="official") | {"image": None, "style": None}, 422, "image_choice"),
        (body(image=upload("setup.png", EXE)), 422, "not_image"),  # a renamed program
        (body(image=upload("seal.exe", picture())), 422, "file_type"),
        (body(image=upload("big.png", picture() + bytes(MAX_FILE))), 413, "file_too_large"),
        (body(image=upload("broken.png", PNG)), 422, "not_image"),  # a header, no picture
        (body(image=upload("cut.png", picture()[:300])), 422, "image_corrupt"),
        (body(image={"name": "a.png", "data": "not base64!"}), 422, "invalid"),
        (body(seal_type="ukey"), 422, "proof_required"),
        (body(proof=unit.proof()), 422, "proof_not_needed"),
    ):
        error(unit.admin.post(APPS, json=sent), status, kind)
    assert unit.listed() == []
    # the checks of the endpoint (not of the body's form) are audited as refused
    assert {r for _t, r in unit.audit()} == {
        "refused:seal_size",
        "refused:image_choice",
        "refused:not_image",
        "refused:file_type",
        "refused:file_too_large",
        "refused:image_corrupt",
        "refused:invalid",
        "refused:proof_required",
        "refused:proof_not_needed",
    }

    # a name is the unit's once; another unit may use it
    ok(unit.admin.post(APPS, json=body("合同专用章", style="youth")))
    taken = error(unit.admin.post(APPS, json=body("合同专用章")), 409, "seal_name_taken")
    assert "合同专用章" in taken["message"]
    # a USB KEY seal's proof: a used challenge, another unit's key
    used = unit.proof()
    ok(unit.admin.post(APPS, json=body(seal_type="ukey", proof=used)))
    error(unit.admin.post(APPS, json=body(seal_type="ukey", proof=used)), 401)
    foreign = unit.ca.key(credit_code(), "FOREIGN")
    error(
        unit.admin.post(APPS, json=body(seal_type="ukey", proof=unit.proof(foreign))),
        403,
        "key_not_of_unit",
    )
    assert len(unit.listed()) == 2


def test_who_applies_and_reads(unit: SealUnit) -> None:
    unit.certify()
    seal_admin = unit.member(roles=["seal_admin"])
    maker = unit.member(roles=["seal_maker"])
    member = unit.member()
    error(member.client.post(APPS, json=body()), 403, "forbidden")
    error(member.client.get(APPS), 403, "forbidden")

    # a USB KEY seal: the unit UKey user only, whoever else holds a key of the unit
    for other in (seal_admin, maker):
        refused = other.client.post(APPS, json=body(seal_type="ukey", proof=unit.proof()))
        error(refused, 403, "key_holder_only")
    ukey = ok(unit.admin.post(APPS, json=body(seal_type="ukey", proof=unit.proof())))
    admins_cloud = ok(unit.admin.post(APPS, json=body()))["application"]
    by_admin = ok(seal_admin.client.post(APPS, json=body()))["application"]
    by_maker = ok(maker.client.post(APPS, json=body()))["application"]
    assert by_maker["applicant_name"] == maker.name

    # 超级管理员 every one; 印章管理员 the cloud ones; 印章制作员 their own
    everything = {ukey["application"]["id"], admins_cloud["id"], by_admin["id"], by_maker["id"]}
    assert {a["id"] for a in unit.listed()} == everything
    clouds = everything - {ukey["application"]["id"]}
    assert {a["id"] for a in unit.listed(seal_admin.client)} == clouds
    assert [a["id"] for a in unit.listed(maker.client)] == [by_maker["id"]]
    for reader, app_id, status in (
        (seal_admin.client, admins_cloud["id"], 200),
        (seal_admin.client, ukey["application"]["id"], 403),
        (maker.client, by_maker["id"], 200),
        (maker.client, by_admin["id"], 403),
    ):
        reply = reader.get(f"{APPS}/{app_id}")
        assert reply.status_code == status, reply.text
    error(maker.client.get(f"{APPS}/{by_admin['id']}"), 403, "not_visible")
    refusals = [r for _t, r in unit.audit()]
    assert refusals.count("refused:key_holder_only") == 2
    # each read of one whole (its image, the ID number), or refusal, is in the log
    reads = unit.audit("seal.read")
    assert reads.count((admins_cloud["id"], "ok")) == 1 and (by_maker["id"], "ok") in reads
    assert reads.count((by_admin["id"], "refused:not_visible")) == 2


def test_a_replay_is_answered_once_and_the_quota(unit: SealUnit) -> None:
    unit.certify()
    key = {"Idempotency-Key": f"seal-{uuid.uuid4().hex}"}
    sent = body(style="union")
    first = ok(unit.admin.post(APPS, json=sent, headers=key))
    again = ok(unit.admin.post(APPS, json=sent, headers=key))
    assert again == first
    # a USB KEY seal sent again with its (used) proof: the kept answer, not a 401
    ukey_key = {"Idempotency-Key": f"seal-{uuid.uuid4().hex}"}
    signed = body(seal_type="ukey", proof=unit.proof())
    first_ukey = ok(unit.admin.post(APPS, json=signed, headers=ukey_key))
    assert ok(unit.admin.post(APPS, json=signed, headers=ukey_key)) == first_ukey
    assert len(unit.listed()) == 2
    assert [r for _t, r in unit.audit()] == ["ok", "ok"]

    for _ in range(PENDING_PER_UNIT - 2):
        ok(unit.admin.post(APPS, json=body()))
    over = error(unit.admin.post(APPS, json=body()), 429, "seal_application_quota")
    assert str(PENDING_PER_UNIT) in over["message"]
    assert len(unit.listed(state="pending")) == PENDING_PER_UNIT
