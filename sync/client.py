"""The platform's HTTP API through httpx: timeouts, TLS verified, retries with backoff on
connection errors and 5xx only (a 4xx is the server's answer and is never retried)."""

from __future__ import annotations

import base64
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

log = logging.getLogger(__name__)
API = "/api/v1"


class PlatformError(Exception):
    """Talking to the platform failed."""


class ServerRefused(PlatformError):
    """The server answered with its error (status 4xx, or 5xx after the retries);
    ``document``: its whole reply (a 409 ``stale`` has the row as it is now in ``current``)."""

    def __init__(
        self, status: int, kind: str, message: str, document: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {kind}: {message}")
        self.status = status
        self.kind = kind
        self.message = message
        self.document = document or {}

    def as_json(self) -> dict[str, Any]:
        return {"code": self.status, "kind": self.kind, "message": self.message}


class ServerUnreachable(PlatformError):
    """No answer: connection refused, DNS, TLS, timeout (after the retries)."""

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"{url}: {detail}")
        self.url = url
        self.detail = detail


class PlatformClient:
    """One server; a context manager (the connection pool closes with it)."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.2,
        lang: str = "zh",
        verify: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._retries = retries
        self._backoff = backoff
        headers = {"Accept-Language": "en" if lang == "en" else "zh-CN"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        # a kept-alive connection is dropped here before the server drops it (uvicorn: after
        # 5 s): a request is not sent on a connection the server is closing
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            headers=headers,
            verify=verify,
            limits=httpx.Limits(keepalive_expiry=2.0),
        )

    def __enter__(self) -> PlatformClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        if_match: int | None = None,
    ) -> dict[str, Any]:
        """The reply's JSON document; ``if_match``: the version (``seq``) of the row the change
        was made on (the server refuses it, 409 ``stale``, when the row changed since).
        A request is tried again after the server may have got it (a lost answer, a 5xx)
        only when doing it twice is harmless: a read, or a change with its
        ``idempotency_key``. One that never reached the server always is.

        :raises ServerRefused: the server said no (its error is carried).
        :raises ServerUnreachable: no answer after the retries.
        """
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        if if_match is not None:
            headers["If-Match"] = f'"{if_match}"'
        resend = method in ("GET", "HEAD") or idempotency_key is not None
        attempt = 0
        while True:
            try:
                reply = self._http.request(
                    method, f"{API}{path}", json=json, params=params, headers=headers
                )
            except httpx.TransportError as e:
                if attempt >= self._retries or not (resend or isinstance(e, _NOT_SENT)):
                    raise ServerUnreachable(self.base_url, str(e) or type(e).__name__) from e
                log.info("%s %s: %s, retrying", method, path, type(e).__name__)
            else:
                if reply.status_code < 500 or attempt >= self._retries or not resend:
                    return _document(reply)
                log.info("%s %s: %s, retrying", method, path, reply.status_code)
            attempt += 1
            time.sleep(self._backoff * 2 ** (attempt - 1))

    def key_proof(
        self,
        sign: Callable[[bytes], tuple[bytes, bytes]],
        signing: Callable[[], None] | None = None,
    ) -> dict[str, str]:
        """A challenge of the server signed by the key behind ``sign`` (challenge → signature
        and certificate), as ``/auth/ukey`` and the certificate request take it; ``signing``
        is called once the challenge is here.

        :raises ServerRefused | ServerUnreachable: and whatever ``sign`` raises.
        """
        challenge = self.request("POST", "/auth/challenge")["challenge"]
        if signing is not None:
            signing()
        signature, certificate = sign(base64.b64decode(challenge))
        return {
            "challenge": challenge,
            "certificate": base64.b64encode(certificate).decode(),
            "signature": base64.b64encode(signature).decode(),
        }

    def certificate_request(self) -> dict[str, Any]:
        """The unit's 数字证书申请 and certificate (GET /certificate-request).

        :raises ServerRefused | ServerUnreachable:
        """
        return self.request("GET", "/certificate-request")

    def request_certificate(
        self,
        *,
        name: str,
        id_number: str,
        phone: str,
        email: str,
        agreed: bool,
        sign: Callable[[bytes], tuple[bytes, bytes]],
    ) -> dict[str, Any]:
        """申请数字证书 with the handler's details, signed by a key of the unit (``sign``: a
        challenge of the server → the key's signature and certificate); the request's state
        after it. One idempotency key for the retries: a request answered but not heard is
        not made twice.

        :raises ServerRefused | ServerUnreachable: and whatever ``sign`` raises.
        """
        body = {
            "handler_name": name,
            "handler_id_number": id_number,
            "handler_phone": phone,
            "handler_email": email,
            "agreed": agreed,
            **self.key_proof(sign),
        }
        key = str(uuid.uuid4())
        return self.request("POST", "/certificate-request", json=body, idempotency_key=key)

    def apply_seal(
        self, body: dict[str, Any], *, sign: Callable[[bytes], tuple[bytes, bytes]] | None
    ) -> dict[str, Any]:
        """申请印章 (POST /seals/applications) with ``body`` (name, type, handler, size, the
        image uploaded or a style); a USB KEY seal's is signed by the unit's key behind
        ``sign`` (a challenge of the server → signature and certificate). One idempotency
        key for the retries: an application answered but not heard is not made twice.

        :raises ServerRefused | ServerUnreachable: and whatever ``sign`` raises.
        """
        if sign is not None:
            body = {**body, "proof": self.key_proof(sign)}
        key = str(uuid.uuid4())
        return self.request("POST", "/seals/applications", json=body, idempotency_key=key)

    def seal_applications(
        self, *, state: str | None = None, seal_type: str | None = None, search: str = ""
    ) -> list[dict[str, Any]]:
        """The unit's 印章申请 the caller may read, newest first (no images).

        :raises ServerRefused | ServerUnreachable:
        """
        params = {"state": state, "type": seal_type, "search": search or None}
        found = {k: v for k, v in params.items() if v is not None}
        reply = self.request("GET", "/seals/applications", params=found)
        return list(reply["applications"])

    def seal_application(self, application_id: str) -> dict[str, Any]:
        """One 印章申请 with its image (base64 under ``image``).

        :raises ServerRefused | ServerUnreachable:
        """
        reply = self.request("GET", f"/seals/applications/{application_id}")
        return dict(reply["application"])

    def seal_receipt(
        self, application_id: str, *, sign: Callable[[bytes], tuple[bytes, bytes]]
    ) -> dict[str, Any]:
        """回执 (POST /seals/applications/{id}/receipt): the seal the CA approved taken, signed
        by the key that applied for it, behind ``sign``; the application as it is now (有效).

        :raises ServerRefused | ServerUnreachable: and whatever ``sign`` raises.
        """
        path = f"/seals/applications/{application_id}/receipt"
        key = str(uuid.uuid4())
        reply = self.request("POST", path, json=self.key_proof(sign), idempotency_key=key)
        return dict(reply["application"])

    def revoke_seal(self, application_id: str) -> dict[str, Any]:
        """注销 (POST /seals/applications/{id}/revoke): a 有效 seal becomes 已注销; the
        application as it is now. One idempotency key for the retries.

        :raises ServerRefused | ServerUnreachable:
        """
        path = f"/seals/applications/{application_id}/revoke"
        reply = self.request("POST", path, idempotency_key=str(uuid.uuid4()))
        return dict(reply["application"])

    def freeze_seal(self, application_id: str, *, freeze: bool) -> dict[str, Any]:
        """冻结 (``freeze``) or 解冻 a 有效 seal (POST …/freeze | …/unfreeze); the application
        as it is now.

        :raises ServerRefused | ServerUnreachable:
        """
        verb = "freeze" if freeze else "unfreeze"
        path = f"/seals/applications/{application_id}/{verb}"
        reply = self.request("POST", path, idempotency_key=str(uuid.uuid4()))
        return dict(reply["application"])

    def application_seal(self, application_id: str) -> dict[str, Any]:
        """The seal the platform made for an application (``seal``: DER in base64, None before
        the CA approved it), its ``state`` and validity.

        :raises ServerRefused | ServerUnreachable:
        """
        return dict(self.request("GET", f"/seals/applications/{application_id}/seal"))


_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Errors before the request left: sending it again cannot do anything twice. After it left
(a timeout, a connection closed without an answer) the server may have done it."""


def _document(reply: httpx.Response) -> dict[str, Any]:
    try:
        data = reply.json()
    except ValueError:
        data = None
    if reply.is_success and isinstance(data, dict):
        return data
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        raise ServerRefused(
            reply.status_code,
            str(error.get("kind", "")),
            str(error.get("message", "")),
            data if isinstance(data, dict) else None,
        )
    raise ServerRefused(reply.status_code, "http", reply.reason_phrase or str(reply.status_code))
