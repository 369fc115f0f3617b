"""UKey login against the real server on PostgreSQL: challenges are single-use and short-lived,
the certificate must chain to a trust root, the first key makes the unit, others need the
whitelist."""

from __future__ import annotations

import base64
import datetime as dt
import secrets

import httpx

from tests.platform_env import (
    API,
    Postgres,
    ServerProcess,
    UnitCa,
    credit_code,
    key_proof,
    login,
    person_body,
    session,
)


def _body(key, challenge: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "challenge": challenge,
        "certificate": base64.b64encode(key.certificate).decode(),
        "signature": base64.b64encode(key.sign(base64.b64decode(challenge))).decode(),
    }


def _error(reply: httpx.Response, status: int, kind: str) -> None:
    assert reply.status_code == status, reply.text
    assert reply.json()["error"]["code"] == status
    assert reply.json()["error"]["kind"] == kind


def test_first_key_makes_the_unit_and_its_super_admin(server: ServerProcess, test_ca: UnitCa):
    code = credit_code()
    key = test_ca.key(code, "MAIN-1", name="浦东测试局")
    with httpx.Client(base_url=server.url) as client:
        reply = login(client, key)
    assert reply.status_code == 200, reply.text
    data = reply.json()
    assert data["unit"]["credit_code"] == code and data["unit"]["name"] == "浦东测试局"
    assert data["user"]["key_holder"] and "super_admin" in data["user"]["roles"]
    with session(server.url, key) as client:
        entries = client.get(f"{API}/whitelist").json()["whitelist"]
        assert [(e["entity_id"], e["main"]) for e in entries] == [("MAIN-1", True)]


def test_replayed_expired_and_foreign_challenges_are_refused(
    server: ServerProcess, test_ca: UnitCa, postgres: Postgres
):
    key = test_ca.key(credit_code(), "MAIN-2")
    with httpx.Client(base_url=server.url) as client:
        challenge = client.post(f"{API}/auth/challenge").json()
        assert challenge["expires_in"] == 60
        assert len(base64.b64decode(challenge["challenge"])) == 32
        body = _body(key, challenge["challenge"])
        assert client.post(f"{API}/auth/ukey", json=body).status_code == 200
        _error(client.post(f"{API}/auth/ukey", json=body), 401, "challenge_invalid")  # replay

        foreign = base64.b64encode(secrets.token_bytes(32)).decode()
        _error(client.post(f"{API}/auth/ukey", json=_body(key, foreign)), 401, "challenge_invalid")

        stale = client.post(f"{API}/auth/challenge").json()["challenge"]
        db = server.db_url.rsplit("/", 1)[1]
        postgres.psql(f"UPDATE challenges SET expires_ms = 0 WHERE value = '{stale}'", db)
        _error(client.post(f"{API}/auth/ukey", json=_body(key, stale)), 401, "challenge_invalid")


def test_bad_signature_and_untrusted_certificate(server: ServerProcess, test_ca: UnitCa):
    from sealdesk.signing.demo_pki import make_root_ca
    from tests.platform_env import UnitCa as Ca

    key = test_ca.key(credit_code(), "MAIN-3")
    other = test_ca.key(credit_code(), "MAIN-4")
    with httpx.Client(base_url=server.url) as client:
        challenge = client.post(f"{API}/auth/challenge").json()["challenge"]
        body = _body(key, challenge)
        body["signature"] = _body(other, challenge)["signature"]
        _error(client.post(f"{API}/auth/ukey", json=body), 401, "signature_invalid")

        stranger = Ca(make_root_ca("Somebody Else"), test_ca.pem).key(credit_code(), "X-1")
        reply = login(client, stranger)
        _error(reply, 401, "certificate_untrusted")
        assert (
            "trusted" in reply.json()["error"]["message"]
            or "信任" in reply.json()["error"]["message"]
        )


