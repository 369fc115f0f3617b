"""What the window's 印控 page needs of the application layer, beside :class:`Keeper`: the
page's whole view in one call (the unit's boxes, which of them the radio hears now, the
applications, the records and the unread abnormal ones), a scan for the bind flow, record
photos, values checked before anything is sent (a grant's count and window, a box's settings,
a rejection's reason, a box's keepers, an activation code, an approval flow's category and
approvers), a box's approval flow (用印类别 and 审批模板) and a progress callback that stops
the work when asked (取消).

Every function here may block: call it from a worker thread. Errors as in
:mod:`sealdesk.app.sealbox`, plus :class:`InvalidInput` for a value refused here and
:class:`Cancelled` when the work was stopped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sealdesk.app import sealbox
from sealdesk.app.platform import _CONTROL, InvalidInput, NotLoggedIn, check_text
from sealdesk.app.sealbox import Keeper, Progress, self_granted
from sealdesk.sealbox import filecode, usage
from sealdesk.sealbox.errors import BoxRefused, BoxUnreachable
from sealdesk.sealbox.session import FoundBox, radio, scan
from sealdesk.sync.client import ServerRefused

log = logging.getLogger(__name__)
Json = dict[str, Any]
MAX_COUNT = 500  # a grant's count: 0 (unlimited) to 500
MAX_BACKLIGHT = 180  # seconds
MAX_AUTO_OFF = 30  # minutes, 0 = never
MAX_REASON = 200  # a decision's reason, as the server takes it
MAX_KEEPERS = 3  # 管章人 of one box
MAX_APPROVERS = 3  # a template's approvers (in order), and as many 抄送
ACTIVATION_TRIES = 5  # wrong activation codes the platform takes before it locks the grant
KEEPER_ROLE = "keeper"  # the 管章人 role, as the platform names it
MAX_RECORDS = 1000  # records shown (the newest)
THUMBNAILS = 60  # photos fetched for a view (the newest stamps)


class Cancelled(Exception):
    """The work was stopped by the person (取消); what was already kept stays kept."""


class Stale(ServerRefused):
    """The platform refused a change made on an older version of what it changes (409
    ``stale``: another admin changed it since): nothing was changed. ``now``: what there is
    now, to show in place of what the change was made on (the box, the approval flow)."""

    def __init__(self, cause: ServerRefused, now: Any) -> None:
        super().__init__(cause.status, cause.kind, cause.message, cause.document)
        self.now = now


def is_stale(e: BaseException) -> bool:
    return isinstance(e, ServerRefused) and e.status == 409 and e.kind == "stale"


@dataclass
class Overview:
    """The 印控 page's view: everything in one call."""

    boxes: list[Json]
    heard: list[FoundBox]  # boxes the radio hears now (bound here or not)
    radio_problem: BaseException | None  # why the radio could not listen (then: unknown)
    applications: list[Json]  # newest first
    todo: set[str]  # the applications this person decides now
    stamps: list[Json]  # 使用记录, newest first
    abnormal: list[Json]  # 异常记录, newest first
    unread: int  # abnormal records not yet seen
    photos: dict[int, bytes] = field(default_factory=dict)  # record id → JPEG
    current: dict[str, Json] = field(default_factory=dict)  # box id → its grant not yet ended
    records_view: str = "all"  # the 使用记录 tab ``stamps`` is (all, mine, managed)
    categories: list[Json] = field(default_factory=list)  # the unit's 用印类别
    departments: list[Json] = field(default_factory=list)  # the unit's 部门
    mine: list[Json] = field(default_factory=list)  # 待我使用: open grants to me, 预先授权 too
    # 功能配置 as the platform gave it (mode, items: {item: ticked}, nothing); None: unknown
    features: Json | None = None

    def online(self, box: Json) -> bool | None:
        """Whether the radio hears ``box`` now (None: the radio could not listen)."""
        if self.radio_problem is not None:
            return None
        return any(_same(box, found) for found in self.heard)


def _same(box: Json, found: FoundBox) -> bool:
    address = str(box.get("address") or "").upper()
    return bool(address) and found.address.upper() == address


