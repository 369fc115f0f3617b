"""Making a seal, with one validity rule for the CLI and the window.

A new seal is valid from now (to the second) for five calendar years, but never past the
earliest expiry of the certificates it names: a seal cannot outlive the certificates that may
use it. When the cap applies the fronts say so (:attr:`SealValidity.capped_by`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sealdesk.signing.certinfo import CertificateError, certificate_info
from sealdesk.signing.signer import Signer

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


def seal_validity(
    signer_certs: Sequence[bytes],
    *,
    valid_from: dt.datetime | None = None,
    valid_to: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> SealValidity:
    """The validity a new seal gets: as asked, or from now for five years; either way capped at
    the earliest expiry among ``signer_certs``.

    :raises ValueError: the period ends before it starts (after the cap too).
    """
    start = (valid_from or now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    end = valid_to or _years_on(start, DEFAULT_YEARS)
    capped_by = None
    for der in signer_certs:
        try:
            info = certificate_info(der)
        except CertificateError:
            continue
        if info.not_after < end:
            end, capped_by = info.not_after, info.subject_cn or info.subject
    if end <= start:
        raise ValueError(
            f"the seal would end ({end:%Y-%m-%d}) before it starts ({start:%Y-%m-%d})"
            + (f": the certificate '{capped_by}' expires first" if capped_by else "")
        )
    return SealValidity(start, end, capped_by)


def make_seal(
    *,
    maker: Signer,
    name: str,
    seal_type: int,
    picture: bytes,
    width_mm: float,
    height_mm: float,
    signer_certs: Sequence[bytes],
    validity: SealValidity,
) -> bytes:
    """A GB/T 38540 seal (PNG picture) signed by ``maker``.

    :raises ValueError: an empty name, no certificate, a bad period.
    """
    from sealdesk.signing.seals import build_seal

    return build_seal(
        maker=maker,
        name=name,
        seal_type=seal_type,
        picture=picture,
        picture_type="png",
        width_mm=round(width_mm),
        height_mm=round(height_mm),
        signer_certs=signer_certs,
        valid_from=validity.valid_from,
        valid_to=validity.valid_to,
    )
