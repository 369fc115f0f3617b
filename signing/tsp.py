"""RFC 3161 timestamps over a signature value (GB/T 38540 SES_Signature.timeStamp).

pyHanko speaks to the TSA and validates the token; it is imported only when a timestamp is
asked for or found, since it takes a second to load.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sealdesk.signing.errors import WordedError
from sealdesk.signing.pemder import der_blobs


class TimestampError(WordedError):
    """The timestamp service could not be used."""


def tsa_failed(url: str, error: Exception) -> tuple[str, str]:
    """What to say (zh, en) when the timestamp service at ``url`` failed."""
    return f"时间戳服务不可用（{url}）：{error}", f"The timestamp service failed ({url}): {error}"


def request_timestamp(url: str, data: bytes) -> bytes:
    """A DER TimeStampToken (ContentInfo) over SHA-256 of ``data`` from the TSA at ``url``.

    :raises TimestampError: the service is unreachable or refuses.
    """
    import requests
    from pyhanko.sign.timestamps import TimestampRequestError
    from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper

    stamper = HTTPTimeStamper(url, timeout=20)
    try:
        token = asyncio.run(stamper.async_timestamp(hashlib.sha256(data).digest(), "sha256"))
    except (TimestampRequestError, requests.RequestException) as e:
        raise TimestampError("tsa", *tsa_failed(url, e)) from e
    return bytes(token.dump())


@dataclass(frozen=True)
class TimestampCheck:
    """What a timestamp token proves about the data it should cover."""

    time: dt.datetime | None
    intact: bool  # the token is over this data and its signature verifies
    trusted: bool  # the TSA's certificate chains to a trusted root


def check_timestamp(token: bytes, data: bytes, trust_roots: Sequence[bytes]) -> TimestampCheck:
    """Check a DER TimeStampToken that should cover ``data``, offline."""
    return asyncio.run(async_check_timestamp(token, data, trust_roots))


async def async_check_timestamp(
    token: bytes, data: bytes, trust_roots: Sequence[bytes]
) -> TimestampCheck:
    """:func:`check_timestamp` for code already in an event loop."""
    from asn1crypto import cms, x509
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko_certvalidator import ValidationContext

    try:
        info = cms.ContentInfo.load(token)
        signed = info["content"]
        roots = [x509.Certificate.load(d) for r in trust_roots for d in der_blobs(r)]
        context = ValidationContext(trust_roots=roots, allow_fetching=False)

        def imprint(algorithm: str) -> bytes:
            return hashlib.new(algorithm, data).digest()

        status: dict[str, Any] = await validate_tst_signed_data(signed, context, imprint)
    except (SignatureValidationError, ValueError, TypeError, KeyError):
        return TimestampCheck(None, False, False)  # not a token, or not over this data
    when = status.get("timestamp")
    return TimestampCheck(
        when if isinstance(when, dt.datetime) else None,
        bool(status.get("intact")) and bool(status.get("valid")),
        status.get("trust_problem_indic") is None,
    )
