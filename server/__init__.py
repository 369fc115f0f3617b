"""The reference platform server: UKey login, units, people, roles, whitelist, audit, sync.

FastAPI over SQLAlchemy 2 (PostgreSQL in production, an SQLite file on a fresh machine). The
processes are stateless: challenges, sessions, replies to replayed requests and quotas live in
the database, so several instances behind any load balancer serve one client alike.
"""