async def heard(timeout: float) -> list[FoundBox]:
    """The boxes the radio hears within ``timeout`` seconds.

    :raises BoxUnreachable: no radio (no Bluetooth, no simulated link).
    """
    async with radio() as (_client, scanner):
        return await scan(timeout=timeout, backend=scanner)


async def overview(
    k: Keeper,
    *,
    scan_timeout: float = 1.0,
    known_photos: frozenset[int] = frozenset(),
    records_view: str = "all",
) -> Overview:
    """The page's view. The radio's problem is kept, not raised (the platform's view still
    shows); photos already held by the page (``known_photos``) are not fetched again. A box
    heard with commands waiting for it (a lost-lock made while it was away) is reached and
    given them: its next contact is the next refresh that hears it. ``records_view``: the
    使用记录 tab shown (all, mine, managed; see :func:`history`).

    :raises ServerRefused: / :raises ServerUnreachable: the platform.
    """
    boxes = await k.boxes()
    problem: BaseException | None = None
    found: list[FoundBox] = []
    if scan_timeout > 0:
        try:
            found = await heard(scan_timeout)
        except BoxUnreachable as e:
            problem = e
        boxes = [await _deliver(k, b, found) for b in boxes]
    try:
        applications = await k.platform_call(k.api.applications, "all")
    except ServerRefused as e:  # a member: only their own (the page is for keepers, admins)
        if e.status != 403:
            raise
        applications = await k.platform_call(k.api.applications, "mine")
    todo = {a["id"] for a in await k.platform_call(k.api.applications, "todo")}
    listed = await k.platform_call(k.api.records, kind="all", limit=MAX_RECORDS)
    rows = sorted(listed["records"], key=lambda r: -int(r["id"]))
    stamps = [r for r in rows if r["kind"] == "stamp"]
    view = Overview(
        boxes=boxes,
        heard=found,
        radio_problem=problem,
        applications=applications,
        todo=todo,
        stamps=stamps,
        abnormal=[r for r in rows if r["kind"] == "abnormal"],
        unread=int(listed["unread_abnormal"]),
        categories=list(await k.platform_call(k.api.categories)),  # to apply with
        departments=list(await k.platform_call(k.api.departments)),
    )
    try:  # 用印中 or 已过期 (used up, or past its end): 结束用印 still to be done
        grants = await k.platform_call(k.api.grants)
    except ServerRefused as e:
        if e.status != 403:
            raise
        grants = []
    for g in grants:
        if g["state"] in ("active", "expired"):
            view.current.setdefault(g["box_id"], g)
    view.mine = list(await k.platform_call(k.api.my_grants))
    view.features = await k.platform_call(k.api.features)
    if records_view != "all":
        view.stamps = (await history(k, view=records_view))["records"]
        view.records_view = records_view
    view.photos = await _photos(k, view.stamps, known_photos)
    return view


async def _deliver(k: Keeper, box: Json, found: list[FoundBox]) -> Json:
    """``box`` as the platform has it after its waiting commands (a lost-lock made while it
    was away, a grant, an end) reached it, when the radio hears it now; as it was when the
    box is not heard, nothing waits, or the box could not take them (they wait on)."""
    if not box.get("pending_commands") or not any(_same(box, f) for f in found):
        return box
    try:
        return (await k.contact(box)).box
    except (BoxUnreachable, BoxRefused, ServerRefused) as e:
        log.info("box %s: waiting commands not delivered: %s", box["device_id"], type(e).__name__)
        return box


RECORD_VIEWS = ("all", "mine", "managed")  # 使用记录's tabs: 全部, 我使用, 我管理
RECORD_KINDS = ("stamp", "abnormal", "all")


