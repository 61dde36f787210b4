"""Pure domain rules of Kantor: no Qt, no SQLAlchemy, no database."""
