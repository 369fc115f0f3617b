"""`sealdesk sealbox apply --carrier --image --attach`, `attach` and `files [--out]` as people run
them, against the real server on PostgreSQL (logged in with the SoftHSM2 demo key, the unit's
主管理员, who applies here): every file is checked by its bytes before anything is sent (exit 2,
nothing made), the files go with the application, more are added, they are listed and
downloaded whole, and a download that cannot be written leaves nothing half-written."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sealdesk.sealbox.appfiles import MAX_FILE
from tests.appfile_samples import EXE, PDF, PNG, TEXT, numbered_png
from tests.conftest import CliResult, run_cli
from tests.platform_env import API, ServerProcess, postgres
from tests.sealbox.test_keeper_cli import _bytecode_kept, admin, platform
from tests.server.sealbox_env import bind

__all__ = ["_bytecode_kept", "platform", "postgres"]


def sealbox(*args: str) -> CliResult:
    result = run_cli("sealbox", *args, "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return result


def refused(result: CliResult, code: int, kind: str) -> dict[str, Any]:
    assert result.code == code, result.stdout + result.stderr
    error: dict[str, Any] = result.json["error"]  # type: ignore[index]
    assert error["kind"] == kind, error
    return error


def test_apply_with_files_attach_list_and_download(platform: ServerProcess, tmp_path: Path):
    with admin(platform) as client:
        assert bind(client, name="合同章").status_code == 200
    files = tmp_path / "files"
    files.mkdir()
    for name, data in (("扫描件.jpg", PNG), ("合同.pdf", PDF), ("伪装.pdf", EXE),
                       ("说明.png", TEXT), ("大图.png", PNG + bytes(MAX_FILE)),
                       ("现场.png", numbered_png(2))):  # fmt: skip
        (files / name).write_bytes(data)
    apply = ["apply", "--box", "合同章", "--reason", "采购合同", "--count", "2", "--end", "+2h",
             "--carrier", "纸质", "--photo-required"]  # fmt: skip

    # checked here, before anything is sent: nothing is made
    err = refused(sealbox(*apply, "--image", str(files / "扫描件.jpg"),
                          "--attach", str(files / "伪装.pdf")), 2, "file_content")  # fmt: skip
    assert "伪装.pdf" in err["message"] and "扩展名不符" in err["message"]
    refused(sealbox(*apply, "--image", str(files / "说明.png")), 2, "file_not_image")
    err = refused(sealbox(*apply, "--attach", str(files / "合同.pdf")), 2, "invalid_app_images")
    assert "强制上传图片" in err["message"]
    refused(sealbox(*apply[:-1], "--carrier", "纸" * 21), 2, "invalid_app_carrier")
    with admin(platform) as client:
        assert client.get(f"{API}/sealbox/applications").json()["applications"] == []

    # with its image and attachment, under their names (a PNG named .jpg is a PNG)
    made = sealbox(
        *apply, "--image", str(files / "扫描件.jpg"), "--attach", str(files / "合同.pdf")
    )
    assert made.code == 0, made.stdout + made.stderr
    app = made.json["application"]  # type: ignore[index]
    assert app["carrier"] == "纸质" and app["photo_required"]
    assert [(f["name"], f["type"]) for f in app["files"]] == [
        ("扫描件.jpg", "png"),
        ("合同.pdf", "pdf"),
    ]
    app_id = app["id"]

    # attach: too big is said before sending; a good one is added
    err = refused(sealbox("attach", app_id, "--image", str(files / "大图.png")), 2,
                  "file_too_large")  # fmt: skip
    assert "700 KB" in err["message"]
    added = sealbox("attach", app_id, "--image", str(files / "现场.png"))
    assert added.code == 0, added.stdout + added.stderr
    assert [f["name"] for f in added.json["files"]] == ["扫描件.jpg", "合同.pdf", "现场.png"]  # type: ignore[index]
    refused(sealbox("files", "00000000-0000-4000-8000-000000000000"), 5, "unknown_application")

    # download: every file whole, nothing else in the folder
    out = tmp_path / "out"
    got = sealbox("files", app_id, "--out", str(out))
    assert got.code == 0, got.stdout + got.stderr
    assert sorted(p.name for p in out.iterdir()) == ["合同.pdf", "扫描件.jpg", "现场.png"]
    assert (out / "合同.pdf").read_bytes() == PDF
    for f in got.json["files"]:  # type: ignore[index]
        assert hashlib.sha256(Path(f["path"]).read_bytes()).hexdigest() == f["sha256"]

    # a file that cannot be written (a folder has its name): no part of it left behind
    blocked = tmp_path / "blocked"
    (blocked / "合同.pdf").mkdir(parents=True)
    failed = sealbox("files", app_id, "--out", str(blocked))
    assert failed.code != 0, failed.stdout
    assert sorted(p.name for p in blocked.iterdir()) == ["合同.pdf", "扫描件.jpg"]
    assert (blocked / "合同.pdf").is_dir()

    # a file added by mistake taken off again: a bad id before anything is sent; then gone
    refused(sealbox("files", app_id, "--delete", "现场.png"), 2, "invalid_file_id")
    extra = next(f for f in added.json["files"] if f["name"] == "现场.png")  # type: ignore[index]
    removed = sealbox("files", app_id, "--delete", extra["id"])
    assert removed.code == 0, removed.stdout + removed.stderr
    assert [f["name"] for f in removed.json["files"]] == ["扫描件.jpg", "合同.pdf"]  # type: ignore[index]
    # one not the application's: none goes (the one that is stays)
    first = removed.json["files"][0]["id"]  # type: ignore[index]
    both = sealbox("files", app_id, "--delete", first, "--delete", extra["id"])
    refused(both, 5, "unknown_file")
    kept = sealbox("files", app_id).json["files"]  # type: ignore[index]
    assert [f["id"] for f in kept] == [f["id"] for f in removed.json["files"]]  # type: ignore[index]
