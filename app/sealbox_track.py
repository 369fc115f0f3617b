"""Where seal boxes are used: this computer's place (a setting, sent with every contact and
records upload: a BLE box has no GPS, so its position is that of the client near it), a
box's 轨迹 (its newest 100 uses, searched by time, person and place) and the SMS the platform
sent about uses and lost-locks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from sealdesk.app.platform import InvalidInput
from sealdesk.app.settings import SettingsError, load_settings, save_settings

if TYPE_CHECKING:
    from pathlib import Path

    from sealdesk.app.sealbox import Keeper

Json = dict[str, Any]
MAX_PLACE = 50  # the platform keeps at most 50 characters
MAX_SEARCH = 50
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def check_place(text: str, field: str = "place") -> str:
    """A place as the platform takes it: trimmed, at most 50 characters, one line ("" none).

    :raises InvalidInput: ``field``: too_long, control.
    """
    text = text.strip()
    if len(text) > (MAX_PLACE if field == "place" else MAX_SEARCH):
        raise InvalidInput(field, "too_long")
    if _CONTROL.search(text):
        raise InvalidInput(field, "control")
    return text


def place(path: Path | None = None) -> str:
    """This computer's place ("" when not set, or when the settings cannot be read)."""
    try:
        return load_settings(path).sealbox_place or ""
    except SettingsError:
        return ""


def set_place(text: str, path: Path | None = None) -> str:
    """Keep ``text`` as this computer's place ("" clears it); returns what is kept.

    :raises InvalidInput: place: too_long, control.
    :raises SettingsError: the settings file cannot be read.
    :raises OSError: it cannot be written.
    """
    kept = check_place(text)
    settings = load_settings(path)
    save_settings(dataclasses.replace(settings, sealbox_place=kept or None), path)
    return kept


def parse_time(text: str, *, end: bool = False) -> int | None:
    """用印时间 as typed: ``2026-12-06`` (the whole day: its start, or its end with ``end``)
    or ``2026-12-06 09:30``, this computer's time; "" none. Milliseconds since the epoch.

    :raises InvalidInput: track_time: format.
    """
    text = text.strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput("track_time", "format") from None
    if end and len(text) <= 10:  # a day: until its end
        moment += dt.timedelta(days=1, milliseconds=-1)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return int(moment.timestamp() * 1000)


def check_search(from_ms: int | None, to_ms: int | None, person: str, place: str) -> None:
    """The search of :func:`track` as the platform takes it.

    :raises InvalidInput: track_range: order; person_search / place_search: too_long,
        control.
    """
    check_place(person, "person_search")
    check_place(place, "place_search")
    if from_ms is not None and to_ms is not None and from_ms > to_ms:
        raise InvalidInput("track_range", "order")


async def track(
    k: Keeper,
    box: str,
    *,
    from_ms: int | None = None,
    to_ms: int | None = None,
    person: str = "",
    place: str = "",
) -> Json:
    """轨迹: the box's newest 100 uses (all of them for its keepers and the admins, one's own
    otherwise), newest first, searched by any of a time range, a part of a person's name and
    a part of a place (in any case). Returns ``box`` (its last known position), ``all`` and
    ``track``.

    :raises InvalidInput: track_range: order; person / track_place: too_long, control.
    :raises SealboxLookupError: no such box.
    """
    check_search(from_ms, to_ms, person, place)
    found = await k.find(box)
    return await k.platform_call(
        k.api.track,
        found["id"],
        from_ms=from_ms,
        to_ms=to_ms,
        person=person.strip(),
        place=place.strip(),
    )


async def sms(k: Keeper, *, grant: str | None = None, box: str | None = None) -> Json:
    """The SMS about boxes one may see (to one, or about the grants one made; an admin all of
    the unit's), newest first; ``capped`` counts those not sent (50 a recipient a day).

    :raises SealboxLookupError: no such box.
    """
    box_id = (await k.find(box))["id"] if box else None
    return await k.platform_call(k.api.sms, grant_id=grant, box_id=box_id)
