"""How a SealDesk PDF signature names its seal in /Reason (pyHanko offers no way to add a key of
our own to the signature dictionary), written by signing and read back by verification."""

from __future__ import annotations

SEAL_REASON_PREFIX = "加盖电子印章："


def seal_reason(seal_name: str | None, reason: str | None) -> str | None:
    """The signature's /Reason: the seal's name first (verifiers read it back), then the
    user's own reason."""
    if not seal_name:
        return reason
    return f"{SEAL_REASON_PREFIX}{seal_name}" + (f"；{reason}" if reason else "")


def seal_name_from_reason(reason: str | None) -> str | None:
    """The seal name a SealDesk /Reason carries, if it is one."""
    if not reason or not reason.startswith(SEAL_REASON_PREFIX):
        return None
    return reason[len(SEAL_REASON_PREFIX) :].split("；", 1)[0] or None
