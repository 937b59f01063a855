"""Seller Assistant: keeps a small marketplace shop's platform help rate down."""

__version__ = "0.1.0"
APP_NAME = "Seller Assistant"
APP_ID = "seller-assistant"
