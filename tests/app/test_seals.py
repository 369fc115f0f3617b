"""The one validity rule for new seals."""

from __future__ import annotations

import datetime as dt

import pytest

from sealdesk.app.seals import seal_validity
from tests.pki import DER, certificate

UTC = dt.UTC


def test_five_calendar_years_from_now_to_the_second() -> None:
    now = dt.datetime(2026, 12, 6, 4, 50, 31, 654321, tzinfo=UTC)
    validity = seal_validity([], now=now)
    assert validity.valid_from == now.replace(microsecond=0)
    assert validity.valid_to == dt.datetime(2031, 12, 6, 4, 50, 31, tzinfo=UTC)
    assert validity.capped_by is None
    leap = seal_validity([], valid_from=dt.datetime(2028, 2, 29, tzinfo=UTC))
    assert leap.valid_to == dt.datetime(2033, 2, 28, tzinfo=UTC)


def test_never_past_the_certificates_it_names() -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    short = certificate(cn="一年证书", key=key, issuer=None, usage=("digital_signature",), days=365)
    validity = seal_validity([short.public_bytes(DER)])
    assert validity.valid_to == short.not_valid_after_utc
    assert validity.capped_by == "一年证书"
    with pytest.raises(ValueError, match="一年证书"):
        seal_validity([short.public_bytes(DER)], valid_from=dt.datetime(2040, 1, 1, tzinfo=UTC))
