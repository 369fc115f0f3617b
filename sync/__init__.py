"""The platform: local store, API client, sync engine and reference server (to come)."""
