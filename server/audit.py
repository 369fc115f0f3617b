"""The operation log (操作日志): every state change and refusal, chained by SHA-256.

Each row's hash covers its fields and the previous row's hash; the head row holds the last id
and hash. An edited row breaks its own hash, a deleted one its successor's link, a cut tail
the head. Appends lock the head row, so rows from several server processes form one chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sealdesk.server.db import AuditHead, AuditRow

_FIELDS = ("id", "at", "unit_id", "actor", "actor_role", "action", "target", "result", "client")


@dataclass(frozen=True)
class Entry:
    """What one row says (the chain fields are added on append)."""

    action: str
    target: str
    result: str
    actor: str
    actor_role: str
    unit_id: str | None
    client: str


def row_hash(prev_hash: str, fields: dict[str, object]) -> str:
    canonical = json.dumps([fields[k] for k in _FIELDS], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(prev_hash.encode("ascii") + canonical.encode("utf-8")).hexdigest()


def lock(db: Session) -> AuditHead:
    """The chain's head, locked until the transaction ends: appends wait for it, and what is
    read of the log after it stays as read until then."""
    return db.execute(sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()


def append(db: Session, entry: Entry) -> AuditRow:
    """Add ``entry`` at the end of the chain in the caller's transaction."""
    head = lock(db)
    fields: dict[str, object] = {
        "id": head.last_id + 1,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "unit_id": entry.unit_id,
        "actor": entry.actor[:200],
        "actor_role": entry.actor_role[:200],
        "action": entry.action,
        "target": entry.target[:200],
        "result": entry.result,
        "client": entry.client[:64],
    }
    digest = row_hash(head.last_hash, fields)
    row = AuditRow(**fields, prev_hash=head.last_hash, hash=digest)
    db.add(row)
    head.last_id = head.last_id + 1
    head.last_hash = digest
    return row


@dataclass(frozen=True)
class Broken:
    """The first row where the chain does not hold, and why."""

    row_id: int
    reason: str  # edited | missing | tail_cut


def _rows(db: Session) -> Iterator[AuditRow]:
    last = 0
    while True:
        batch = (
            db.execute(
                sa.select(AuditRow).where(AuditRow.id > last).order_by(AuditRow.id).limit(5000)
            )
            .scalars()
            .all()
        )
        if not batch:
            return
        yield from batch
        last = batch[-1].id


def verify(db: Session) -> tuple[int, Broken | None]:
    """Walk the chain: how many rows hold, and the first broken one (None: intact)."""
    prev_id, prev_hash, count = 0, "0" * 64, 0
    for row in _rows(db):
        fields = {k: getattr(row, k) for k in _FIELDS}
        if row.id != prev_id + 1:
            return count, Broken(prev_id + 1, "missing")
        if row.prev_hash != prev_hash:  # the row before was rewritten with a new hash
            return count - 1, Broken(prev_id, "edited")
        if row_hash(prev_hash, fields) != row.hash:
            return count, Broken(row.id, "edited")
        prev_id, prev_hash, count = row.id, row.hash, count + 1
    head = db.execute(sa.select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    if (head.last_id, head.last_hash) != (prev_id, prev_hash):
        return count, Broken(prev_id + 1, "tail_cut")
    return count, None
