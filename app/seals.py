"""Making a seal, with one validity rule for the CLI, the window and the platform
(:mod:`sealdesk.signing.seal_validity`).

A new seal is valid from now (to the second) for five calendar years, but never past the
earliest expiry of the certificates it names: a seal cannot outlive the certificates that may
use it. When the cap applies the fronts say so (:attr:`SealValidity.capped_by`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sealdesk.signing.seal_validity import DEFAULT_YEARS, SealValidity, seal_validity
from sealdesk.signing.signer import Signer

if TYPE_CHECKING:
    from sealdesk.signing.ses import Seal

__all__ = ["DEFAULT_YEARS", "SealValidity", "make_seal", "seal_validity", "usable_seal"]


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


def usable_seal(der: bytes) -> Seal:
    """``der`` read as a seal that can sign now, before it is written into a key: never
    something that is not a seal, nor one whose maker's signature or validity fails.

    :raises SealFormatError: not a seal.
    :raises SealUnusable: the check that fails.
    """
    from sealdesk.signing.errors import SealUnusable
    from sealdesk.signing.seals import unusable
    from sealdesk.signing.ses import parse_seal

    seal = parse_seal(der)
    problem = unusable(der)
    if problem is not None:
        raise SealUnusable(problem)
    return seal
