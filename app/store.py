"""The local store: SQLite through SQLAlchemy 2, its schema migrated by alembic, in the user's
data folder (``SEALDESK_DATA_DIR`` overrides).

It holds the file records (文件记录) now; wave 2's people, seals, grants and outbox will live here
too. It is never silently replaced: a database that is damaged, or made by a newer SealDesk, is
moved aside beside itself with a notice saying where, and a new one is made — nothing is lost.
WAL journal and one transaction per change: a process killed mid-write leaves the old or the new
state, never a broken file. The records.json of earlier versions is imported once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa

from sealdesk.app.settings import config_dir

ENV_DATA_DIR = "SEALDESK_DATA_DIR"
STORE_NAME = "sealdesk.db"
MAX_RECORDS = 2000
_MIGRATIONS = Path(__file__).with_name("migrations")

METADATA = sa.MetaData()
RECORDS = sa.Table(
    "records",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("output", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("pages", sa.Integer, nullable=False, server_default="0"),
    sa.Column("signer", sa.Text, nullable=False, server_default=""),
    sa.Column("seals", sa.Text, nullable=False, server_default=""),
    sa.Column("signed_at", sa.Text, nullable=False),
)


def data_dir() -> Path:
    """$SEALDESK_DATA_DIR, else the platform's per-user data folder."""
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(platformdirs.user_data_dir("sealdesk"))


def store_path() -> Path:
    return data_dir() / STORE_NAME


@dataclass(frozen=True)
class Record:
    """One signed file (no secret in it)."""

    name: str
    output: str
    source: str
    pages: int
    signer: str
    seals: str
    signed_at: str  # ISO 8601 with the local offset

    @property
    def date(self) -> str:
        """When, as the list shows it (local time)."""
        try:
            return dt.datetime.fromisoformat(self.signed_at).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.signed_at

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "output": self.output,
            "source": self.source,
            "pages": self.pages,
            "signer": self.signer,
            "seals": self.seals,
            "signed_at": self.signed_at,
        }


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Notice:
    """Something the store did on opening that the user should hear about."""

    code: str  # moved_damaged | moved_newer | imported_json | json_damaged
    zh: str
    en: str
    path: str = ""

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class StoreError(Exception):
    """The store's folder cannot be used (not writable, disk full)."""


