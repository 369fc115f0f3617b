"""Certificates and CRLs arrive as DER, PEM or PEM bundles: one way to get DER out."""

from __future__ import annotations

from asn1crypto import pem


def der_blobs(item: bytes) -> list[bytes]:
    """Every DER object in ``item`` (one DER blob, or the blocks of a PEM file).

    :raises ValueError: a PEM block that is not base64.
    """
    if pem.detect(item):
        return [bytes(der) for _kind, _headers, der in pem.unarmor(item, multiple=True)]
    return [item]