async def history(
    k: Keeper,
    *,
    view: str = "all",
    kind: str = "stamp",
    box: str | None = None,
    limit: int = MAX_RECORDS,
) -> Json:
    """使用记录 (``kind`` stamp; abnormal: 异常记录) on the platform in one of its tabs:
    ``view`` all (全部: what the person may see), mine (我使用: their own stamps and presses),
    managed (我管理: the boxes they keep, every box for an admin); newest first. ``box``: any
    name :meth:`Keeper.find` takes. Returns ``records`` and ``unread_abnormal``.

    :raises InvalidInput: records_view / record_kind: format.
    :raises SealboxLookupError: no such box.
    """
    if view not in RECORD_VIEWS:
        raise InvalidInput("records_view", "format")
    if kind not in RECORD_KINDS:
        raise InvalidInput("record_kind", "format")
    box_id = (await k.find(box))["id"] if box else None
    listed = await k.platform_call(
        k.api.records, kind=kind, box_id=box_id, view=view, limit=MAX_RECORDS
    )
    rows = sorted(listed["records"], key=lambda r: -int(r["id"]))[:limit]
    return {"view": view, "records": rows, "unread_abnormal": int(listed["unread_abnormal"])}


async def stamps(
    k: Keeper, view: str, known_photos: frozenset[int] = frozenset()
) -> tuple[list[Json], dict[int, bytes]]:
    """The 使用记录 tab in ``view``: the stamps newest first and the photos of the newest
    not in ``known_photos``."""
    rows = (await history(k, view=view))["records"]
    return rows, await _photos(k, rows, known_photos)


async def _photos(k: Keeper, rows: list[Json], known: frozenset[int]) -> dict[int, bytes]:
    photos: dict[int, bytes] = {}
    for r in rows[:THUMBNAILS]:
        if r["photo"] and r["id"] not in known:
            photos[int(r["id"])] = await k.platform_call(k.api.photo, int(r["id"]))
    return photos


HOME_TODO = 3  # 待我审批 on the home page (S3: at most three)


@dataclass
class Awaiting:
    """The applications waiting for this person's decision (待我审批), as the home page shows
    them: the newest ``HOME_TODO``, how many in all, and the boxes' names."""

    applications: list[Json]
    total: int
    box_names: dict[str, str] = field(default_factory=dict)


async def awaiting_me(k: Keeper, most: int = HOME_TODO) -> Awaiting:
    """待我审批: the newest ``most`` applications this person decides now."""
    todo = await k.platform_call(k.api.applications, "todo")
    names = {b["id"]: b["name"] for b in await k.boxes()} if todo else {}
    return Awaiting(list(todo[:most]), len(todo), names)


def awaiting(*, lang: str = "zh") -> Awaiting | None:
    """:func:`awaiting_me` on the session logged in last (from a worker thread); None when
    there is no platform session here.

    :raises ServerRefused: / :raises ServerUnreachable: the platform.
    """
    try:
        result: Awaiting = sealbox.run(awaiting_me, lang=lang)
    except NotLoggedIn:
        return None
    return result


async def mark_seen(k: Keeper, upto: int) -> int:
    """The abnormal records up to id ``upto`` are seen: the unread count left."""
    await k.platform_call(k.api.seen, upto)
    listed = await k.platform_call(k.api.records, kind="abnormal", limit=1)
    return int(listed["unread_abnormal"])


# -- values checked before they are sent


@dataclass(frozen=True)
class GrantValues:
    """下发授权 as the dialog gives it: ``count`` as typed; times in seconds; None: not asked
    (功能配置 does not tick it: not sent, the platform's default)."""

    user_id: str | None
    count: str | None
    not_before: int | None
    not_after: int | None
    preauthorized: bool = False
    photo: bool | None = True
    fingerprint: bool = False
    force_upload: bool = False
    notify: bool = False
    application_id: str | None = None
    usage_mode: str = "physical"  # 使用模式: physical 物理印章模式, electronic 电子印章模式
    area: str = ""  # 用印区域, at most 50 characters


def check_usage(usage_mode: str, area: str) -> tuple[str, str]:
    """使用模式 and 用印区域 as the platform takes them (the area trimmed).

    :raises InvalidInput: usage_mode: unknown; grant_area: too_long, control.
    """
    try:
        return usage.check_usage(usage_mode, area)
    except usage.UsageError as e:
        field = "usage_mode" if e.field == "usage_mode" else "grant_area"
        raise InvalidInput(field, e.reason) from e


