"""The platform client: the HTTP client, the session token, the local copy and the outbox.

No Qt, no key access: the application layer signs the login challenge and hands over the
local store's engine.
"""
