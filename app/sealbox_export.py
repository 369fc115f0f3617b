"""导出记录 (S3:603-607): an admin has a box's records of a time range mailed as a CSV file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sealdesk.app.platform import InvalidInput, check_email

if TYPE_CHECKING:
    from sealdesk.app.sealbox import Keeper

Json = dict[str, Any]
MAX_DAYS = 366  # the platform mails at most a year of records at once
_DAY_MS = 86_400_000


def check_export(from_ms: int | None, to_ms: int | None, email: str) -> tuple[int, int, str]:
    """The export as the platform takes it: the range and the address, trimmed.

    :raises InvalidInput: export_range: empty, order, too_long; email: empty, format.
    """
    if from_ms is None or to_ms is None:
        raise InvalidInput("export_range", "empty")
    if from_ms > to_ms:
        raise InvalidInput("export_range", "order")
    if to_ms - from_ms > MAX_DAYS * _DAY_MS:
        raise InvalidInput("export_range", "too_long")
    return from_ms, to_ms, check_email(email)


async def export(
    k: Keeper, box: str, *, from_ms: int | None, to_ms: int | None, email: str
) -> Json:
    """Mails the box's records (stamps and abnormal ones, with 使用人 and 使用位置) from
    ``from_ms`` to ``to_ms`` to ``email``; returns ``records`` (how many) and ``email``.

    :raises InvalidInput: as :func:`check_export`, before anything is sent.
    :raises SealboxLookupError: no such box.
    """
    start, end, address = check_export(from_ms, to_ms, email)
    found = await k.find(box)
    return await k.platform_call(k.api.export_records, found["id"], start, end, address)
