"""A USB KEY seal from 申请 to a signed PDF, as the unit and the CA run it (WAVE2-NOTES A5):
the unit applies with its SoftHSM2 key (a copy of the demo key's), a server operator approves
(`sealdesk server seal review`), the unit's 回执 with the key's PIN makes it 有效, `platform seal
write` puts it into the key, and `sealdesk sign` signs a PDF with it that verifies, the seal
being the platform maker's. Refused on the way: a receipt or a write too early (exit 11), a
second review, a second receipt, a wrong PIN (exit 3, the tries left), the server down (12);
冻结 keeps it out of a key until 解冻; 注销 only with its second confirmation (--yes)."""

from __future__ import annotations

import io
from pathlib import Path

from asn1crypto import pem
from PIL import Image, ImageDraw

from sealdesk.app.demo import DEMO_USER_PIN, DemoKey
from sealdesk.signing.ses import parse_seal
from tests.conftest import run_cli
from tests.platform_env import ServerProcess
from tests.signing.pdf_attacks import make_pdf

ID_NUMBER = "11010519491231002X"
HANDLER = ["--handler-name", "张三", "--handler-phone", "13812345678", "--handler-id", ID_NUMBER]
NAME = "合同专用章"


def test_apply_review_receipt_write_then_sign(
    demo_server: ServerProcess, token_copy: DemoKey, tmp_path: Path
) -> None:
    env = {"SOFTHSM2_CONF": str(token_copy.softhsm_conf), "SEALDESK_PIN": DEMO_USER_PIN}

    def cli(*args: str, pin: str = DEMO_USER_PIN) -> tuple[int, dict, str]:  # type: ignore[type-arg]
        done = run_cli(*args, "--json", env={**env, "SEALDESK_PIN": pin})
        return done.code, done.json or {}, done.stdout + done.stderr

    code, _doc, said = cli("platform", "login", "--server", demo_server.url)
    assert code == 0, said
    code, _doc, said = cli("platform", "certificate", "request", "--name", "张三", "--id-number",
                           ID_NUMBER, "--phone", "13812345678", "--email", "zs@example.com",
                           "--agree")  # fmt: skip
    assert code == 0, said
    picture = tmp_path / "章.jpg"  # a JPEG: the platform's seal holds it as PNG
    image = Image.new("RGB", (240, 240), "white")
    ImageDraw.Draw(image).ellipse((8, 8, 232, 232), outline=(230, 0, 18), width=12)
    out = io.BytesIO()
    image.save(out, "JPEG")
    picture.write_bytes(out.getvalue())
    code, applied, said = cli("platform", "seal", "apply", *HANDLER, "--name", NAME, "--type",
                              "ukey", "--image", str(picture))  # fmt: skip
    assert code == 0, said
    app_id = applied["application"]["id"]

    # too early: no receipt, no write before the CA's approval (nothing asked of the key)
    code, early, _said = cli("platform", "seal", "receipt", app_id)
    assert (code, early["error"]["server"]["kind"]) == (11, "not_awaiting_receipt"), early
    code, early, _said = cli("platform", "seal", "write", app_id)
    assert (code, early["error"]["kind"]) == (11, "seal_not_valid"), early
    assert "待审核" in early["error"]["message"]

    review = ["server", "seal", "review", "--db", demo_server.db_url, app_id]
    assert run_cli("server", "operator", "add", "客服甲", "--db", demo_server.db_url).code == 0
    code, approved, said = cli(*review, "--approve", "--operator", "客服甲")
    assert code == 0 and approved["state"] == "receipt", said
    code, again, _said = cli(*review, "--approve", "--operator", "客服甲")
    assert (code, again["error"]["kind"]) == (11, "not_pending"), again
    code, early, _said = cli("platform", "seal", "write", app_id)
    assert (code, early["error"]["kind"]) == (11, "seal_not_valid"), early

    # 回执 with the key's PIN: a wrong one says the tries left; then 有效; not twice
    code, wrong, _said = cli("platform", "seal", "receipt", app_id, pin="999999")
    assert (code, wrong["error"]["kind"]) == (3, "pin_incorrect"), wrong
    assert "PIN 码错误" in wrong["error"]["message"]  # with the tries left when the key says
    code, done, said = cli("platform", "seal", "receipt", app_id)
    assert code == 0 and done["application"]["state"] == "valid", said
    code, twice, _said = cli("platform", "seal", "receipt", app_id)
    assert (code, twice["error"]["server"]["kind"]) == (11, "not_awaiting_receipt"), twice
    code, listed, _said = cli("platform", "seal", "list", "--state", "valid")
    assert [a["id"] for a in listed["applications"]] == [app_id]

    # 写入UKey: the seal is in the key
    code, written, said = cli("platform", "seal", "write", app_id)
    assert code == 0 and written["label"] == NAME, said
    code, in_key, _said = cli("seal", "list")
    assert [s["name"] for s in in_key["seals"] if s["label"] == NAME] == [NAME], in_key

    # sign a PDF with it: it verifies, showing the platform's seal (made by its maker)
    source, signed = tmp_path / "合同.pdf", tmp_path / "合同_signed.pdf"
    source.write_bytes(make_pdf())
    code, _doc, said = cli("sign", str(source), "-o", str(signed), "--seal", NAME)
    assert code == 0, said
    code, verified, said = cli("verify", str(signed))
    assert code == 0 and verified["verdict"] == "valid", said
    (signature,) = verified["signatures"]
    assert signature["seal_name"] == NAME and signature["intact"] and signature["trusted"]
    maker = run_cli("server", "maker-cert", "--db", demo_server.db_url)
    assert maker.code == 0, maker.stderr
    _k, _h, maker_der = pem.unarmor(maker.stdout.encode())
    code, _doc, said = cli("seal", "read", NAME, "-o", str(tmp_path / "seal.der"))
    assert code == 0, said
    seal = parse_seal((tmp_path / "seal.der").read_bytes())
    assert seal.maker_cert == maker_der and seal.picture_type == "png"

    # 冻结: not written into a key meanwhile; 解冻
    code, frozen, said = cli("platform", "seal", "freeze", app_id)
    assert code == 0 and frozen["application"]["frozen_ms"], said
    code, refused, _said = cli("platform", "seal", "write", app_id)
    assert (code, refused["error"]["kind"]) == (11, "seal_not_valid"), refused
    assert "已冻结" in refused["error"]["message"]
    code, _doc, said = cli("platform", "seal", "unfreeze", app_id)
    assert code == 0, said

    # 注销 asks a second confirmation (--yes); 已注销, it is no longer written into a key
    code, unsure, _said = cli("platform", "seal", "revoke", app_id)
    assert (code, unsure["error"]["kind"]) == (2, "confirm_needed"), unsure
    code, revoked, said = cli("platform", "seal", "revoke", app_id, "--yes")
    assert code == 0 and revoked["application"]["state"] == "revoked", said
    code, listed, _said = cli("platform", "seal", "list", "--state", "revoked")
    assert [a["id"] for a in listed["applications"]] == [app_id]
    code, refused, _said = cli("platform", "seal", "write", app_id)
    assert (code, refused["error"]["kind"]) == (11, "seal_not_valid"), refused
    assert "已注销" in refused["error"]["message"]

    # the platform down: exit 12, nothing written
    demo_server.stop()
    code, down, _said = cli("platform", "seal", "write", app_id)
    assert (code, down["error"]["kind"]) == (12, "server_unreachable"), down
