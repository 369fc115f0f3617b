"""The platform's application: one FastAPI app serving the endpoint modules of routes/.

Each endpoint's permission check and a change's transaction are in routes/common.py; which role
may call which endpoint is the one table :data:`sealdesk.server.permissions.PERMISSIONS`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path as FilePath

import anyio.to_thread
from fastapi import FastAPI
from sqlalchemy.orm import sessionmaker

from sealdesk.server.errors import BodyLimit, install
from sealdesk.server.routes import (
    audit_log,
    certificate,
    login,
    people,
    roles,
    sealbox_applications,
    sealbox_boxes,
    sealbox_export,
    sealbox_features,
    sealbox_files,
    sealbox_grants,
    sealbox_keepers,
    sealbox_records,
    sealbox_settings,
    sealbox_templates,
    seals,
    sync,
)
from sealdesk.server.routes.common import PREFIX, Endpoint
from sealdesk.server.routes.login import DAY_MS, SMS_PER_DAY, sms_refusal

__all__ = ["DAY_MS", "SMS_PER_DAY", "ServerConfig", "create_app", "sms_refusal"]

MAX_BODY = 1 << 20
THREADS = 16
"""Requests a server process works on at once (the endpoints are plain functions run in
threads); the others wait their turn on the event loop. More threads than this only take turns
at the interpreter's lock, and each holds a database connection."""
AREAS = (
    login,
    people,
    roles,
    certificate,
    seals,
    audit_log,
    sync,
    sealbox_boxes,
    sealbox_keepers,
    sealbox_records,
    sealbox_export,
    sealbox_settings,
    sealbox_templates,
    sealbox_features,
    sealbox_applications,
    sealbox_files,
    sealbox_grants,
)
"""The endpoint modules, each with its ``build_router()``, in the order they are served."""


@dataclass(frozen=True)
class ServerConfig:
    """What one server process needs; the rest is in the database."""

    db_url: str
    trust_roots: tuple[bytes, ...]
    sms_sink: FilePath  # development SMS gateway: codes are appended to this file
    mail_sink: FilePath  # development mail gateway: each mail an .eml file in this folder
    # development and tests only: the 图形验证码 answers, written for a script to read
    captcha_sink: FilePath | None = None


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield
    app.state.engine.dispose()


def create_app(config: ServerConfig) -> FastAPI:
    """The application over the database at ``config.db_url`` (migrated by the caller).

    :raises TrustInputError: a trust root is not a certificate.
    """
    from sealdesk.server.db import make_engine
    from sealdesk.signing.trust import TrustAnchors

    app = FastAPI(
        title="SealDesk platform",
        version="1",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        # "/people/" is not "/people": a 307 with an empty body would leave the one error shape
        # (and a client following it would PATCH the collection)
        redirect_slashes=False,
        lifespan=_lifespan,
    )
    engine = make_engine(config.db_url)
    app.state.config = config
    app.state.engine = engine
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    app.state.anchors = TrustAnchors.load(roots=config.trust_roots)
    install(app)

    app.add_middleware(BodyLimit, limit=MAX_BODY)

    for area in AREAS:
        router = area.build_router()
        if not all(isinstance(route, Endpoint) for route in router.routes):
            # its session would never be committed (Endpoint does it): a mistake, said at start
            raise RuntimeError(f"{area.__name__}: a route not made by routes.common.router()")
        app.include_router(router)
    return app
