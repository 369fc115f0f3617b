"""功能配置 (seed 003, S3:1158-1213) for both fronts: the unit's ticked items, set by its
主管理员, and the 用印申请 / 下发授权 values limited to them (an item not ticked is not asked:
not sent, the platform's default). The platform refuses a value for an item not ticked (422
feature_off) whichever client sends it; see :mod:`sealdesk.sealbox.features`.

Every function here may block or await the platform: call it from a worker (thread or loop).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sealdesk.app.platform import InvalidInput
from sealdesk.app.sealbox import Keeper
from sealdesk.app.sealbox_view import ApplyValues, GrantValues
from sealdesk.sealbox.features import ITEMS, MODES, UnknownItem, resolve

__all__ = ["ITEMS", "MODES", "Features", "check_items", "limit_apply", "limit_grant"]


@dataclass(frozen=True)
class Features:
    """``mode``: manual (手动配置) or batch (批量配置); ``ticked``: the items the forms ask."""

    mode: str
    ticked: frozenset[str]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Features:
        return cls(str(data["mode"]), frozenset(i for i, on in data["items"].items() if on))

    def on(self, item: str) -> bool:
        return item in self.ticked

    @property
    def nothing(self) -> bool:
        """全部未勾选: no applications; a person takes the free box (:meth:`Keeper.use`)."""
        return not self.ticked


ALL = Features("batch", frozenset(ITEMS))
"""What a unit uses until its 主管理员 changes it (P: new units start with 批量配置)."""


def check_items(names: Iterable[str]) -> list[str]:
    """Items as typed (trimmed, any case).

    :raises InvalidInput: feature: unknown.
    """
    items = [n.strip().lower() for n in names]
    try:
        resolve(None, (), items)
    except UnknownItem:
        raise InvalidInput("feature", "unknown") from None
    return items


async def features(k: Keeper) -> Features:
    return Features.from_json(await k.platform_call(k.api.features))


async def set_features(
    k: Keeper, mode: str | None, on: Iterable[str] = (), off: Iterable[str] = ()
) -> Features:
    """The mode first (manual: nothing ticked; batch: everything), then ``on`` ticked and
    ``off`` unticked; 主管理员 only.

    :raises InvalidInput: feature: unknown (nothing sent). :raises ServerRefused: 403 for
        anyone else.
    """
    on, off = check_items(on), check_items(off)
    if set(on) & set(off):
        raise InvalidInput("feature", "both")
    return Features.from_json(await k.platform_call(k.api.set_features, mode, on, off))


def limit_apply(values: ApplyValues, f: Features) -> ApplyValues:
    """The application's values without those 功能配置 does not ask."""
    off: dict[str, dict[str, Any]] = {
        "photo_required": {"photo_required": False},
        "department": {"department": None},
        "count": {"count": None},
        "start": {"not_before": None},
        "end": {"not_after": None},
        "area": {"area": ""},
        "note": {"note": ""},
        "file_code": {"file_code": ""},
    }
    changes: dict[str, Any] = {}
    for item, cleared in off.items():
        if not f.on(item):
            changes.update(cleared)
    return dataclasses.replace(values, **changes)


def limit_grant(values: GrantValues, f: Features) -> GrantValues:
    """The grant's values without those 功能配置 does not ask (盖章拍照 not ticked: no photo)."""
    off: dict[str, dict[str, Any]] = {
        "count": {"count": None},
        "start": {"not_before": None},
        "end": {"not_after": None},
        "area": {"area": ""},
        "photo": {"photo": None},
        "fingerprint": {"fingerprint": False},
        "force_upload": {"force_upload": False},
        "sms": {"notify": False},
        "preauthorize": {"preauthorized": False},
    }
    changes: dict[str, Any] = {}
    for item, cleared in off.items():
        if not f.on(item):
            changes.update(cleared)
    return dataclasses.replace(values, **changes)