def check_count(text: str) -> int:
    """A grant's count: a whole number 0–500 (0 = unlimited).

    :raises InvalidInput: count: empty, format, range.
    """
    t = text.strip()
    if not t:
        raise InvalidInput("count", "empty")
    if not t.isascii() or not t.isdigit():
        raise InvalidInput("count", "range" if t.lstrip("-").isdigit() else "format")
    value = int(t)
    if value > MAX_COUNT:
        raise InvalidInput("count", "range")
    return value


def check_window(not_before: int, not_after: int, now: float | None = None) -> None:
    """:raises InvalidInput: window: order (start ≥ end), past (end ≤ now)."""
    if not_after <= (time.time() if now is None else now):
        raise InvalidInput("window", "past")
    if not_before >= not_after:
        raise InvalidInput("window", "order")


def _check_times(not_before: int | None, not_after: int | None, now: float | None) -> None:
    """The window's times that were asked (a start alone must not be past its default end)."""
    if not_after is not None:
        start = int(time.time() if now is None else now) if not_before is None else not_before
        check_window(start, not_after, now)


def check_grant(values: GrantValues, now: float | None = None) -> int | None:
    """The grant's count (None: not asked) once every value passes.

    :raises InvalidInput: grantee: empty; count; window; usage_mode; grant_area.
    """
    if values.application_id is None and not values.user_id:
        raise InvalidInput("grantee", "empty")
    count = None if values.count is None else check_count(values.count)
    _check_times(values.not_before, values.not_after, now)
    check_usage(values.usage_mode, values.area)
    return count


def check_settings(
    backlight: int, auto_off: int, *, offline: bool | None = None, code: str = ""
) -> str | None:
    """The code to send (turning 无网络设置 on needs the 主管理员's 6 digits), once the values
    pass.

    :raises InvalidInput: backlight / auto_off: range; code: format.
    """
    if not 0 <= backlight <= MAX_BACKLIGHT:
        raise InvalidInput("backlight", "range")
    if not 0 <= auto_off <= MAX_AUTO_OFF:
        raise InvalidInput("auto_off", "range")
    if offline:
        code = code.strip()
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise InvalidInput("code", "format")
        return code
    return None


def check_reason(text: str, *, required: bool) -> str:
    """A decision's reason (驳回: required).

    :raises InvalidInput: reason: empty, too_long.
    """
    reason = text.strip()
    if required and not reason:
        raise InvalidInput("reason", "empty")
    if len(reason) > MAX_REASON:
        raise InvalidInput("reason", "too_long")
    return reason


MAX_APP_REASON = 100  # 事由, as the server takes it
MAX_APP_NOTE = 120  # 备注 (S3)
MAX_BOX_NAME = 50  # 设备名称
MAX_BOX_NOTE = 100  # 设备备注


def check_words(text: str, field_name: str, most: int, *, required: bool = True) -> str:
    """A line of text as the server takes it: trimmed, at most ``most`` characters, no
    control characters.

    :raises InvalidInput: ``field_name``: empty (when ``required``), too_long, control.
    """
    value = text.strip()
    if required and not value:
        raise InvalidInput(field_name, "empty")
    if len(value) > most:
        raise InvalidInput(field_name, "too_long")
    if _CONTROL.search(value):
        raise InvalidInput(field_name, "control")
    return value


MAX_APP_AREA = 50  # 区域
MAX_FILE_NAME = 100  # 文件名称
MAX_FILE_TYPE = 50  # 文件类型
MAX_COPIES = 10_000  # 份数
MAX_CARRIER = 20  # 文件载体


@dataclass(frozen=True)
class ApplyValues:
    """用印申请 as the dialog or the command line gives it: ``count`` and ``copies`` as typed;
    times in seconds; ``category`` and ``department`` by id or name (None: none)."""

    reason: str
    count: str | None  # None: not asked (功能配置), not sent
    not_before: int | None
    not_after: int | None  # None: not asked (功能配置), not sent
    note: str = ""
    category: str | None = None  # 用印类别
    file_name: str = ""  # 文件名称
    file_type: str = ""  # 文件类型
    copies: str = "1"  # 份数
    department: str | None = None  # 部门
    area: str = ""  # 区域
    file_code: str = ""  # 文件标识: a 69 barcode or a QR code's text
    photo_required: bool = False  # 强制上传图片
    carrier: str = ""  # 文件载体: 纸质, 电子 …


