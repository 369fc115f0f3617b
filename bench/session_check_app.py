"""The baseline of bench/sync.py's many clients: the platform's session check alone.

One endpoint, ``GET /api/v1/check``, that does what every request of the platform does first
(server/routes/common.py `requires`: the session token's person and unit, one query in one
transaction, in a worker thread) and answers with three fields. Started as the platform is
(uvicorn, its compiled loop and parser) on the same database, it is the least a request of
this stack costs here: the platform's requests are measured against it. ``create_async`` is
the same check written for the event loop (SQLAlchemy's asyncio over psycopg's, no worker
thread): what a server rewritten that way could reach at best.

    SEALDESK_BENCH_DB=postgresql://... python -m uvicorn --factory \
        bench.session_check_app:create --port PORT --loop uvloop --http httptools
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import anyio.to_thread
from fastapi import FastAPI, Header
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker

from sealdesk.server.api import THREADS
from sealdesk.server.auth import token_hash
from sealdesk.server.db import POOL_SIZE, make_engine, now_ms
from sealdesk.server.routes.common import _CALLER

PATH = "/api/v1/check"
Authorization = Annotated[str | None, Header()]


def _params(authorization: str | None) -> dict[str, object]:
    token = (authorization or "").removeprefix("Bearer ").strip()
    return {"token": token_hash(token), "now": now_ms()}


def _reply(found: Row[Any] | None) -> JSONResponse:
    if found is None:
        return JSONResponse({"error": "unauthenticated"}, status_code=401)
    person, unit = found
    return JSONResponse({"user": person.id, "unit": unit.id, "seq": unit.seq})


@asynccontextmanager
async def _threads(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS  # as the platform
    yield


def create() -> FastAPI:
    factory = sessionmaker(make_engine(os.environ["SEALDESK_BENCH_DB"]), expire_on_commit=False)
    app = FastAPI(lifespan=_threads)

    @app.get(PATH)
    def check(authorization: Authorization = None) -> JSONResponse:
        with factory.begin() as db:
            return _reply(db.execute(_CALLER, _params(authorization)).first())

    return app


def create_async() -> FastAPI:
    url = "postgresql+psycopg://" + os.environ["SEALDESK_BENCH_DB"].split("://", 1)[1]
    engine = create_async_engine(url, pool_size=POOL_SIZE, max_overflow=20, pool_pre_ping=True)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    app = FastAPI()

    @app.get(PATH)
    async def check(authorization: Authorization = None) -> JSONResponse:
        async with factory.begin() as db:
            return _reply((await db.execute(_CALLER, _params(authorization))).first())

    return app
