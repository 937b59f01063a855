"""The desks' privileges on a shared store: store/pg_grants.sql, run by the tables' owner after migrating.

On PostgreSQL the append-only rule of the evidence tables is kept twice: by the triggers of the
migrations (as on SQLite) and by privilege: the role the desks connect as owns nothing and may not
UPDATE or DELETE evidence, so it cannot drop a trigger either. docs/SHARED_STORE.md sets the roles up.
"""

from __future__ import annotations

from pathlib import Path

GRANTS_SQL = Path(__file__).with_name("pg_grants.sql")
DESK_ROLE = "seller_assistant_desk"


def grant_desk_privileges(raw) -> None:
    """Grant (again) what the desks' role may do on every table; nothing when the server has no
    such role (one person, one login). `raw` is a psycopg connection of the tables' owner."""
    raw.execute(GRANTS_SQL.read_text(encoding="utf-8"))
