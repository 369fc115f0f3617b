"""The seal's life after 印章申请 (WAVE2-NOTES A5) on the real server (PostgreSQL): the CA's
review by a server operator (`sealdesk server seal review`, on the database): approved, the
platform makes a GB/T 38540 seal naming the unit key's certificate, signed by its seal maker
(`server maker-cert`), 待回执; rejected with a reason, 已否决; only a 待审核 one, by a known
operator; audited with the chain intact. Then the unit's 回执 with the key that applied (有效),
the seal read, 冻结/解冻 (a flag), 注销 (已注销): by whom, in which state, audited."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from asn1crypto import pem

from sealdesk.server.admin import ReviewRefused, add_operator, review_seal
from sealdesk.server.seal_maker import platform_maker
from sealdesk.signing.seals import check_seal, names_certificate
from sealdesk.signing.ses import parse_seal
from tests.conftest import run_cli
from tests.platform_env import API, ServerProcess, SoftKey, UnitCa, key_proof
from tests.server.sealbox_env import error, ok
from tests.server.test_seal_applications import APPS, SealUnit, body

OPERATOR = "CA客服甲"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The server CLI's data folder (the seal maker's key is made there once)."""
    return {"SEALDESK_DATA_DIR": str(tmp_path_factory.mktemp("data"))}


@pytest.fixture(scope="module")
def other_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Another operator's data folder, with a seal maker of its own (another machine)."""
    folder = tmp_path_factory.mktemp("other-data")
    platform_maker(folder / "server")  # the server CLI's data_dir()
    return {"SEALDESK_DATA_DIR": str(folder)}