def check_copies(text: str) -> int:
    """份数: a whole number 1–10000. :raises InvalidInput: copies: empty, format."""
    t = text.strip()
    if not t:
        raise InvalidInput("copies", "empty")
    if not t.isascii() or not t.isdigit() or not 1 <= int(t) <= MAX_COPIES:
        raise InvalidInput("copies", "format")
    return int(t)


def check_file_code(text: str) -> str:
    """文件标识 as the platform takes it ("" for none).

    :raises InvalidInput: file_code: check_digit (a 69 barcode whose last digit is wrong),
        too_long (a QR text over 200 characters), control.
    """
    try:
        return filecode.check_file_code(text)
    except filecode.FileCodeError as e:
        raise InvalidInput("file_code", e.reason) from None


def check_apply(values: ApplyValues, now: float | None = None) -> dict[str, Any]:
    """The application's values once every one passes, as :meth:`Keeper.apply` takes them.

    :raises InvalidInput: app_reason, count, window, file_name, file_type, copies, app_area,
        file_code, app_carrier, app_note (see :func:`check_words`, :func:`check_count`,
        :func:`check_window`, :func:`check_copies`, :func:`check_file_code`).
    """
    reason = check_words(values.reason, "app_reason", MAX_APP_REASON)
    count = None if values.count is None else check_count(values.count)
    _check_times(values.not_before, values.not_after, now)
    return {
        "reason": reason,
        "count": count,
        "not_before": values.not_before,
        "not_after": values.not_after,
        "category": values.category or None,
        "file_name": check_words(values.file_name, "file_name", MAX_FILE_NAME, required=False),
        "file_type": check_words(values.file_type, "file_type", MAX_FILE_TYPE, required=False),
        "copies": check_copies(values.copies),
        "department": values.department or None,
        "area": check_words(values.area, "app_area", MAX_APP_AREA, required=False),
        "file_code": check_file_code(values.file_code),
        "photo_required": values.photo_required,
        "carrier": check_words(values.carrier, "app_carrier", MAX_CARRIER, required=False),
        "note": check_words(values.note, "app_note", MAX_APP_NOTE, required=False),
    }


async def apply(k: Keeper, box_id: str, values: ApplyValues) -> Json:
    """用印申请 for the box (any name :meth:`Keeper.find` takes) with checked values.

    :raises InvalidInput: before anything is sent (see :func:`check_apply`; app_department:
        unknown, when the unit has no such department).
    :raises SealboxLookupError: no such box or category.
    :raises ServerRefused: 409 records_owed: the person's last grant on the box forces the
        record upload and its records are not all on the platform (the message says which
        and what to do).
    """
    return await k.apply(box_id, **check_apply(values))


def check_rename(name: str | None, note: str | None) -> tuple[str | None, str | None]:
    """A box's new 设备名称 (1–50) and 设备备注 (≤ 100, may be blank): None leaves it.

    :raises InvalidInput: rename: empty (neither given); box_name: empty, too_long, control;
        box_note: too_long, control.
    """
    if name is None and note is None:
        raise InvalidInput("rename", "empty")
    if name is not None:
        name = check_words(name, "box_name", MAX_BOX_NAME)
    if note is not None:
        note = check_words(note, "box_note", MAX_BOX_NOTE, required=False)
    return name, note


async def rename(k: Keeper, ref: str, *, name: str | None = None, note: str | None = None) -> Json:
    """重命名: the box ``ref`` (any name :meth:`Keeper.find` takes) gets a new 设备名称 and/or
    设备备注 on the platform (主管理员 and 管理员 only). Returns ``box`` as it is now and
    ``before`` (its name and note before).

    :raises InvalidInput: before anything is sent. :raises ServerRefused: 403 for others.
    """
    name, note = check_rename(name, note)
    box = await k.find(ref)
    reply = await k.platform_call(k.api.rename, box["id"], name=name, note=note)
    return {"box": reply["box"], "before": {"name": box["name"], "note": box.get("note") or ""}}


