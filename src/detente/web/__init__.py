"""The explorer: an HTTP API and server-rendered pages over an event store."""

from detente.web.app import create_app, serve

__all__ = ["create_app", "serve"]
