"""Alembic's environment for the local store: the store hands over its open connection."""

from __future__ import annotations

from alembic import context

from sealdesk.app.store import METADATA

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=METADATA, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
