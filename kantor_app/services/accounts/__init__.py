"""Staff accounts: password hashes (users, roles and login grow here)."""
