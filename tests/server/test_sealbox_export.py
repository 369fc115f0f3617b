"""导出记录 on the real server (PostgreSQL): an admin mails a box's records of a time range as a
CSV file, through the development mail gateway; what it refuses, and a gateway that fails."""

from __future__ import annotations

import csv
import io
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.platform_env import API, ServerProcess, UnitCa
from tests.server.sealbox_env import Unit, error, in_unit, ok

BOXES = f"{API}/sealbox/boxes"
DAY = 86_400_000


@pytest.fixture
def unit(server: ServerProcess, test_ca: UnitCa) -> Iterator[Unit]:
    yield from in_unit(server, test_ca)


def _attachment(message: Any) -> tuple[str, list[list[str]]]:
    (part,) = list(message.iter_attachments())
    data = part.get_payload(decode=True)
    assert data.startswith("\ufeff".encode())  # Excel opens it as UTF-8
    return part.get_filename(), list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_an_admin_mails_a_box_records_of_a_range(unit: Unit, server: ServerProcess):
    box = unit.bind(name="合同章/2")
    alice = unit.member()
    t0 = int(time.time() * 1000) - DAY
    records = [
        {"seq": 0, "kind": "stamp", "time_ms": t0 - 3 * DAY, "user_id": alice.id, "used": 1},
        {"seq": 1, "kind": "stamp", "time_ms": t0, "user_id": alice.id, "used": 1},
        {
            "seq": 2,
            "kind": "abnormal",
            "cause": "over_count",
            "time_ms": t0 + 1000,
            "user_id": alice.id,
            "photo_bytes": 5000,
        },
    ]
    info = {"device_id": box["device_id"], "place": "总部3楼档案室"}
    ok(unit.admin.post(f"{BOXES}/{box['id']}/records", json={"records": records, "info": info}))
    before = len(server.mails())

    url = f"{BOXES}/{box['id']}/records/export"
    body = {"from_ms": t0 - DAY, "to_ms": t0 + DAY, "email": "archive@example.cn"}
    assert ok(unit.admin.post(url, json=body)) == {"records": 2, "email": "archive@example.cn"}

    mails = server.mails()
    assert len(mails) == before + 1
    message = mails[-1]
    assert message["To"] == "archive@example.cn"
    assert "合同章/2" in message["Subject"]
    assert "共 2 条" in message.get_body(("plain",)).get_content()
    name, rows = _attachment(message)
    assert name.endswith(".csv") and "/" not in name
    assert rows[0][:6] == ["序号", "用印时间", "类型", "异常原因", "使用人", "使用位置"]
    assert [r[0] for r in rows[1:]] == ["1", "2"]  # the record 3 days before: not in the range
    assert rows[1][2:6] == ["盖章", "", alice.name, "总部3楼档案室"]
    assert rows[2][2:4] == ["异常", "超出授权次数"]
    assert rows[2][7] == "未上传"  # the box took a photo that has not reached the platform

    # bad input: nothing mailed
    for bad, kind in (
        ({**body, "email": "not an address"}, None),
        ({**body, "email": "a@b.cn\nBcc: x@y.cn"}, None),  # no header injection
        ({**body, "from_ms": body["to_ms"] + 1}, None),
        ({**body, "from_ms": t0 - 400 * DAY}, None),  # over a year at once
        ({**body, "from_ms": "a"}, None),
    ):
        error(unit.admin.post(url, json=bad), 422, kind)
    error(unit.admin.post(f"{BOXES}/{unit.bind()['id'][:-4]}ffff/records/export", json=body), 404)
    assert len(server.mails()) == before + 1

    # the gateway cannot write (a full disk, a folder taken away): said, not counted, no file
    shutil.rmtree(server.mail_sink)
    server.mail_sink.write_text("not a folder")
    try:
        error(unit.admin.post(url, json=body), 503, "mail_unavailable")
    finally:
        server.mail_sink.unlink()
    log = ok(unit.admin.get(f"{API}/audit", params={"limit": 1000}))["entries"]
    results = [row["result"] for row in log if row["action"] == "sealbox.export"]
    assert "refused:mail_unavailable" in results

    # 20 exports a unit a day
    for _ in range(19):
        ok(unit.admin.post(url, json=body))
    error(unit.admin.post(url, json=body), 429, "export_quota")
    assert len(server.mails()) == 19  # the first went with the folder
