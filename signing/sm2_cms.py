"""SM2 in CMS (GM/T 0010 algorithm identifiers) for pyHanko: the one place that teaches it.

asn1crypto names algorithm OIDs through class-level tables and knows no GM algorithms; importing
this module registers SM3 (``1.2.156.10197.1.401``), SM2-with-SM3 (``1.2.156.10197.1.501``)
and the SM2 curve, once. pyHanko then writes and reads them by name and hashes with
``cryptography``'s ``hashes.SM3`` (it looks hashes up by the upper-cased name).

pyHanko checks signature values (of the CMS and of certificates on the chain) through the
validation context's ``SignatureValidator``: :data:`SM2_AWARE_VALIDATOR` checks SM2 with
the default distinguishing ID, as GM/T 0010 and the certificates of the Chinese CAs use it,
and leaves every other algorithm to pyHanko.
"""

from __future__ import annotations

from typing import Any

from asn1crypto import algos
from asn1crypto import keys as asn1_keys
from cryptography.exceptions import InvalidSignature
from pyhanko_certvalidator.sig_validate import (
    DEFAULT_VALIDATION_CONTEXT,
    DefaultSignatureValidator,
    SignatureValidationContext,
)

from sealdesk.signing import sm2

OID_SM3 = "1.2.156.10197.1.401"
OID_SM2_SIGN = "1.2.156.10197.1.301.1"  # "SM2-1" alone, as GM/T 0010 SignerInfos also say
SM3 = "sm3"
SM2_SM3 = "sm2_sm3"
_SM2_ONLY = "sm2_sign"
_SM2_CURVE = "sm2p256v1"


def _register(table: Any, oid: str, name: str) -> None:
    table._map.setdefault(oid, name)
    if table._reverse_map is not None:  # built lazily from _map when still None
        table._reverse_map.setdefault(name, oid)


_register(algos.DigestAlgorithmId, OID_SM3, SM3)
_register(algos.SignedDigestAlgorithmId, sm2.OID_SM2_SM3, SM2_SM3)
_register(algos.SignedDigestAlgorithmId, OID_SM2_SIGN, _SM2_ONLY)
if sm2.OID_SM2_CURVE not in asn1_keys.NamedCurve._map:
    asn1_keys.NamedCurve.register(_SM2_CURVE, sm2.OID_SM2_CURVE, 32)


def sm2_mechanism() -> algos.SignedDigestAlgorithm:
    """The SignerInfo's signature algorithm for SM2 signers (SM2-with-SM3, no parameters)."""
    return algos.SignedDigestAlgorithm({"algorithm": SM2_SM3})


class Sm2AwareValidator(DefaultSignatureValidator):
    """pyHanko's signature checks plus SM2-with-SM3 (default ID, DER or raw r || s)."""

    def validate_signature(
        self,
        signature: bytes,
        signed_data: bytes,
        public_key_info: asn1_keys.PublicKeyInfo,
        signature_algorithm: algos.SignedDigestAlgorithm,
        context: SignatureValidationContext = DEFAULT_VALIDATION_CONTEXT,
    ) -> None:
        if signature_algorithm["algorithm"].native not in (SM2_SM3, _SM2_ONLY):
            try:
                super().validate_signature(
                    signature, signed_data, public_key_info, signature_algorithm, context
                )
            except (AssertionError, TypeError, ValueError) as e:
                # pyHanko asserts the key's type matches the algorithm: a CRL or signature
                # made with another kind of key than its claimed issuer's simply does not
                # verify (one appended to a file must not break the checks of the others)
                raise InvalidSignature(f"the key does not fit the algorithm: {e!r}") from e
            return
        # SM2 hashes Z || message itself: a bare digest (a SignerInfo without signed
        # attributes) or another digest algorithm cannot be checked, so it does not verify
        if context.prehashed or context.contextual_md_algorithm not in (None, SM3):
            raise InvalidSignature("SM2 signs SM3(Z || message), not a given digest")
        algorithm = public_key_info["algorithm"]
        if algorithm["algorithm"].native != "ec" or algorithm["parameters"].chosen.native != (
            _SM2_CURVE
        ):
            raise InvalidSignature("the key is not an SM2 key")
        point = bytes(public_key_info["public_key"].native)
        try:
            ok = sm2.verify(point, signature, signed_data)
        except sm2.Sm2Error as e:
            raise InvalidSignature(str(e)) from e
        if not ok:
            raise InvalidSignature("SM2 signature does not verify")


SM2_AWARE_VALIDATOR = Sm2AwareValidator()
