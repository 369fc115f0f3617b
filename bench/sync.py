"""The platform on loopback: incremental sync, UKey login, many clients at once.

    .venv/bin/python bench/sync.py [--changes 10000] [--rounds 5] [--logins 30] \
        [--clients 100] [--seconds 20] [--think 1] [--only sync|login|load]...

Needs root (PostgreSQL 15 runs as the `postgres` user in a temporary folder, as in the tests,
but with fsync on) and SoftHSM2. The servers are `sealdesk server run` processes; the clients
are the shipping ones (sync.local over sync.client) and httpx, but for the 100 clients' load,
a keep-alive HTTP/1.1 client of a few lines (`_Connection`). Targets (issue 17):

- incremental sync of 10,000 changes < 1 s on PostgreSQL, printed beside the same on SQLite:
  the client synced, then 10,000 changes were made on the server, each to a row of its own
  (the worst case: no change hides another), written straight into the server's tables with
  the unit's next change numbers as the API writes them (a unit's quotas keep the API from
  making that many rows: 100 people in service, 50 departments; people who left and whitelist
  entries are not capped). Timed: `LocalPlatform.sync` (push the empty outbox, GET /sync,
  apply to the local store), and GET /sync alone;
- login round trip (challenge + SoftHSM2 signature + token) vs the bare signature, RSA and EC
  keys of the demo token, the session with the token open (the PIN asked once);
- 100 clients (10 units, 10 sessions each, every session a keep-alive connection) against 2
  server processes on one PostgreSQL database for 20 s, each client's requests back to back:
  70% incremental sync, 10% GET /me, 10% GET /people, 10% an edit (PATCH a person, with an
  Idempotency-Key). Requests/s, p50/p99 latency as the client sees it, errors (target 0
  errors, p99 < 200 ms). Then the same clients for 20 s more, each a request every ``--think``
  seconds on average (a desktop syncs far less often): the latency below saturation. Both
  print the CPU each request cost the servers, PostgreSQL and the clients (all on this
  machine's cores, with whatever else runs on them): back to back the run is bound by it, and
  the least mean latency those cores allow (Little's law: clients x CPU per request / cores) is
  printed beside the p99. Last, the same clients back to back against two baselines of the
  same stack on the same database (session_check_app.py): the platform's session check alone,
  as the platform runs it and written for the event loop, and the ratio of the platform's
  server CPU a request to the first.

Exit 0 when every target is met.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import itertools
import json
import os
import random
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_WORK = Path(tempfile.mkdtemp(prefix="sealdesk-bench-sync-"))
os.environ.setdefault("SEALDESK_CONFIG_DIR", str(_WORK / "config"))  # never the user's
os.environ.setdefault("SEALDESK_DATA_DIR", str(_WORK / "data"))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from sealdesk.signing.demo_pki import make_root_ca  # noqa: E402
from sealdesk.sync.client import PlatformClient  # noqa: E402
from sealdesk.sync.local import LocalPlatform  # noqa: E402
from tests.platform_env import (  # noqa: E402
    API,
    Postgres,
    ServerProcess,
    SoftKey,
    UnitCa,
    credit_code,
    free_port,
    login,
    postgres_cluster,
)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _line(figure: str, result: str, target: str = "") -> None:
    print(f"{figure:<52}{result:>14}  {target}")


@contextmanager
def _server(db_url: str, trust: list[Path], name: str) -> Iterator[ServerProcess]:
    folder = _WORK / name
    folder.mkdir(parents=True, exist_ok=True)
    server = ServerProcess(db_url, trust, folder).start()
    try:
        yield server
    finally:
        server.stop()


_TLS = ssl.create_default_context()
"""One for every client: httpx makes (and loads the CA store into) a new one per client
otherwise, ~0.2 s of CPU each, even for http://."""


def _http(url: str, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=url, headers=headers, timeout=60, verify=_TLS)


def _token(server: ServerProcess, key: SoftKey) -> dict[str, Any]:
    with _http(server.url) as client:
        reply = login(client, key)
        reply.raise_for_status()
        return reply.json()  # type: ignore[no-any-return]


# --- incremental sync --------------------------------------------------------------------------


