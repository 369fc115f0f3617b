"""The local copy of the unit's organisation data, the client's outbox, and sync.

Sync pushes the outbox first, oldest first, each change with its client-made id as the
``Idempotency-Key`` (a change sent before a crash and sent again is done once), then pulls what
changed on the server after the last change number seen (everything on the first sync). The
server wins for organisation data: what it sends overwrites the local row, and a change it
refuses is dropped from the outbox with the local row it made. An edit or removal is sent with
the version (``seq``) of the row it was made on (``If-Match``): when the row changed on the
server since, the server refuses it (409 ``stale``), the change is dropped, the row is the
server's again, and the report names it (``overridden``).

Each change in the outbox names its author: the platform person and unit of the session open
when it was made. A push sends only the changes of the person the server says the session is
(``GET /me``); the others' stay queued, in order, until their author logs in here again (the
server's audit then names them, and their permissions decide). A change queued before authors
were kept has its unit and no person: it waits until someone of the unit takes it as theirs
(:meth:`LocalPlatform.claim`) or drops it.

The copy is made for one person: the server masks ID numbers and leaves out the whitelist for
roles that may not see them. The state names the person and roles it was pulled for
(``copy_user``, ``copy_roles``); a login by someone else, or a sync whose reply was made for
other roles (``me`` in the reply of ``GET /sync``), has it fetched whole again for the person of
the session. Until then nothing of the last copy is shown but the rows of changes still waiting
here, and of someone else's only what the person may see.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from sealdesk.sync import names
from sealdesk.sync.client import PlatformClient, ServerRefused

METADATA = sa.MetaData()
PEOPLE = sa.Table(
    "platform_people",
    METADATA,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("phone", sa.Text),
    sa.Column("id_number", sa.Text),
    sa.Column("department_id", sa.String(36)),
    sa.Column("roles", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("key_holder", sa.Boolean, nullable=False, server_default="0"),
    sa.Column("pending", sa.Boolean, nullable=False, server_default="0"),
    sa.Column("seq", sa.BigInteger),  # its version on the server (None: not there yet)
)
DEPARTMENTS = sa.Table(
    "platform_departments",
    METADATA,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("seq", sa.BigInteger),
)
WHITELIST = sa.Table(
    "platform_whitelist",
    METADATA,
    sa.Column("entity_id", sa.String(64), primary_key=True),
    sa.Column("label", sa.Text, nullable=False, server_default=""),
    sa.Column("person_id", sa.String(36)),
    sa.Column("main", sa.Boolean, nullable=False, server_default="0"),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default="0"),
    sa.Column("pending", sa.Boolean, nullable=False, server_default="0"),
    sa.Column("seq", sa.BigInteger),
)
ROLES = sa.Table(
    "platform_roles",
    METADATA,
    sa.Column("code", sa.String(30), primary_key=True),
    sa.Column("name_zh", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text, nullable=False),
    sa.Column("assignable", sa.Boolean, nullable=False),
    sa.Column("permissions", sa.Text, nullable=False),
)
STATE = sa.Table(
    "platform_state",
    METADATA,
    sa.Column("key", sa.String(30), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
OUTBOX = sa.Table(
    "platform_outbox",
    METADATA,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("op_id", sa.String(36), nullable=False, unique=True),
    sa.Column("method", sa.String(10), nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("body", sa.Text),
    sa.Column("undo_table", sa.String(30)),  # the local row this change made, dropped if refused
    sa.Column("undo_key", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    # who made it: the session's person and unit then (person None: queued before 0003)
    sa.Column("author_user", sa.String(36)),
    sa.Column("author_unit", sa.String(36)),
    # an edit or removal: the row it is about, the version it was made on (sent as If-Match;
    # None: sent without) and the row's name then (0004)
    sa.Column("base_table", sa.String(30)),
    sa.Column("base_key", sa.Text),
    sa.Column("base_seq", sa.BigInteger),
    sa.Column("base_label", sa.Text),
    sa.Index("platform_outbox_author", "author_unit", "author_user", "seq"),
)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    phone: str | None
    id_number: str | None
    department_id: str | None
    roles: tuple[str, ...]
    status: str  # active | left (离职)
    key_holder: bool
    pending: bool  # made here, not yet on the server

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "phone": self.phone,
            "id_number": self.id_number,
            "department_id": self.department_id,
            "roles": list(self.roles),
            "status": self.status,
            "key_holder": self.key_holder,
            "pending": self.pending,
        }


@dataclass(frozen=True)
class WhitelistEntry:
    entity_id: str
    label: str
    person_id: str | None
    main: bool
    pending: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "label": self.label,
            "person_id": self.person_id,
            "main": self.main,
            "pending": self.pending,
        }


@dataclass(frozen=True)
class Department:
    id: str
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class Author:
    """Who a change in the outbox is from: a platform person (``user``) of a unit."""

    user: str | None
    unit: str | None


@dataclass(frozen=True)
class QueuedChange:
    """A change made here and not yet on the server."""

    seq: int
    op_id: str
    method: str
    path: str
    created_at: str
    author: Author

    def to_json(self) -> dict[str, Any]:
        return {
            "op_id": self.op_id,
            "method": self.method,
            "path": self.path,
            "created_at": self.created_at,
            "author": {"user": self.author.user, "unit": self.author.unit},
        }


@dataclass(frozen=True)
class Waiting:
    """The outbox as one session sees it."""

    mine: int = 0  # sent by this session's next sync
    others: int = 0  # made by someone else here: sent when they log in again
    unclaimed: int = 0  # of this unit, queued before authors were kept: sent once claimed


@dataclass
class SyncReport:
    pushed: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)  # changes the server refused
    # edits and removals made here on a row changed on the server since: dropped, the row is
    # the server's (each: method, path, the server's error, and ``target``: table, id, name)
    overridden: list[dict[str, Any]] = field(default_factory=list)
    pulled: int = 0
    full: bool = False
    seq: int = 0
    waiting_for_others: int = 0  # changes made here by other people, left for them
    unclaimed: int = 0  # changes with no author, left until someone claims them


class LocalPlatform:
    """The platform tables of the local store (made by the application's migrations)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    # --- state -----------------------------------------------------------------------------

    def state(self) -> dict[str, str]:
        with self.engine.connect() as db:
            return {r.key: r.value for r in db.execute(sa.select(STATE))}

    def set_state(self, **values: str) -> None:
        with self.engine.begin() as db:
            for key, value in values.items():
                db.execute(STATE.delete().where(STATE.c.key == key))
                db.execute(STATE.insert().values(key=key, value=value))

    def forget(self) -> None:
        """Another server or unit: nothing of the last one's data stays. The outbox does: each
        change waits for its author, who logs in to its unit again."""
        with self.engine.begin() as db:
            for table in (PEOPLE, DEPARTMENTS, WHITELIST, ROLES, STATE):
                db.execute(table.delete())

    def made_for(self, user: str, roles: list[str] | tuple[str, ...]) -> bool:
        """Whether the copy here was pulled for ``user`` holding ``roles``."""
        state = self.state()
        return state.get("copy_user") == user and state.get("copy_roles") == _roles_text(roles)

    def forget_copy(self, author: Author, permissions: set[str]) -> None:
        """The copy was pulled for someone else (or for other roles): it goes, but for the
        rows of changes still waiting here, and of someone else's changes only what
        ``author``, holding ``permissions``, may see; the operation log and certificate kept
        for reading offline go too. The next sync fetches everything, for ``author``."""
        with self.engine.begin() as db:
            _clear(db, author, permissions)
            db.execute(STATE.delete().where(STATE.c.key.in_(_COPY_STATE)))

    def session_author(self) -> Author:
        """The person and unit of the session last opened here (the author of a change made
        now)."""
        state = self.state()
        return Author(state.get("user"), state.get("unit"))

    # --- reading ---------------------------------------------------------------------------

    def people(self, search: str = "", status: str = "all", letter: str = "") -> list[Person]:
        """The unit's people by name; ``search`` and ``letter`` as :func:`names.matches`."""
        query = sa.select(PEOPLE).order_by(PEOPLE.c.name, PEOPLE.c.id)
        if status != "all":
            query = query.where(PEOPLE.c.status == status)
        with self.engine.connect() as db:
            rows = [r for r in db.execute(query) if names.matches(r.name, r.phone, search, letter)]
            return [
                Person(
                    id=r.id,
                    name=r.name,
                    phone=r.phone,
                    id_number=r.id_number,
                    department_id=r.department_id,
                    roles=tuple(x for x in r.roles.split(",") if x),
                    status=r.status,
                    key_holder=bool(r.key_holder),
                    pending=bool(r.pending),
                )
                for r in rows
            ]

    def whitelist(self) -> list[WhitelistEntry]:
        query = sa.select(WHITELIST).where(WHITELIST.c.deleted.is_(False))
        with self.engine.connect() as db:
            return [
                WhitelistEntry(r.entity_id, r.label, r.person_id, bool(r.main), bool(r.pending))
                for r in db.execute(query.order_by(WHITELIST.c.entity_id))
            ]

    def roles(self) -> list[dict[str, Any]]:
        with self.engine.connect() as db:
            return [
                {
                    "code": r.code,
                    "name_zh": r.name_zh,
                    "name_en": r.name_en,
                    "assignable": bool(r.assignable),
                    "permissions": json.loads(r.permissions),
                }
                for r in db.execute(sa.select(ROLES))
            ]

    def departments(self) -> list[Department]:
        query = sa.select(DEPARTMENTS).where(DEPARTMENTS.c.deleted.is_(False))
        with self.engine.connect() as db:
            return [
                Department(r.id, r.name)
                for r in db.execute(query.order_by(DEPARTMENTS.c.name, DEPARTMENTS.c.id))
            ]

    def permissions_of(self, roles: tuple[str, ...] | list[str]) -> set[str]:
        """What a person holding ``roles`` may do, by the server's role table as last synced."""
        held = set(roles)
        return {p for r in self.roles() if r["code"] in held for p in r["permissions"]}

    def outbox_size(self) -> int:
        """Every change waiting here, whoever made it."""
        with self.engine.connect() as db:
            return int(db.execute(sa.select(sa.func.count()).select_from(OUTBOX)).scalar_one())

    def waiting(self, author: Author | None = None) -> Waiting:
        """The outbox counted for ``author`` (the session last opened here by default)."""
        author = author or self.session_author()
        count = sa.func.count()
        query = sa.select(
            count.filter(_by(author)), count.filter(_unclaimed(author.unit)), count
        ).select_from(OUTBOX)
        with self.engine.connect() as db:
            row = db.execute(query).one()
        n_mine, n_unclaimed, total = int(row[0]), int(row[1]), int(row[2])
        return Waiting(n_mine, total - n_mine - n_unclaimed, n_unclaimed)

    def queued(self) -> list[QueuedChange]:
        """The outbox, oldest first, with each change's author."""
        with self.engine.connect() as db:
            return [
                QueuedChange(
                    r.seq,
                    r.op_id,
                    r.method,
                    r.path,
                    r.created_at,
                    Author(r.author_user, r.author_unit),
                )
                for r in db.execute(sa.select(OUTBOX).order_by(OUTBOX.c.seq))
            ]

    def claim(self, author: Author) -> int:
        """The changes of ``author``'s unit that have no author become ``author``'s (sent by
        their next sync, under their name); how many.

        :raises ValueError: ``author`` names no person and unit.
        """
        if not author.user or not author.unit:
            raise ValueError("no session to claim changes for")
        with self.engine.begin() as db:
            return int(
                db.execute(
                    OUTBOX.update()
                    .where(_unclaimed(author.unit))
                    .values(author_user=author.user, author_unit=author.unit)
                ).rowcount
            )

    def drop_unclaimed(self, unit: str | None) -> int:
        """Drop the changes of ``unit`` that have no author, with the local rows they made; the
        next sync fetches everything again (the server's copy puts the rest right). How many.
        """
        with self.engine.begin() as db:
            ops = db.execute(sa.select(OUTBOX).where(_unclaimed(unit))).all()
            for op in ops:
                _undo(db, op)
                db.execute(OUTBOX.delete().where(OUTBOX.c.seq == op.seq))
            if ops:
                db.execute(STATE.delete().where(STATE.c.key == "seq"))
                db.execute(STATE.insert().values(key="seq", value="0"))
        return len(ops)

    # --- changes made here -------------------------------------------------------------------

    def add_person(
        self,
        *,
        name: str,
        phone: str,
        id_number: str | None,
        roles: list[str],
        department_id: str | None = None,
    ) -> Person:
        """A person added here, shown at once (pending) and sent with the next sync. A person
        of the unit who left (离职) with this phone is added again under their own id, as the
        server does."""
        with self.engine.connect() as db:
            left = db.execute(
                sa.select(PEOPLE.c.id).where(PEOPLE.c.phone == phone, PEOPLE.c.status == "left")
            ).scalar()
        person_id = left or str(uuid.uuid4())
        body: dict[str, Any] = {"id": person_id, "name": name, "phone": phone, "roles": roles}
        if id_number:
            body["id_number"] = id_number
        if department_id:
            body["department_id"] = department_id
        row = {
            "id": person_id,
            "name": name,
            "phone": phone,
            "id_number": id_number,
            "department_id": department_id,
            "roles": ",".join(roles),
            "status": "active",
            "key_holder": False,
            "pending": True,
        }
        with self.engine.begin() as db:
            if left:  # the server keeps the old row: nothing to undo here but the next pull
                db.execute(PEOPLE.update().where(PEOPLE.c.id == left).values(**row))
                _queue(db, "POST", "/people", body)
            else:
                db.execute(PEOPLE.insert().values(**row))
                _queue(db, "POST", "/people", body, undo=("platform_people", person_id))
        return self.people_by_id(person_id)

    def edit_person(self, person_id: str, **fields: str | None) -> Person:
        """Change some of a person's name, phone, id_number, department_id (None clears the
        ID number or the department); sent with the next sync.

        :raises KeyError: no such person here, or a field that cannot be changed.
        """
        allowed = {"name", "phone", "id_number", "department_id"}
        if not fields or set(fields) - allowed:
            raise KeyError(", ".join(sorted(set(fields) - allowed)) or "nothing to change")
        self.people_by_id(person_id)
        with self.engine.begin() as db:
            base = _base(db, PEOPLE, person_id)
            db.execute(
                PEOPLE.update().where(PEOPLE.c.id == person_id).values(**fields, pending=True)
            )
            _queue(db, "PATCH", f"/people/{person_id}", fields, base=base)
        return self.people_by_id(person_id)

    def set_roles(self, person_id: str, roles: list[str]) -> Person:
        """The roles given to a person (the assignable ones; 超级管理员 and 公务人员 are not
        given); sent with the next sync.

        :raises KeyError: no such person here.
        """
        person = self.people_by_id(person_id)
        fixed = [r for r in person.roles if r in ("super_admin", "member")]
        with self.engine.begin() as db:
            base = _base(db, PEOPLE, person_id)
            db.execute(
                PEOPLE.update()
                .where(PEOPLE.c.id == person_id)
                .values(roles=",".join(sorted({*fixed, *roles})), pending=True)
            )
            body = {"roles": sorted(set(roles))}
            _queue(db, "PUT", f"/people/{person_id}/roles", body, base=base)
        return self.people_by_id(person_id)

    def add_department(self, name: str) -> Department:
        department_id = str(uuid.uuid4())
        with self.engine.begin() as db:
            db.execute(DEPARTMENTS.insert().values(id=department_id, name=name, deleted=False))
            _queue(
                db,
                "POST",
                "/departments",
                {"id": department_id, "name": name},
                undo=("platform_departments", department_id),
            )
        return Department(department_id, name)

    def remove_department(self, department_id: str) -> None:
        """Its members move to 未加入部门, as on the server."""
        with self.engine.begin() as db:
            base = _base(db, DEPARTMENTS, department_id)
            db.execute(
                DEPARTMENTS.update().where(DEPARTMENTS.c.id == department_id).values(deleted=True)
            )
            db.execute(
                PEOPLE.update()
                .where(PEOPLE.c.department_id == department_id)
                .values(department_id=None)
            )
            _queue(db, "DELETE", f"/departments/{department_id}", None, base=base)

    def people_by_id(self, person_id: str) -> Person:
        """:raises KeyError: no such person here."""
        for p in self.people():
            if p.id == person_id:
                return p
        raise KeyError(person_id)

    def remove_person(self, person_id: str) -> None:
        with self.engine.begin() as db:
            base = _base(db, PEOPLE, person_id)
            db.execute(
                PEOPLE.update()
                .where(PEOPLE.c.id == person_id)
                .values(status="left", roles="", pending=True)
            )
            _queue(db, "DELETE", f"/people/{person_id}", None, base=base)

    def add_whitelist(self, entity_id: str, label: str, person_id: str | None) -> None:
        body: dict[str, Any] = {"entity_id": entity_id, "label": label}
        if person_id:
            body["person_id"] = person_id
        with self.engine.begin() as db:
            db.execute(WHITELIST.delete().where(WHITELIST.c.entity_id == entity_id))
            db.execute(
                WHITELIST.insert().values(
                    entity_id=entity_id, label=label, person_id=person_id, pending=True
                )
            )
            _queue(db, "POST", "/whitelist", body, undo=("platform_whitelist", entity_id))

    def remove_whitelist(self, entity_id: str) -> None:
        with self.engine.begin() as db:
            base = _base(db, WHITELIST, entity_id)
            db.execute(
                WHITELIST.update()
                .where(WHITELIST.c.entity_id == entity_id)
                .values(deleted=True, pending=True)
            )
            _queue(db, "DELETE", f"/whitelist/{entity_id}", None, base=base)

    # --- sync --------------------------------------------------------------------------------

    def push(self, client: PlatformClient, report: SyncReport) -> None:
        """Send the changes of the session's person, oldest first; each change leaves the
        outbox once the server has it. Who the session is, is asked of the server (``GET /me``)
        when the person last logged in here has changes waiting: a change is never sent under
        someone else's token. Other people's changes stay, in order, and are counted.

        :raises ServerUnreachable: the rest stays for the next time.
        """
        author = self.session_author()
        if author.user and self.waiting(author).mine:
            me = client.request("GET", "/me")
            author = Author(str(me["user"]["id"]), str(me["unit"]["id"]))
            self._push(client, report, author)
        left = self.waiting(author)
        report.waiting_for_others, report.unclaimed = left.others, left.unclaimed

    def _push(self, client: PlatformClient, report: SyncReport, author: Author) -> None:
        first = sa.select(OUTBOX).where(_by(author)).order_by(OUTBOX.c.seq).limit(1)
        while True:
            with self.engine.connect() as db:
                op = db.execute(first).first()
            if op is None:
                return
            try:
                reply = client.request(
                    op.method,
                    op.path,
                    json=json.loads(op.body) if op.body else None,
                    idempotency_key=op.op_id,
                    if_match=op.base_seq,
                )
            except ServerRefused as e:
                if e.status in (401, 429) or e.status >= 500:
                    raise  # not about this change: it stays
                change = {"method": op.method, "path": op.path, **e.as_json()}
                with self.engine.begin() as db:
                    if e.status == 409 and e.kind == "stale" and op.base_table:
                        # the server wins: its row, as it is now, in place of the one made here
                        _server_rows(db, e.document.get("current"), op.base_table)
                        target = {"table": op.base_table, "id": op.base_key}
                        report.overridden.append(
                            {**change, "target": {**target, "name": op.base_label}}
                        )
                    else:
                        report.refused.append(change)
                        _undo(db, op)
                    db.execute(OUTBOX.delete().where(OUTBOX.c.seq == op.seq))
                continue
            with self.engine.begin() as db:
                db.execute(OUTBOX.delete().where(OUTBOX.c.seq == op.seq))
                _rebase(db, op, reply)
            report.pushed += 1

    def pull(self, client: PlatformClient, report: SyncReport) -> None:
        """Apply what changed on the server since the last sync, in one local transaction;
        everything when the copy here was pulled for another person or other roles than the
        reply was made for (what they may see differs)."""
        state = self.state()
        after = int(state.get("seq", "0"))
        reply = client.request("GET", "/sync", params={"after": after})
        me = _me(reply, client)
        mine = self.made_for(me["user"], me["roles"])
        if after and not mine:
            after = 0
            reply = client.request("GET", "/sync", params={"after": 0})
            me = _me(reply, client)
        report.full = after == 0
        with self.engine.begin() as db:
            if report.full:  # the server's copy is all, but for additions still queued (by
                # someone else, pushed first otherwise): they stay listed as not yet synced
                author = Author(me["user"], state.get("unit"))
                _clear(db, author, set(me["permissions"]))
            if not mine:
                db.execute(STATE.delete().where(STATE.c.key.in_(_COPY_STATE)))
            _replace(
                db,
                PEOPLE.c.id,
                [_person_row(p) for p in reply.get("people", [])],
            )
            _replace(
                db,
                DEPARTMENTS.c.id,
                [_department_row(d) for d in reply.get("departments", [])],
            )
            _replace(
                db,
                WHITELIST.c.entity_id,
                [_whitelist_row(w) for w in reply.get("whitelist", [])],
            )
            db.execute(ROLES.delete())
            for r in reply.get("roles", []):
                db.execute(
                    ROLES.insert().values(
                        code=r["code"],
                        name_zh=r["name_zh"],
                        name_en=r["name_en"],
                        assignable=r["assignable"],
                        permissions=json.dumps(r["permissions"]),
                    )
                )
            report.pulled = sum(
                len(reply.get(k, [])) for k in ("people", "departments", "whitelist")
            )
            report.seq = int(reply["seq"])
            made = {
                "seq": str(report.seq),
                "last_sync": _now(),
                "copy_user": me["user"],
                "copy_roles": _roles_text(me["roles"]),
            }
            for key, value in made.items():
                db.execute(STATE.delete().where(STATE.c.key == key))
                db.execute(STATE.insert().values(key=key, value=value))

    def sync(self, client: PlatformClient) -> SyncReport:
        """Push, then pull (everything again when the server refused a change made here, so
        that no trace of it stays).

        :raises ServerUnreachable | ServerRefused: what was done before stays done.
        """
        report = SyncReport()
        self.push(client, report)
        if report.refused:
            self.set_state(seq="0")
        self.pull(client, report)
        return report


_COPY_STATE = ("seq", "last_sync", "copy_user", "copy_roles", "audit", "certificate")
"""What the state keeps of a copy made for one person."""


def _roles_text(roles: list[str] | tuple[str, ...]) -> str:
    return ",".join(sorted(set(roles)))


def _me(reply: dict[str, Any], client: PlatformClient) -> dict[str, Any]:
    """Whom the server made a sync reply for: ``user``, ``roles``, ``permissions`` (asked of
    ``GET /me`` when the reply does not say: a server before it did)."""
    me = reply.get("me")
    if isinstance(me, dict):
        return {"user": str(me["user"]), "roles": me["roles"], "permissions": me["permissions"]}
    asked = client.request("GET", "/me")
    user = asked["user"]
    return {"user": str(user["id"]), "roles": user["roles"], "permissions": asked["permissions"]}


def _clear(db: sa.Connection, author: Author, permissions: set[str]) -> None:
    """Empty the copy for a full pull by ``author``: the rows added by changes still waiting
    stay, listed as not yet synced — someone else's only as ``author`` may see them (no
    whitelist entry without ``whitelist.read``, an ID number masked as the server masks it
    without ``people.write``)."""

    def added(table: sa.Table, by_author: bool = False) -> sa.Select[Any]:
        query = sa.select(OUTBOX.c.undo_key).where(
            OUTBOX.c.undo_table == table.name, OUTBOX.c.undo_key.is_not(None)
        )
        return query.where(_by(author)) if by_author else query

    for column in (PEOPLE.c.id, DEPARTMENTS.c.id, WHITELIST.c.entity_id):
        hidden = column.table is WHITELIST and "whitelist.read" not in permissions
        db.execute(column.table.delete().where(column.not_in(added(column.table, hidden))))
    if "people.write" not in permissions:
        db.execute(
            PEOPLE.update()
            .where(PEOPLE.c.id.not_in(added(PEOPLE, True)), PEOPLE.c.id_number.is_not(None))
            .values(id_number=sa.func.substr(PEOPLE.c.id_number, 1, 4).concat("*" * 14))
        )


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _replace(db: sa.Connection, key: sa.Column[Any], rows: list[dict[str, Any]]) -> None:
    """The rows the server sent, in place of the local ones with the same ``key``: in batches
    (a statement or two per row made a sync of 10,000 changes take seconds)."""
    latest = {row[key.name]: row for row in rows}  # once each, the last one sent
    keys = list(latest)
    for start in range(0, len(keys), 500):
        db.execute(key.table.delete().where(key.in_(keys[start : start + 500])))
    if latest:
        db.execute(key.table.insert(), list(latest.values()))


def _by(author: Author) -> sa.ColumnElement[bool]:
    """The changes ``author`` made (none without a person and unit: ``== None`` would be
    ``IS NULL`` and match the changes with no author)."""
    if not author.user or not author.unit:
        return sa.false()
    return sa.and_(OUTBOX.c.author_user == author.user, OUTBOX.c.author_unit == author.unit)


def _unclaimed(unit: str | None) -> sa.ColumnElement[bool]:
    """The changes with no author that someone of ``unit`` may claim or drop."""
    of_unit: sa.ColumnElement[bool] = OUTBOX.c.author_unit.is_(None)
    if unit:
        of_unit = sa.or_(of_unit, OUTBOX.c.author_unit == unit)
    return sa.and_(OUTBOX.c.author_user.is_(None), of_unit)


def _queue(
    db: sa.Connection,
    method: str,
    path: str,
    body: Any,
    undo: tuple[str, str] | None = None,
    base: dict[str, Any] | None = None,
) -> None:
    """The change, authored by the session open now (read in the change's transaction);
    ``base``: the row an edit or removal is about, as :func:`_base` read it before."""
    state: dict[str, str] = {
        r.key: r.value
        for r in db.execute(sa.select(STATE).where(STATE.c.key.in_(("user", "unit"))))
    }
    db.execute(
        OUTBOX.insert().values(
            author_user=state.get("user"),
            author_unit=state.get("unit"),
            op_id=str(uuid.uuid4()),
            method=method,
            path=path,
            body=json.dumps(body, ensure_ascii=False) if body is not None else None,
            undo_table=undo[0] if undo else None,
            undo_key=undo[1] if undo else None,
            created_at=_now(),
            **(base or {}),
        )
    )


_KEYS = {PEOPLE.name: PEOPLE.c.id, DEPARTMENTS.name: DEPARTMENTS.c.id}
_KEYS[WHITELIST.name] = WHITELIST.c.entity_id
_LABELS: dict[str, sa.ColumnElement[Any]] = {
    PEOPLE.name: PEOPLE.c.name,
    DEPARTMENTS.name: DEPARTMENTS.c.name,
    WHITELIST.name: sa.func.coalesce(sa.func.nullif(WHITELIST.c.label, ""), WHITELIST.c.entity_id),
}


def _base(db: sa.Connection, table: sa.Table, key: str) -> dict[str, Any]:
    """What an edit or removal of ``table``'s row ``key`` is made on, read before the change:
    the row, its version on the server (None for a row not there yet) and its name."""
    found = db.execute(
        sa.select(table.c.seq, _LABELS[table.name]).where(_KEYS[table.name] == key)
    ).first()
    return {
        "base_table": table.name,
        "base_key": key,
        "base_seq": found[0] if found else None,
        "base_label": found[1] if found else key,
    }


def _person_row(p: dict[str, Any]) -> dict[str, Any]:
    """A person as the server sends them, as a row of the copy."""
    return {
        "id": p["id"],
        "name": p["name"],
        "phone": p["phone"],
        "id_number": p["id_number"],
        "department_id": p["department_id"],
        "roles": ",".join(p["roles"]),
        "status": p["status"],
        "key_holder": p["key_holder"],
        "pending": False,
        "seq": p.get("seq"),
    }


def _department_row(d: dict[str, Any]) -> dict[str, Any]:
    return {"id": d["id"], "name": d["name"], "deleted": d["deleted"], "seq": d.get("seq")}


def _whitelist_row(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "entity_id": w["entity_id"],
        "label": w["label"],
        "person_id": w["person_id"],
        "main": w["main"],
        "deleted": w["deleted"],
        "pending": False,
        "seq": w.get("seq"),
    }


def _server_rows(db: sa.Connection, row: Any, table: str) -> None:
    """The server's ``row`` of ``table`` (from a 409 ``stale``) in place of the one here;
    nothing when the reply had none (the next pull brings it: it changed after the last)."""
    if not isinstance(row, dict):
        return
    try:
        if table == PEOPLE.name:
            _replace(db, PEOPLE.c.id, [_person_row(row)])
        elif table == DEPARTMENTS.name:
            _replace(db, DEPARTMENTS.c.id, [_department_row(row)])
        elif table == WHITELIST.name:
            _replace(db, WHITELIST.c.entity_id, [_whitelist_row(row)])
    except (KeyError, TypeError):
        return  # not a row of this version's shape: left to the pull


def _rebase(db: sa.Connection, op: Any, reply: dict[str, Any]) -> None:
    """``op`` is on the server: the rows it changed are at the versions its reply gives. They
    are the versions the same author's later changes of those rows were made on (they came
    after ``op`` here, on the row ``op`` made): those are sent with them, not with the version
    ``op`` replaced. Someone else's changes waiting here keep theirs: theirs were made before
    this one reached the server, which then wins over them."""
    rows = [(PEOPLE, reply.get("person")), (DEPARTMENTS, reply.get("department"))]
    rows += [(WHITELIST, reply.get("entry"))]
    rows += [(PEOPLE, moved) for moved in reply.get("moved_people") or []]
    versions = [
        (table.name, row.get(_KEYS[table.name].name), row.get("seq"))
        for table, row in rows
        if isinstance(row, dict)
    ]
    author = Author(op.author_user, op.author_unit)
    for table, key, seq in versions:
        if not isinstance(key, str) or not isinstance(seq, int):
            continue
        db.execute(sa.update(_KEYS[table].table).where(_KEYS[table] == key).values(seq=seq))
        db.execute(
            OUTBOX.update()
            .where(
                _by(author),
                OUTBOX.c.seq > op.seq,
                OUTBOX.c.base_table == table,
                OUTBOX.c.base_key == key,
                OUTBOX.c.base_seq.is_not(None),
            )
            .values(base_seq=seq)
        )


def _undo(db: sa.Connection, op: Any) -> None:
    """The server refused a change made here: the row it made goes (the server wins); a
    refused removal is put right by the next pull."""
    if op.undo_table == "platform_people":
        db.execute(PEOPLE.delete().where(PEOPLE.c.id == op.undo_key, PEOPLE.c.pending.is_(True)))
    elif op.undo_table == "platform_departments":
        db.execute(DEPARTMENTS.delete().where(DEPARTMENTS.c.id == op.undo_key))
    elif op.undo_table == "platform_whitelist":
        db.execute(
            WHITELIST.delete().where(
                WHITELIST.c.entity_id == op.undo_key, WHITELIST.c.pending.is_(True)
            )
        )
