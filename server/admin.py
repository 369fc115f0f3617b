"""What `sealdesk server …` does: serve, migrate, verify the audit chain, add an operator,
review a seal application as the CA (CA客服)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session as DbSession

from sealdesk.server import audit
from sealdesk.server.api import ServerConfig, create_app
from sealdesk.server.auth import hash_password
from sealdesk.server.db import Operator, make_engine, migrate, now_ms
from sealdesk.signing.signer import Signer


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


REJECTABLE = ("pending", "receipt")
"""待审核, and 待回执 (a seal made but not taken: the key's certificate renewed meanwhile, say)."""


class ReviewRefused(Exception):
    """A seal application that cannot be reviewed as asked: ``reason`` is one of
    no_application, no_operator, not_pending (an approval; ``state`` says its state),
    not_rejectable (a rejection neither 待审核 nor 待回执), no_certificate (a USB
    KEY application made before its key's certificate was kept), certificate_expired."""

    def __init__(self, reason: str, *, name: str = "", state: str = "") -> None:
        super().__init__(f"{reason} {name} {state}".strip())
        self.reason = reason
        self.name = name
        self.state = state


class MakerDiffers(Exception):
    """The maker given to a review is not the one the platform recorded at its first approval
    (both named by their certificate's SHA-256); ``--new-maker`` replaces it deliberately."""

    def __init__(self, recorded: str, given: str) -> None:
        super().__init__(f"recorded {recorded}, given {given}")
        self.recorded = recorded
        self.given = given


@dataclass(frozen=True)
class Review:
    application: str  # its id
    name: str
    unit: str  # the unit's name
    state: str  # receipt (approved) | rejected
    valid_from_ms: int | None = None
    valid_to_ms: int | None = None


def review_seal(
    url: str,
    application_id: str,
    *,
    operator: str,
    reason: str | None = None,
    maker: Callable[[], Signer] | None = None,
    new_maker: bool = False,
) -> Review:
    """The CA's review (CA客服, WAVE2-NOTES E7) of a 待审核 seal application (a 待回执 one may be
    rejected too), on the database:
    approved (``reason`` None) the platform makes the seal with ``maker`` (its key asked for
    only then; None: the data folder's) → 待回执; refused with ``reason`` → 已否决. In the
    unit's operation log as ``seal.review``, the operator its actor (a refusal too, once the
    application is found: ``refused:REASON``). The maker is the one the
    database recorded at the first approval (recorded then, audited as ``seal.maker``); another
    is refused unless ``new_maker``, which records it in its place (audited).

    :raises ReviewRefused: no such application or operator, not 待审核, a USB KEY application
        without its key's certificate, or that certificate has expired.
    :raises MakerError: the maker's key cannot be read or made.
    :raises MakerDiffers: not the recorded maker, without ``new_maker``.
    :raises ServerSetupError: the database cannot be used.
    """
    from sealdesk.server.db import Unit
    from sealdesk.server.seal_maker import make_unit_seal
    from sealdesk.server.seals_db import SealApplication
    from sealdesk.signing.seal_validity import SealPeriodError

    migrate_database(url)
    engine = _engine(url)
    unit_id: str | None = None  # the application's unit, once found: a refusal is in its log
    try:
        with DbSession(engine) as db, db.begin():
            found = db.get(SealApplication, application_id)
            if found is None:
                raise ReviewRefused("no_application", name=application_id)
            unit_id = found.unit_id
            if db.get(Operator, operator) is None:
                raise ReviewRefused("no_operator", name=operator)
            # the unit's lock, as the platform's changes take it; then the row as it is now
            unit = db.execute(
                sa.select(Unit).where(Unit.id == found.unit_id).with_for_update()
            ).scalar_one()
            db.refresh(found)
            row = found
            if reason is not None and row.state not in REJECTABLE:
                raise ReviewRefused("not_rejectable", name=row.name, state=row.state)
            if reason is None and row.state != "pending":
                raise ReviewRefused("not_pending", name=row.name, state=row.state)
            row.reviewed_by, row.reviewed_ms = operator, now_ms()
            if reason is not None:  # 待回执 too: its seal, never given, is dropped
                row.state, row.reject_reason = "rejected", reason
                row.seal = row.valid_from_ms = row.valid_to_ms = None
            else:
                certificate = row.key_certificate
                if row.seal_type == "ukey" and certificate is None:
                    raise ReviewRefused("no_certificate", name=row.name)
                if certificate is None:  # a cloud seal: a later issue's (the platform signs)
                    raise ReviewRefused("cloud_seal", name=row.name)
                signer = _recorded_maker(db, operator, maker, new_maker)
                try:
                    made = make_unit_seal(
                        maker=signer,
                        name=row.name,
                        picture=row.image,
                        picture_type=row.image_type,
                        width_mm=row.width_mm,
                        height_mm=row.height_mm,
                        certificate=certificate,
                    )
                except SealPeriodError as e:
                    raise ReviewRefused("certificate_expired", name=row.name) from e
                row.state, row.seal = "receipt", made.der
                row.valid_from_ms = int(made.valid_from.timestamp() * 1000)
                row.valid_to_ms = int(made.valid_to.timestamp() * 1000)
            audit.append(
                db,
                audit.Entry(
                    action="seal.review",
                    target=row.id,
                    result="ok:rejected" if reason is not None else "ok:approved",
                    actor=f"{operator} (operator)",
                    actor_role="operator",
                    unit_id=unit.id,
                    client="local",
                ),
            )
            return Review(
                row.id, row.name, unit.name, row.state, row.valid_from_ms, row.valid_to_ms
            )
    except (ReviewRefused, MakerDiffers) as e:
        if unit_id is not None:  # nothing of the review kept: the refusal on its own
            kind = e.reason if isinstance(e, ReviewRefused) else "maker_differs"
            _audit_refused(engine, application_id, operator, unit_id, kind)
        raise
    except (sa.exc.OperationalError, sa.exc.DatabaseError) as e:
        raise ServerSetupError(f"{_safe(url)}: {str(e.orig or e).strip()}") from e
    finally:
        engine.dispose()


def _audit_refused(
    engine: sa.Engine, application_id: str, operator: str, unit_id: str, kind: str
) -> None:
    """A review refused (``refused:KIND``) in the application's unit's operation log, in its
    own transaction.

    :raises ServerSetupError: the database cannot be used.
    """
    try:
        with DbSession(engine) as db, db.begin():
            audit.append(
                db,
                audit.Entry(
                    action="seal.review",
                    target=application_id,
                    result=f"refused:{kind}",
                    actor=f"{operator[:100]} (operator)",
                    actor_role="operator",
                    unit_id=unit_id,
                    client="local",
                ),
            )
    except (sa.exc.OperationalError, sa.exc.DatabaseError) as e:
        raise ServerSetupError(f"{_safe(str(engine.url))}: {str(e.orig or e).strip()}") from e


def _recorded_maker(
    db: DbSession, operator: str, given: Callable[[], Signer] | None, new_maker: bool
) -> Signer:
    """The maker of this approval: ``given`` or the data folder's (made there only when none is
    recorded, or for ``new_maker``), checked against the one the database recorded; the first
    recorded, or another in its place with ``new_maker``, in the audit log (``seal.maker``)."""
    from sealdesk.server.db import data_dir
    from sealdesk.server.seal_maker import platform_maker
    from sealdesk.server.seals_db import SealMaker

    recorded = db.get(SealMaker, 1, with_for_update=True)
    signer = given() if given else platform_maker(data_dir(), make=recorded is None or new_maker)
    der = signer.certificate
    digest = hashlib.sha256(der).hexdigest()
    if recorded is not None and recorded.certificate == der:
        return signer
    if recorded is not None and not new_maker:
        raise MakerDiffers(recorded.sha256, digest)
    if recorded is None:
        recorded = SealMaker(id=1)
        db.add(recorded)
    recorded.certificate, recorded.sha256 = der, digest
    recorded.recorded_ms, recorded.recorded_by = now_ms(), operator
    db.flush()  # two first approvals at once: the second fails here, nothing made
    audit.append(
        db,
        audit.Entry(
            action="seal.maker",
            target=digest,
            result="ok:replaced" if new_maker else "ok:recorded",
            actor=f"{operator} (operator)",
            actor_role="operator",
            unit_id=None,
            client="local",
        ),
    )
    return signer


def recorded_maker_certificate(url: str) -> bytes | None:
    """The seal maker's certificate (DER) the database recorded; None before the first
    approval.

    :raises ServerSetupError: the database cannot be used.
    """
    from sealdesk.server.seals_db import SealMaker

    migrate_database(url)
    engine = _engine(url)
    try:
        with DbSession(engine) as db:
            row = db.get(SealMaker, 1)
            return None if row is None else bytes(row.certificate)
    except (sa.exc.OperationalError, sa.exc.DatabaseError) as e:
        raise ServerSetupError(f"{_safe(url)}: {str(e.orig or e).strip()}") from e
    finally:
        engine.dispose()