@pytest.fixture
def last_maker(other_data: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """review_seal() here signs with the maker the module's platform recorded last (or records
    it, the test run alone)."""
    monkeypatch.setenv("SEALDESK_DATA_DIR", other_data["SEALDESK_DATA_DIR"])


@pytest.fixture
def unit(server: ServerProcess, test_ca: UnitCa) -> Iterator[SealUnit]:
    with ExitStack() as stack:
        made = SealUnit(server, test_ca, stack)
        made.certify()
        yield made


def review(server: ServerProcess, data: dict[str, str], *args: str) -> tuple[int, Any]:
    done = run_cli("server", "seal", "review", "--db", server.db_url, *args, "--json", env=data)
    return done.code, done.json


def test_review_approves_with_the_platform_seal_or_rejects(
    server: ServerProcess,
    unit: SealUnit,
    data: dict[str, str],
    other_data: dict[str, str],
) -> None:
    add_operator(server.db_url, OPERATOR)
    ukey = ok(unit.admin.post(APPS, json=body("合同专用章", "ukey", proof=unit.proof())))
    app_id = ukey["application"]["id"]
    cloud_id = ok(unit.admin.post(APPS, json=body("云端章", style="official")))["application"]["id"]

    # refused: an operator not made, no such application, a blank reason; nothing changed
    for application, operator, reason in ((app_id, "无名氏", "no_operator"),
                                          ("0" * 8, OPERATOR, "no_application")):  # fmt: skip
        with pytest.raises(ReviewRefused) as refused:
            review_seal(server.db_url, application, operator=operator)
        assert refused.value.reason == reason
    code, bad = review(server, data, app_id, "--reject", "  ", "--operator", OPERATOR)
    assert (code, bad["error"]["kind"]) == (2, "invalid_reason"), bad
    assert ok(unit.admin.get(f"{APPS}/{app_id}"))["application"]["state"] == "pending"

    code, approved = review(server, data, app_id, "--approve", "--operator", OPERATOR)
    assert code == 0, approved
    assert approved["state"] == "receipt" and approved["name"] == "合同专用章"
    shown = ok(unit.admin.get(f"{APPS}/{app_id}"))["application"]
    assert shown["state"] == "receipt" and shown["reviewed_ms"] is not None
    # only a pending one: approved once, it is not reviewed again (exit 11: test_seal_lifecycle_cli)
    with pytest.raises(ReviewRefused) as refused:
        review_seal(server.db_url, app_id, operator=OPERATOR)
    assert (refused.value.reason, refused.value.state) == ("not_pending", "receipt")

    code, rejected = review(
        server, data, cloud_id, "--reject", "图片不清晰", "--operator", OPERATOR
    )
    assert code == 0 and rejected["state"] == "rejected", rejected
    shown = ok(unit.admin.get(f"{APPS}/{cloud_id}"))["application"]
    assert (shown["state"], shown["reject_reason"]) == ("rejected", "图片不清晰")
    assert [a["id"] for a in unit.listed(state="rejected")] == [cloud_id]

    # the seal: the platform's maker's, naming the key that applied, 10 years (or the cert's)
    maker = run_cli("server", "maker-cert", "--db", server.db_url, env=other_data)
    assert maker.code == 0 and "BEGIN CERTIFICATE" in maker.stdout, maker.stderr
    _kind, _h, maker_der = pem.unarmor(maker.stdout.encode())
    seal_der = _seal_of(server, app_id)
    seal = parse_seal(seal_der)
    assert seal.maker_cert == maker_der and seal.name == "合同专用章"
    assert names_certificate(seal_der, unit.main.certificate)
    assert check_seal(seal_der).ok, check_seal(seal_der).failed
    assert seal.valid_to is not None and seal.valid_from is not None
    from sealdesk.signing.certinfo import certificate_info

    cert_end = certificate_info(unit.main.certificate).not_after
    assert seal.valid_to == min(cert_end, seal.valid_from.replace(year=seal.valid_from.year + 10))
    assert seal.valid_from > dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)

    audit = [
        (r["target"], r["result"], r["actor"])
        for r in ok(unit.admin.get(f"{API}/audit", params={"limit": 1000}))["entries"]
        if r["action"] == "seal.review"
    ]
    assert sorted(audit) == sorted(
        [
            (app_id, "refused:no_operator", "无名氏 (operator)"),  # the refusals too
            (app_id, "ok:approved", f"{OPERATOR} (operator)"),
            (app_id, "refused:not_pending", f"{OPERATOR} (operator)"),
            (cloud_id, "ok:rejected", f"{OPERATOR} (operator)"),
        ]
    )
    # the maker is the database's: another operator's machine (its own maker) is refused,
    # nothing made, unless it replaces the platform's deliberately (--new-maker, audited)
    other = ok(unit.admin.post(APPS, json=body("其他专用章", "ukey", proof=unit.proof())))
    other_id = other["application"]["id"]
    approve = [other_id, "--approve", "--operator", OPERATOR]
    code, differs = review(server, other_data, *approve)
    assert (code, differs["error"]["kind"]) == (11, "maker_differs"), differs
    assert hashlib.sha256(maker_der).hexdigest() in differs["error"]["message"]
    assert ok(unit.admin.get(f"{APPS}/{other_id}"))["application"]["state"] == "pending"
    code, replaced = review(server, other_data, *approve, "--new-maker")
    assert code == 0 and replaced["state"] == "receipt", replaced
    now = run_cli("server", "maker-cert", "--db", server.db_url, env=data)
    _kind, _h, new_der = pem.unarmor(now.stdout.encode())
    assert new_der != maker_der and parse_seal(_seal_of(server, other_id)).maker_cert == new_der
    assert _maker_audit(server) == [
        (hashlib.sha256(maker_der).hexdigest(), "ok:recorded"),
        (hashlib.sha256(new_der).hexdigest(), "ok:replaced"),
    ]
    chain = run_cli("server", "audit", "verify", "--db", server.db_url, "--json")
    assert chain.code == 0 and chain.json["intact"] is True, chain.stdout


def _maker_audit(server: ServerProcess) -> list[tuple[str, str]]:
    import sqlalchemy as sa

    from sealdesk.server.db import make_engine

    engine = make_engine(server.db_url)
    try:
        with engine.connect() as db:
            rows = db.execute(
                sa.text("SELECT target, result FROM audit WHERE action = 'seal.maker' ORDER BY id")
            ).tuples()
            return list(rows)
    finally:
        engine.dispose()