def test_other_keys_of_the_unit_need_the_whitelist(server: ServerProcess, test_ca: UnitCa):
    code = credit_code()
    main = test_ca.key(code, "MAIN-5")
    second = test_ca.key(code, "SECOND-5")
    with session(server.url, main) as admin, httpx.Client(base_url=server.url) as anyone:
        reply = login(anyone, second)
        _error(reply, 403, "not_whitelisted")
        assert "SECOND-5" in reply.json()["error"]["message"]
        added = admin.post(f"{API}/whitelist", json={"entity_id": "SECOND-5", "label": "财务"})
        assert added.status_code == 200, added.text
        assert login(anyone, second).status_code == 200
        assert admin.delete(f"{API}/whitelist/SECOND-5").status_code == 200
        _error(login(anyone, second), 403, "not_whitelisted")
        _error(admin.delete(f"{API}/whitelist/MAIN-5"), 409, "main_key")
        audit = admin.get(f"{API}/audit").json()["entries"]
        assert [e["result"] for e in audit if e["action"] == "login"] == [
            "refused:not_whitelisted",
            "refused:not_whitelisted",
        ]


def test_a_key_taken_off_the_whitelist_is_logged_out_at_once(
    server: ServerProcess, test_ca: UnitCa
):
    """A key that lost its place (stolen, handed back) must not keep working for the twelve
    hours its session would last: its sessions end with it; the same person's other key and
    account login, and the admin, stay logged in."""
    code = credit_code()
    main = test_ca.key(code, "MAIN-9")
    lost = test_ca.key(code, "LOST-9")
    kept = test_ca.key(code, "KEPT-9")
    with session(server.url, main) as admin, httpx.Client(base_url=server.url) as anyone:
        person = admin.post(f"{API}/people", json=person_body(9)).json()["person"]
        for entity_id in ("LOST-9", "KEPT-9"):
            body = {"entity_id": entity_id, "person_id": person["id"]}
            assert admin.post(f"{API}/whitelist", json=body).status_code == 200

        def opened(key) -> dict[str, str]:  # type: ignore[no-untyped-def]
            reply = login(anyone, key)
            assert reply.status_code == 200, reply.text
            assert reply.json()["user"]["id"] == person["id"]
            return {"Authorization": f"Bearer {reply.json()['token']}"}

        by_lost = [opened(lost), opened(lost)]  # two computers
        by_kept = opened(kept)
        assert (
            anyone.put(
                f"{API}/me/password", json={"password": "seal2026desk"}, headers=by_kept
            ).status_code
            == 200
        )
        reply = anyone.post(
            f"{API}/auth/password", json={"phone": person["phone"], "password": "seal2026desk"}
        )
        by_password = {"Authorization": f"Bearer {reply.json()['token']}"}

        assert admin.delete(f"{API}/whitelist/LOST-9").status_code == 200
        for headers in by_lost:
            _error(anyone.get(f"{API}/me", headers=headers), 401, "unauthenticated")
        for headers in (by_kept, by_password):
            assert anyone.get(f"{API}/me", headers=headers).status_code == 200
        assert admin.get(f"{API}/me").status_code == 200
        _error(login(anyone, lost), 403, "not_whitelisted")

        # the kept key given to someone else (here the 超级管理员): its session was 人员9's
        assert admin.post(f"{API}/whitelist", json={"entity_id": "KEPT-9"}).status_code == 200
        _error(anyone.get(f"{API}/me", headers=by_kept), 401, "unauthenticated")
        assert anyone.get(f"{API}/me", headers=by_password).status_code == 200


