"""What `sealdesk server …` does: serve, migrate, verify the audit chain, add an operator."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session as DbSession

from sealdesk.server import audit
from sealdesk.server.api import ServerConfig, create_app
from sealdesk.server.auth import hash_password
from sealdesk.server.db import Operator, make_engine, migrate, now_ms


class ServerSetupError(Exception):
    """The database cannot be reached or used (the message says which and why)."""


class OperatorExists(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _engine(url: str) -> sa.Engine:
    try:
        return make_engine(url)
    except (sa.exc.ArgumentError, ImportError, OSError) as e:
        raise ServerSetupError(f"{_safe(url)}: {e}") from e


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(unreadable URL)"


def migrate_database(url: str) -> None:
    """:raises ServerSetupError: the database cannot be reached or migrated."""
    engine = _engine(url)
    try:
        migrate(engine)
    except (sa.exc.OperationalError, sa.exc.DatabaseError) as e:
        raise ServerSetupError(f"{_safe(url)}: {str(e.orig or e).strip()}") from e
    finally:
        engine.dispose()


def serve(config: ServerConfig, *, host: str, port: int) -> None:
    """Migrate, then serve until stopped (Ctrl+C, SIGTERM).

    :raises ServerSetupError: the database cannot be used.
    :raises TrustInputError: a trust root is not a certificate.
    """
    import uvicorn

    migrate_database(config.db_url)
    app = create_app(config)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


@dataclass(frozen=True)
class AuditCheck:
    rows: int
    broken: audit.Broken | None


def verify_audit(url: str) -> AuditCheck:
    """:raises ServerSetupError: the database cannot be read."""
    engine = _engine(url)
    try:
        with DbSession(engine) as db, db.begin():
            rows, broken = audit.verify(db)
        return AuditCheck(rows, broken)
    except (sa.exc.OperationalError, sa.exc.DatabaseError) as e:
        raise ServerSetupError(f"{_safe(url)}: {str(e.orig or e).strip()}") from e
    finally:
        engine.dispose()


def add_operator(url: str, name: str) -> str:
    """Make the operator ``name``; returns the one-time password (to be changed at first login).

    :raises OperatorExists: the name is taken.
    :raises ServerSetupError: the database cannot be used.
    """
    migrate_database(url)
    engine = _engine(url)
    password = secrets.token_urlsafe(12)
    try:
        with DbSession(engine) as db, db.begin():
            if db.get(Operator, name) is not None:
                raise OperatorExists(name)
            db.add(
                Operator(
                    name=name,
                    password_hash=hash_password(password),
                    must_change=True,
                    created_ms=now_ms(),
                )
            )
            audit.append(
                db,
                audit.Entry(
                    action="operator.add",
                    target=name,
                    result="ok",
                    actor="server-cli",
                    actor_role="operator",
                    unit_id=None,
                    client="local",
                ),
            )
    except (sa.exc.OperationalError, sa.exc.DatabaseError) as e:
        raise ServerSetupError(f"{_safe(url)}: {str(e.orig or e).strip()}") from e
    finally:
        engine.dispose()
    return password
