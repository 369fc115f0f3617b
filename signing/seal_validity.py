"""A new seal's validity, one rule for the fronts and the platform: valid from now (to the
second) for some calendar years, but never past the earliest expiry of the certificates it
names: a seal cannot outlive the certificates that may use it (:attr:`SealValidity.capped_by`
names the one that ends it early)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sealdesk.signing.certinfo import CertificateError, certificate_info

DEFAULT_YEARS = 5


@dataclass(frozen=True)
class SealValidity:
    """A new seal's validity; ``capped_by`` names the certificate that ends it early."""

    valid_from: dt.datetime
    valid_to: dt.datetime
    capped_by: str | None = None


def _years_on(when: dt.datetime, years: int) -> dt.datetime:
    # 29 February becomes 28 February in a common year
    day = min(when.day, 28) if when.month == 2 else when.day
    return when.replace(year=when.year + years, day=day)


class SealPeriodError(ValueError):
    """A new seal's validity would end before it starts: a certificate it must not outlive
    has expired (or the period asked is backwards)."""


def seal_validity(
    signer_certs: Sequence[bytes],
    *,
    valid_from: dt.datetime | None = None,
    valid_to: dt.datetime | None = None,
    now: dt.datetime | None = None,
    years: int = DEFAULT_YEARS,
) -> SealValidity:
    """The validity a new seal gets: as asked, or from now for ``years`` (five); either way
    capped at the earliest expiry among ``signer_certs``.

    :raises SealPeriodError: the period ends before it starts (after the cap too).
    """
    start = (valid_from or now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    end = valid_to or _years_on(start, years)
    capped_by = None
    for der in signer_certs:
        try:
            info = certificate_info(der)
        except CertificateError:
            continue
        if info.not_after < end:
            end, capped_by = info.not_after, info.subject_cn or info.subject
    if end <= start:
        raise SealPeriodError(
            f"the seal would end ({end:%Y-%m-%d}) before it starts ({start:%Y-%m-%d})"
            + (f": the certificate '{capped_by}' expires first" if capped_by else "")
        )
    return SealValidity(start, end, capped_by)