def test_demo_key_logs_in_with_rsa_and_ec_on_softhsm(
    postgres: Postgres,
    demo_key,
    tmp_path,  # type: ignore[no-untyped-def]
):
    """The SoftHSM2 demo key signs the challenge itself (RSA and EC keys of one unit), and its
    soft SM2 key signs with SM2/SM3; all chain to the demo roots."""
    from sealdesk.app.demo import DEMO_UNIT, DEMO_USER_PIN
    from sealdesk.app.keys import key_session, open_module, signer_for
    from sealdesk.app.settings import load_settings
    from sealdesk.signing.softkey import SoftKeySigner

    process = ServerProcess(
        postgres.database(), [demo_key.root_ca_pem, demo_key.pki / "sm2-root-ca.pem"], tmp_path
    ).start()
    try:
        module, _ = open_module(None, load_settings())
        with key_session(module, None, lambda _info: DEMO_USER_PIN) as token:
            signers = [signer_for(token, b"\x01"), signer_for(token, b"\x02")]
            signers.append(SoftKeySigner.from_files(demo_key.unit_sm2_key, demo_key.unit_sm2_cert))
            with httpx.Client(base_url=process.url) as client:
                for signer in signers:
                    challenge = client.post(f"{API}/auth/challenge").json()["challenge"]
                    reply = client.post(
                        f"{API}/auth/ukey",
                        json={
                            "challenge": challenge,
                            "certificate": base64.b64encode(signer.certificate).decode(),
                            "signature": base64.b64encode(
                                signer.sign(base64.b64decode(challenge))
                            ).decode(),
                        },
                    )
                    assert reply.status_code == 200, (signer.algorithm, reply.text)
                    assert reply.json()["unit"]["credit_code"] == DEMO_UNIT.credit_code
    finally:
        process.stop()


def test_sms_codes_are_rationed(server: ServerProcess) -> None:
    """A new code at most once a minute, 10 a day while none is used: guessing a 6-digit
    code by asking for fresh ones (each with fresh tries) does not pay."""
    from sealdesk.server.api import DAY_MS, SMS_PER_DAY, sms_refusal
    from sealdesk.server.db import SmsCode

    phone = "13911112222"
    with httpx.Client(base_url=server.url, timeout=30) as client:
        assert server.send_sms(client, phone).status_code == 200
        again = server.send_sms(client, phone)
        assert again.status_code == 429
        assert again.json()["error"]["kind"] == "sms_too_soon"
        assert "秒后" in again.json()["error"]["message"]
        # used: the next code may be asked for at once
        code = server.sms_sink.read_text().splitlines()[-1].split()[-1]
        client.post(f"{API}/auth/sms-login", json={"phone": phone, "code": code})
        assert server.send_sms(client, phone).status_code == 200

    now = 10 * DAY_MS
    row = SmsCode(sent_ms=now - 61_000, day_start_ms=now - 3600_000, sent_in_day=SMS_PER_DAY)
    refusal = sms_refusal(row, now)
    assert refusal is not None and refusal.kind == "sms_limit"
    row.day_start_ms = now - DAY_MS  # a new day
    assert sms_refusal(row, now) is None
    row.sent_in_day = SMS_PER_DAY - 1
    row.day_start_ms = now - 3600_000
    assert sms_refusal(row, now) is None


