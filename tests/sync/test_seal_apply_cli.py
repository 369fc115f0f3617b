"""`sealdesk platform seal` (印章申请, seed 004 S4:391-450) as a user runs it, logged in with the
SoftHSM2 demo key, against the server on PostgreSQL: refused by the platform (exit 11,
certificate_required) for both types until `platform certificate request` is done, values and
pictures refused here before anything is sent (exit 2), then a generated cloud seal and a USB
KEY seal signed with the key (its PIN) listed as 待审核 and shown with the image."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image, ImageDraw

from tests.appfile_samples import EXE
from tests.conftest import run_cli
from tests.platform_env import ServerProcess

PIN = {"SEALDESK_PIN": "123456"}
ID_NUMBER = "11010519491231002X"
HANDLER = ["--handler-name", "张三", "--handler-phone", "13812345678", "--handler-id", ID_NUMBER]


def _apply(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = run_cli("platform", "seal", "apply", *HANDLER, *args, "--json", env=PIN)
    return result.code, result.json  # type: ignore[return-value]


def test_apply_after_the_certificate_and_list(demo_server: ServerProcess, tmp_path: Path):
    login = run_cli("platform", "login", "--server", demo_server.url, "--json", env=PIN)
    assert login.code == 0, login.stdout + login.stderr
    picture = tmp_path / "章.png"
    image = Image.new("RGB", (200, 200), "white")
    ImageDraw.Draw(image).ellipse((8, 8, 192, 192), outline=(230, 0, 18), width=10)
    out = io.BytesIO()
    image.save(out, "PNG")
    picture.write_bytes(out.getvalue())

    # before 申请数字证书: the platform refuses both types, exit 11 with its error
    for args in (
        ["--name", "云端公章", "--type", "cloud", "--style", "普通"],
        ["--name", "UKey公章", "--type", "ukey", "--image", str(picture)],
    ):
        code, refused = _apply(*args)
        assert code == 11, refused
        assert refused["error"]["server"]["kind"] == "certificate_required", refused
        assert "申请证书" in refused["error"]["message"]
    text = run_cli("platform", "seal", "apply", *HANDLER, "--name", "章", "--type", "cloud",
                   "--style", "普通")  # fmt: skip
    assert text.code == 11 and "数字证书" in text.stderr + text.stdout

    # refused here, nothing sent: exit 2
    renamed = tmp_path / "setup.png"
    renamed.write_bytes(EXE)
    for args, kind in (
        (["--name", "章" * 31, "--type", "cloud", "--style", "普通"], "invalid_seal_name"),
        (["--name", "章", "--type", "cloud", "--style", "普通", "--size", "50x50"],
         "invalid_size"),
        (["--name", "章", "--type", "cloud", "--style", "宋体"], "invalid_style"),
        (["--name", "章", "--type", "cloud", "--image", str(renamed)], "file_not_image"),
    ):  # fmt: skip
        code, bad = _apply(*args)
        assert code == 2 and bad["error"]["kind"] == kind, bad

    done = run_cli("platform", "certificate", "request", "--name", "张三", "--id-number",
                   ID_NUMBER, "--phone", "13812345678", "--email", "zs@example.com", "--agree",
                   "--json", env=PIN)  # fmt: skip
    assert done.code == 0, done.stdout + done.stderr
    # a damaged picture (cut short) is found here too, with the certificate there: not sent
    damaged = tmp_path / "坏.png"
    damaged.write_bytes(picture.read_bytes()[: picture.stat().st_size // 2])
    code, bad = _apply("--name", "坏章", "--type", "cloud", "--image", str(damaged))
    assert (code, bad["error"]["kind"]) == (9, "image_corrupt"), bad

    code, cloud = _apply("--name", "云端公章", "--type", "cloud", "--style", "普通")
    assert code == 0, cloud
    assert cloud["application"]["state"] == "pending"
    assert cloud["application"]["style"] == "official"
    code, ukey = _apply("--name", "UKey公章", "--type", "ukey", "--image", str(picture),
                        "--size", "40x40")  # fmt: skip
    assert code == 0, ukey
    assert ukey["application"]["key_entity_id"] and ukey["application"]["width_mm"] == 40

    listed = run_cli("platform", "seal", "list", "--json")
    assert listed.code == 0, listed.stdout
    apps = listed.json["applications"]  # type: ignore[index]
    assert [(a["name"], a["state"]) for a in apps] == [
        ("UKey公章", "pending"),
        ("云端公章", "pending"),
    ]
    words = run_cli("platform", "seal", "list", "--type", "cloud").stdout
    assert "云端公章（待审核）" in words and "UKey公章" not in words
    shown = run_cli("platform", "seal", "show", ukey["application"]["id"], "--json")
    assert base64.b64decode(shown.json["application"]["image"]) == picture.read_bytes()  # type: ignore[index]
