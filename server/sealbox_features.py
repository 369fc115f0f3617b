"""功能配置 on the platform: the unit's ticked items, and the refusals of a value for an item
not ticked (see :mod:`sealdesk.sealbox.features`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session as DbSession

from sealdesk.sealbox.features import ITEMS
from sealdesk.server.errors import ApiError
from sealdesk.server.sealbox_db import FeatureSet


@dataclass(frozen=True)
class Features:
    mode: str
    ticked: frozenset[str]

    def on(self, item: str) -> bool:
        return item in self.ticked

    @property
    def nothing(self) -> bool:
        """全部未勾选: no applications; a person takes the free box (POST …/use)."""
        return not self.ticked

    def as_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "items": {item: item in self.ticked for item in ITEMS},
            "nothing": self.nothing,
        }

    def refuse_off(self, given: dict[str, bool]) -> None:
        """422 feature_off for the first item given a value (other than its default) that is
        not ticked."""
        for item, is_given in given.items():
            if is_given and not self.on(item):
                zh, en = ITEMS[item]
                raise ApiError(
                    422,
                    "feature_off",
                    f"“{zh}”在功能配置中未勾选：不能填写{zh}（请主管理员在功能配置中勾选它）。",
                    f"'{en}' ({zh}) is turned off in the unit's feature set (功能配置): it "
                    "cannot be given (the main administrator turns it on).",
                )

    def require(self, given: dict[str, bool]) -> None:
        """422 field_required for the first item ticked and not given."""
        for item, is_given in given.items():
            if self.on(item) and not is_given:
                zh, en = ITEMS[item]
                raise ApiError(
                    422,
                    "field_required",
                    f"功能配置勾选了“{zh}”：请填写{zh}。",
                    f"The unit's feature set asks for the {en} ({zh}): give it.",
                )


BATCH = Features("batch", frozenset(ITEMS))


def features_of(db: DbSession, unit_id: str) -> Features:
    """The unit's 功能配置; a unit that never set it uses everything (批量配置, README)."""
    row = db.get(FeatureSet, unit_id)
    if row is None:
        return BATCH
    return Features(row.mode, frozenset(json.loads(row.items)) & frozenset(ITEMS))