def test_an_expired_or_not_yet_valid_certificate_is_refused(server: ServerProcess, test_ca: UnitCa):
    """Issued by the trusted CA with the right unit, but outside its validity: 401 with a kind
    and a message that say which, and no unit is made."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    code = credit_code()
    expired = test_ca.key(
        code, "OLD-1", valid=(now - dt.timedelta(days=400), now - dt.timedelta(days=1))
    )
    early = test_ca.key(
        code, "NEW-1", valid=(now + dt.timedelta(days=2), now + dt.timedelta(days=400))
    )
    with httpx.Client(base_url=server.url) as client:
        reply = login(client, expired)
        _error(reply, 401, "certificate_expired")
        message = reply.json()["error"]["message"]
        assert "过期" in message and (now - dt.timedelta(days=1)).strftime("%Y-%m-%d") in message
    with httpx.Client(base_url=server.url, headers={"Accept-Language": "en"}) as client:
        assert "expired" in login(client, expired).json()["error"]["message"]
        assert "not valid before" in login(client, early).json()["error"]["message"]
    with httpx.Client(base_url=server.url) as client:
        reply = login(client, early)
        _error(reply, 401, "certificate_not_yet_valid")
        message = reply.json()["error"]["message"]
        assert (
            "尚未生效" in message and (now + dt.timedelta(days=2)).strftime("%Y-%m-%d") in message
        )
    # neither made the unit: its first valid key does, and becomes the main key
    with session(server.url, test_ca.key(code, "MAIN-9")) as admin:
        entries = admin.get(f"{API}/whitelist").json()["whitelist"]
        assert [e["entity_id"] for e in entries] == ["MAIN-9"]


def test_a_forgotten_password_is_reset_with_an_sms_code(server: ServerProcess, test_ca: UnitCa):
    """找回密码: the code sent to the phone and a new password; the old password and the
    sessions it opened end, the key's session stays; a bad password does not use the code up;
    a wrong code counts against its tries; both audited in the unit's log."""
    key = test_ca.key(credit_code(), "MAIN-10")
    with session(server.url, key) as admin, httpx.Client(base_url=server.url) as anyone:
        person = admin.post(f"{API}/people", json=person_body(10)).json()["person"]
        phone = person["phone"]

        def code() -> str:
            assert server.send_sms(anyone, phone).status_code == 200
            line = server.sms_sink.read_text().splitlines()[-1].split()
            assert line[-2] == phone
            return line[-1]

        first = code()
        token = anyone.post(f"{API}/auth/sms-login", json={"phone": phone, "code": first})
        by_sms = {"Authorization": f"Bearer {token.json()['token']}"}
        assert (
            anyone.put(
                f"{API}/me/password", json={"password": "old-pass-1"}, headers=by_sms
            ).status_code
            == 200
        )
        by_password = anyone.post(
            f"{API}/auth/password", json={"phone": phone, "password": "old-pass-1"}
        ).json()["token"]

        # a password changed while logged in ends the other password sessions, not this one
        other = anyone.post(
            f"{API}/auth/password", json={"phone": phone, "password": "old-pass-1"}
        ).json()["token"]
        changed = anyone.put(
            f"{API}/me/password",
            json={"password": "old-pass-1"},
            headers={"Authorization": f"Bearer {by_password}"},
        )
        assert changed.status_code == 200
        _error(
            anyone.get(f"{API}/me", headers={"Authorization": f"Bearer {other}"}),
            401,
            "unauthenticated",
        )
        _error(anyone.get(f"{API}/me", headers=by_sms), 401, "unauthenticated")
        by_sms = {"Authorization": f"Bearer {by_password}"}  # the one still open

        sent = code()
        reset = {"phone": phone, "code": sent, "password": "short"}
        _error(anyone.post(f"{API}/auth/password-reset", json=reset), 422, "password_length")
        wrong = {**reset, "code": f"{(int(sent) + 1) % 10**6:06d}", "password": "new-pass-2"}
        _error(anyone.post(f"{API}/auth/password-reset", json=wrong), 401, "sms_code_invalid")
        reply = anyone.post(f"{API}/auth/password-reset", json={**reset, "password": "new-pass-2"})
        assert reply.status_code == 200 and reply.json() == {"reset": True}
        # the code is used up
        again = {**reset, "password": "new-pass-3"}
        _error(anyone.post(f"{API}/auth/password-reset", json=again), 401, "sms_code_invalid")

        _error(
            anyone.post(f"{API}/auth/password", json={"phone": phone, "password": "old-pass-1"}),
            401,
            "login_failed",
        )
        new = anyone.post(f"{API}/auth/password", json={"phone": phone, "password": "new-pass-2"})
        assert new.status_code == 200, new.text
        for headers in (by_sms, {"Authorization": f"Bearer {by_password}"}):
            _error(anyone.get(f"{API}/me", headers=headers), 401, "unauthenticated")
        assert admin.get(f"{API}/me").status_code == 200

        # a phone no unit added: the code reaches it, the reset is refused all the same
        stranger = {"phone": "13988887777"}
        assert server.send_sms(anyone, stranger["phone"]).status_code == 200
        stray = server.sms_sink.read_text().splitlines()[-1].split()[-1]
        body = {**stranger, "code": stray, "password": "new-pass-4"}
        _error(anyone.post(f"{API}/auth/password-reset", json=body), 401, "login_failed")

        audit = admin.get(f"{API}/audit").json()["entries"]
        resets = [(e["result"], e["target"]) for e in audit if e["action"] == "password.reset"]
        refused = ("refused:sms_code_invalid", phone)
        assert resets == [refused, ("ok", phone), refused]  # not the stranger's


