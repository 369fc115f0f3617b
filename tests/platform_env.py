"""The platform's real components for tests: PostgreSQL started as the `postgres` user in a
temporary folder, the server as `sealdesk server run` processes on loopback ports, and unit keys
(soft keys with certificates from a test CA, and the SoftHSM2 demo key)."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.message
import email.policy
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from sealdesk.signing.demo_pki import (
    CertificateAuthority,
    UnitIdentity,
    issue_unit_certificate,
    make_root_ca,
)
from tests.conftest import require

PG_BIN = Path("/usr/lib/postgresql/15/bin")
API = "/api/v1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """An http.server with ``handler`` in a thread on a free loopback port; its URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Postgres:
    """A PostgreSQL cluster of our own; ``database()`` makes an empty database in it."""

    folder: Path
    port: int
    _count: Iterator[int] = field(default_factory=itertools.count)

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def psql(self, sql: str, db: str = "postgres") -> str:
        out = subprocess.run(
            [
                *(PG_BIN / "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"),
                *("-d", db, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()

    def database(self) -> str:
        name = f"t{next(self._count)}_{os.getpid()}"
        self.psql(f"CREATE DATABASE {name}")
        return self.url(name)


def _as_postgres(*cmd: str | Path) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *map(str, cmd)]


@contextmanager
def postgres_cluster(*, fsync: bool = False) -> Iterator[Postgres]:
    """A cluster of our own on a free port, removed at the end. initdb refuses root: the
    cluster belongs to the `postgres` system user. Tests run it without fsync; bench/sync.py
    with (as a deployment would)."""
    folder = Path(tempfile.mkdtemp(prefix="sealdesk-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    subprocess.run(
        _as_postgres(PG_BIN / "initdb", "-D", data, "-A", "trust", "-U", "postgres"),
        check=True,
        capture_output=True,
    )
    port = free_port()
    subprocess.run(
        _as_postgres(
            PG_BIN / "pg_ctl",
            "-D",
            data,
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300 "
            f"-c fsync={'on' if fsync else 'off'}",
            "-l",
            folder / "log",
            "-w",
            "start",
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield Postgres(folder, port)
    finally:
        subprocess.run(
            _as_postgres(PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    require((PG_BIN / "initdb").exists(), "PostgreSQL 15 (Debian package postgresql)")
    require(os.geteuid() == 0 and shutil.which("runuser") is not None, "root, for runuser")
    with postgres_cluster() as cluster:
        yield cluster


class ServerProcess:
    """`sealdesk server run` in its own process on a free loopback port."""

    def __init__(self, db_url: str, trust: list[Path], workdir: Path) -> None:
        self.db_url = db_url
        self.trust = trust
        self.workdir = workdir
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sms_sink(self) -> Path:
        return self.workdir / "sms.log"

    @property
    def mail_sink(self) -> Path:
        return self.workdir / "mail"

    def mails(self) -> list[email.message.EmailMessage]:
        """What the server mailed, oldest first (the development gateway's files)."""
        files = sorted(self.mail_sink.glob("*.eml")) if self.mail_sink.exists() else []
        return [
            email.message_from_bytes(
                f.read_bytes(), _class=email.message.EmailMessage, policy=email.policy.default
            )
            for f in files
        ]

    @property
    def captcha_sink(self) -> Path:
        return self.workdir / "captcha.log"

    def captcha(self, client: httpx.Client) -> dict[str, str]:
        """A 图形验证码 asked of the server and answered as a person reading it would: the
        ``captcha_id`` and ``captcha`` fields of ``/auth/sms``."""
        base = "" if str(client.base_url).rstrip("/").endswith(API) else API
        reply = client.post(f"{base}/auth/captcha")
        reply.raise_for_status()
        captcha_id = reply.json()["captcha_id"]
        return {"captcha_id": captcha_id, "captcha": self.answer(captcha_id)}

    def answer(self, captcha_id: str) -> str:
        """What a person reads in the picture ``captcha_id`` (the development sink's copy)."""
        answers = dict(line.split() for line in self.captcha_sink.read_text().splitlines())
        return answers[captcha_id]

    def send_code(self, phone: str) -> int:
        """``platform.send_sms`` as the desktop client does it: a picture, then the code."""
        from sealdesk.app import platform

        captcha = platform.captcha(self.url)
        return platform.send_sms(
            self.url, phone, captcha.captcha_id, self.answer(captcha.captcha_id)
        )

    def send_sms(self, client: httpx.Client, phone: str) -> httpx.Response:
        """``POST /auth/sms`` for ``phone`` with the picture answered."""
        base = "" if str(client.base_url).rstrip("/").endswith(API) else API
        return client.post(f"{base}/auth/sms", json={"phone": phone, **self.captcha(client)})

    def start(self) -> ServerProcess:
        args = [sys.executable, "-m", "sealdesk.desktop", "server", "run", "--db", self.db_url]
        args += ["--port", str(self.port), "--sms-sink", str(self.sms_sink)]
        args += ["--captcha-sink", str(self.captcha_sink), "--mail-sink", str(self.mail_sink)]
        for t in self.trust:
            args += ["--trust", str(t)]
        log = (self.workdir / f"server-{self.port}.log").open("ab")
        self.proc = subprocess.Popen(args, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        with httpx.Client(timeout=1) as client:  # one client: each new one loads the CA store
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited: {self.log()}")
                try:
                    if client.get(f"{self.url}{API}/openapi.json").status_code == 200:
                        return self
                except httpx.HTTPError:
                    time.sleep(0.1)
        self.stop()  # not left running behind the failed test
        raise RuntimeError(f"server did not start: {self.log()}")

    def log(self) -> str:
        return (self.workdir / f"server-{self.port}.log").read_text("utf-8", "replace")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@dataclass(frozen=True)
class SoftKey:
    """A unit key as a file: an EC key and its certificate (DER)."""

    key: ec.EllipticCurvePrivateKey
    certificate: bytes

    def sign(self, data: bytes) -> bytes:
        return self.key.sign(data, ec.ECDSA(hashes.SHA256()))

    def files(self, folder: Path) -> tuple[Path, Path]:
        """The key and certificate as PEM files (``sign --key-file`` style)."""
        folder.mkdir(parents=True, exist_ok=True)
        key = folder / "key.pem"
        key.write_bytes(
            self.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        cert = folder / "cert.der"
        cert.write_bytes(self.certificate)
        return key, cert


@dataclass
class UnitCa:
    ca: CertificateAuthority
    pem: Path

    def key(
        self,
        credit_code: str,
        entity_id: str,
        name: str = "测试单位",
        *,
        valid: tuple[dt.datetime, dt.datetime] | None = None,
    ) -> SoftKey:
        """A unit key; ``valid``: its certificate's notBefore and notAfter (else from
        yesterday for 3 years)."""
        key = ec.generate_private_key(ec.SECP256R1())
        spki = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        unit = UnitIdentity(
            name=name, credit_code=credit_code, entity_id=entity_id, device_id=entity_id
        )
        cert = issue_unit_certificate(self.ca, public_key_der=spki, unit=unit, key_label=entity_id)
        if valid is not None:
            cert = self._reissued(cert, *valid)
        return SoftKey(key, cert)

    def _reissued(self, der: bytes, not_before: dt.datetime, not_after: dt.datetime) -> bytes:
        """``der`` as the CA would have issued it for another validity."""
        old = x509.load_der_x509_certificate(der)
        builder = (
            x509.CertificateBuilder()
            .subject_name(old.subject)
            .issuer_name(old.issuer)
            .public_key(old.public_key())  # type: ignore[arg-type]
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
        )
        for extension in old.extensions:
            builder = builder.add_extension(extension.value, extension.critical)
        return builder.sign(self.ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> UnitCa:
    ca = make_root_ca("SealDesk Platform Test CA")
    pem = tmp_path_factory.mktemp("ca") / "ca.pem"
    pem.write_bytes(ca.certificate_pem)
    return UnitCa(ca, pem)


_codes = itertools.count(1)


def credit_code() -> str:
    """A fresh well-formed 统一社会信用代码 (each test its own unit)."""
    from sealdesk.signing.certinfo import uscc_check_char

    first = f"91310000MA{next(_codes) + os.getpid() % 1000 * 1000:07d}"
    return first + uscc_check_char(first)


def key_proof(client: httpx.Client, key: SoftKey) -> dict[str, str]:
    """A challenge of the server signed by ``key``, as ``/auth/ukey`` and the certificate
    request take it."""
    challenge = client.post(f"{API}/auth/challenge").json()["challenge"]
    return {
        "challenge": challenge,
        "certificate": base64.b64encode(key.certificate).decode(),
        "signature": base64.b64encode(key.sign(base64.b64decode(challenge))).decode(),
    }


def login(client: httpx.Client, key: SoftKey) -> httpx.Response:
    return client.post(f"{API}/auth/ukey", json=key_proof(client, key))


@contextmanager
def session(server_url: str, key: SoftKey) -> Iterator[httpx.Client]:
    """A client logged in with ``key`` (raises unless the login is accepted)."""
    with httpx.Client(base_url=server_url, timeout=30) as client:
        reply = login(client, key)
        assert reply.status_code == 200, f"login refused: {reply.status_code} {reply.text}"
        client.headers["Authorization"] = f"Bearer {reply.json()['token']}"
        yield client


def person_body(n: int, **extra: Any) -> dict[str, Any]:
    return {"name": f"人员{n}", "phone": f"139{n:08d}", **extra}