def seed_changes(db_url: str, unit_id: str, changes: int) -> None:
    """``changes`` changes of the unit, each on a row of its own with the unit's next change
    number (what the API writes, without the quotas): 99 more people in service, people who
    left, the 50 departments, whitelist entries (every other one removed)."""
    from sealdesk.server.db import Department, Person, Unit, WhitelistEntry, make_engine

    engine = make_engine(db_url)
    with Session(engine) as db, db.begin():
        unit = db.execute(sa.select(Unit).where(Unit.id == unit_id).with_for_update()).scalar_one()
        seq = unit.seq
        departments = [
            {"id": str(uuid.uuid4()), "unit_id": unit_id, "name": f"部门{n}", "deleted": False}
            for n in range(50)
        ]
        people_count = changes // 2 - len(departments)
        people = [
            {
                "id": str(uuid.uuid4()),
                "unit_id": unit_id,
                "name": f"人员{n}",
                "phone": f"15{n:09d}",
                "department_id": departments[n % 50]["id"],
                "roles": "auditor" if n % 10 == 0 else "",
                "status": "active" if n < 99 else "left",
                "key_holder": False,
            }
            for n in range(people_count)
        ]
        whitelist = [
            {
                "unit_id": unit_id,
                "entity_id": f"BENCH-{n:06d}",
                "label": f"UKey {n}",
                "person_id": people[n % 99]["id"],
                "deleted": n % 2 == 1,
            }
            for n in range(changes - len(departments) - people_count)
        ]
        for row in [*departments, *people, *whitelist]:
            seq += 1
            row["seq"] = seq
        db.execute(sa.insert(Department), departments)
        db.execute(sa.insert(Person), people)
        db.execute(sa.insert(WhitelistEntry), whitelist)
        unit.seq = seq
    engine.dispose()


@dataclass
class SyncFigures:
    sync: float  # LocalPlatform.sync, median
    fetch: float  # GET /sync alone (server, transfer, JSON), median
    rows: int
    size: int  # bytes of the reply
    full: float  # the first sync (everything) before the changes


def sync_figures(db_url: str, ca: UnitCa, changes: int, rounds: int, name: str) -> SyncFigures:
    from sealdesk.app.store import Store

    with _server(db_url, [ca.pem], name) as server:
        key = ca.key(credit_code(), f"SYNC-{name}")
        session = _token(server, key)
        token, unit_id = session["token"], session["unit"]["id"]
        store = LocalPlatform(Store.open(_WORK / name / "client.db").engine)
        with PlatformClient(server.url, token=token) as client:
            started = time.perf_counter()
            first = store.sync(client)
            full = time.perf_counter() - started
            assert first.full
            after = first.seq
            seed_changes(db_url, unit_id, changes)
            syncs, fetches = [], []
            for _ in range(rounds):
                store.set_state(seq=str(after))
                started = time.perf_counter()
                report = store.sync(client)
                syncs.append(time.perf_counter() - started)
                assert report.pulled == changes and report.seq == after + changes, report
            with _http(server.url, token) as raw:
                for _ in range(rounds):
                    started = time.perf_counter()
                    reply = raw.get(f"{API}/sync", params={"after": after})
                    reply.json()
                    fetches.append(time.perf_counter() - started)
        people = store.people()
        assert len(people) == changes // 2 - 50 + 1, len(people)  # and the key holder
        store.engine.dispose()
    return SyncFigures(
        sync=statistics.median(syncs),
        fetch=statistics.median(fetches),
        rows=changes,
        size=len(reply.content),
        full=full,
    )


# --- login -------------------------------------------------------------------------------------


@dataclass
class LoginFigures:
    algorithm: str
    trip: float  # challenge + signature + token, medians
    challenge: float  # POST /auth/challenge
    token: float  # POST /auth/ukey
    bare: float  # the signature alone


def login_figures(db_url: str, rounds: int) -> list[LoginFigures]:
    """Medians with the demo token's RSA and EC keys."""
    from sealdesk.app.demo import DEMO_TOKEN_LABEL, DEMO_USER_PIN, init_demo
    from sealdesk.ukey import ModuleChoice, Pkcs11Module, TokenSigner
    from sealdesk.ukey.profiles import load_profiles

    demo = init_demo(_WORK / "demo-key")
    os.environ.update(demo.environment)
    softhsm = next(p for p in load_profiles() if p.id == "softhsm2")
    module = Pkcs11Module.load(ModuleChoice(demo.module_path, "option", softhsm))
    module.lib.reinitialize()
    out = []
    with (
        _server(db_url, [demo.root_ca_pem], "login") as server,
        module.open(DEMO_TOKEN_LABEL).session(DEMO_USER_PIN) as session,
        _http(server.url) as client,
    ):
        for key_id, name in ((b"\x01", "RSA-2048"), (b"\x02", "ECDSA P-256")):
            signer = TokenSigner.from_session(session, key_id)
            certificate = base64.b64encode(signer.certificate).decode()
            trips, challenges, tokens, bare = [], [], [], []
            for n in range(rounds + 1):
                started = time.perf_counter()
                challenge = client.post(f"{API}/auth/challenge").json()["challenge"]
                signed_at = time.perf_counter()
                signature = signer.sign(base64.b64decode(challenge))
                sent_at = time.perf_counter()
                reply = client.post(
                    f"{API}/auth/ukey",
                    json={
                        "challenge": challenge,
                        "certificate": certificate,
                        "signature": base64.b64encode(signature).decode(),
                    },
                )
                assert reply.status_code == 200 and reply.json()["token"], reply.text
                if n:  # the first one warms the server's caches
                    trips.append(time.perf_counter() - started)
                    challenges.append(signed_at - started)
                    tokens.append(time.perf_counter() - sent_at)
                    bare.append(sent_at - signed_at)
            # the bare signature alone too, away from the network
            for _ in range(rounds):
                started = time.perf_counter()
                signer.sign(os.urandom(32))
                bare.append(time.perf_counter() - started)
            median = statistics.median
            out.append(
                LoginFigures(name, median(trips), median(challenges), median(tokens), median(bare))
            )
    return out