def test_the_certificate_request_is_signed_by_a_key_of_the_unit(
    server: ServerProcess, test_ca: UnitCa
):
    """申请数字证书 asks for the key's PIN (seed 004): the request carries a fresh challenge
    signed by the unit's main key or a whitelisted one; another unit's key, a used challenge
    or a bad signature is refused and nothing is requested."""
    code = credit_code()
    main = test_ca.key(code, "MAIN-11")
    listed = test_ca.key(code, "LISTED-11")
    stranger = test_ca.key(credit_code(), "OTHER-11")
    details = {
        "handler_name": "经办人",
        "handler_id_number": "11010519491231002X",
        "handler_phone": "13912345678",
        "handler_email": "a@example.cn",
        "agreed": True,
    }
    with session(server.url, main) as admin, httpx.Client(base_url=server.url) as anyone:
        assert login(anyone, stranger).status_code == 200  # its own unit
        url = f"{API}/certificate-request"
        _error(admin.post(url, json=details), 422, "invalid")  # no signature at all
        _error(
            admin.post(url, json={**details, **key_proof(anyone, stranger)}),
            403,
            "key_not_of_unit",
        )
        _error(
            admin.post(url, json={**details, **key_proof(anyone, listed)}), 403, "key_not_of_unit"
        )
        forged = {**key_proof(anyone, main), "signature": key_proof(anyone, listed)["signature"]}
        _error(admin.post(url, json={**details, **forged}), 401, "signature_invalid")
        unsigned = {**details, **key_proof(anyone, main), "agreed": False}
        _error(admin.post(url, json=unsigned), 422, "agreement_required")
        assert admin.get(url).json()["state"] == "none"

        proof = key_proof(anyone, main)
        resend = {"Idempotency-Key": "cert-1"}
        done = admin.post(url, json={**details, **proof}, headers=resend)
        assert done.status_code == 200, done.text
        assert done.json()["state"] == "issued"
        # sent again after a lost answer: the reply kept, not a used challenge's 401
        assert admin.post(url, json={**details, **proof}, headers=resend).json() == done.json()
        _error(admin.post(url, json={**details, **proof}), 401, "challenge_invalid")  # replay
        entries = admin.get(f"{API}/audit", params={"limit": 100}).json()["entries"]
        results = [e["result"] for e in entries if e["action"] == "certificate.request"]
        for refused in ("key_not_of_unit", "signature_invalid", "agreement_required"):
            assert f"refused:{refused}" in results, results
        assert results.count("ok") == 1  # the one made, not its resend
        assert admin.post(f"{API}/whitelist", json={"entity_id": "LISTED-11"}).status_code == 200
        again = admin.post(url, json={**details, **key_proof(anyone, listed)})
        assert again.status_code == 200, again.text


