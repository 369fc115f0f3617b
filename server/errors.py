"""The server's one error shape: ``{"error": {"code", "kind", "message"}}``, never a trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A refusal the client is told about: HTTP status, stable kind, message in zh and en;
    ``extra``: more of the reply beside ``error`` (the current row of a 409 ``stale``)."""

    def __init__(
        self, status: int, kind: str, zh: str, en: str, extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(en)
        self.status = status
        self.kind = kind
        self.zh = zh
        self.en = en
        self.extra = extra or {}


def wants_english(request: Request) -> bool:
    return request.headers.get("accept-language", "").lower().startswith("en")


def error_response(
    request: Request,
    status: int,
    kind: str,
    zh: str,
    en: str,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    message = en if wants_english(request) else zh
    return JSONResponse(
        {**(extra or {}), "error": {"code": status, "kind": kind, "message": message}},
        status_code=status,
    )


_HTTP_KINDS = {
    400: ("bad_request", "请求无法处理。", "The request cannot be handled."),
    401: ("unauthenticated", "请先登录。", "Log in first."),
    404: ("not_found", "没有这个地址。", "No such address."),
    405: ("method_not_allowed", "该地址不支持此方法。", "This address does not take this method."),
    413: ("too_large", "请求内容过大。", "The request is too large."),
}


class BodyLimit:
    """Bodies over ``limit`` bytes are refused (413 too_large): at once when their
    Content-Length says so, else as they arrive (a chunked body has none, and is counted)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length is not None and not (
            length.isascii() and length.isdigit() and int(length) <= self.limit
        ):
            zh, en = _HTTP_KINDS[413][1:]
            await error_response(Request(scope), 413, "too_large", zh, en)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:  # reaches the handler below, inside the app
                    raise StarletteHTTPException(413)
            return message

        await self.app(scope, counted, send)


def _where(error: Any) -> str:
    loc = error.get("loc") or ()
    return ".".join(str(p) for p in loc if p not in ("body", "query", "path")) or "body"


def install(app: FastAPI) -> None:
    """Every error the app can meet answers in the one shape."""

    @app.exception_handler(ApiError)
    async def _api(request: Request, e: ApiError) -> JSONResponse:
        return error_response(request, e.status, e.kind, e.zh, e.en, e.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, e: RequestValidationError) -> JSONResponse:
        fields = sorted({_where(err) for err in e.errors()})
        first = e.errors()[0] if e.errors() else {}
        detail = str(first.get("msg", "")).replace("\n", " ")[:200]
        return error_response(
            request,
            422,
            "invalid",
            f"请求内容不符合要求：{'、'.join(fields)}（{detail}）",
            f"The request is not valid: {', '.join(fields)} ({detail})",
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException) -> JSONResponse:
        kind, zh, en = _HTTP_KINDS.get(e.status_code, ("http", "请求无法处理。", "Refused."))
        return error_response(request, e.status_code, kind, zh, en)

    @app.exception_handler(Exception)
    async def _internal(request: Request, e: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(
            request,
            500,
            "internal",
            "服务器内部错误，已记录日志。",
            "Internal server error; it was logged.",
        )
