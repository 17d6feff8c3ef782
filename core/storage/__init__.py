"""Durable storage: SQL tables, the async engine, and migrations (Alembic)."""