def test_guesses_sent_at_once_count_against_one_code(server: ServerProcess, test_ca: UnitCa):
    """Five wrong guesses use a code up, also when thirty arrive at the same moment (each
    takes the code's row in turn); a stranger's refused logins fill the unit's log only up to
    REFUSALS_SHOWN an hour."""
    from concurrent.futures import ThreadPoolExecutor

    from sealdesk.server.routes.login import REFUSALS_SHOWN, SMS_TRIES

    with session(server.url, test_ca.key(credit_code(), "MAIN-12")) as admin:
        phone = admin.post(f"{API}/people", json=person_body(12)).json()["person"]["phone"]
        with httpx.Client(base_url=server.url, timeout=60) as anyone:
            assert server.send_sms(anyone, phone).status_code == 200
        code = server.sms_sink.read_text().splitlines()[-1].split()[-1]
        wrong = f"{(int(code) + 1) % 10**6:06d}"

        def guess(_n: int) -> str:
            with httpx.Client(base_url=server.url, timeout=60) as client:
                body = {"phone": phone, "code": wrong}
                return str(
                    client.post(f"{API}/auth/sms-login", json=body).json()["error"]["message"]
                )

        with ThreadPoolExecutor(max_workers=16) as pool:
            replies = list(pool.map(guess, range(30)))
        assert replies.count("验证码错误。") == SMS_TRIES, replies
        with httpx.Client(base_url=server.url, timeout=60) as anyone:
            right = anyone.post(f"{API}/auth/sms-login", json={"phone": phone, "code": code})
        _error(right, 401, "sms_code_invalid")  # used up by the guesses
        refused = [
            e
            for e in admin.get(f"{API}/audit").json()["entries"]
            if e["action"] == "login" and e["target"] == phone
        ]
        assert len(refused) == REFUSALS_SHOWN


def test_wrong_passwords_lock_the_password_login(
    server: ServerProcess, test_ca: UnitCa, postgres: Postgres
):
    """Five wrong passwords in a row and the password login waits 15 minutes (guessing at the
    server's speed is over); sent at once they are counted one by one; the SMS code still
    logs in, and the lock ends with its time."""
    from concurrent.futures import ThreadPoolExecutor

    from sealdesk.server.routes.login import PASSWORD_TRIES

    with session(server.url, test_ca.key(credit_code(), "MAIN-13")) as admin:
        phones = [
            admin.post(f"{API}/people", json=person_body(n)).json()["person"]["phone"]
            for n in (13, 14)
        ]
    with httpx.Client(base_url=server.url, timeout=60) as anyone:
        for phone in phones:  # each sets a password after an SMS login
            assert server.send_sms(anyone, phone).status_code == 200
            code = server.sms_sink.read_text().splitlines()[-1].split()[-1]
            token = anyone.post(f"{API}/auth/sms-login", json={"phone": phone, "code": code})
            headers = {"Authorization": f"Bearer {token.json()['token']}"}
            body = {"password": "good-pass-1"}
            assert anyone.put(f"{API}/me/password", json=body, headers=headers).status_code == 200

        def attempt(phone: str, password: str) -> httpx.Response:
            return anyone.post(f"{API}/auth/password", json={"phone": phone, "password": password})

        first, second = phones
        for n in range(1, PASSWORD_TRIES):
            reply = attempt(first, f"wrong-pass-{n}")
            _error(reply, 401, "login_failed")
            assert f"还可尝试 {PASSWORD_TRIES - n} 次" in reply.json()["error"]["message"]
        _error(attempt(first, "wrong-pass-5"), 429, "password_locked")
        locked = attempt(first, "good-pass-1")  # the right one waits too
        _error(locked, 429, "password_locked")
        assert "15 分钟后再试" in locked.json()["error"]["message"]
        assert server.send_sms(anyone, first).status_code == 200  # the SMS code still works
        code = server.sms_sink.read_text().splitlines()[-1].split()[-1]
        by_sms = anyone.post(f"{API}/auth/sms-login", json={"phone": first, "code": code})
        assert by_sms.status_code == 200
        db = server.db_url.rsplit("/", 1)[1]
        postgres.psql(
            f"UPDATE people SET password_failed_ms = password_failed_ms - 16 * 60000 "
            f"WHERE phone = '{first}'",
            db,
        )
        assert attempt(first, "good-pass-1").status_code == 200  # its time is over

        def guess(n: int) -> int:
            with httpx.Client(base_url=server.url, timeout=60) as client:
                body = {"phone": second, "password": f"wrong-{n}-pass"}
                return client.post(f"{API}/auth/password", json=body).status_code

        with ThreadPoolExecutor(max_workers=12) as pool:
            statuses = sorted(pool.map(guess, range(12)))
        assert statuses == [401] * (PASSWORD_TRIES - 1) + [429] * (12 - PASSWORD_TRIES + 1)
