"""Persistence: ORM models, engine and sessions, Alembic migrations."""
