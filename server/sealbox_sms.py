"""SMS about seal boxes, through the development SMS gateway (the server's ``--sms-sink``
file; a real gateway takes its place in production): on every use of a box whose grant asked
for 是否短信, to the grant's authorizer and the application's CC people (S3:409-419), and on
挂失锁定, to the 主管理员 with the box's last known position (S3:735-745).

A recipient gets at most :data:`SMS_PER_DAY` a day (the operators' limit, China's calendar
day): beyond that the SMS is not sent but kept as ``capped``, so that the grant's authorizer
sees it. Every SMS, sent or not, is a row of its own and one of the audit log. What is sent
is written to the gateway only once the change is committed (:meth:`Outbox.flush`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from sealdesk.server import audit
from sealdesk.server.db import Person, now_ms
from sealdesk.server.permissions import Role
from sealdesk.server.routes.common import Caller, Change
from sealdesk.server.sealbox_db import Application, Box, Grant, Record, SmsNotice

SMS_PER_DAY = 50  # per recipient (S3:418)
CHINA = dt.timezone(dt.timedelta(hours=8))
_DAY_MS = 24 * 3600 * 1000
_CHINA_MS = 8 * 3600 * 1000


def china_day(ms: int) -> int:
    return (ms + _CHINA_MS) // _DAY_MS


def china_day_start(ms: int) -> int:
    """The first millisecond of the China calendar day ``ms`` falls in."""
    return china_day(ms) * _DAY_MS - _CHINA_MS


def when(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, CHINA).strftime("%Y-%m-%d %H:%M")


@dataclass
class Outbox:
    """The SMS of one change, sent once it is committed; ``counts`` what each recipient was
    sent today (read once per change: the unit's lock keeps it exact)."""

    change: Change
    caller: Caller
    messages: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    capped: int = 0

    def send(
        self,
        person_id: str,
        *,
        kind: str,
        box: Box,
        text: str,
        grant_id: str = "",
        seq: int | None = None,
    ) -> str:
        """One SMS to ``person_id``: ``sent``, ``capped`` or ``no_phone`` (kept, audited)."""
        db, now = self.change.db, now_ms()
        day = china_day(now)
        person = db.get(Person, person_id)
        if person is None or person.unit_id != box.unit_id or not person.phone:
            state = "no_phone"
        else:
            if person_id not in self.counts:
                self.counts[person_id] = db.execute(
                    sa.select(sa.func.count())
                    .select_from(SmsNotice)
                    .where(
                        SmsNotice.person_id == person_id,
                        SmsNotice.day == day,
                        SmsNotice.state == "sent",
                    )
                ).scalar_one()
            state = "capped" if self.counts[person_id] >= SMS_PER_DAY else "sent"
        db.add(
            SmsNotice(
                unit_id=box.unit_id,
                person_id=person_id,
                day=day,
                kind=kind,
                box_id=box.id,
                grant_id=grant_id,
                record_seq=seq,
                state=state,
                text=text[:300],
                created_ms=now,
            )
        )
        target = f"{box.device_id}:{person_id}" + (f"#{seq}" if seq is not None else "")
        audit.append(db, self.caller.entry(f"sealbox.sms.{kind}", target, state))
        if state == "sent" and person is not None and person.phone:
            self.counts[person_id] += 1
            self.messages.append((person.phone, text))
            self.sent += 1
        elif state == "capped":
            self.capped += 1
        return state

    def flush(self, sink: Path) -> None:
        """Hand what was sent to the gateway (after the commit)."""
        if not self.messages:
            return
        sink.parent.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).isoformat()
        with sink.open("a", encoding="utf-8") as f:
            for phone, text in self.messages:
                f.write(f"{stamp} {phone} {text}\n")
        self.messages = []


def notify_uses(outbox: Outbox, box: Box, records: list[Record]) -> None:
    """是否短信: each stamp of a grant that asked for it, to its authorizer and the CC people
    of its application."""
    from sealdesk.sealbox.protocol.commands import GrantFlags

    db = outbox.change.db
    for record in records:
        if record.kind != "stamp" or not record.grant_id:
            continue
        grant = db.get(Grant, record.grant_id)
        if grant is None or grant.box_id != box.id or not grant.flags & GrantFlags.NOTIFY:
            continue
        recipients = [grant.granted_by]
        application = db.get(Application, grant.application_id) if grant.application_id else None
        if application is not None:
            recipients += [p for p in json.loads(application.cc) if p not in recipients]
        of = f"/{grant.count}" if grant.count else ""
        text = (
            f"【SealDesk】{grant.user_name} 于 {when(record.time_ms)} 在"
            f"「{record.place or '位置未知'}」使用印章盒「{box.name}」盖章"
            f"（第 {record.used}{of} 次）。"
        )
        for person_id in recipients:
            outbox.send(
                person_id, kind="use", box=box, text=text, grant_id=grant.id, seq=record.seq
            )


def position_text(box: Box) -> str:
    if box.place and box.place_ms:
        return f"最后已知位置：{box.place}（{when(box.place_ms)}）"
    return "最后已知位置：未知（没有客户端报告过它的位置）"


def notify_lock(outbox: Outbox, box: Box, *, taken: bool = False) -> None:
    """挂失锁定: the 主管理员 (the unit's key holder) and the 管理员 are told, with the last
    known position, when the lock is made and again when the box takes it (``taken``: at the
    contact that carried it there, the place of that client if it has one; S3:735-745).
    (P: the 主管理员 is the unit's UKey holder, whom the platform keeps no phone for; the
    管理员 gets it too, and a ``no_phone`` row says who could not.)"""
    db = outbox.change.db
    people = db.execute(
        sa.select(Person)
        .where(Person.unit_id == box.unit_id, Person.status == "active")
        .order_by(Person.key_holder.desc(), Person.id)
    ).scalars()
    admins = [p.id for p in people if p.key_holder or Role.BOX_ADMIN.value in p.roles.split(",")]
    what = "已锁定（挂失锁定生效）" if taken else "已挂失锁定，开机连接时立即锁定"
    text = f"【SealDesk】印章盒「{box.name}」（{box.device_id}）{what}。{position_text(box)}。"
    for person_id in admins:
        outbox.send(person_id, kind="lock", box=box, text=text)
