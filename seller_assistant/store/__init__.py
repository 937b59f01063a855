"""The only place that speaks SQL: connection, migrations, one module per aggregate."""

from seller_assistant.store.connection import Store
from seller_assistant.store.opening import open_store

__all__ = ["Store", "open_store"]