# --- many clients ------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    started: float
    seconds: float
    ok: bool


class _Connection:
    """One client's keep-alive HTTP/1.1 connection, written for the load: the 100 clients
    stand for 100 desktops on machines of their own, so what they cost this machine's two
    cores is taken from the servers' (httpx costs ~3 ms of CPU a request here, as much as
    half a server's; this ~0.15 ms). Plain HTTP/1.1 as any client sends it: a request line,
    headers, a JSON body; the reply read whole by its Content-Length."""

    def __init__(self, url: str, token: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.address = (host, int(port))
        self.headers = f"Host: {host}\r\nAuthorization: Bearer {token}\r\n"
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(
        self, method: str, path: str, body: dict[str, Any] | None = None, headers: str = ""
    ) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else b""
        if body is not None:
            headers += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
        message = f"{method} {path} HTTP/1.1\r\n{self.headers}{headers}\r\n".encode() + data
        while True:
            reused = self.streams is not None
            if self.streams is None:
                self.streams = await asyncio.open_connection(*self.address)
            reader, writer = self.streams
            writer.write(message)
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
                length = None
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if length is None:  # every reply of the platform has one (no chunked replies)
                    raise ValueError("a reply without Content-Length")
                return int(head.split(b" ", 2)[1]), await reader.readexactly(length)
            except (asyncio.IncompleteReadError, ConnectionError) as e:
                await self.close()
                # the server closed a connection left idle past its keep-alive time: sent
                # again on a new one, as every HTTP client does (the edits carry their key)
                if not reused or getattr(e, "partial", b""):
                    raise
            except (TimeoutError, OSError, ValueError):
                await self.close()
                raise

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def _client(
    c: _Connection,
    people: list[str],
    deadline: float,
    samples: list[Sample],
    rng: random.Random,
    think: float,
    baseline: str,
) -> None:
    """Requests until ``deadline``, back to back or ``think`` seconds apart on average (to the
    baseline's one endpoint when ``baseline``)."""
    seq = 0
    if think:
        await asyncio.sleep(rng.uniform(0, think))  # not all at once
    while time.monotonic() < deadline:
        pick = rng.random()
        started = time.perf_counter()
        kind = "sync"
        try:
            if baseline:
                kind = "check"
                status, _ = await c.request("GET", _CHECK)
            elif pick < 0.1:
                kind = "edit"
                status, _ = await c.request(
                    "PATCH",
                    f"{API}/people/{rng.choice(people)}",
                    {"name": f"改名{rng.randrange(10**6)}"},
                    f"Idempotency-Key: {uuid.uuid4().hex}\r\n",
                )
            elif pick < 0.2:
                kind = "me"
                status, _ = await c.request("GET", f"{API}/me")
            elif pick < 0.3:
                kind = "people"
                status, _ = await c.request("GET", f"{API}/people")
            else:
                status, reply = await c.request("GET", f"{API}/sync?after={seq}")
                if status == 200:
                    seq = json.loads(reply)["seq"]
            ok = status == 200
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            ok = False
        samples.append(Sample(kind, started, time.perf_counter() - started, ok))
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU time each of the processes ``pids`` still running has used."""
    out = {}
    for pid in pids:
        try:
            fields = _stat(pid)
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def _used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two readings (a process started meanwhile counts whole)."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


def _cluster_pids(pg: Postgres) -> list[int]:
    """The cluster's postmaster and its children (its backends, checkpointer, WAL writer)."""
    main = int((pg.folder / "data" / "postmaster.pid").read_text().split()[0])
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == main:
                    children.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return [main, *children]


@dataclass
class Load:
    """What one phase of the many-clients run measured."""

    baseline: str  # "": the platform; else the session check alone (session_check_app.py)
    clients: int
    think: float
    requests: int
    elapsed: float
    errors: int
    latencies: dict[str, list[float]]  # by kind of request, sorted
    cpu: dict[str, float]  # servers, PostgreSQL, clients: seconds

    def cpu_each(self, who: str) -> float:
        return self.cpu[who] / max(self.requests, 1)

    def p(self, q: float, kind: str | None = None) -> float:
        values = self.latencies[kind] if kind else sorted(itertools.chain(*self.latencies.values()))
        return values[min(int(len(values) * q), len(values) - 1)]


def load_figures(
    db_url: str, ca: UnitCa, clients: int, seconds: float, pg: Postgres, thinks: list[float]
) -> list[Load]:
    """Sessions for ``clients`` clients (10 per unit, round robin over 2 servers), then one
    run of ``seconds`` per think time in ``thinks`` (0: back to back)."""
    units = max(1, clients // 10)
    with ExitStack() as stack:
        servers = [stack.enter_context(_server(db_url, [ca.pem], f"load{n}")) for n in (1, 2)]
        sessions: list[tuple[str, str, list[str]]] = []
        for u in range(units):
            key = ca.key(credit_code(), f"LOAD-{u}")
            admin = _token(servers[0], key)["token"]
            with _http(servers[0].url, admin) as c:
                people = [
                    c.post(
                        f"{API}/people",
                        json={"name": f"人员{n}", "phone": f"17{u:03d}{n:06d}"},
                    ).json()["person"]["id"]
                    for n in range(20)
                ]
            for n in range(clients // units + (u < clients % units)):
                server = servers[(u * 10 + n) % 2]  # a load balancer's round robin
                sessions.append((server.url, _token(server, key)["token"], people))
        pids = [s.proc.pid for s in servers if s.proc is not None]
        loads = [_phase(sessions, seconds, think, pids, pg, baseline="") for think in thinks]
        for server in servers:
            server.stop()
        for factory in ("create", "create_async"):
            with ExitStack() as baselines:
                checks = {
                    s.url: baselines.enter_context(_baseline(db_url, factory)) for s in servers
                }
                on_checks = [(checks[url].url, token, people) for url, token, people in sessions]
                pids = [c.pid for c in checks.values()]
                loads.append(_phase(on_checks, seconds, 0.0, pids, pg, baseline=factory))
        return loads


_CHECK = f"{API}/check"


@dataclass
class _Baseline:
    url: str
    pid: int


@contextmanager
def _baseline(db_url: str, factory: str) -> Iterator[_Baseline]:
    """A process serving the session check alone (session_check_app.py, its app ``factory``)
    as the platform's processes serve it."""
    port = free_port()
    args = [sys.executable, "-m", "uvicorn", "--factory", f"bench.session_check_app:{factory}"]
    args += ["--port", str(port), "--loop", "uvloop", "--http", "httptools"]
    args += ["--log-level", "warning", "--no-access-log"]
    env = {**os.environ, "SEALDESK_BENCH_DB": db_url}
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}{_CHECK}", timeout=1, verify=_TLS).status_code == 401:
                    break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the session check's process did not start") from None
                time.sleep(0.1)
        yield _Baseline(url, proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)


def _phase(
    sessions: list[tuple[str, str, list[str]]],
    seconds: float,
    think: float,
    pids: list[int],
    pg: Postgres,
    *,
    baseline: str,
) -> Load:
    samples: list[Sample] = []
    rng = random.Random(17)  # noqa: S311 (a workload, not a secret)

    async def run() -> tuple[float, dict[str, float]]:
        clients = [_Connection(url, token) for url, token, _people in sessions]
        for c in clients:  # connected before the clock starts, and before the CPU is read
            await c.request("GET", _CHECK if baseline else f"{API}/me")
        servers, database = _cpu_seconds(pids), _cpu_seconds(_cluster_pids(pg))
        own = time.process_time()
        started = time.perf_counter()
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(
                _client(c, people, deadline, samples, random.Random(rng.random()), think, baseline)  # noqa: S311
                for c, (_url, _token, people) in zip(clients, sessions, strict=True)
            )
        )
        elapsed = time.perf_counter() - started
        cpu = {
            "clients": time.process_time() - own,
            "servers": _used(servers, _cpu_seconds(pids)),
            "PostgreSQL": _used(database, _cpu_seconds(_cluster_pids(pg))),  # less ended backends
        }
        for c in clients:
            await c.close()
        return elapsed, cpu

    elapsed, cpu = asyncio.run(run())
    latencies: dict[str, list[float]] = {}
    for sample in samples:
        latencies.setdefault(sample.kind, []).append(sample.seconds)
    return Load(
        baseline=baseline,
        clients=len(sessions),
        think=think,
        requests=len(samples),
        elapsed=elapsed,
        errors=sum(not x.ok for x in samples),
        latencies={k: sorted(v) for k, v in sorted(latencies.items())},
        cpu=cpu,
    )


# --- the run -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--logins", type=int, default=30)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--think", type=float, default=1.0, help="then again, each client this far apart (0: not)"
    )
    parser.add_argument("--only", choices=["sync", "login", "load"], action="append", default=[])
    args = parser.parse_args()
    chosen: Callable[[str], bool] = lambda part: not args.only or part in args.only  # noqa: E731
    ca_root = make_root_ca("SealDesk Bench CA")
    ca = UnitCa(ca_root, _WORK / "ca.pem")
    ca.pem.write_bytes(ca_root.certificate_pem)
    ok = True
    print(f"{dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, loopback, "
          f"PostgreSQL 15 with fsync on")  # fmt: skip
    with postgres_cluster(fsync=True) as pg:
        print(f"{'figure':<52}{'result':>14}  target")
        if chosen("sync"):
            figures = {
                "PostgreSQL": sync_figures(pg.database(), ca, args.changes, args.rounds, "pg"),
                "SQLite": sync_figures(
                    f"sqlite:///{_WORK / 'sqlite' / 'platform.db'}",
                    ca,
                    args.changes,
                    args.rounds,
                    "sqlite",
                ),
            }
            for db, f in figures.items():
                target = "< 1 s" if db == "PostgreSQL" else "reported"
                _line(f"incremental sync, {f.rows} changes, {db}", _ms(f.sync), target)
                _line(f"  of which GET /sync ({f.size / 1e6:.1f} MB)", _ms(f.fetch))
                _line(f"  first (full) sync before them, {db}", _ms(f.full))
            ok &= figures["PostgreSQL"].sync < 1.0
            ratio = figures["SQLite"].sync / figures["PostgreSQL"].sync
            _line("  SQLite / PostgreSQL", f"{ratio:8.2f}")
        if chosen("login"):
            for f in login_figures(pg.database(), args.logins):
                _line(f"login round trip, SoftHSM2 {f.algorithm}", _ms(f.trip), "reported")
                _line("  of which POST /auth/challenge", _ms(f.challenge))
                _line("  of which POST /auth/ukey (verify, session)", _ms(f.token))
                _line(f"  bare signature, SoftHSM2 {f.algorithm}", _ms(f.bare))
                _line("  round trip / signature", f"{f.trip / f.bare:8.1f}")
        if chosen("load"):
            thinks = [0.0, args.think] if args.think else [0.0]
            loads = load_figures(pg.database(), ca, args.clients, args.seconds, pg, thinks)
            for load in loads:
                how = f"a request every {load.think:g} s each" if load.think else "back to back"
                what = {
                    "": "2 servers",
                    "create": "the session check alone",
                    "create_async": "the same, async",
                }[load.baseline]
                _line(f"{load.clients} clients, {what}, {how}", "")
                _line(
                    f"  requests/s ({load.elapsed:.0f} s)", f"{load.requests / load.elapsed:8.0f}"
                )
                _line("  p50 latency", _ms(load.p(0.5)))
                _line("  p99 latency", _ms(load.p(0.99)), "< 200 ms")
                for kind in load.latencies:
                    _line(f"    p99 {kind}", _ms(load.p(0.99, kind)))
                _line("  errors", f"{load.errors:8d}", "0")
                for who in load.cpu:
                    _line(f"  CPU per request, {who}", _ms(load.cpu_each(who)))
                if not load.think:
                    # Little's law: back to back, N clients wait N x (CPU a request costs all
                    # processes) / cores on average, however the work is shared out
                    cost = sum(load.cpu.values()) / max(load.requests, 1)
                    cores = os.cpu_count() or 1
                    _line(
                        f"  least mean latency {cores} cores allow",
                        _ms(load.clients * cost / cores),
                    )
                if not load.baseline:
                    ok &= load.errors == 0 and load.p(0.99) < 0.2
            platform, check = loads[0], loads[-2]
            _line(
                "servers' CPU a request, platform / session check",
                f"{platform.cpu_each('servers') / check.cpu_each('servers'):8.2f}",
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