def _seal_of(server: ServerProcess, app_id: str) -> bytes:
    import sqlalchemy as sa

    from sealdesk.server.db import make_engine

    engine = make_engine(server.db_url)
    try:
        with engine.connect() as db:
            found = db.execute(
                sa.text("SELECT seal FROM seal_applications WHERE id = :id"), {"id": app_id}
            ).scalar_one()
    finally:
        engine.dispose()
    return bytes(found)


def test_receipt_with_the_key_that_applied_then_the_seal(
    server: ServerProcess,
    unit: SealUnit,
    test_ca: UnitCa,
    last_maker: None,
) -> None:
    made = ok(unit.admin.post(APPS, json=body("财务专用章", "ukey", proof=unit.proof())))
    app_id = made["application"]["id"]
    seal_url, receipt_url = f"{APPS}/{app_id}/seal", f"{APPS}/{app_id}/receipt"
    # before the CA's approval: no seal yet, no receipt
    pending = ok(unit.admin.get(seal_url))
    assert (pending["state"], pending["seal"]) == ("pending", None)
    error(unit.admin.post(receipt_url, json=unit.proof()), 409, "not_awaiting_receipt")
    operator = f"CA-{uuid.uuid4().hex[:6]}"
    add_operator(server.db_url, operator)
    review_seal(server.db_url, app_id, operator=operator)

    # another key of the unit (a member's, on the whitelist) is not the key that applied
    member = unit.member(roles=["seal_admin"])
    entity = f"OTHER-{uuid.uuid4().hex[:6]}"
    other = test_ca.key(unit.code, entity)
    ok(unit.admin.post(f"{API}/whitelist", json={"entity_id": entity}))
    error(unit.admin.post(receipt_url, json=unit.proof(other)), 403, "key_not_applicant")
    # a person without the unit's key: not theirs to receipt, nor to read (a USB KEY seal)
    error(member.client.post(receipt_url, json=key_proof(member.client, other)), 403, "forbidden")
    error(member.client.get(seal_url), 403, "not_visible")
    assert ok(unit.admin.get(f"{APPS}/{app_id}"))["application"]["state"] == "receipt"
    awaiting = ok(unit.admin.get(seal_url))  # made, but not given before the 回执
    assert (awaiting["state"], awaiting["seal"]) == ("receipt", None)

    done = ok(unit.admin.post(receipt_url, json=unit.proof()))["application"]
    assert done["state"] == "valid" and done["receipt_ms"] is not None
    assert done["valid_to_ms"] > done["valid_from_ms"] > 0
    error(unit.admin.post(receipt_url, json=unit.proof()), 409, "not_awaiting_receipt")
    seal = ok(unit.admin.get(seal_url))
    assert seal["state"] == "valid" and seal["name"] == "财务专用章"
    assert base64.b64decode(seal["seal"]) == _seal_of(server, app_id)
    assert [a["id"] for a in unit.listed(state="valid")] == [app_id]

    assert sorted(unit.audit("seal.receipt")) == sorted(
        [
            (app_id, "refused:not_awaiting_receipt"),
            (app_id, "refused:key_not_applicant"),
            (app_id, "ok"),
            (app_id, "refused:not_awaiting_receipt"),
        ]
    )
    # 冻结/解冻: a flag of the valid seal, each once; not by a seal admin who does not read it
    freeze_url, unfreeze_url = f"{APPS}/{app_id}/freeze", f"{APPS}/{app_id}/unfreeze"
    error(member.client.post(freeze_url), 403, "not_visible")
    assert ok(unit.admin.post(freeze_url))["application"]["frozen_ms"] is not None
    error(unit.admin.post(freeze_url), 409, "already_frozen")
    frozen = ok(unit.admin.get(seal_url))  # not given while frozen, and said why
    assert frozen["frozen_ms"] is not None and frozen["seal"] is None
    assert frozen["state"] == "valid"
    assert ok(unit.admin.post(unfreeze_url))["application"]["frozen_ms"] is None
    error(unit.admin.post(unfreeze_url), 409, "not_frozen")
    assert sorted(unit.audit("seal.freeze") + unit.audit("seal.unfreeze")) == sorted(
        [(app_id, "refused:not_visible"), (app_id, "ok"), (app_id, "refused:already_frozen"),
         (app_id, "ok"), (app_id, "refused:not_frozen")]
    )  # fmt: skip

    # 注销: not by a seal admin who does not read it; once; then 已注销, no longer written
    revoke_url = f"{APPS}/{app_id}/revoke"
    error(member.client.post(revoke_url), 403, "not_visible")
    revoked = ok(unit.admin.post(revoke_url))["application"]
    assert revoked["state"] == "revoked" and revoked["revoked_ms"] is not None
    error(unit.admin.post(revoke_url), 409, "not_valid")
    error(unit.admin.post(freeze_url), 409, "not_valid")
    gone = ok(unit.admin.get(seal_url))
    assert (gone["state"], gone["seal"]) == ("revoked", None)
    assert sorted(unit.audit("seal.revoke")) == sorted(
        [(app_id, "refused:not_visible"), (app_id, "ok"), (app_id, "refused:not_valid")]
    )
    downloads = unit.audit("seal.download")
    assert sorted(downloads) == sorted(
        [(app_id, "ok"), (app_id, "refused:not_visible")] + [(app_id, "ok")] * 4
    )


