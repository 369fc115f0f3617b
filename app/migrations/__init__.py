"""Alembic migrations of the local store (sealdesk.app.store); run by the store itself."""
