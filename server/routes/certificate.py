"""The unit's certificate and its request (数字证书申请)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from sealdesk.server.db import CertificateRequest, Unit, now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.routes.common import (
    Caller,
    Change,
    Db,
    IdempotencyKey,
    _change,
    audit_refusal,
    perm,
    replay_of,
    requires,
    router,
    unit_key,
)
from sealdesk.server.schemas import CertificateRequestIn


def build_router() -> APIRouter:
    r = router()

    @r.get("/certificate-request", tags=["certificate"], **perm("certificate.read"))
    def certificate_request(
        db: Db, caller: Annotated[Caller, Depends(requires("certificate.read"))]
    ) -> dict[str, Any]:
        done = db.get(CertificateRequest, caller.unit.id)
        return _certificate_json(caller.unit, done)

    @r.post("/certificate-request", tags=["certificate"], **perm("certificate.request"))
    def request_certificate(
        body: CertificateRequestIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("certificate.request"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        try:
            # sent again after a lost answer (with the same, used, challenge): the reply kept
            replayed = replay_of(request, caller, key)
            if replayed is not None:
                return replayed
            if not body.agreed:
                raise ApiError(
                    422,
                    "agreement_required",
                    "请先阅读并同意《数字证书订户协议》。",
                    "Read and accept the certificate subscriber agreement first.",
                )
            unit_key(request, caller, body)
        except ApiError as e:
            audit_refusal(request, caller, "certificate.request", "", e)
            raise

        def work(c: Change) -> tuple[dict[str, Any], str]:
            done = c.db.get(CertificateRequest, c.unit.id)
            if done is None:
                done = CertificateRequest(unit_id=c.unit.id)
                c.db.add(done)
            done.handler_name = body.handler_name
            done.handler_id_number = body.handler_id_number
            done.handler_phone = body.handler_phone
            done.handler_email = body.handler_email
            done.state = "issued"
            done.done_ms = now_ms()
            return _certificate_json(c.unit, done), c.unit.credit_code

        return _change(request, caller, action="certificate.request", target="", key=key, work=work)

    return r


def _certificate_json(unit: Unit, done: CertificateRequest | None) -> dict[str, Any]:
    from sealdesk.signing.certinfo import certificate_info

    info = certificate_info(unit.certificate)
    now = dt.datetime.now(dt.UTC)
    return {
        "state": done.state if done else "none",
        "handler_name": done.handler_name if done else None,
        "unit_name": unit.name,
        "credit_code": unit.credit_code,
        "certificate": {
            "subject_cn": info.subject_cn,
            "issuer_cn": info.issuer_cn,
            "credit_code": info.credit_code,
            "serial": info.serial_hex,
            "not_before": info.not_before.isoformat(),
            "not_after": info.not_after.isoformat(),
            "subject": info.subject,
            "valid": info.valid_at(now),
        },
    }
