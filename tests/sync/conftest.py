from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.platform_env import Postgres, ServerProcess, postgres

__all__ = ["demo_server", "postgres"]


@pytest.fixture
def demo_server(
    postgres: Postgres,
    demo_key,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> Iterator[ServerProcess]:
    """A server over a new PostgreSQL database that trusts the demo key's root."""
    process = ServerProcess(postgres.database(), [demo_key.root_ca_pem], tmp_path).start()
    yield process
    process.stop()
