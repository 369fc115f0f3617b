"""Seal-box views on the real server (PostgreSQL) and through `sealdesk sealbox …` as people
run it (each their own session in their own config folder): 使用记录's tabs 全部 / 我使用 /
我管理 for an admin, a keeper and a plain member."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.appfile_samples import PNG
from tests.conftest import CliResult, run_cli
from tests.platform_env import API, ServerProcess, UnitCa
from tests.server.sealbox_env import Member, Unit, error, grant_body, in_unit, ok
from tests.server.test_sealbox_api import Carrier, bound_box

BOXES = f"{API}/sealbox/boxes"
RECORDS = f"{API}/sealbox/records"


@pytest.fixture
def unit(server: ServerProcess, test_ca: UnitCa) -> Iterator[Unit]:
    yield from in_unit(server, test_ca)


def upload(client: httpx.Client, box_id: str, records: list[tuple[str, str]]) -> None:
    """Records as a client at the box uploads them: (kind, user id) each, in order."""
    now = int(time.time() * 1000)
    body = {
        "records": [
            {
                "seq": seq,
                "kind": kind,
                "cause": "no_grant" if kind == "abnormal" else None,
                "time_ms": now - 1000 * (len(records) - seq),
                "user_id": user,
                "used": seq + 1 if kind == "stamp" else 0,
            }
            for seq, (kind, user) in enumerate(records)
        ]
    }
    ok(client.post(f"{BOXES}/{box_id}/records", json=body))


def seen(client: httpx.Client, view: str, kind: str = "stamp") -> list[tuple[str, str]]:
    listed = ok(client.get(RECORDS, params={"view": view, "kind": kind}))
    return [(r["box_name"], r["user_id"] or "-") for r in listed["records"]]


def cli_as(server: ServerProcess, who: Member, folder: Path, *args: str) -> CliResult:
    """`sealdesk sealbox ARGS --json` run by ``who`` on their own computer (their session in
    their own config folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    token = str(who.client.headers["Authorization"]).removeprefix("Bearer ")
    (folder / "platform-token.json").write_text(json.dumps({server.url: token}))
    result = run_cli(
        "sealbox", *args, "--server", server.url, "--json",
        env={"SEALDESK_CONFIG_DIR": str(folder)},
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_records_tabs_all_mine_managed(unit: Unit, server: ServerProcess, tmp_path: Path):
    a, b = unit.bind(name="财务章"), unit.bind(name="合同章")
    keeper = unit.member("keeper")
    member = unit.member()
    ok(unit.admin.put(f"{BOXES}/{a['id']}/keepers", json={"person_ids": [keeper.id]}))
    K, M = keeper.id, member.id
    upload(unit.admin, a["id"], [("stamp", M), ("stamp", K), ("abnormal", "")])
    upload(unit.admin, b["id"], [("stamp", K), ("stamp", M)])

    # the admin sees every box; has stamped nothing; manages every box
    assert sorted(seen(unit.admin, "all")) == sorted(
        [("财务章", M), ("财务章", K), ("合同章", K), ("合同章", M)]
    )
    assert seen(unit.admin, "mine") == []
    assert sorted(seen(unit.admin, "managed")) == sorted(seen(unit.admin, "all"))
    # the keeper: their box's records and their own elsewhere; their own; their box's
    assert sorted(seen(keeper.client, "all")) == sorted(
        [("财务章", M), ("财务章", K), ("合同章", K)]
    )
    assert sorted(seen(keeper.client, "mine")) == [("合同章", K), ("财务章", K)]
    assert sorted(seen(keeper.client, "managed")) == sorted([("财务章", M), ("财务章", K)])
    assert seen(keeper.client, "managed", "abnormal") == [("财务章", "-")]
    # a member: only their own, and no box to manage
    assert sorted(seen(member.client, "all")) == [("合同章", M), ("财务章", M)]
    assert sorted(seen(member.client, "mine")) == [("合同章", M), ("财务章", M)]
    assert seen(member.client, "managed") == []
    # the unread count is of everything the person may see, whichever tab
    for view in ("all", "mine", "managed"):
        listed = ok(keeper.client.get(RECORDS, params={"view": view}))
        assert listed["unread_abnormal"] == 1
    for bad in ("others", "", "ALL"):
        error(unit.admin.get(RECORDS, params={"view": bad}), 422)

    # the same through `sealdesk sealbox history`, as the keeper runs it
    folder = tmp_path / "keeper"
    mine = cli_as(server, keeper, folder, "history", "--view", "mine")
    assert mine.code == 0, mine.stdout + mine.stderr
    assert {(r["box_name"], r["user_id"], r["kind"]) for r in mine.json["records"]} == {  # type: ignore[index]
        ("财务章", K, "stamp"),
        ("合同章", K, "stamp"),
    }
    managed = cli_as(server, keeper, folder, "history", "--view", "managed", "--kind", "all")
    rows = managed.json["records"]  # type: ignore[index]
    assert [(r["kind"], r["user_id"]) for r in rows] == [  # newest first
        ("abnormal", None),
        ("stamp", K),
        ("stamp", M),
    ]
    one_box = cli_as(server, keeper, folder, "history", "--box", "合同章")
    assert [r["user_id"] for r in one_box.json["records"]] == [K]  # type: ignore[index]
    nothing = cli_as(server, member, tmp_path / "member", "history", "--view", "managed")
    assert nothing.code == 0 and nothing.json["records"] == []  # type: ignore[index]
    text = run_cli(
        "sealbox", "history", "--view", "managed", "--server", server.url,
        env={"SEALDESK_CONFIG_DIR": str(tmp_path / "member")},
    )  # fmt: skip
    assert text.code == 0 and "您管理的印章盒没有记录。" in text.stdout, text.stdout
    text = run_cli(
        "sealbox", "history", "--view", "mine", "--server", server.url,
        env={"SEALDESK_CONFIG_DIR": str(folder)},
    )  # fmt: skip
    assert text.code == 0 and "合同章" in text.stdout and "第 1 次盖章" in text.stdout, text.stdout
    for bad in (("--view", "others"), ("--limit", "0"), ("--limit", "x")):
        refused = cli_as(server, keeper, folder, "history", *bad)
        assert refused.code == 2 and refused.json["error"]["kind"] == "usage"  # type: ignore[index]
    unknown = cli_as(server, keeper, folder, "history", "--box", "没有这台")
    assert unknown.code == 5 and unknown.json["error"]["kind"] == "unknown_box"  # type: ignore[index]


def test_force_upload_blocks_the_next_application(
    unit: Unit, server: ServerProcess, tmp_path: Path
):
    """强制上传记录: while the box holds records of the person's last grant (used up) that the
    platform lacks, or has not been heard since that grant's time ran out, the person's next
    application for that box is refused (409 records_owed, saying what is missing and what to
    do), by the API and by `sealdesk sealbox apply` (exit 11); once uploaded, it goes."""
    box, sim = bound_box(unit, tmp_path)
    user, other = unit.member(), unit.member()
    carrier = Carrier(unit.admin, box["id"], sim)
    body = grant_body(box["id"], user.id, count=2, force_upload=True)
    ok(unit.admin.post(f"{API}/sealbox/grants", json=body))
    carrier.contact()
    sim.set_connected(1)
    assert sim.press().stamped and sim.press().stamped  # used up
    carrier.contact()  # the box says it holds 2 records the platform does not

    def apply(who: Member) -> httpx.Response:
        application = {"box_id": box["id"], "reason": "再次用印", "count": 1,
                       "not_after": int(time.time()) + 3600}  # fmt: skip
        return who.client.post(f"{API}/sealbox/applications", json=application)

    refused = error(apply(user), 409, "records_owed")
    assert "还有 2 条记录未上传" in refused["message"] and "取回记录" in refused["message"]
    english = user.client.post(
        f"{API}/sealbox/applications",
        json={"box_id": box["id"], "reason": "again", "count": 1,
              "not_after": int(time.time()) + 3600},
        headers={"Accept-Language": "en"},
    )  # fmt: skip
    assert "still holds 2 record(s)" in error(english, 409, "records_owed")["message"]
    assert ok(apply(other))["application"]["state"] == "pending"  # not someone else's
    folder = tmp_path / "user"
    cli = cli_as(server, user, folder, "apply", "--box", box["name"], "--reason", "再次用印",
                 "--count", "1", "--end", "+1h")  # fmt: skip
    assert cli.code == 11, cli.stdout + cli.stderr
    assert cli.json["error"]["server"]["kind"] == "records_owed"  # type: ignore[index]
    assert "2 条记录未上传" in cli.json["error"]["message"]  # type: ignore[index]
    mine = ok(user.client.get(f"{API}/sealbox/applications", params={"view": "mine"}))
    assert mine["applications"] == []  # nothing was made

    carrier.upload()  # every record and photo on the platform: the person may apply
    assert ok(apply(user))["application"]["state"] == "pending"

    # a grant whose time ran out before the box was heard again: refused until it is
    late = grant_body(box["id"], user.id, count=0, force_upload=True,
                      not_after=int(time.time()) + 2)  # fmt: skip
    ok(unit.admin.post(f"{API}/sealbox/grants", json=late))
    carrier.contact()
    time.sleep(2.2)
    refused = error(apply(user), 409, "records_owed")
    assert "还没有收到印章盒的报告" in refused["message"]
    carrier.contact()
    assert ok(apply(user))["application"]["state"] == "pending"

    # without 强制上传记录 records still on the box do not block
    plain = grant_body(box["id"], other.id, count=1, force_upload=False)
    ok(unit.admin.post(f"{API}/sealbox/grants", json=plain))
    carrier.contact()
    assert sim.press().stamped
    carrier.contact()
    assert ok(apply(other))["application"]["state"] == "pending"


def test_rename_a_box_from_the_command_line(unit: Unit, server: ServerProcess, tmp_path: Path):
    """`sealdesk sealbox rename BOX --name N [--note T]`: the admins rename; a keeper is
    refused by the platform (exit 11, 403); a blank, too long or control-character name or
    note is exit 2 before anything is sent; an unknown box exit 5."""
    box = unit.bind(name="财务章")
    keeper = unit.member("keeper")
    ok(unit.admin.put(f"{BOXES}/{box['id']}/keepers", json={"person_ids": [keeper.id]}))
    main = Member(unit.admin_id, "主管理员", unit.admin)
    folder = tmp_path / "admin"

    def platform_box() -> tuple[str, str]:
        b = ok(unit.admin.get(f"{BOXES}/{box['id']}"))["box"]
        return b["name"], b["note"]

    done = cli_as(
        server, main, folder, "rename", "财务章", "--name", "公章", "--note", "放在财务室"
    )
    assert done.code == 0, done.stdout + done.stderr
    assert (done.json["box"]["name"], done.json["before"]["name"]) == ("公章", "财务章")  # type: ignore[index]
    assert platform_box() == ("公章", "放在财务室")
    for bad, kind, said in (
        (("--name", ""), "invalid_box_name", "请填写设备名称。"),
        (("--name", "   "), "invalid_box_name", "请填写设备名称。"),
        (("--name", "章" * 51), "invalid_box_name", "设备名称最多 50 个字。"),
        (("--name", "财务\t章"), "invalid_box_name", "无法使用的字符"),
        (("--note", "备" * 101), "invalid_box_note", "设备备注最多 100 个字。"),
        (("--note", "第一行\n第二行"), "invalid_box_note", "无法使用的字符"),
        ((), "invalid_rename", "--name"),
    ):
        refused = cli_as(server, main, folder, "rename", "公章", *bad)
        assert refused.code == 2, refused.stdout
        error_doc = refused.json["error"]  # type: ignore[index]
        assert error_doc["kind"] == kind and said in error_doc["message"], error_doc
    assert platform_box() == ("公章", "放在财务室")  # nothing was sent
    cleared = cli_as(server, main, folder, "rename", box["device_id"], "--note", "")
    assert cleared.code == 0 and platform_box() == ("公章", "")
    text = run_cli(
        "sealbox", "rename", "公章", "--name", "合同章", "--server", server.url,
        env={"SEALDESK_CONFIG_DIR": str(folder)},
    )  # fmt: skip
    assert text.code == 0 and "印章盒“公章”已改名为“合同章”。" in text.stdout, text.stdout
    refused = cli_as(server, keeper, tmp_path / "keeper", "rename", "合同章", "--name", "私章")
    assert refused.code == 11 and refused.json["error"]["server"]["code"] == 403  # type: ignore[index]
    unknown = cli_as(server, main, folder, "rename", "没有这台", "--name", "x")
    assert unknown.code == 5 and unknown.json["error"]["kind"] == "unknown_box"  # type: ignore[index]
    assert platform_box() == ("合同章", "")


def test_application_fields_department_area_file_code(
    unit: Unit, server: ServerProcess, tmp_path: Path
):
    """用印申请's optional 部门 (one of the unit's), 区域 (≤ 50), 文件标识 (a 69 barcode with its
    check digit right, or a QR code's text ≤ 200) and 强制上传图片: kept, returned, listed, by
    the API and by `sealdesk sealbox apply`; a wrong check digit, a 51-character 区域 or a
    department the unit does not have is 422 from the platform and exit 2 before anything is
    sent from the command line, and nothing is made."""
    box = unit.bind(name="财务章")
    finance = ok(unit.admin.post(f"{API}/departments", json={"name": "财务部"}))["department"]
    member = unit.member()
    apps = f"{API}/sealbox/applications"

    def body(**extra: object) -> dict[str, object]:
        return {"box_id": box["id"], "reason": "合同盖章", "count": 2,
                "not_after": int(time.time()) + 3600, **extra}  # fmt: skip

    made = ok(member.client.post(apps, json=body(
        department_id=finance["id"], area="三楼东区", file_code="6901234567892",
        photo_required=True,
    )))["application"]  # fmt: skip
    assert (made["department_id"], made["department_name"]) == (finance["id"], "财务部")
    assert (made["area"], made["file_code"], made["file_code_kind"]) == (
        "三楼东区", "6901234567892", "barcode",
    )  # fmt: skip
    assert made["photo_required"] is True
    qr = ok(member.client.post(apps, json=body(file_code="https://example.cn/doc/42")))
    assert qr["application"]["file_code_kind"] == "qr"
    assert qr["application"]["department_id"] is None and qr["application"]["area"] == ""
    listed = ok(unit.admin.get(apps, params={"view": "all"}))["applications"]
    assert {a["file_code"] for a in listed} == {"6901234567892", "https://example.cn/doc/42"}

    for bad, kind, said in (
        ({"file_code": "6901234567891"}, "invalid", "check digit 1, it should be 2"),
        ({"file_code": "第一行\n第二行"}, "invalid", "file_code"),
        ({"file_code": "码" * 201}, "invalid", "file_code"),
        ({"area": "区" * 51}, "invalid", "area"),
        ({"department_id": str(uuid.uuid4())}, "unknown_department", "没有部门"),
    ):
        refused = error(member.client.post(apps, json=body(**bad)), 422, kind)
        assert said in refused["message"], refused
    other = unit.member()  # a department of another unit is as unknown: here, a deleted one
    gone = ok(unit.admin.post(f"{API}/departments", json={"name": "撤销部"}))["department"]
    ok(unit.admin.delete(f"{API}/departments/{gone['id']}"))
    error(other.client.post(apps, json=body(department_id=gone["id"])), 422, "unknown_department")
    assert len(ok(unit.admin.get(apps, params={"view": "all"}))["applications"]) == 2

    folder = tmp_path / "member"
    base = ("apply", "--box", "财务章", "--reason", "章程盖章", "--count", "1", "--end", "+1h")
    scan = tmp_path / "scan.png"  # 强制上传图片: an image goes with it
    scan.write_bytes(PNG)
    done = cli_as(server, member, folder, *base, "--department", "财务部", "--area", "档案室",
                  "--file-code", "6901234567892", "--photo-required", "--file-name", "章程",
                  "--file-type", "制度", "--copies", "3", "--image", str(scan))  # fmt: skip
    assert done.code == 0, done.stdout + done.stderr
    a = done.json["application"]  # type: ignore[index]
    assert (a["department_name"], a["area"], a["file_code"], a["photo_required"]) == (
        "财务部", "档案室", "6901234567892", True,
    )  # fmt: skip
    assert (a["file_name"], a["file_type"], a["copies"]) == ("章程", "制度", 3)
    text = run_cli("sealbox", "applications", "--view", "mine", "--server", server.url,
                   env={"SEALDESK_CONFIG_DIR": str(folder)})  # fmt: skip
    assert text.code == 0, text.stdout + text.stderr
    for line in (
        "部门：财务部", "区域：档案室", "文件标识（条码）：6901234567892", "强制上传图片",
        "文件：章程（制度，3 份）", "文件标识（二维码）：https://example.cn/doc/42",
    ):  # fmt: skip
        assert line in text.stdout, text.stdout
    for bad, kind, said in (
        (("--file-code", "6901234567891"), "invalid_file_code", "校验位不对"),
        (("--area", "区" * 51), "invalid_app_area", "区域最多 50 个字"),
        (("--department", "没有这个部"), "invalid_app_department", "本单位没有这个部门"),
        (("--copies", "0"), "invalid_copies", "份数应为 1 到 10000 的整数"),
    ):
        refused = cli_as(server, member, folder, *base, *bad)
        assert refused.code == 2, refused.stdout + refused.stderr
        error_doc = refused.json["error"]  # type: ignore[index]
        assert error_doc["kind"] == kind and said in error_doc["message"], error_doc
    mine = ok(member.client.get(apps, params={"view": "mine"}))["applications"]
    assert len(mine) == 3  # two by the API, one by the command line: nothing else was made
