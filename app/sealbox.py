"""Seal boxes for both fronts: the keeper's and the admin's work on the platform, carried to the
box over Bluetooth.

The platform signs every command a box obeys; this module carries them. At each contact with a
box it reports the box (its Info), delivers the commands waiting for it in counter order and
reports how the box answered, so a grant, an end or a lost-lock made while the box was out of
reach takes effect at the next contact, whichever command makes it. Records go from the box
to a local folder (kept there before the box may free them, as `sealdesk sealbox records`
does) and from that folder to the platform with their photos: a link or a server lost midway
loses nothing, and the next run goes on.

Use :class:`Keeper` from async code (one asyncio loop; the GUI's worker runs one), or
:func:`run` from a thread. Errors: ``ServerRefused`` / ``ServerUnreachable`` (the platform),
``BoxRefused`` / ``BoxUnreachable`` (the box), ``NotLoggedIn``, :class:`SealboxLookupError`
(no such box, person, grant), and :class:`BoxPending`: the platform did its part, the box is
out of reach and learns at its next contact (``result`` says what the platform did).
"""

from __future__ import annotations

import asyncio
import base64
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sealdesk.app.platform import InvalidInput, NotLoggedIn, local
from sealdesk.app.settings import config_dir
from sealdesk.app.store import data_dir
from sealdesk.sealbox.errors import BoxRefused, BoxUnreachable
from sealdesk.sealbox.protocol import messages
from sealdesk.sealbox.protocol.commands import key_id
from sealdesk.sealbox.records import LocalRecords, as_json, refused_photos
from sealdesk.signing.errors import WordedError
from sealdesk.sync.client import PlatformClient, ServerRefused
from sealdesk.sync.sealbox import Json, SealboxApi
from sealdesk.sync.tokens import TokenStore

if TYPE_CHECKING:  # bleak is imported when a box is reached, not for the platform alone
    from sealdesk.sealbox.session import Backends, BoxSession

T = TypeVar("T")
Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; stages: download, photos, upload, upload_photos."""
UPLOAD_BATCH = 200  # records per request (the server takes at most 200)
PHOTO_BATCH = 100  # photos per request (the server's most)
PHOTO_BYTES = 512 * 1024  # JPEG bytes per request: base64 keeps it under the server's 1 MiB


class SealboxLookupError(WordedError):
    """No such box, person or grant on the platform (or more than one answer to a name)."""


class BoxPending(Exception):
    """The platform did its part; the box could not be reached and learns at its next
    contact. ``result`` is what the platform did (as the call would have returned it)."""

    def __init__(self, result: Json, cause: BoxUnreachable) -> None:
        super().__init__(str(cause))
        self.result = result
        self.cause = cause


def info_json(info: messages.Info) -> Json:
    """A box's Info as the platform takes it."""
    return {
        "device_id": info.device_id,
        "firmware": info.firmware,
        "screen": info.screen,
        "bound": info.bound,
        "key_id": info.key_id.hex(),
        "counter": info.counter,
        "used": info.used,
        "granted": info.granted,
        "capacity": info.capacity,
        "stored": info.stored,
        "next_seq": info.next_seq,
        "uploaded": info.uploaded,
        "locked": info.locked,
        "offline": info.offline,
        "grant_id": info.grant_id.hex(),
        "backlight": info.backlight,
        "auto_off": info.auto_off,
    }


def _refusal(reason: str, detail: str = "") -> BoxRefused:
    from sealdesk.sealbox.session.client import REFUSALS_ZH

    more = f"（{detail}）" if detail else ""
    return BoxRefused(
        reason,
        f"印章盒拒绝了操作：{REFUSALS_ZH.get(reason, reason)}{more}",
        f"The seal box refused: {reason.replace('_', ' ')}" + (f" ({detail})" if detail else ""),
    )


def _record_for_upload(kept: dict[str, Any]) -> Json | None:
    """A locally kept record as the platform takes it (a kind this client does not know is
    left here)."""
    if kept.get("kind") not in ("stamp", "abnormal"):
        return None
    cause = kept.get("cause")
    return {
        "seq": int(kept["seq"]),
        "kind": kept["kind"],
        "cause": None if cause in (None, "none") else str(cause),
        "time_ms": int(kept["time_ms"]),
        "grant_id": str(kept.get("grant_id") or ""),
        "user_id": str(kept.get("user_id") or ""),
        "used": int(kept.get("used") or 0),
        "photo_bytes": int(kept.get("photo_bytes") or 0),
        "detail": str(kept.get("detail") or "")[:256],
    }


