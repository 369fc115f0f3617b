from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.platform_env import Postgres, ServerProcess, UnitCa, postgres, test_ca

__all__ = ["postgres", "server", "test_ca"]


@pytest.fixture(scope="module")
def server(
    postgres: Postgres, test_ca: UnitCa, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """One server process over a new PostgreSQL database for the module's tests."""
    process = ServerProcess(postgres.database(), [test_ca.pem], tmp_path_factory.mktemp("srv"))
    process.start()
    yield process
    process.stop()
