"""The key layer as the command line shows it (JSON and text fields)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sealdesk.signing.certinfo import CertificateInfo
    from sealdesk.ukey import ModuleChoice, Pkcs11Module, TokenInfo
    from sealdesk.ukey.token import CertificateObject, DataObject


def module_json(module: Pkcs11Module, choice: ModuleChoice) -> dict[str, Any]:
    return {
        "path": choice.path,
        "source": choice.source,
        "profile": module.profile.id,
        "profile_name": module.profile.name,
        "tried_on_hardware": module.profile.tried_on_hardware,
    }


def token_json(info: TokenInfo) -> dict[str, Any]:
    data = dataclasses.asdict(info)
    data["pin"]["tries_left"] = info.pin.tries_left
    return data


def certificate_json(cert: CertificateObject) -> dict[str, Any]:
    info: CertificateInfo | None = cert.info
    base: dict[str, Any] = {"label": cert.label, "id": cert.id.hex()}
    if info is None:
        return {**base, "error": "unreadable certificate"}
    fields = dataclasses.asdict(info)
    fields["not_before"] = info.not_before.isoformat()
    fields["not_after"] = info.not_after.isoformat()
    fields["key_usage"] = sorted(info.key_usage) if info.key_usage is not None else None
    fields["can_sign"] = info.can_sign
    return {**base, **fields}


def certificate_summary(der: bytes) -> dict[str, Any]:
    """The fields a person reads about a certificate, or an error entry."""
    from sealdesk.signing.certinfo import CertificateError, certificate_info

    try:
        info = certificate_info(der)
    except CertificateError as e:
        return {"error": str(e)}
    return {
        "subject_cn": info.subject_cn,
        "organization": info.organization,
        "issuer_cn": info.issuer_cn,
        "credit_code": info.credit_code,
        "not_before": info.not_before.isoformat(),
        "not_after": info.not_after.isoformat(),
        "key_algorithm": info.key_algorithm,
        "sha256": info.sha256_fingerprint,
    }


def data_object_json(obj: DataObject) -> dict[str, Any]:
    return dataclasses.asdict(obj)
