"""The platform's tables (SQLAlchemy 2), the engine for a URL, and the schema migrations.

Organisation data (people, departments, whitelist) carries the unit's change sequence number
``seq`` of its last change: each change takes the unit row's lock and the next number, so the
numbers of one unit commit in order and a client that asks "after N" misses nothing. Nothing of
it is deleted (a removed person is 离职, a department or whitelist entry ``deleted``), so the
change feed carries removals too.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

MIGRATIONS = Path(__file__).with_name("migrations")
POOL_SIZE = 24
"""PostgreSQL connections a server process keeps open (and up to 20 more at a peak)."""
ENV_DATA_DIR = "SEALDESK_DATA_DIR"


class Base(DeclarativeBase):
    pass


def now_ms() -> int:
    return int(time.time() * 1000)


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    credit_code: Mapped[str] = mapped_column(sa.String(18), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    main_entity_id: Mapped[str] = mapped_column(sa.String(64))
    certificate: Mapped[bytes] = mapped_column(sa.LargeBinary)  # the main key's, as last seen
    seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    created_ms: Mapped[int] = mapped_column(sa.BigInteger)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    phone: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    id_number: Mapped[str | None] = mapped_column(sa.String(18), unique=True)
    department_id: Mapped[str | None] = mapped_column(sa.String(36))
    roles: Mapped[str] = mapped_column(sa.Text, default="")  # comma-separated Role values
    status: Mapped[str] = mapped_column(sa.String(10), default="active")  # active | left
    key_holder: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # the unit UKey user
    password_hash: Mapped[str | None] = mapped_column(sa.String(200))
    signing_password_hash: Mapped[str | None] = mapped_column(sa.String(200))
    seq: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    # wrong login passwords in a row and when the last was (server/routes/login.py locks the
    # password login after PASSWORD_TRIES of them); not organisation data: no seq change
    password_failures: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    password_failed_ms: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    deleted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    seq: Mapped[int] = mapped_column(sa.BigInteger, index=True)


class WhitelistEntry(Base):
    __tablename__ = "whitelist"
    __table_args__ = (sa.UniqueConstraint("unit_id", "entity_id"),)
    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), index=True)
    entity_id: Mapped[str] = mapped_column(sa.String(64))
    label: Mapped[str] = mapped_column(sa.String(100), default="")
    person_id: Mapped[str | None] = mapped_column(sa.String(36))
    deleted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    seq: Mapped[int] = mapped_column(sa.BigInteger, index=True)


class CertificateRequest(Base):
    """申请数字证书: done once per unit before any seal or signing (S4:117-169)."""

    __tablename__ = "certificate_requests"
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), primary_key=True)
    handler_name: Mapped[str] = mapped_column(sa.String(100))
    handler_id_number: Mapped[str] = mapped_column(sa.String(18))
    handler_phone: Mapped[str] = mapped_column(sa.String(20))
    handler_email: Mapped[str] = mapped_column(sa.String(200))
    state: Mapped[str] = mapped_column(sa.String(10))  # issued
    done_ms: Mapped[int] = mapped_column(sa.BigInteger)


class Challenge(Base):
    __tablename__ = "challenges"
    value: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    expires_ms: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    used: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class Session(Base):
    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(sa.ForeignKey("people.id"), index=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"))
    expires_ms: Mapped[int] = mapped_column(sa.BigInteger)
    # the key a UKey login signed with (NULL: an account login): taking the key off the
    # whitelist ends the sessions it opened
    entity_id: Mapped[str | None] = mapped_column(sa.String(64))


class Captcha(Base):
    """图形验证码: the answer to one picture, single use, asked before an SMS code is sent."""

    __tablename__ = "captchas"
    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    answer_hash: Mapped[str] = mapped_column(sa.String(64))
    expires_ms: Mapped[int] = mapped_column(sa.BigInteger, index=True)


class SmsCode(Base):
    __tablename__ = "sms_codes"
    phone: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    expires_ms: Mapped[int] = mapped_column(sa.BigInteger)
    tries: Mapped[int] = mapped_column(sa.Integer, default=0)
    # rationing (server/api.py sms_refusal): the row lives until the code is used
    sent_ms: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    day_start_ms: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    sent_in_day: Mapped[int] = mapped_column(sa.Integer, default=0)


class Reply(Base):
    """The answer given to a request with an Idempotency-Key: a replay by the person who made
    it gets it again; the same key from another person of the unit is refused (409)."""

    __tablename__ = "replies"
    unit_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    # None: stored before migration 0004 named the person; such a reply is given to anyone of
    # its unit, as it was when it was stored (see that migration)
    person_id: Mapped[str | None] = mapped_column(sa.String(36))
    status: Mapped[int] = mapped_column(sa.Integer)
    body: Mapped[str] = mapped_column(sa.Text)
    created_ms: Mapped[int] = mapped_column(sa.BigInteger)


class AuditRow(Base):
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    at: Mapped[str] = mapped_column(sa.String(40))
    unit_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    actor: Mapped[str] = mapped_column(sa.String(200))
    actor_role: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(50))
    target: Mapped[str] = mapped_column(sa.String(200))
    result: Mapped[str] = mapped_column(sa.String(50))
    client: Mapped[str] = mapped_column(sa.String(64))
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class AuditHead(Base):
    """The chain's last row, one row: its lock orders appends, and it shows a cut tail."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(sa.BigInteger)
    last_hash: Mapped[str] = mapped_column(sa.String(64))


class Operator(Base):
    """The platform's own staff (CA reviewers, operations), made by `server operator add`."""

    __tablename__ = "operators"
    name: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    must_change: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_ms: Mapped[int] = mapped_column(sa.BigInteger)


def data_dir() -> Path:
    """$SEALDESK_DATA_DIR/server, else the user's data folder's ``server``."""
    import platformdirs

    base = os.environ.get(ENV_DATA_DIR) or platformdirs.user_data_dir("sealdesk")
    return Path(base) / "server"


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'platform.db'}"


def _sqlite_connect(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # we say BEGIN ourselves (below)
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # a write lock from the start: two processes reading then writing would otherwise fail at
    # the upgrade (SQLITE_BUSY) instead of waiting their turn
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> sa.Engine:
    """The engine for ``url`` (``postgresql://`` goes through psycopg 3).

    :raises sqlalchemy.exc.ArgumentError: the URL is not one SQLAlchemy reads.
    """
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    # the pool keeps a connection for each of the process's worker threads (api.THREADS and the
    # sessions ending after them): one opened and closed per request under load costs
    # PostgreSQL a backend process each time
    return sa.create_engine(url, pool_size=POOL_SIZE, max_overflow=20, pool_pre_ping=True)


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to this version's (from empty too); several processes may call it at
    once (PostgreSQL: under an advisory lock; SQLite: its write lock)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(17017)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
