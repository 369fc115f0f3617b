"""Fixtures that start the real components: the SoftHSM2 demo key, pcscd with a virtual card."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sealdesk.app.demo import DEMO_TOKEN_LABEL, DemoKey, init_demo
from sealdesk.ukey import ModuleChoice, Pkcs11Module, Token
from sealdesk.ukey.profiles import load_profiles

IN_CI = os.environ.get("CI") == "true"

# Qt settings (window geometry) and our settings go to a private folder, never the user's
_PRIVATE_CONFIG = tempfile.mkdtemp(prefix="sealdesk-test-config-")
os.environ["XDG_CONFIG_HOME"] = _PRIVATE_CONFIG
os.environ["SEALDESK_CONFIG_DIR"] = os.path.join(_PRIVATE_CONFIG, "sealdesk")
os.environ["SEALDESK_DATA_DIR"] = os.path.join(_PRIVATE_CONFIG, "sealdesk-data")  # the store


_UNREGISTERED: set[str] = set()


@pytest.fixture(scope="session", autouse=True)
def _reason_codes_registered() -> Iterator[None]:
    """Every reason any test's verification gives has a documented code (REASON_CODES); an
    unknown one fails the session at its end (raising inside a verification could be caught
    and reported as something else)."""
    from sealdesk.signing.verdicts import REASON_CODES, Reason

    original = Reason.__init__

    def checked(self: Reason, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        if self.code not in REASON_CODES:
            _UNREGISTERED.add(self.code)

    Reason.__init__ = checked  # type: ignore[method-assign]
    yield
    Reason.__init__ = original  # type: ignore[method-assign]
    assert not _UNREGISTERED, f"reason codes missing from REASON_CODES: {sorted(_UNREGISTERED)}"


@pytest.fixture(autouse=True)
def _own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test keeps its file records in a store of its own."""
    monkeypatch.setenv("SEALDESK_DATA_DIR", str(tmp_path / "sealdesk-data"))


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """A CLI run in the test's process points the root logger at that test's captured stderr
    (at the level it was asked for): later tests' library logs would go to a closed file."""
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    yield
    root.setLevel(level)
    root.handlers[:] = handlers


def require(condition: bool, reason: str) -> None:
    """Skip when a real component is missing on a developer machine; fail in CI."""
    if not condition:
        if IN_CI:
            pytest.fail(f"CI must provide: {reason}")
        pytest.skip(reason)


def interop_dir(kind: str) -> Path:
    """Files made by other software (../shared/interop beside the repository, or
    $SEALDESK_INTEROP); a developer without them skips, CI fails."""
    root = Path(
        os.environ.get("SEALDESK_INTEROP")
        or Path(__file__).resolve().parents[2] / "shared" / "interop"
    )
    folder = root / kind
    require(folder.is_dir(), f"the interop corpus at {folder}")
    return folder


@pytest.fixture(scope="session")
def demo_key(tmp_path_factory: pytest.TempPathFactory) -> DemoKey:
    """The demo key, made by the same code as `sealdesk demo init`."""
    require(shutil.which("softhsm2-util") is not None, "softhsm2 installed")
    demo = init_demo(tmp_path_factory.mktemp("demo") / "key")
    os.environ.update(demo.environment)
    return demo


@pytest.fixture(scope="session")
def module(demo_key: DemoKey) -> Pkcs11Module:
    softhsm = next(p for p in load_profiles() if p.id == "softhsm2")
    module = Pkcs11Module.load(ModuleChoice(demo_key.module_path, "option", softhsm))
    module.lib.reinitialize()  # see the token made in this process
    return module


@pytest.fixture
def token(module: Pkcs11Module) -> Token:
    return module.open(DEMO_TOKEN_LABEL)


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> object:
        return json.loads(self.stdout)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> CliResult:
    """Run `sealdesk` as a user would, in its own process, with no terminal."""
    full_env = {**os.environ, **(env or {})}
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-m", "sealdesk.desktop", *args],
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli(demo_key: DemoKey):  # type: ignore[no-untyped-def]
    return run_cli


@pytest.fixture
def token_copy(demo_key: DemoKey, tmp_path: Path) -> DemoKey:
    """A private copy of the demo key's folder, for tests that break or unplug it."""
    folder = tmp_path / "key"
    shutil.copytree(demo_key.folder, folder)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        conf.read_text("utf-8").replace(str(demo_key.folder), str(folder)), encoding="utf-8"
    )
    return DemoKey(folder=folder, module_path=demo_key.module_path, created=False)


def seal_sign(
    source: Path, out: Path, *options: str, env: dict[str, str] | None = None
) -> CliResult:
    """`sealdesk sign SOURCE -o OUT --seal <the demo seal> OPTIONS...` with the demo PIN."""
    from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN

    return run_cli(
        "sign",
        str(source),
        "-o",
        str(out),
        "--seal",
        DEMO_SEAL_NAME,
        *options,
        env=env if env is not None else {"SEALDESK_PIN": DEMO_USER_PIN},
    )