def test_a_renewed_certificate_refuses_the_receipt_and_the_ca_rejects(
    server: ServerProcess,
    unit: SealUnit,
    test_ca: UnitCa,
    last_maker: None,
) -> None:
    made = ok(unit.admin.post(APPS, json=body("人事专用章", "ukey", proof=unit.proof())))
    app_id = made["application"]["id"]
    operator = f"CA-{uuid.uuid4().hex[:6]}"
    add_operator(server.db_url, operator)
    review_seal(server.db_url, app_id, operator=operator)

    # the same key, its certificate renewed since: the seal made names the old one (409)
    now = dt.datetime.now(dt.UTC)
    renewed = SoftKey(
        unit.main.key,
        test_ca._reissued(
            unit.main.certificate, now - dt.timedelta(days=1), now.replace(year=now.year + 3)
        ),
    )
    refused = error(
        unit.admin.post(f"{APPS}/{app_id}/receipt", json=unit.proof(renewed)),
        409,
        "certificate_changed",
    )
    assert "否决" in refused["message"]
    assert ok(unit.admin.get(f"{APPS}/{app_id}"))["application"]["state"] == "receipt"

    # the CA rejects the 待回执 application (the unit applies again with the new certificate)
    done = review_seal(server.db_url, app_id, operator=operator, reason="证书已更换，请重新申请")
    assert done.state == "rejected"
    shown = ok(unit.admin.get(f"{APPS}/{app_id}"))["application"]
    assert (shown["state"], shown["reject_reason"]) == ("rejected", "证书已更换，请重新申请")
    assert ok(unit.admin.get(f"{APPS}/{app_id}/seal"))["seal"] is None
    error(unit.admin.post(f"{APPS}/{app_id}/receipt", json=unit.proof()), 409,
          "not_awaiting_receipt")  # fmt: skip
    with pytest.raises(ReviewRefused) as twice:  # 已否决 is not rejected again
        review_seal(server.db_url, app_id, operator=operator, reason="再次")
    assert twice.value.reason == "not_rejectable"
    assert sorted(unit.audit("seal.receipt")) == sorted(
        [(app_id, "refused:certificate_changed"), (app_id, "refused:not_awaiting_receipt")]
    )
    assert sorted(unit.audit("seal.review")) == sorted(
        [(app_id, "ok:approved"), (app_id, "ok:rejected"), (app_id, "refused:not_rejectable")]
    )