async def grant(k: Keeper, box_id: str, values: GrantValues) -> Json:
    """下发授权 with checked values, carried to the box.

    :raises InvalidInput: before anything is sent. :raises BoxPending: granted on the
        platform; the box gets it at its next contact.
    """
    count = check_grant(values)
    body: Json = {
        "count": count,
        "not_before": values.not_before,
        "not_after": values.not_after,
        "preauthorized": values.preauthorized,
        "photo": values.photo,
        "fingerprint": values.fingerprint,
        "force_upload": values.force_upload,
        "notify": values.notify,
        "usage_mode": values.usage_mode,
        "area": values.area.strip(),
    }
    if values.application_id:
        body["application"] = values.application_id
    else:
        body["user"] = values.user_id
    return await k.grant(box_id, **body)


def check_keepers(person_ids: list[str]) -> list[str]:
    """A box's keepers: at most three, each once (order kept).

    :raises InvalidInput: keepers: too_many.
    """
    chosen = list(dict.fromkeys(person_ids))
    if len(chosen) > MAX_KEEPERS:
        raise InvalidInput("keepers", "too_many")
    return chosen


async def set_keepers(
    k: Keeper, box_id: str, person_ids: list[str], seen: int | None = None
) -> Json:
    """The box's keepers become ``person_ids`` (each must hold 管章人 on the platform);
    ``seen``: the version of them (the box's ``keepers_seq``) the person saw.

    :raises InvalidInput: before anything is sent. :raises ServerRefused: 409 not_keeper.
        :raises Stale: they changed since (``now``: the box as it is now).
    """
    chosen = check_keepers(person_ids)
    try:
        return dict(await k.platform_call(k.api.set_keepers, box_id, chosen, seen))
    except ServerRefused as e:
        if is_stale(e):
            raise Stale(e, e.document.get("current")) from e
        raise


def check_activation_code(text: str) -> str:
    """:raises InvalidInput: activation_code: format (not 6 digits)."""
    code = text.strip()
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise InvalidInput("activation_code", "format")
    return code


def waiting_activation(mine: list[Json], box_id: str | None) -> Json | None:
    """The person's 预先授权 on the box to activate (None: none): one still waiting for its
    code, else one activated on the platform that the box has not got yet. ``mine``: the
    person's open grants (:attr:`Overview.mine`)."""
    ours = [
        g for g in mine if box_id and g.get("box_id") == box_id and g.get("mode") == "preauthorized"
    ]
    ours = [g for g in ours if g.get("state") == "waiting" or not g.get("delivered")]
    ours.sort(key=lambda g: g.get("state") != "waiting")
    return dict(ours[0]) if ours else None


def own_grant(mine: list[Json], box_id: str | None) -> Json | None:
    """The person's grant on the box that they gave themselves (直接使用) and may end
    (结束用印) without a keeper's role; None: none. ``mine``: :attr:`Overview.mine`."""
    return next(
        (
            dict(g)
            for g in mine
            if box_id
            and g.get("box_id") == box_id
            and self_granted(g)
            and g.get("state") in ("active", "expired")
        ),
        None,
    )


async def activate(k: Keeper, box_id: str, code: str) -> Json:
    """预先授权 activated with its code: by the platform (5 tries), then at the box.

    :raises InvalidInput: before anything is sent. :raises ServerRefused: 409
        activation_code_wrong (the tries left in its message), activation_locked.
        :raises BoxPending: activated on the platform; the box learns at the next contact.
    """
    return await k.activate(box_id, check_activation_code(code))


# -- a box's approval flow (配置审批流程): categories of the unit, templates of the box


@dataclass
class Flow:
    """用印类别 of the unit and 审批模板 of one box: the system template first (the box's
    keepers approve, any one of them; read-only), then one a category."""

    categories: list[Json]
    templates: list[Json]

    def category_name(self, category_id: str | None) -> str | None:
        return next((c["name"] for c in self.categories if c["id"] == category_id), None)

    def category_seq(self, category_id: str) -> int | None:
        """The category's version as shown (None: not shown, or a platform before it)."""
        return next((c.get("seq") for c in self.categories if c["id"] == category_id), None)

    def template_seq(self, category_id: str) -> int | None:
        """The version of the box's template for ``category_id`` as shown: 0 when there was
        none (so one another admin made meanwhile is not replaced unseen)."""
        shown = (t for t in self.templates if not t["system"] and t["category_id"] == category_id)
        return next((t.get("seq") for t in shown), 0)

    def template_seq_of(self, template_id: str) -> int | None:
        return next((t.get("seq") for t in self.templates if t["id"] == template_id), None)