def _aside(path: Path, why: str) -> Path:
    """Move the database (and its WAL files) aside under a name that says why and when."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{why}-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{why}-{stamp}-{n}")
        n += 1
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory(str(_MIGRATIONS)).walk_revisions()}


def _problem(path: Path) -> str | None:
    """Why the database at ``path`` cannot be used as it is: ``damaged``, ``newer`` or None."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            if db.execute("PRAGMA quick_check").fetchone() != ("ok",):
                return "damaged"
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                return None if not tables else "damaged"  # not a store of ours
            versions = {r[0] for r in db.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.DatabaseError:
        return "damaged"
    return None if versions <= _known_revisions() else "newer"


@dataclass
class Store:
    """The open store; every method is one transaction. Thread-safe (one connection per
    call, SQLite's own locking)."""

    path: Path
    engine: sa.Engine
    notices: list[Notice] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        """Open (or make) the store, migrating its schema to this version's.

        :raises StoreError: the folder cannot be written.
        """
        path = path or store_path()
        notices: list[Notice] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                problem = _problem(path)
                if problem is not None:
                    moved = _aside(path, problem)
                    notices.append(_moved_notice(problem, moved))
        except OSError as e:
            raise StoreError(f"{path.parent}: {e.strerror or e}") from e
        engine = sa.create_engine(f"sqlite:///{path}", future=True)
        sa.event.listen(engine, "connect", _pragmas)
        store = cls(path=path, engine=engine, notices=notices)
        try:
            store._migrate()
            store._import_json(config_dir() / "records.json")
        except (OSError, sa.exc.OperationalError) as e:
            engine.dispose()
            raise StoreError(f"{path}: {e}") from e
        return store

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def _import_json(self, old: Path) -> None:
        """The records.json of earlier versions, once; renamed after, never overwritten."""
        if not old.is_file():
            return
        try:
            rows = [_json_row(r) for r in json.loads(old.read_text("utf-8"))]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            moved = _aside(old, "damaged")
            self.notices.append(
                Notice(
                    "json_damaged",
                    f"旧的文件记录 {old} 已损坏，无法导入；已原样保留为 {moved}。",
                    f"The old file records {old} are damaged and were not imported; kept as "
                    f"{moved}.",
                    str(moved),
                )
            )
            return
        with self._lock, self.engine.begin() as db:
            if rows:
                # the JSON list is newest first; rows go in oldest first so ids follow time
                db.execute(RECORDS.insert(), list(reversed(rows)))
        moved = _aside(old, "imported")
        self.notices.append(
            Notice(
                "imported_json",
                f"已导入 {len(rows)} 条旧的文件记录（原文件保留为 {moved}）。",
                f"Imported {len(rows)} old file records (the file is kept as {moved}).",
                str(moved),
            )
        )

    def add(self, record: Record) -> None:
        with self._lock, self.engine.begin() as db:
            db.execute(RECORDS.insert().values(**record.to_json()))

    def records(self, search: str = "", limit: int = MAX_RECORDS) -> list[Record]:
        """Newest first; ``search`` matches the file name or the signer."""
        query = sa.select(RECORDS).order_by(RECORDS.c.id.desc()).limit(limit)
        words = search.strip()
        if words:
            like = f"%{words}%"
            query = query.where(RECORDS.c.name.ilike(like) | RECORDS.c.signer.ilike(like))
        with self.engine.connect() as db:
            return [
                Record(
                    name=row.name,
                    output=row.output,
                    source=row.source,
                    pages=row.pages,
                    signer=row.signer,
                    seals=row.seals,
                    signed_at=row.signed_at,
                )
                for row in db.execute(query)
            ]

    def remove(self, outputs: Iterable[str]) -> int:
        """Forget the records of these signed files (the files stay); how many went."""
        wanted = list(outputs)
        with self._lock, self.engine.begin() as db:
            return int(db.execute(RECORDS.delete().where(RECORDS.c.output.in_(wanted))).rowcount)

    def close(self) -> None:
        self.engine.dispose()


_shared: dict[Path, Store] = {}
_shared_lock = threading.Lock()


def shared_store(path: Path | None = None) -> Store:
    """The store of this process, opened on first use (its notices are said once, by whoever
    opened it).

    :raises StoreError: the data folder cannot be written.
    """
    path = path or store_path()
    with _shared_lock:
        store = _shared.get(path)
        if store is None:
            store = _shared[path] = Store.open(path)
        return store


def _pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed record survives a power cut
    cursor.execute("PRAGMA busy_timeout=5000")  # the CLI and the window may write at once
    cursor.close()


def _json_row(item: dict[str, Any]) -> dict[str, Any]:
    """A record of the old records.json (date "YYYY-MM-DD HH:MM", local time)."""
    date = dt.datetime.strptime(item["date"], "%Y-%m-%d %H:%M").astimezone()
    return {
        "name": str(item["name"]),
        "output": str(item["output"]),
        "source": str(item["source"]),
        "pages": int(item.get("pages") or 0),
        "signer": str(item.get("signer") or ""),
        "seals": str(item.get("seals") or ""),
        "signed_at": date.isoformat(timespec="seconds"),
    }


def _moved_notice(problem: str, moved: Path) -> Notice:
    if problem == "newer":
        return Notice(
            "moved_newer",
            f"本地数据库由更新版本的 SealDesk 创建，本版本无法使用；已原样移到 {moved}，"
            "并新建了数据库。升级 SealDesk 后可恢复。",
            f"The local database was made by a newer SealDesk and cannot be used by this one; it "
            f"was moved as it is to {moved} and a new one made. Upgrade SealDesk to get it back.",
            str(moved),
        )
    return Notice(
        "moved_damaged",
        f"本地数据库已损坏，已原样移到 {moved}（可用 SQLite 工具抢救），并新建了数据库。",
        f"The local database is damaged; it was moved as it is to {moved} (SQLite tools may "
        "recover it) and a new one made.",
        str(moved),
    )
