"""The HTTP API's endpoints under /api/v1, one module an area (the app: server/api.py)."""
