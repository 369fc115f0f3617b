"""The request's database session (server/routes/common.py `Db`, `Endpoint`): committed in the
endpoint's thread before the reply, and given back to the pool whatever the request's fate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
import sqlalchemy as sa
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from sealdesk.server.api import ServerConfig, create_app
from sealdesk.server.db import Challenge, make_engine, migrate
from sealdesk.server.routes.common import Db, Endpoint, router

API = "/api/v1"


def test_sessions_are_committed_before_the_reply_and_none_is_left_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'platform.db'}"
    migrate(make_engine(url))
    app = create_app(ServerConfig(url, (), tmp_path / "sms.log", tmp_path / "mail"))
    pool = app.state.engine.pool
    other = make_engine(url)  # another process's view of the database
    with TestClient(app) as client:
        for _ in range(3):
            # written by the endpoint: there for anyone as soon as the reply is
            value = client.post(f"{API}/auth/challenge").json()["challenge"]
            with other.connect() as c:
                found = c.execute(sa.select(Challenge.value).where(Challenge.value == value))
                assert found.first() is not None
            # refused before the endpoint ran: by the session check, by the body's check
            assert client.get(f"{API}/me", headers={"Authorization": "Bearer x"}).status_code == 401
            assert client.post(f"{API}/auth/ukey", json={"challenge": 1}).status_code == 422
            # refused by the endpoint itself, after it read: rolled back, given back
            reply = client.post(
                f"{API}/auth/ukey",
                json={"challenge": value, "certificate": "AAAA", "signature": "AAAA"},
            )
            assert reply.status_code in (400, 401)
            assert pool.checkedout() == 0


def test_a_route_that_would_not_commit_stops_the_server_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sealdesk.server.routes import sync

    monkeypatch.setattr(sync, "router", lambda: APIRouter(prefix=API))  # a plain router
    with pytest.raises(RuntimeError, match=r"routes\.sync"):
        create_app(ServerConfig("sqlite://", (), tmp_path / "sms.log", tmp_path / "mail"))


def _uses_the_session(db: Db) -> None:
    pass


def test_the_session_is_found_by_what_it_is_not_by_its_name() -> None:
    """Taken under another name it is committed; a query parameter named ``db`` is not a
    session; where nothing would commit it (a dependency, an async endpoint) the route is
    refused when it is made."""
    r = router("")

    @r.get("/renamed")
    def renamed(session: Db) -> dict[str, int]:
        return {"one": session.execute(sa.text("SELECT 1")).scalar_one()}

    @r.get("/query")
    def query(db: int = 0) -> dict[str, int]:
        return {"db": db}

    assert renamed.__name__ == "renamed"
    routes = {route.path: route for route in r.routes if isinstance(route, Endpoint)}
    assert routes["/renamed"].dependant.call is not renamed  # the committing one
    assert routes["/query"].dependant.call is query

    with pytest.raises(RuntimeError, match="a dependency takes"):

        @r.get("/through")
        def through(_: Annotated[None, Depends(_uses_the_session)]) -> None:
            pass

    with pytest.raises(RuntimeError, match="an async endpoint"):

        @r.get("/async")
        async def on_loop(db: Db) -> None:
            pass
