"""The local store: records survive kill -9 mid-write, a damaged or newer database is moved aside
with a notice and nothing is lost, the old records.json is imported once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sealdesk.app.store import Record, Store, now_iso


def _record(n: int) -> Record:
    return Record(
        name=f"合同{n}.pdf",
        output=f"/tmp/合同{n}_signed.pdf",
        source=f"/tmp/合同{n}.pdf",
        pages=n,
        signer="上海示例科技有限公司",
        seals="上海示例科技有限公司公章",
        signed_at=now_iso(),
    )


@pytest.fixture(autouse=True)
def _private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEALDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SEALDESK_CONFIG_DIR", str(tmp_path / "config"))


def test_records_are_kept_newest_first_and_searched(tmp_path: Path) -> None:
    store = Store.open()
    for n in range(3):
        store.add(_record(n))
    assert [r.name for r in store.records()] == ["合同2.pdf", "合同1.pdf", "合同0.pdf"]
    assert [r.name for r in store.records("合同1")] == ["合同1.pdf"]
    assert store.remove({"/tmp/合同1_signed.pdf"}) == 1
    store.close()
    again = Store.open()  # the same file next time, nothing to say
    assert [r.name for r in again.records()] == ["合同2.pdf", "合同0.pdf"] and not again.notices
    assert (tmp_path / "data" / "sealdesk.db").is_file()


def test_the_old_records_json_is_imported_once(tmp_path: Path) -> None:
    old = tmp_path / "config" / "records.json"
    old.parent.mkdir(parents=True)
    rows = [
        {"name": f"f{n}.pdf", "output": f"/o/f{n}.pdf", "source": f"/s/f{n}.pdf", "pages": 1,
         "signer": "甲", "seals": "章", "date": f"2026-01-0{n + 1} 10:00"}
        for n in range(8, -1, -1)  # newest first, as the old file kept them
    ]  # fmt: skip
    old.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    store = Store.open()
    assert [r.name for r in store.records()] == [r["name"] for r in rows]
    assert [n.code for n in store.notices] == ["imported_json"]
    assert not old.exists() and list(old.parent.glob("records.json.imported-*"))
    store.close()
    assert len(Store.open().records()) == 9  # not imported twice


def test_a_damaged_records_json_is_kept_not_overwritten(tmp_path: Path) -> None:
    old = tmp_path / "config" / "records.json"
    old.parent.mkdir(parents=True)
    old.write_text('[{"name": "half', encoding="utf-8")
    store = Store.open()
    store.add(_record(1))
    assert [n.code for n in store.notices] == ["json_damaged"]
    (kept,) = old.parent.glob("records.json.damaged-*")
    assert kept.read_text(encoding="utf-8") == '[{"name": "half'


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_is_moved_aside(damage: str, tmp_path: Path) -> None:
    store = Store.open()
    for n in range(200):
        store.add(_record(n))
    store.close()
    path = tmp_path / "data" / "sealdesk.db"
    data = path.read_bytes()
    path.write_bytes(b"this is not a database" * 100 if damage == "garbage" else data[:6000])
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    before = path.read_bytes()
    store = Store.open()
    (notice,) = store.notices
    assert notice.code == "moved_damaged" and notice.path in notice.zh
    assert Path(notice.path).read_bytes() == before  # nothing lost: kept as it was
    store.add(_record(1))
    assert len(store.records()) == 1


def test_a_database_of_a_newer_version_is_moved_aside(tmp_path: Path) -> None:
    Store.open().close()
    path = tmp_path / "data" / "sealdesk.db"
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    store = Store.open()
    (notice,) = store.notices
    assert notice.code == "moved_newer" and "更新版本" in notice.zh
    with sqlite3.connect(notice.path) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "9999_from_the_future",
        )


_WRITER = """
import sys
from sealdesk.app.store import Record, Store, now_iso
store = Store.open()
print("ready", flush=True)
n = 0
while True:
    store.add(Record(name=f"{sys.argv[1]}-{n}", output=f"/o/{n}", source="s", pages=1,
                     signer="x" * 2000,
                     seals="y", signed_at=now_iso()))
    n += 1
"""


def test_kill_9_while_writing_leaves_a_whole_store(tmp_path: Path) -> None:
    for round_ in range(5):
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(round_)],
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(0.2 + 0.1 * round_)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        store = Store.open()
        assert not store.notices, store.notices  # never damaged
        records = store.records(limit=100_000)
        # every record is whole, and each round's are a gapless run: all or nothing per write
        assert all(r.signer == "x" * 2000 for r in records)
        numbers = sorted(
            int(r.name.split("-")[1]) for r in records if r.name.startswith(f"{round_}-")
        )
        assert numbers and numbers == list(range(len(numbers)))
        store.close()