@dataclass
class Visit:
    """One contact with a box: what the platform knows after it, the commands delivered."""

    box: Json
    delivered: list[Json]
    info: Json
    refused: dict[int, BoxRefused] = field(default_factory=dict)


def self_granted(grant: Json) -> bool:
    """A grant its person gave themselves (直接使用): theirs to end (结束用印) without a
    keeper's role."""
    return bool(grant.get("granted_by")) and grant.get("granted_by") == grant.get("user_id")


class Keeper:
    """A keeper's (or admin's) session: the platform API and, when a box is needed, the radio.
    ``async with Keeper(api) as k: await k.grant(...)``."""

    def __init__(
        self,
        api: SealboxApi,
        *,
        ble_timeout: float = 10.0,
        records_root: Path | None = None,
        backends: Backends | None = None,
        place: str | None = None,
    ) -> None:
        """``backends``: bleak's (client, scanner) backend classes; by default the radio of
        :func:`sealdesk.sealbox.session.radio` (the OS's, or SEALDESK_BLE_SIM's link).
        ``place``: where this computer is, told to the platform with every box it reaches
        (default: the setting, :func:`sealdesk.app.sealbox_track.place`)."""
        from sealdesk.app.sealbox_track import place as place_setting

        self.api = api
        self.place = place_setting() if place is None else place
        self.ble_timeout = ble_timeout
        self.records_root = records_root or data_dir() / "sealbox"
        self._stack = AsyncExitStack()
        self._radio: Backends | None = backends

    async def __aenter__(self) -> Keeper:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()

    async def platform_call(self, call: Callable[..., T], *args: Any, **kw: Any) -> T:
        """``call`` (a method of :attr:`api`) off the event loop (httpx is synchronous here):
        what the fronts use for the platform calls Keeper has no verb of its own for."""
        return await asyncio.to_thread(call, *args, **kw)

    @asynccontextmanager
    async def _at(self, target: str) -> AsyncIterator[BoxSession]:
        """A session with the box ``target`` (MAC or name); the radio is opened on first use."""
        from sealdesk.sealbox.session import BoxSession, radio

        if self._radio is None:
            self._radio = await self._stack.enter_async_context(radio())
        client, scanner = self._radio
        session = BoxSession(
            target, client_backend=client, scanner_backend=scanner, timeout=self.ble_timeout
        )
        async with session:
            yield session

    # -- names to things
    async def boxes(self) -> list[Json]:
        return await self.platform_call(self.api.boxes)

    async def find(self, ref: str) -> Json:
        """The box ``ref`` names: its platform id, device id, 设备名称, MAC or BLE name.

        :raises SealboxLookupError: none, or several.
        """
        boxes = await self.boxes()
        wanted = ref.strip()
        for keys in (("id", "device_id", "address"), ("name",), ("ble_name",)):
            found = [b for b in boxes if any(str(b[k]).upper() == wanted.upper() for k in keys)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                names = "、".join(f"{b['name']}（{b['device_id']}）" for b in found)
                raise SealboxLookupError(
                    "ambiguous_box",
                    f"“{ref}”对应多台印章盒：{names}。请用设备编号或 MAC 指定。",
                    f"'{ref}' names several boxes: {names}. Give the device id or MAC.",
                )
        raise SealboxLookupError(
            "unknown_box",
            f"平台上本单位没有印章盒“{ref}”（先绑定，或用 sealdesk sealbox boxes 查看）。",
            f"The unit has no seal box '{ref}' on the platform (bind it, or see "
            "sealdesk sealbox boxes).",
        )

    async def person(self, ref: str) -> Json:
        """The person ``ref`` names: id, phone, or a name only one person has.

        :raises SealboxLookupError:
        """
        ref = ref.strip()
        people = await self.platform_call(self.api.people, "" if _is_uuid(ref) else ref)
        active = [p for p in people if p["status"] == "active"]
        for match in (
            [p for p in active if ref in (p["id"], p["phone"])],
            [p for p in active if p["name"] == ref],
        ):
            if len(match) == 1:
                return match[0]
        raise SealboxLookupError(
            "unknown_person",
            f"本单位没有在职人员“{ref}”（可用手机号或编号）。",
            f"No person '{ref}' in service in the unit (give a phone number or id).",
        )

    # -- a contact with the box
    async def _deliver(self, session: BoxSession, command: Json, applied: int) -> Json:
        done = {"counter": command["counter"], "kind": command["kind"], "outcome": "ok"}
        if command["counter"] <= applied:  # carried there before; the answer was lost
            return done
        signed = messages.decode_as(messages.Signed, base64.b64decode(command["signed"]))
        try:
            await session.command(signed)
        except BoxRefused as e:
            reason = re.sub(r"[^a-z_]", "_", e.reason.lower())[:50]
            return {**done, "outcome": "refused", "reason": reason, "error": e}
        return done

    def _info(self, info: messages.Info) -> Json:
        """What the box said, and where this computer is (the box's position: it has no
        GPS)."""
        return {**info_json(info), "place": self.place}

    async def _visit(self, box: Json, session: BoxSession) -> Visit:
        """Report the box, deliver what waits for it, report the answers.

        :raises BoxRefused: the box reached is not this one.
        :raises BoxUnreachable: the link broke (what was delivered is reported first).
        """
        info = session.info
        if info is None:
            raise BoxUnreachable("link_lost", "没有连接到印章盒。", "Not connected to the box.")
        if info.device_id != box["device_id"]:
            raise _refusal("not_this_box", f"{info.device_id} ≠ {box['device_id']}")
        reply = await self.platform_call(self.api.contact, box["id"], self._info(info))
        results: list[Json] = []
        try:
            for command in reply["pending"]:
                results.append(await self._deliver(session, command, info.counter))
            fresh = await session.request(messages.Hello(client="sealdesk"), messages.Info)
        except BoxUnreachable:
            if results:
                await self.platform_call(self.api.deliveries, box["id"], _wire(results), None)
            raise
        session.info = fresh
        after = await self.platform_call(
            self.api.deliveries, box["id"], _wire(results), self._info(fresh)
        )
        refused = {r["counter"]: r["error"] for r in results if "error" in r}
        return Visit(after["box"], _plain(results), info_json(fresh), refused)

    async def contact(self, box: Json) -> Visit:
        """Reach ``box`` (as :meth:`boxes` lists it): report it and deliver what waits for it,
        a lost-lock made while it was away first among them.

        :raises BoxUnreachable: / :raises BoxRefused: the box reached is not this one.
        """
        async with self._at(_target(box)) as session:
            return await self._visit(box, session)

    async def _carry(self, box: Json, result: Json, counter: int | None) -> Json:
        """After the platform made a command: carry it (and whatever waits) to the box.

        :raises BoxPending: the box is out of reach.
        :raises BoxRefused: the box refused this command (reported to the platform).
        """
        try:
            async with self._at(_target(box)) as session:
                visit = await self._visit(box, session)
        except BoxUnreachable as e:
            raise BoxPending({**result, "delivered": False}, e) from e
        if counter in visit.refused:
            raise visit.refused[counter]
        return {**result, "box": visit.box, "delivered": True, "commands": visit.delivered}

    # -- binding
    async def bind(self, target: str, *, name: str, note: str = "") -> Json:
        """Bind the box ``target`` (its BLE name or MAC) to the unit: the platform records it,
        the box takes the platform's key, then the first command.

        :raises BoxRefused: the box is bound to another platform.
        :raises BoxUnreachable: the box cannot be reached (nothing was recorded).
        """
        key = await self.platform_call(self.api.platform_key)
        async with self._at(target) as session:
            info = session.info
            if info is None:  # connect() says hello: never so
                raise BoxUnreachable("link_lost", "没有连接到印章盒。", "Not connected.")
            if info.bound and info.key_id != bytes.fromhex(key["key_id"]):
                raise _refusal("bound", "bound to another platform: unbind it there first")
            reply = await self.platform_call(
                self.api.bind,
                {
                    "device_id": info.device_id,
                    "model": info.model,
                    "firmware": info.firmware,
                    "address": session.address,
                    "ble_name": info.name,
                    "name": name,
                    "note": note,
                    "fingerprint": bool(info.capabilities & messages.Capability.FINGERPRINT),
                    "next_seq": info.next_seq,
                },
            )
            box = reply["box"]
            point = bytes.fromhex(reply["platform_key"])
            if key_id(point) != bytes.fromhex(reply["key_id"]):
                raise ValueError("the platform's key and key id disagree")
            if not info.bound:
                try:
                    await session.command(
                        messages.Bind(platform_key=point, name=name, unit=reply["unit_name"])
                    )
                except (BoxRefused, BoxUnreachable):
                    if not reply["existing"]:  # the box did not take it: neither does the platform
                        await self.platform_call(self.api.unbind, box["id"])
                    raise
                session.info = await session.request(
                    messages.Hello(client="sealdesk"), messages.Info
                )
            visit = await self._visit(box, session)
        return {"box": visit.box, "existing": reply["existing"], "commands": visit.delivered}

    async def unbind(self, ref: str) -> Json:
        """Unbind: the box must be in reach and its grants ended (S3).

        :raises BoxUnreachable: nothing was changed.
        :raises ServerRefused: 409 while a grant is open.
        """
        box = await self.find(ref)
        if box.get("open_grant"):
            # the platform's reason at once, not "unreachable" after searching for a box that
            # may be away; should the grant have ended meanwhile, the platform unbinds it and
            # the box learns now or at its next contact (BoxPending)
            reply = await self.platform_call(self.api.unbind, box["id"])
            carried = await self._carry(box, reply, reply["command"]["counter"])
            return {"box": carried["box"], "screen": carried["box"].get("screen")}
        async with self._at(_target(box)) as session:
            await self._visit(box, session)
            reply = await self.platform_call(self.api.unbind, box["id"])
            command = reply["command"]
            result = await self._deliver(session, command, 0)
            info = await session.request(messages.Hello(client="sealdesk"), messages.Info)
            error = result.pop("error", None)
            await self.platform_call(self.api.deliveries, box["id"], _wire([result]), None)
        if error is not None:
            raise error
        return {"box": reply["box"], "screen": info.screen}

    # -- grants
    async def grant(
        self,
        ref: str,
        *,
        user: str | None = None,
        count: int | None = None,
        not_before: int | None = None,
        not_after: int | None = None,
        preauthorized: bool = False,
        photo: bool | None = None,
        fingerprint: bool = False,
        force_upload: bool = False,
        notify: bool = False,
        application: str | None = None,
        usage_mode: str = "physical",
        area: str = "",
    ) -> Json:
        """下发授权 (from an application, or directly to ``user``), then to the box; what is
        None is not sent (the platform takes 功能配置's default: ``photo`` on while 盖章拍照 is
        ticked). A 预先授权 stays on the platform (``delivered`` false, nothing to carry)
        until its grantee activates it: several may wait on one box.

        :raises BoxPending: granted on the platform; the box gets it at its next contact.
        """
        box = await self.find(ref)
        body: Json = {
            "box_id": box["id"],
            "count": count,
            "not_before": not_before,
            "not_after": not_after,
            "mode": "preauthorized" if preauthorized else "direct",
            "photo": photo,
            "fingerprint": fingerprint,
            "force_upload": force_upload,
            "notify": notify,
            "application_id": application,
            "usage_mode": usage_mode,
            "area": area,
        }
        if user is not None:
            body["user_id"] = (await self.person(user))["id"]
        reply = await self.platform_call(
            self.api.grant, {k: v for k, v in body.items() if v is not None}
        )
        if reply["command"] is None:  # a 预先授权: the box gets it once activated
            return {**reply, "box": box, "delivered": False}
        return await self._carry(box, reply, reply["command"]["counter"])

    async def use(self, ref: str) -> Json:
        """功能配置 with nothing ticked: take the box ``ref`` while it is free, with no
        application and no approver (the platform signs the caller an unlimited grant of 8
        hours), then carry it to the box.

        :raises ServerRefused: 409 grant_open (someone else uses it), flow_required (the unit
            applies and grants). :raises BoxPending: the box gets it at its next contact.
        """
        box = await self.find(ref)
        reply = await self.platform_call(self.api.use, box["id"])
        command = reply.get("command")
        return await self._carry(box, reply, command["counter"] if command else None)

    async def _current_grant(self, box: Json, grant_id: str | None = None) -> Json:
        """The grant to end: ``grant_id`` (a 预先授权 still waiting is withdrawn so), else
        the one in use or whose time or count ran out. One's own (直接使用: one granted it to
        oneself) is ended without a keeper's right to see the box's grants."""
        wanted = ("active", "expired", "waiting") if grant_id else ("active", "expired")

        def pick(grants: list[Json]) -> Json | None:
            return next(
                (g for g in grants if g["state"] in wanted and grant_id in (None, g["id"])), None
            )

        mine = await self.platform_call(self.api.my_grants)
        own = [g for g in mine if g["box_id"] == box["id"] and self_granted(g)]
        current = pick(own)
        if current is None:
            try:  # the box's grants: its keepers and the admins see them
                current = pick(await self.platform_call(self.api.grants, box["id"]))
            except ServerRefused as e:
                if e.status != 403:
                    raise
        if current is None:
            raise SealboxLookupError(
                "no_grant",
                "该印章盒没有您可以结束的授权（他人的授权由管章人或管理员结束）。",
                "The box has no grant you may end (a keeper or an admin ends others').",
            )
        return current

    async def end(
        self, ref: str, *, progress: Progress | None = None, grant_id: str | None = None
    ) -> Json:
        """结束用印: the box's records are uploaded first (强制上传记录 needs them), then the
        grant ends on the platform and on the box.

        :raises BoxPending: ended on the platform; the box learns at its next contact.
        :raises ServerRefused: 409 records_not_uploaded when the box is away and the grant
            forces the upload.
        """
        box = await self.find(ref)
        grant = await self._current_grant(box, grant_id)
        if grant["state"] == "waiting":  # never reached the box: nothing to tell it
            withdrawn = await self.platform_call(self.api.end, grant["id"])
            return {**withdrawn, "box": box, "delivered": False}
        ended: Json | None = None
        try:
            async with self._at(_target(box)) as session:
                visit = await self._visit(box, session)
                records = await self._sync_records(visit.box, session, progress)
                ended = await self.platform_call(self.api.end, grant["id"])
                visit = await self._visit(box, session)
        except BoxUnreachable as e:
            if ended is None:
                ended = await self.platform_call(self.api.end, grant["id"])
            raise BoxPending({**ended, "delivered": False}, e) from e
        counter = ended["command"]["counter"] if ended["command"] else None
        if counter in visit.refused:
            raise visit.refused[counter]
        return {**ended, "box": visit.box, "delivered": True, "records": records}

    async def activate(self, ref: str, code: str) -> Json:
        """预先授权: the grantee's activation code, checked by the platform (which then signs
        the box's grant, while no other grant is in use on it), then carried to the box,
        which checks the code too.

        :raises BoxPending: activated on the platform; run it again at the box.
        :raises ServerRefused: 409 grant_open (the box is in use: a keeper ends it first),
            activation_code_wrong, activation_locked.
        """
        box = await self.find(ref)
        mine = [
            g
            for g in await self.platform_call(self.api.my_grants)
            if g["box_id"] == box["id"] and g["mode"] == "preauthorized"
        ]
        if not mine:
            raise SealboxLookupError(
                "no_grant",
                "您在这台印章盒上没有待激活的预先授权。",
                "You have no pre-authorized grant on this box.",
            )
        # one still waiting first, then one activated that the box may not have yet
        mine.sort(key=lambda g: (g["state"] != "waiting", bool(g.get("delivered"))))
        reply = await self.platform_call(self.api.activate, mine[0]["id"], code)
        grant, command = reply["grant"], reply.get("command")
        try:
            async with self._at(_target(box)) as session:
                visit = await self._visit(box, session)  # the signed grant, if not there yet
                if command is not None and command["counter"] in visit.refused:
                    raise visit.refused[command["counter"]]
                await session.command(messages.Activate(code=code))
                info = await session.request(messages.Hello(client="sealdesk"), messages.Info)
        except BoxUnreachable as e:
            raise BoxPending({"grant": grant, "delivered": False}, e) from e
        return {"grant": grant, "delivered": True, "screen": info.screen}

    # -- settings and lost-lock
    async def settings(
        self,
        ref: str,
        *,
        backlight: int | None = None,
        auto_off: int | None = None,
        offline: bool | None = None,
        code: str | None = None,
    ) -> Json:
        """:raises BoxPending: set on the platform; the box takes it at its next contact."""
        box = await self.find(ref)
        reply = await self.platform_call(
            self.api.settings,
            box["id"],
            backlight=backlight,
            auto_off=auto_off,
            offline=offline,
            code=code,
        )
        return await self._carry(box, reply, reply["command"]["counter"])

    async def lock(self, ref: str, *, unlock: bool = False) -> Json:
        """挂失锁定 (or its undoing): at once when the box is in reach, else at its next contact.

        :raises BoxPending: recorded on the platform; the box is out of reach.
        """
        box = await self.find(ref)
        reply = await self.platform_call(self.api.unlock if unlock else self.api.lock, box["id"])
        return await self._carry(box, reply, reply["command"]["counter"])

    async def offline_code(self, ref: str) -> Json:
        """The 主管理员's code a keeper needs to turn 无网络设置 on (5 minutes, used once)."""
        box = await self.find(ref)
        return {"box": box, **await self.platform_call(self.api.offline_code, box["id"])}

    # -- records
    def local_records(self, device_id: str, folder: Path | None = None) -> LocalRecords:
        return LocalRecords(folder or self.records_root / device_id)

    async def records(
        self, ref: str, *, folder: Path | None = None, progress: Progress | None = None
    ) -> Json:
        """Deliver what waits for the box, download its new records and photos into the
        local folder, and upload to the platform what it lacks.

        :raises BoxUnreachable: the box cannot be reached (records kept here are still
            uploaded next time).
        """
        box = await self.find(ref)
        async with self._at(_target(box)) as session:
            visit = await self._visit(box, session)
            records = await self._sync_records(visit.box, session, progress, folder)
        return {"box": records.pop("box"), "commands": visit.delivered, **records}

    async def _sync_records(
        self,
        box: Json,
        session: BoxSession,
        progress: Progress | None,
        folder: Path | None = None,
    ) -> Json:
        kept = self.local_records(box["device_id"], folder)
        new: list[messages.Record] = []

        def keep(batch: list[messages.Record]) -> None:
            kept.append(batch)
            new.extend(batch)

        def downloaded(done: int, total: int) -> None:
            if progress:
                progress("download", done, total)

        def photographed(done: int, total: int) -> None:
            if progress:
                progress("photos", done, total)

        await session.records(kept.cursor(), keep, downloaded)
        photos = await session.photos(kept.missing_photos(), kept.save_photo, photographed)
        session.info = await session.request(messages.Hello(client="sealdesk"), messages.Info)
        uploaded = await self._upload(box, kept, self._info(session.info), progress)
        return {
            "folder": str(kept.folder),
            "new": len(new),
            "new_records": [as_json(r) for r in new],
            "photos": len(photos.done),
            "photos_refused": refused_photos(photos),
            **uploaded,
        }

    async def _upload(
        self, box: Json, kept: LocalRecords, info: Json, progress: Progress | None
    ) -> Json:
        """What the platform lacks of the records kept here, and their photos."""
        start = int(box["records_next"])
        rows = [r for r in map(_record_for_upload, kept.load()) if r and r["seq"] >= start]
        reply: Json = {}
        stored = 0
        for i in range(0, max(len(rows), 1), UPLOAD_BATCH):
            batch = rows[i : i + UPLOAD_BATCH]
            reply = await self.platform_call(self.api.upload_records, box["id"], batch, info)
            stored += int(reply["stored"])
            if progress:
                progress("upload", min(i + UPLOAD_BATCH, len(rows)), len(rows))
        wanted = [int(seq) for seq in reply.get("missing_photos", [])]
        jpegs: dict[int, bytes] = {}
        photos = 0

        async def send() -> None:
            nonlocal jpegs, photos
            if jpegs:
                await self.platform_call(self.api.upload_photos, box["id"], jpegs)
                photos += len(jpegs)
                jpegs = {}
                if progress:
                    progress("upload_photos", photos, len(wanted))

        for seq in wanted:
            path = kept.photo_path(seq)
            if not path.exists():
                continue
            jpeg = path.read_bytes()
            if len(jpegs) == PHOTO_BATCH or sum(map(len, jpegs.values())) + len(jpeg) > PHOTO_BYTES:
                await send()
            jpegs[seq] = jpeg
        await send()
        return {"uploaded": stored, "photos_uploaded": photos, "box": reply.get("box", box)}

    # -- the platform only
    async def set_keepers(self, ref: str, people: list[str], seen: int | None = None) -> Json:
        """The box ``ref``'s keepers become ``people``; ``seen``: the version of them
        (``keepers_seq``) the change was made on.

        :raises ServerRefused: 409 ``stale``: they changed since (nothing changed).
        """
        box = await self.find(ref)
        ids = [(await self.person(p))["id"] for p in people]
        return await self.platform_call(self.api.set_keepers, box["id"], ids, seen)

    async def set_role(self, person: str, role: str, seen: int | None = None) -> Json:
        """``person``'s seal-box role becomes ``role``; ``seen``: the person's version
        (``seq``) the change was made on.

        :raises ServerRefused: 409 ``stale``: the person changed since (nothing changed).
        """
        found = await self.person(person)
        return await self.platform_call(self.api.set_role, found["id"], role, seen)

    async def apply(
        self,
        ref: str,
        *,
        reason: str,
        count: int | None = None,
        not_after: int | None = None,
        not_before: int | None = None,
        category: str | None = None,
        file_name: str = "",
        file_type: str = "",
        copies: int = 1,
        note: str = "",
        department: str | None = None,
        area: str = "",
        file_code: str = "",
        photo_required: bool = False,
        carrier: str = "",
    ) -> Json:
        """用印申请 for the box ``ref``; ``category`` and ``department`` by name or id; a
        count or end left None is not sent (功能配置 does not ask it: the platform's default).

        :raises SealboxLookupError: no such box or category. :raises InvalidInput:
            app_department: unknown (the unit has none of that name or id; nothing sent).
        """
        box = await self.find(ref)
        body: Json = {
            "box_id": box["id"],
            "reason": reason,
            "file_name": file_name,
            "file_type": file_type,
            "copies": copies,
            "note": note,
            "area": area,
            "file_code": file_code,
            "photo_required": photo_required,
            "carrier": carrier,
        }
        for name, value in (("count", count), ("not_before", not_before), ("not_after", not_after)):
            if value is not None:
                body[name] = value
        if category:
            body["category_id"] = await self._category(category)
        if department:
            body["department_id"] = await self._department(department)
        return await self.platform_call(self.api.apply, body)

    async def _department(self, ref: str) -> str:
        ref = ref.strip()
        for d in await self.platform_call(self.api.departments):
            if not d.get("deleted") and ref in (d["id"], d["name"]):
                return str(d["id"])
        raise InvalidInput("app_department", "unknown")

    async def _category(self, ref: str) -> str:
        for c in await self.platform_call(self.api.categories):
            if ref in (c["id"], c["name"]):
                return str(c["id"])
        raise SealboxLookupError(
            "unknown_category", f"没有用印类别“{ref}”。", f"No category '{ref}'."
        )


def _plain(results: list[Json]) -> list[Json]:
    """Delivery results without the exceptions kept for raising."""
    return [{k: v for k, v in r.items() if k != "error"} for r in results]


def _wire(results: list[Json]) -> list[Json]:
    """Delivery results as the platform takes them."""
    return [{k: r[k] for k in ("counter", "outcome", "reason") if k in r} for r in results]


def _target(box: Json) -> str:
    return str(box.get("address") or box["ble_name"])


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def platform_client(server: str | None = None, lang: str = "zh") -> PlatformClient:
    """The session of ``server`` (default: the one logged in last).

    :raises NotLoggedIn: no session for it here.
    """
    kept = local().state().get("server")
    url = (server or kept or "").rstrip("/")
    token = TokenStore(config_dir()).get(url) if url else None
    if not url or not token:
        raise NotLoggedIn
    return PlatformClient(url, token=token, lang=lang)


def run(
    work: Callable[[Keeper], Awaitable[T]],
    *,
    server: str | None = None,
    lang: str = "zh",
    ble_timeout: float = 10.0,
) -> T:
    """``work`` with a :class:`Keeper` on a loop of its own (call from a worker thread).

    :raises NotLoggedIn: no platform session.
    """
    client = platform_client(server, lang)

    async def main() -> T:
        async with Keeper(SealboxApi(client), ble_timeout=ble_timeout) as keeper:
            return await work(keeper)

    with client:
        return asyncio.run(main())
