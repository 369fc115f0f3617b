"""文件图片 and 文件附件 of a 用印申请 on the real server (PostgreSQL): uploaded by the applicant
one at a time, checked by their bytes (a renamed program, a text file named .png), their size
and number; names without folders; listed and downloaded by whoever may see the application,
no one else; 强制上传图片 blocks the approval until an image is there; all of it audited."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from sealdesk.sealbox.appfiles import MAX_ATTACHMENTS, MAX_FILE, MAX_IMAGES
from tests.appfile_samples import EXE, PDF, PNG, TEXT, docx, numbered_png
from tests.platform_env import API, ServerProcess, UnitCa
from tests.server.sealbox_env import Unit, error, in_unit, ok

APPS = f"{API}/sealbox/applications"


@pytest.fixture
def unit(server: ServerProcess, test_ca: UnitCa) -> Iterator[Unit]:
    yield from in_unit(server, test_ca)


def send(client: httpx.Client, app_id: str, kind: str, name: str, data: bytes) -> httpx.Response:
    body = {"kind": kind, "name": name, "data": base64.b64encode(data).decode()}
    return client.post(f"{APPS}/{app_id}/files", json=body)


def apply(client: httpx.Client, box_id: str, **extra: Any) -> dict[str, Any]:
    body = {"box_id": box_id, "reason": "合同盖章", "count": 2,
            "not_after": int(time.time()) + 3600, **extra}  # fmt: skip
    return ok(client.post(APPS, json=body))["application"]  # type: ignore[no-any-return]


def test_files_checked_by_their_bytes_seen_by_those_involved_and_photo_required(
    unit: Unit, server: ServerProcess, test_ca: UnitCa
) -> None:
    box = unit.bind()  # no keepers: the admins approve
    applicant, outsider = unit.member(), unit.member()
    app = apply(applicant.client, box["id"], carrier="纸质", photo_required=True)
    assert app["carrier"] == "纸质" and app["files"] == []
    app_id = app["id"]

    # bad files: refused by what they are, nothing kept
    error(send(applicant.client, app_id, "attachment", "合同.pdf", EXE), 422, "file_content")
    error(send(applicant.client, app_id, "image", "scan.png", TEXT), 422, "not_image")
    error(send(applicant.client, app_id, "attachment", "tool.exe", EXE), 422, "file_type")
    error(send(applicant.client, app_id, "image", "big.png", PNG + bytes(MAX_FILE)), 413,
          "file_too_large")  # fmt: skip
    over = send(applicant.client, app_id, "attachment", "huge.pdf", PDF + bytes(800_000))
    error(over, 413, "too_large")  # the request itself is over 1 MiB
    error(send(outsider.client, app_id, "image", "a.png", PNG), 403, "not_applicant")
    assert ok(unit.admin.get(f"{APPS}/{app_id}/files"))["files"] == []

    # 强制上传图片: no image yet, no approval (an attachment is not an image)
    made = ok(send(applicant.client, app_id, "attachment", "../../etc/合同.pdf", PDF))
    assert made["file"]["name"] == "合同.pdf" and made["file"]["type"] == "pdf"
    err = error(unit.admin.post(f"{APPS}/{app_id}/approve", json={}), 409, "photo_missing")
    assert "强制上传图片" in err["message"]

    # a wrong picture taken off again, by the applicant only; the last image gone, 强制上传图片
    # blocks 通过 again
    wrong = ok(send(applicant.client, app_id, "image", "错的.png", PNG))["file"]
    gone = f"{APPS}/{app_id}/files/{wrong['id']}"
    error(outsider.client.delete(gone), 403, "not_applicant")
    error(unit.admin.delete(gone), 403, "not_applicant")
    left = ok(applicant.client.delete(gone))
    assert left["deleted"]["id"] == wrong["id"]
    assert [f["name"] for f in left["files"]] == ["合同.pdf"]
    error(applicant.client.delete(gone), 404, "not_found")
    error(unit.admin.post(f"{APPS}/{app_id}/approve", json={}), 409, "photo_missing")

    # a PNG named .jpg is a PNG; 9 images, then 429; 5 attachments, then 429
    first = ok(send(applicant.client, app_id, "image", "现场.jpg", PNG))["file"]
    assert first["type"] == "png" and first["size"] == len(PNG)
    for n in range(1, MAX_IMAGES):
        ok(send(applicant.client, app_id, "image", f"p{n}.png", numbered_png(n)))
    error(send(applicant.client, app_id, "image", "p10.png", PNG), 429, "image_quota")
    for n in range(1, MAX_ATTACHMENTS):
        ok(send(applicant.client, app_id, "attachment", f"d{n}.docx", docx()))
    error(send(applicant.client, app_id, "attachment", "d6.pdf", PDF), 429, "attachment_quota")

    # seen by the applicant and the approvers; not by others of the unit, nor other units
    listed = ok(applicant.client.get(f"{APPS}/{app_id}/files"))
    assert [f["kind"] for f in listed["files"]].count("image") == MAX_IMAGES
    assert listed["left"] == {"image": 0, "attachment": 0}
    error(outsider.client.get(f"{APPS}/{app_id}/files"), 403, "not_involved")
    error(outsider.client.get(f"{APPS}/{app_id}/files/{first['id']}"), 403, "not_involved")
    with ExitStack() as stack:
        stranger = Unit(server, test_ca, stack)
        error(stranger.admin.get(f"{APPS}/{app_id}/files"), 404, "not_found")
    got = ok(unit.admin.get(f"{APPS}/{app_id}/files/{first['id']}"))
    data = base64.b64decode(got["data"])
    assert data == PNG and hashlib.sha256(data).hexdigest() == got["file"]["sha256"]
    last_id = listed["files"][-1]["id"]
    unknown = last_id[:-1] + ("1" if last_id.endswith("0") else "0")  # another, not made
    error(unit.admin.get(f"{APPS}/{app_id}/files/{unknown}"), 404)

    # with its image it is approved; then it takes no more files; the list shows the files
    decided = ok(unit.admin.post(f"{APPS}/{app_id}/approve", json={}))["application"]
    assert decided["state"] == "approved" and len(decided["files"]) == MAX_IMAGES + MAX_ATTACHMENTS
    error(send(applicant.client, app_id, "image", "late.png", PNG), 409, "not_pending")
    error(applicant.client.delete(f"{APPS}/{app_id}/files/{first['id']}"), 409, "not_pending")
    mine = ok(applicant.client.get(APPS, params={"view": "mine"}))["applications"]
    assert [len(a["files"]) for a in mine] == [MAX_IMAGES + MAX_ATTACHMENTS]

    entries = ok(unit.admin.get(f"{API}/audit", params={"limit": 1000}))["entries"]
    seen = [(e["action"], e["result"]) for e in entries if "file" in e["action"]]
    for expected in (
        ("sealbox.file_upload", "refused:file_content"),
        ("sealbox.file_upload", "refused:not_image"),
        ("sealbox.file_upload", "refused:not_applicant"),
        ("sealbox.file_upload", "refused:image_quota"),
        ("sealbox.file_upload", "ok"),
        ("sealbox.file_delete", "ok"),
        ("sealbox.file_delete", "refused:not_applicant"),
        ("sealbox.file_delete", "refused:not_pending"),
        ("sealbox.files", "refused:not_involved"),
        ("sealbox.file_download", "refused:not_involved"),
        ("sealbox.file_download", "ok"),
    ):
        assert expected in seen, expected
    assert ("sealbox.approve", "refused:photo_missing") in [
        (e["action"], e["result"]) for e in entries
    ]


def test_the_boxs_keeper_sees_the_files_and_a_carrier_over_20_is_refused(unit: Unit) -> None:
    keeper = unit.member(box_role="keeper")
    box = unit.bind()
    ok(unit.admin.put(f"{API}/sealbox/boxes/{box['id']}/keepers",
                      json={"person_ids": [keeper.id]}))  # fmt: skip
    applicant = unit.member()
    body = {"box_id": box["id"], "reason": "盖章", "count": 1, "carrier": "纸" * 21,
            "not_after": int(time.time()) + 3600}  # fmt: skip
    error(applicant.client.post(APPS, json=body), 422)
    app = apply(applicant.client, box["id"])
    ok(send(applicant.client, app["id"], "attachment", "a.pdf", PDF))
    assert [f["name"] for f in ok(keeper.client.get(f"{APPS}/{app['id']}/files"))["files"]] == [
        "a.pdf"
    ]
