"""The simulated box's firmware logic on its persistent storage (one SQLite file per box).

Every operation is one transaction (``BEGIN IMMEDIATE``, ``synchronous=FULL``): what a call
returned is on disk, so a kill -9 loses nothing acknowledged, and ``sealdesk sealbox sim
press`` in another process works on the same box while the simulator runs. Models, screens and
the ten abnormal causes follow seed 003 (WAVE2-NOTES §B2, B9, B10).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from sealdesk.sealbox.errors import SimulatorError
from sealdesk.sealbox.protocol.commands import (
    REFUSAL_CAUSES,
    Command,
    CommandKind,
    CommandRefused,
    GrantFlags,
    Mode,
    activation_digest,
    key_id,
    verify_command,
)
from sealdesk.sealbox.protocol.messages import (
    Capability,
    Cause,
    Info,
    Record,
    RecordKind,
    Signed,
)
from sealdesk.sealbox.simulator.photo import stamp_photo

DB_NAME = "box.sqlite"
ACTIVATION_TRIES = 5
POWER_ON_WINDOW_S = 10  # a press this soon after power-on while locked is cause 10


@dataclass(frozen=True)
class Model:
    code: str
    capacity: int  # offline records before 存储已满 (S3:715-717)
    fingerprint: bool
    firmware_prefix: str


MODELS = {
    "GL": Model("GL", 800, True, "GYGL"),
    "L": Model("L", 240, False, "GYL"),
}


class Situation(Enum):
    """What the box is doing when the seal is pressed (the physical side of seed 003's causes)."""

    NORMAL = "normal"
    POWERING_OFF = "powering-off"  # cause 5
    QR = "qr"  # the screen shows the BLE QR code: cause 8 without a grant
    SCREEN_OFF = "screen-off"  # cause 9 without a grant
    POWER_ON = "power-on"  # just switched on: cause 10 when locked


class Refused(Exception):
    """The box says no; ``reason`` is stable, ``detail`` for people."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Press:
    """What one press did: a stamp, an abnormal record, or nothing (with the screen's reason)."""

    stamped: bool
    record: Record | None
    screen: str
    refused: str = ""  # why nothing happened: storage_full, restricted, fingerprint


_SCHEMA = """
CREATE TABLE IF NOT EXISTS box (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    model TEXT NOT NULL, device_id TEXT NOT NULL, name TEXT NOT NULL, address TEXT NOT NULL,
    firmware TEXT NOT NULL,
    platform_key BLOB, bound_name TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL DEFAULT '',
    counter INTEGER NOT NULL DEFAULT 0,
    ever_granted INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0,
    powered_on_at REAL NOT NULL,
    backlight INTEGER NOT NULL DEFAULT 30, auto_off INTEGER NOT NULL DEFAULT 0,
    offline INTEGER NOT NULL DEFAULT 0,
    next_seq INTEGER NOT NULL DEFAULT 0, uploaded INTEGER NOT NULL DEFAULT 0,
    connected_pid INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS grants (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    grant_id BLOB NOT NULL, user_id TEXT NOT NULL, user_name TEXT NOT NULL,
    not_before INTEGER NOT NULL, not_after INTEGER NOT NULL, count INTEGER NOT NULL,
    mode INTEGER NOT NULL, activation BLOB NOT NULL, flags INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0, activated INTEGER NOT NULL DEFAULT 0,
    tries INTEGER NOT NULL DEFAULT 0, unlocked INTEGER NOT NULL DEFAULT 0,
    ended INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL, cause INTEGER NOT NULL,
    time_ms INTEGER NOT NULL, grant_id BLOB NOT NULL, user_id TEXT NOT NULL,
    used INTEGER NOT NULL, detail TEXT NOT NULL, photo BLOB
);
"""


def _firmware(model: Model) -> str:
    return f"{model.firmware_prefix}{dt.date.today():%Y%m%d}{secrets.randbelow(100):02d}"


def _address() -> str:
    # a random static address: the two top bits set (Core spec Vol 6, Part B, 1.3.2.1)
    raw = bytearray(secrets.token_bytes(6))
    raw[0] |= 0xC0
    return ":".join(f"{b:02X}" for b in raw)


def _connect(folder: Path) -> sqlite3.Connection:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(folder / DB_NAME, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # a commit is on disk before we say done
        db.executescript(_SCHEMA)
    except (OSError, sqlite3.Error) as e:
        raise SimulatorError(
            "state", f"无法使用状态目录 {folder}：{e}", f"Cannot use the state folder {folder}: {e}"
        ) from e
    return db


class Box:
    """One simulated box in its state folder. Open with :meth:`create` or :meth:`open`."""

    def __init__(self, folder: Path, db: sqlite3.Connection) -> None:
        self.folder = folder
        self._db = db
        row = db.execute("SELECT model, device_id, address FROM box").fetchone()
        if row is None:  # create() writes the row in the same transaction that makes the file
            raise SimulatorError(
                "state", f"{folder} 里的印章盒状态不完整。", f"Incomplete box state in {folder}."
            )
        self.model = MODELS[row[0]]
        self.device_id: str = row[1]
        self.address: str = row[2]

    @classmethod
    def create(cls, folder: Path, *, model: str, name: str) -> Box:
        """The box in ``folder``, made on first use; later the same box (same id, records).

        :raises SimulatorError: the folder holds a box of another model, or cannot be used.
        """
        if model not in MODELS:
            raise SimulatorError(
                "model", f"没有型号 {model}（GL 或 L）。", f"No model {model} (GL or L)."
            )
        db = _connect(folder)
        try:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT model FROM box").fetchone()
            if row is None:
                device_id = f"{model}-{secrets.token_hex(4).upper()}"
                db.execute(
                    "INSERT INTO box (id, model, device_id, name, address, firmware, powered_on_at)"
                    " VALUES (1, ?, ?, ?, ?, ?, ?)",
                    (model, device_id, name, _address(), _firmware(MODELS[model]), time.time()),
                )
            elif row[0] != model:
                raise SimulatorError(
                    "model_mismatch",
                    f"{folder} 里是 {row[0]} 型印章盒，不是 {model}。",
                    f"{folder} holds a {row[0]} box, not {model}.",
                )
            else:  # switched on again
                db.execute("UPDATE box SET name = ?, powered_on_at = ?", (name, time.time()))
            db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        return cls(folder, db)

    @classmethod
    def open(cls, folder: Path) -> Box:
        """An existing box.

        :raises SimulatorError: no box in ``folder``.
        """
        if not (folder / DB_NAME).is_file():
            raise SimulatorError(
                "no_box",
                f"{folder} 里没有模拟印章盒（先运行 sealdesk sealbox simulate）。",
                f"No simulated box in {folder} (run sealdesk sealbox simulate first).",
            )
        return cls(folder, _connect(folder))

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- state
    def _state(self, db: sqlite3.Connection) -> dict[str, Any]:
        cur = db.execute("SELECT * FROM box")
        names = [d[0] for d in cur.description]
        state = dict(zip(names, cur.fetchone(), strict=True))
        cur = db.execute("SELECT * FROM grants")
        row = cur.fetchone()
        state["grant"] = (
            dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None
        )
        return state

    def _connected(self, pid: object) -> bool:
        if not isinstance(pid, int) or pid <= 0:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def _grant_open(self, grant: dict[str, Any] | None, now: float) -> bool:
        """Not ended by the authorizer, and neither expired in time nor used up (S3:557-565)."""
        if grant is None or grant["ended"]:
            return False
        count, used = int(grant["count"]), int(grant["used"])
        return now < int(grant["not_after"]) and not (count and used >= count)

    def _screen(self, state: dict[str, Any], now: float) -> str:
        if state["platform_key"] is None:
            return "请扫码绑定" if self.model.code == "L" else "未绑定"
        if int(state["next_seq"]) - int(state["uploaded"]) >= self.model.capacity:
            return "存储已满"
        if state["locked"]:
            return "限制使用"
        grant = state["grant"]
        if not isinstance(grant, dict) or not self._grant_open(grant, now):
            return "请授权使用"
        if now < grant["not_before"] or (
            grant["mode"] == Mode.PREAUTHORIZED and not grant["activated"]
        ):
            return "请授权使用"
        if not state["offline"] and not self._connected(state["connected_pid"]):
            return "限制使用"  # S3:713: without offline mode a box not connected is restricted
        if grant["flags"] & GrantFlags.FINGERPRINT and not grant["unlocked"]:
            return "请按指纹解锁"
        return f"{grant['used']}/{grant['count'] or '∞'}"

    def info(self, now: float | None = None) -> Info:
        now = time.time() if now is None else now
        with self._tx() as db:
            s = self._state(db)
        grant = s["grant"] if isinstance(s["grant"], dict) else None
        key = s["platform_key"]
        return Info(
            device_id=self.device_id,
            model=self.model.code,
            firmware=str(s["firmware"]),
            name=str(s["name"]),
            label=str(s["bound_name"]),
            capabilities=Capability.PHOTO
            | Capability.PHOTO_STREAM
            | (Capability.FINGERPRINT if self.model.fingerprint else 0),
            bound=key is not None,
            key_id=key_id(key) if isinstance(key, bytes) else b"",
            counter=int(s["counter"]),
            screen=self._screen(s, now),
            used=int(grant["used"]) if grant else 0,
            granted=int(grant["count"]) if grant else 0,
            capacity=self.model.capacity,
            stored=int(s["next_seq"]) - int(s["uploaded"]),
            next_seq=int(s["next_seq"]),
            uploaded=int(s["uploaded"]),
            locked=bool(s["locked"]),
            offline=bool(s["offline"]),
            grant_id=bytes(grant["grant_id"]) if grant and self._grant_open(grant, now) else b"",
            backlight=int(s["backlight"]),
            auto_off=int(s["auto_off"]),
        )

    def set_connected(self, pid: int) -> None:
        """The radio has a client (its pid) or none (0): decides 限制使用 without offline mode."""
        with self._tx() as db:
            db.execute("UPDATE box SET connected_pid = ?", (pid,))

    # -- what a client asks
    def bind(self, platform_key: bytes, name: str, unit: str) -> None:
        """:raises Refused: bound already (unbind first), or not an SM2 public point."""
        if len(platform_key) != 65 or platform_key[0] != 4:
            raise Refused("invalid", "the platform key is not an uncompressed SM2 point")
        with self._tx() as db:
            if db.execute("SELECT platform_key FROM box").fetchone()[0] is not None:
                raise Refused("bound", "the box is bound to a platform already")
            db.execute(
                "UPDATE box SET platform_key = ?, bound_name = ?, unit = ?, counter = 0,"
                " ever_granted = 0, locked = 0",
                (platform_key, name, unit),
            )
            db.execute("DELETE FROM grants")

    def command(self, signed: Signed, now: float | None = None) -> Command:
        """Carry out a platform-signed command.

        :raises Refused: not bound, or the command is refused (replayed, foreign, tampered,
            expired: also kept as an abnormal record), or the box's state forbids it.
        """
        now = time.time() if now is None else now
        with self._tx() as db:
            s = self._state(db)
            key = s["platform_key"]
            if not isinstance(key, bytes):
                raise Refused("unbound", "the box is not bound")
            try:
                command = verify_command(
                    signed,
                    platform_key=key,
                    device_id=self.device_id,
                    last_counter=int(s["counter"]),
                    now=now,
                )
            except CommandRefused as e:
                cause = REFUSAL_CAUSES.get(e.refusal)
                if cause is not None:
                    self._record(db, s, RecordKind.ABNORMAL, cause, now, detail=e.detail)
                refusal: Refused | None = Refused(e.refusal.name.lower(), e.detail)
            else:
                # a verified, fresh command is used up even when the state refuses it
                db.execute("UPDATE box SET counter = ?", (command.counter,))
                refusal = self._apply(db, s, command, now)
        if refusal is not None:
            raise refusal
        return command

    def _apply(
        self, db: sqlite3.Connection, s: dict[str, Any], c: Command, now: float
    ) -> Refused | None:
        grant = s["grant"] if isinstance(s["grant"], dict) else None
        kind = CommandKind(c.kind)
        if kind is CommandKind.GRANT:
            if self._grant_open(grant, now):
                return Refused("grant_open", "end the current grant first")
            if c.flags & GrantFlags.FINGERPRINT and not self.model.fingerprint:
                return Refused("capability", f"a {self.model.code} box has no fingerprint reader")
            db.execute("DELETE FROM grants")
            db.execute(
                "INSERT INTO grants (id, grant_id, user_id, user_name, not_before, not_after,"
                " count, mode, activation, flags) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (c.grant_id, c.user_id, c.user_name, c.not_before, c.not_after, c.count,
                 c.mode, c.activation, c.flags),
            )  # fmt: skip
            db.execute("UPDATE box SET ever_granted = 1")
        elif kind is CommandKind.END:
            if grant is None or (c.grant_id and c.grant_id != grant["grant_id"]):
                return Refused("no_grant", "no such grant on the box")
            db.execute("UPDATE grants SET ended = 1")
        elif kind is CommandKind.LOCK:
            db.execute("UPDATE box SET locked = 1")
        elif kind is CommandKind.UNLOCK:
            db.execute("UPDATE box SET locked = 0")
        elif kind is CommandKind.SETTINGS:
            for column, value in (
                ("backlight", c.backlight),
                ("auto_off", c.auto_off),
                ("offline", c.offline),
            ):
                if value is not None:
                    db.execute(f"UPDATE box SET {column} = ?", (int(value),))  # noqa: S608 (fixed names)
        elif kind is CommandKind.UNBIND:
            if self._grant_open(grant, now):
                return Refused("grant_open", "end the current grant before unbinding")
            db.execute("UPDATE box SET platform_key = NULL, bound_name = '', unit = ''")
            db.execute("DELETE FROM grants")
        return None

    def activate(self, code: str) -> None:
        """The person's activation code for a pre-authorized grant.

        :raises Refused: no such grant, wrong code (5 tries), or too many tries.
        """
        with self._tx() as db:
            grant = self._state(db)["grant"]
            if not isinstance(grant, dict) or grant["mode"] != Mode.PREAUTHORIZED or grant["ended"]:
                raise Refused("no_grant", "no pre-authorized grant to activate")
            if grant["tries"] >= ACTIVATION_TRIES:
                raise Refused("activation_locked", "too many wrong activation codes")
            if secrets.compare_digest(
                activation_digest(grant["grant_id"], code), grant["activation"]
            ):
                db.execute("UPDATE grants SET activated = 1")
                return
            db.execute("UPDATE grants SET tries = tries + 1")
            left = ACTIVATION_TRIES - grant["tries"] - 1
        raise Refused("activation_code", f"wrong activation code, {left} tries left")

    def records(self, start: int, limit: int) -> list[tuple[Record, int]]:
        """Records from ``start`` on, with the size of each one's photo."""
        rows = self._db.execute(
            "SELECT seq, kind, cause, time_ms, grant_id, user_id, used, detail,"
            " length(photo) FROM records WHERE seq >= ? ORDER BY seq LIMIT ?",
            (start, limit),
        ).fetchall()
        return [
            (
                Record(seq=r[0], kind=r[1], cause=r[2], time_ms=r[3], grant_id=r[4],
                       user_id=r[5], used=r[6], detail=r[7], photo_size=r[8] or 0),
                r[8] or 0,
            )
            for r in rows
        ]  # fmt: skip

    def acknowledge(self, upto: int) -> None:
        """A client holds every record before ``upto``: they no longer fill the storage."""
        with self._tx() as db:
            db.execute("UPDATE box SET uploaded = max(uploaded, min(?, next_seq))", (upto,))

    def photo(self, seq: int) -> bytes:
        row = self._db.execute("SELECT photo FROM records WHERE seq = ?", (seq,)).fetchone()
        return bytes(row[0]) if row and row[0] else b""

    # -- the person at the box
    def press(
        self, *, situation: Situation = Situation.NORMAL, fingerprint: bool = False,
        now: float | None = None,
    ) -> Press:  # fmt: skip
        """Press the seal once. A stamp or an abnormal record is stored before this returns."""
        now = time.time() if now is None else now
        with self._tx() as db:
            s = self._state(db)
            if int(s["next_seq"]) - int(s["uploaded"]) >= self.model.capacity:
                return Press(False, None, "存储已满", "storage_full")
            cause = self._abnormal_cause(s, situation, now)
            grant = s["grant"] if isinstance(s["grant"], dict) else None
            if cause is None and grant is not None:
                screen = self._screen(s, now)
                if screen == "限制使用":
                    return Press(False, None, screen, "restricted")
                if grant["flags"] & GrantFlags.FINGERPRINT and not grant["unlocked"]:
                    if not fingerprint:
                        return Press(False, None, screen, "fingerprint")
                    db.execute("UPDATE grants SET unlocked = 1")
                db.execute("UPDATE grants SET used = used + 1")
                record = self._record(db, s, RecordKind.STAMP, Cause.NONE, now,
                                      used=int(grant["used"]) + 1, photo=True)  # fmt: skip
            else:
                record = self._record(db, s, RecordKind.ABNORMAL, cause or Cause.NO_GRANT, now)
            screen = self._screen(self._state(db), now)
        return Press(record.kind == RecordKind.STAMP, record, screen)

    def _abnormal_cause(self, s: dict[str, Any], situation: Situation, now: float) -> Cause | None:
        if s["locked"]:
            if (
                situation is Situation.POWER_ON
                or now - float(s["powered_on_at"]) < POWER_ON_WINDOW_S
            ):
                return Cause.LOCKED_AT_POWER_ON
            return Cause.LOCKED
        if situation is Situation.POWERING_OFF:
            return Cause.POWERING_OFF
        grant = s["grant"] if isinstance(s["grant"], dict) else None
        if s["platform_key"] is None:
            return Cause.NO_GRANT
        if grant is None or grant["ended"]:
            if situation is Situation.QR:
                return Cause.UNAUTHORIZED_QR
            if situation is Situation.SCREEN_OFF:
                return Cause.UNAUTHORIZED_SCREEN_OFF
            if grant is not None:
                return Cause.AFTER_END
            return Cause.NO_GRANT if s["ever_granted"] else Cause.BEFORE_FIRST_GRANT
        if not grant["not_before"] <= now < grant["not_after"]:
            return Cause.OUTSIDE_WINDOW
        if grant["count"] and grant["used"] >= grant["count"]:
            return Cause.OVER_COUNT
        if grant["mode"] == Mode.PREAUTHORIZED and not grant["activated"]:
            return Cause.NO_GRANT
        return None

    def _record(
        self, db: sqlite3.Connection, s: dict[str, Any], kind: RecordKind, cause: Cause,
        now: float, *, used: int = 0, photo: bool = False, detail: str = "",
    ) -> Record:  # fmt: skip
        grant = s["grant"] if isinstance(s["grant"], dict) else None
        seq = int(db.execute("SELECT next_seq FROM box").fetchone()[0])
        user = str(grant["user_id"]) if grant and kind == RecordKind.STAMP else ""
        time_ms = int(now * 1000)
        jpeg = stamp_photo(self.device_id, seq, user, time_ms) if photo else None
        record = Record(
            seq=seq, kind=kind, cause=cause, time_ms=time_ms,
            grant_id=bytes(grant["grant_id"]) if grant else b"", user_id=user, used=used,
            photo_size=len(jpeg or b""), detail=detail,
        )  # fmt: skip
        db.execute(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, kind, cause, time_ms, record.grant_id, user, used, detail, jpeg),
        )
        db.execute("UPDATE box SET next_seq = ?", (seq + 1,))
        return record

    def show(self, now: float | None = None) -> dict[str, object]:
        """Screen, counters and stored records, as `sealdesk sealbox sim show --json` prints."""
        info = self.info(now)
        records = self.records(0, 1_000_000)
        return {
            "device_id": info.device_id,
            "model": info.model,
            "firmware": info.firmware,
            "name": info.name,
            "label": info.label,
            "address": self.address,
            "screen": info.screen,
            "bound": info.bound,
            "locked": info.locked,
            "offline": info.offline,
            "used": info.used,
            "granted": info.granted,
            "capacity": info.capacity,
            "stored": info.stored,
            "next_seq": info.next_seq,
            "uploaded": info.uploaded,
            "records": [
                {
                    "seq": r.seq,
                    "kind": RecordKind(r.kind).name.lower(),
                    "cause": Cause(r.cause).name.lower() if r.cause else None,
                    "time": dt.datetime.fromtimestamp(r.time_ms / 1000).astimezone().isoformat(),
                    "user_id": r.user_id,
                    "used": r.used,
                    "photo_bytes": size,
                    "detail": r.detail,
                }
                for r, size in records
            ],
        }