async def flow(k: Keeper, box_id: str) -> Flow:
    categories = await k.platform_call(k.api.categories)
    templates = await k.platform_call(k.api.templates, box_id)
    return Flow(categories=list(categories), templates=list(templates))


def check_template(
    approvers: list[str | None], cc: list[str | None]
) -> tuple[list[str], list[str]]:
    """A template's approvers (1–3, in order, each once) and 抄送 (0–3), blanks left out.

    :raises InvalidInput: approvers: empty, too_many, repeated; cc: too_many, repeated.
    """
    chosen = [a for a in approvers if a]
    copied = [c for c in cc if c]
    if not chosen:
        raise InvalidInput("approvers", "empty")
    for field_name, ids in (("approvers", chosen), ("cc", copied)):
        if len(ids) > MAX_APPROVERS:
            raise InvalidInput(field_name, "too_many")
        if len(set(ids)) != len(ids):
            raise InvalidInput(field_name, "repeated")
    return chosen, copied


async def add_category(k: Keeper, box_id: str, name: str) -> Flow:
    """:raises InvalidInput: category (a name: empty, too_long, control). :raises
    ServerRefused: 409 duplicate_name."""
    await k.platform_call(k.api.add_category, check_text(name, "category"))
    return await flow(k, box_id)


async def _flow_change(k: Keeper, box_id: str, call: Callable[..., Any], *args: Any) -> Flow:
    """The flow after the change ``call(*args)``.

    :raises Stale: what it changes changed since (``now``: the flow as it is now).
    """
    try:
        await k.platform_call(call, *args)
    except ServerRefused as e:
        if is_stale(e):
            raise Stale(e, await flow(k, box_id)) from e
        raise
    return await flow(k, box_id)


async def remove_category(
    k: Keeper, box_id: str, category_id: str, seen: int | None = None
) -> Flow:
    """``seen``: the category's version shown (:meth:`Flow.category_seq`).

    :raises ServerRefused: 409 category_in_use (a template or an application has it).
        :raises Stale: as :func:`_flow_change`.
    """
    return await _flow_change(k, box_id, k.api.remove_category, category_id, seen)


async def set_template(
    k: Keeper,
    box_id: str,
    category_id: str,
    approvers: list[str | None],
    cc: list[str | None],
    seen: int | None = None,
) -> Flow:
    """The box's template for ``category_id`` (made, or replaced); ``seen``: its version
    shown (:meth:`Flow.template_seq`: 0, none).

    :raises InvalidInput: before anything is sent. :raises Stale: as :func:`_flow_change`.
    """
    chosen, copied = check_template(approvers, cc)
    return await _flow_change(
        k, box_id, k.api.set_template, box_id, category_id, chosen, copied, seen
    )


async def remove_template(
    k: Keeper, box_id: str, template_id: str, seen: int | None = None
) -> Flow:
    """``seen``: the template's version shown. :raises Stale: as :func:`_flow_change`."""
    return await _flow_change(k, box_id, k.api.remove_template, template_id, seen)


def stoppable(progress: Callable[[str, int, int], None], stop: threading.Event) -> Progress:
    """``progress`` that raises :class:`Cancelled` once ``stop`` is set (what was downloaded
    before is already kept in the local folder; the next run goes on from there)."""

    def report(stage: str, done: int, total: int) -> None:
        if stop.is_set():
            raise Cancelled
        progress(stage, done, total)

    return report


def run(work: Callable[[Keeper], Any], *, lang: str = "zh", ble_timeout: float = 10.0) -> Any:
    """``work(keeper)`` (a coroutine) on the session logged in last; from a worker thread.

    :raises NotLoggedIn: no platform session here.
    """
    return sealbox.run(work, lang=lang, ble_timeout=ble_timeout)
