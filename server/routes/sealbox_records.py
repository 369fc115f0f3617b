"""Seal-box records (使用记录, 异常记录) and their photos, uploaded and read."""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession

from sealdesk.server.db import Person, now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.permissions import Role
from sealdesk.server.routes.common import Caller, Change, Db, _change, _not_found, perm, requires
from sealdesk.server.routes.sealbox_common import BoxId, _report, change_box, sealbox_router
from sealdesk.server.sealbox_core import (
    box_json,
    box_of,
    is_box_admin,
    keeps,
    names_of,
    require_box_access,
)
from sealdesk.server.sealbox_db import Box, Grant, Keeper, Record, Seen, SmsNotice
from sealdesk.server.sealbox_schemas import PhotosIn, RecordsIn, SeenIn
from sealdesk.server.sealbox_sms import Outbox, notify_uses

MAX_PHOTO = 512 * 1024
TRACK = 100  # 轨迹 shows the newest 100 uses (S3:866)


def _like(column: Any, text: str) -> Any:
    """Fuzzy search: ``text`` anywhere in ``column``, in any case (% and _ are plain)."""
    return sa.func.lower(column).contains(text.strip().lower(), autoescape=True)


def build_router() -> APIRouter:
    r = sealbox_router()

    @r.post("/boxes/{box_id}/records", **perm("sealbox.contact"))
    def upload_records(
        box_id: BoxId,
        body: RecordsIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.contact"))],
    ) -> JSONResponse:
        outbox: list[Outbox] = []

        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            if body.info is not None:
                _report(b, body.info)
            place = body.info.place if body.info is not None else ""
            new: list[Record] = []
            have = set(
                c.db.execute(
                    sa.select(Record.seq).where(
                        Record.box_id == b.id, Record.seq.in_([x.seq for x in body.records])
                    )
                ).scalars()
            )
            stored = 0
            for x in sorted(body.records, key=lambda x: x.seq):
                if x.seq < b.first_seq or x.seq in have:
                    continue  # before this binding (not this unit's), or uploaded already
                kind, detail = x.kind, x.detail
                cause = x.cause if x.cause and x.cause != "none" else ""
                grant = c.db.get(Grant, x.grant_id) if x.grant_id else None
                if grant is not None and grant.box_id != b.id:
                    grant = None
                if kind == "stamp" and grant is not None:
                    grant.used = max(grant.used, x.used)
                    if grant.ended_ms is not None and x.time_ms > grant.ended_ms:
                        # ended on the platform while the box was away (P: WAVE2-NOTES E12)
                        kind, cause = "abnormal", "after_end"
                        detail = "stamped after the grant was ended on the platform"
                row = Record(
                    unit_id=c.unit.id,
                    box_id=b.id,
                    seq=x.seq,
                    kind=kind,
                    cause=cause,
                    time_ms=x.time_ms,
                    grant_id=x.grant_id,
                    user_id=x.user_id,
                    used=x.used,
                    detail=detail,
                    photo_bytes=x.photo_bytes,
                    has_photo=False,
                    uploaded_by=caller.person.id,
                    uploaded_ms=now_ms(),
                    place=place,
                )
                c.db.add(row)
                new.append(row)
                have.add(x.seq)
                stored += 1
                b.records_next = max(b.records_next, x.seq + 1)
            c.db.flush()
            outbox.append(Outbox(c, caller))
            notify_uses(outbox[-1], b, new)
            missing = list(
                c.db.execute(
                    sa.select(Record.seq)
                    .where(
                        Record.box_id == b.id,
                        Record.photo_bytes > 0,
                        Record.has_photo.is_(False),
                    )
                    .order_by(Record.seq)
                    .limit(1000)
                ).scalars()
            )
            return {
                "stored": stored,
                "records_next": b.records_next,
                "missing_photos": missing,
                "box": box_json(c.db, b),
                "sms": {"sent": outbox[-1].sent, "capped": outbox[-1].capped},
            }, f"{b.device_id}:{stored}"

        reply = change_box(
            request, caller, box_id, action="sealbox.records", check=require_box_access, work=work
        )
        for sent in outbox:
            sent.flush(request.app.state.config.sms_sink)
        return reply

    @r.post("/boxes/{box_id}/photos", **perm("sealbox.contact"))
    def upload_photos(
        box_id: BoxId,
        body: PhotosIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.contact"))],
    ) -> JSONResponse:
        """Photos of records uploaded before, several at once (the body stays under 1 MiB):
        all of them are taken, or none."""
        photos: dict[int, bytes] = {}
        for item in body.photos:
            try:
                jpeg = base64.b64decode(item.jpeg, validate=True)
            except (binascii.Error, ValueError) as e:
                raise ApiError(
                    422, "invalid", "照片不是 Base64。", "The photo is not base64."
                ) from e
            if not jpeg.startswith(b"\xff\xd8") or len(jpeg) > MAX_PHOTO:
                raise ApiError(
                    422, "not_jpeg", "照片不是 JPEG 或过大。", "The photo is not a JPEG or too big."
                )
            photos[item.seq] = jpeg

        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            rows = {
                row.seq: row
                for row in c.db.execute(
                    sa.select(Record).where(Record.box_id == b.id, Record.seq.in_(list(photos)))
                ).scalars()
            }
            for seq, jpeg in sorted(photos.items()):
                row = rows.get(seq)
                if row is None or row.photo_bytes == 0:
                    raise _not_found(f"带照片的记录 {seq}", f"record {seq} with a photo")
                if len(jpeg) != row.photo_bytes:
                    raise ApiError(
                        422,
                        "photo_size",
                        f"记录 {seq} 的照片大小 {len(jpeg)} 字节，与记录所说的 "
                        f"{row.photo_bytes} 字节不符。",
                        f"Record {seq}'s photo has {len(jpeg)} bytes; the record says "
                        f"{row.photo_bytes}.",
                    )
                if not row.has_photo:
                    row.photo, row.has_photo = jpeg, True
            return {"stored": sorted(photos)}, f"{b.device_id}:{len(photos)}"

        return change_box(
            request, caller, box_id, action="sealbox.photos", check=require_box_access, work=work
        )

    def _visible(db: DbSession, caller: Caller) -> Any:
        """使用记录 and 异常记录: admins see every box, keepers theirs, others their own."""
        unit = Record.unit_id == caller.unit.id
        if is_box_admin(caller):
            return unit
        mine = Record.user_id == caller.person.id
        if Role.KEEPER in caller.roles:
            kept = sa.select(Keeper.box_id).where(Keeper.person_id == caller.person.id)
            return unit & (mine | Record.box_id.in_(kept))
        return unit & mine

    def _in_view(caller: Caller, view: str) -> Any:
        """The tabs of 使用记录 (S3:574-643): 全部 (all the caller may see), 我使用 (the
        caller's own stamps and presses), 我管理 (the boxes the caller keeps; every box of the
        unit for its admins; none for others)."""
        if view == "mine":
            return Record.user_id == caller.person.id
        if view == "managed":
            if is_box_admin(caller):
                return sa.true()
            kept = sa.select(Keeper.box_id).where(Keeper.person_id == caller.person.id)
            return Record.box_id.in_(kept)
        return sa.true()

    @r.get("/records", **perm("sealbox.records.read"))
    def records(
        db: Db,
        caller: Annotated[Caller, Depends(requires("sealbox.records.read"))],
        kind: Annotated[str, Query(pattern="^(stamp|abnormal|all)$")] = "all",
        box_id: uuid.UUID | None = None,
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
        view: Annotated[str, Query(pattern="^(all|mine|managed)$")] = "all",
    ) -> dict[str, Any]:
        """``unread_abnormal`` counts what the caller may see, whatever ``view``."""
        where = _visible(db, caller) & _in_view(caller, view) & (Record.id > after)
        if kind != "all":
            where = where & (Record.kind == kind)
        if box_id is not None:
            where = where & (Record.box_id == str(box_id))
        rows = db.execute(sa.select(Record).where(where).order_by(Record.id).limit(limit))
        names = names_of(db, caller.unit)
        box_names = dict(
            db.execute(sa.select(Box.id, Box.name).where(Box.unit_id == caller.unit.id))
            .tuples()
            .all()
        )
        seen = db.get(Seen, caller.person.id)
        unread = db.execute(
            sa.select(sa.func.count())
            .select_from(Record)
            .where(
                _visible(db, caller),
                Record.kind == "abnormal",
                Record.id > (seen.upto if seen else 0),
            )
        ).scalar_one()
        return {
            "records": [
                {
                    "id": x.id,
                    "box_id": x.box_id,
                    "box_name": box_names.get(x.box_id),
                    "seq": x.seq,
                    "kind": x.kind,
                    "cause": x.cause or None,
                    "time_ms": x.time_ms,
                    "grant_id": x.grant_id or None,
                    "user_id": x.user_id or None,
                    "user_name": names.get(x.user_id),
                    "used": x.used,
                    "detail": x.detail,
                    "photo": x.has_photo,
                    "photo_bytes": x.photo_bytes,
                    "place": x.place or None,
                }
                for x in rows.scalars()
            ],
            "unread_abnormal": unread,
        }

    @r.get("/boxes/{box_id}/track", **perm("sealbox.track"))
    def track(
        box_id: BoxId,
        db: Db,
        caller: Annotated[Caller, Depends(requires("sealbox.track"))],
        from_ms: Annotated[int | None, Query(ge=0, le=2**50)] = None,
        to_ms: Annotated[int | None, Query(ge=0, le=2**50)] = None,
        person: Annotated[str, Query(max_length=50)] = "",
        place: Annotated[str, Query(max_length=50)] = "",
    ) -> dict[str, Any]:
        """轨迹 (S3:854-880): the box's newest :data:`TRACK` uses, each with 用印时间, 使用人 and
        使用位置; its keepers and the admins see all of them, others their own. Searched by a
        time range, a person's name and a place, alone or together; names and places by a
        part of them, in any case."""
        if from_ms is not None and to_ms is not None and from_ms > to_ms:
            raise ApiError(
                422,
                "invalid_range",
                "开始时间晚于结束时间。",
                "The range starts after it ends.",
            )
        b = box_of(db, caller.unit, box_id, bound=False)
        where = Record.box_id == b.id
        everything = is_box_admin(caller) or (
            Role.KEEPER in caller.roles and keeps(db, b.id, caller.person.id)
        )
        if not everything:
            where = where & (Record.user_id == caller.person.id)
        if from_ms is not None:
            where = where & (Record.time_ms >= from_ms)
        if to_ms is not None:
            where = where & (Record.time_ms <= to_ms)
        if place.strip():
            where = where & _like(Record.place, place)
        if person.strip():
            named = sa.select(Person.id).where(
                Person.unit_id == caller.unit.id, _like(Person.name, person)
            )
            where = where & Record.user_id.in_(named)
        rows = db.execute(
            sa.select(Record)
            .where(where)
            .order_by(Record.time_ms.desc(), Record.seq.desc())
            .limit(TRACK)
        ).scalars()
        names = names_of(db, caller.unit)
        return {
            "box": {"id": b.id, "name": b.name, "place": b.place or None, "place_ms": b.place_ms},
            "all": everything,
            "track": [
                {
                    "id": x.id,
                    "seq": x.seq,
                    "kind": x.kind,
                    "cause": x.cause or None,
                    "time_ms": x.time_ms,
                    "user_id": x.user_id or None,
                    "user_name": names.get(x.user_id),
                    "place": x.place or None,
                    "used": x.used,
                    "detail": x.detail,
                    "photo": x.has_photo,
                }
                for x in rows
            ],
        }

    @r.get("/sms", **perm("sealbox.sms.read"))
    def sms(
        db: Db,
        caller: Annotated[Caller, Depends(requires("sealbox.sms.read"))],
        grant_id: Annotated[str | None, Query(pattern="^[0-9a-f]{32}$")] = None,
        box_id: uuid.UUID | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        """The SMS about boxes the caller may see, newest first: those to them and, for the
        authorizer of a grant, those about its uses (sent, or ``capped``: the recipient's
        50 of the day were used up); an admin sees the unit's."""
        where = SmsNotice.unit_id == caller.unit.id
        if not is_box_admin(caller):
            mine = sa.select(Grant.id).where(Grant.granted_by == caller.person.id)
            where = where & (
                (SmsNotice.person_id == caller.person.id) | SmsNotice.grant_id.in_(mine)
            )
        if grant_id is not None:
            where = where & (SmsNotice.grant_id == grant_id)
        if box_id is not None:
            where = where & (SmsNotice.box_id == str(box_id))
        rows = list(
            db.execute(
                sa.select(SmsNotice).where(where).order_by(SmsNotice.id.desc()).limit(limit)
            ).scalars()
        )
        names = names_of(db, caller.unit)
        return {
            "sms": [
                {
                    "id": x.id,
                    "kind": x.kind,
                    "box_id": x.box_id,
                    "grant_id": x.grant_id or None,
                    "record_seq": x.record_seq,
                    "person_id": x.person_id,
                    "person_name": names.get(x.person_id),
                    "state": x.state,
                    "text": x.text,
                    "created_ms": x.created_ms,
                }
                for x in rows
            ],
            "capped": sum(1 for x in rows if x.state == "capped"),
        }

    @r.get("/records/{record_id}/photo", **perm("sealbox.records.read"))
    def record_photo(
        record_id: Annotated[int, Path(ge=1, le=2**62)],
        db: Db,
        caller: Annotated[Caller, Depends(requires("sealbox.records.read"))],
    ) -> dict[str, Any]:
        row = db.execute(
            sa.select(Record).where(_visible(db, caller), Record.id == record_id)
        ).scalar()
        if row is None or not row.has_photo or row.photo is None:
            raise _not_found("照片", "photo")
        return {"id": row.id, "seq": row.seq, "jpeg": base64.b64encode(row.photo).decode()}

    @r.post("/records/seen", **perm("sealbox.records.read"))
    def records_seen(
        body: SeenIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.records.read"))],
    ) -> JSONResponse:
        def work(c: Change) -> tuple[dict[str, Any], str]:
            seen = c.db.get(Seen, caller.person.id)
            if seen is None:
                seen = Seen(person_id=caller.person.id, upto=0)
                c.db.add(seen)
            seen.upto = max(seen.upto, body.upto)
            return {"upto": seen.upto}, str(body.upto)

        return _change(
            request, caller, action="sealbox.seen", target=str(body.upto), key=None, work=work
        )

    return r
