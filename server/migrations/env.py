"""Alembic's environment for the platform's database: the server hands over its connection."""

from __future__ import annotations

from alembic import context

from sealdesk.server import sealbox_db, seals_db  # noqa: F401 (their tables join the metadata)
from sealdesk.server.db import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
