"""Bad input to the key layer: each gives its typed error (and, at the CLI, its exit code)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sealdesk.app.demo import DEMO_TOKEN_LABEL, DEMO_USER_PIN, DemoKey
from sealdesk.desktop.errors import describe
from sealdesk.ukey import (
    ModuleChoice,
    ModuleInvalid,
    ModuleMissing,
    PinFormatInvalid,
    PinIncorrect,
    PinLocked,
    Pkcs11Module,
    Token,
    TokenRemoved,
)
from sealdesk.ukey.profiles import GENERIC_PROFILE
from tests.ukey.doubles import LockingLib


def _load(path: str) -> Pkcs11Module:
    return Pkcs11Module.load(ModuleChoice(path, "option", GENERIC_PROFILE))


def test_module_missing(tmp_path: Path) -> None:
    with pytest.raises(ModuleMissing):
        _load(str(tmp_path / "nope.so"))


def test_module_is_a_text_file(tmp_path: Path) -> None:
    text = tmp_path / "driver.so"
    text.write_text("not a library\n" * 100)
    with pytest.raises(ModuleInvalid):
        _load(str(text))


def test_module_is_not_pkcs11() -> None:
    libz = next(Path("/usr/lib").rglob("libz.so.1"), None) or next(Path("/lib").rglob("libz.so.1"))
    with pytest.raises(ModuleInvalid) as err:
        _load(str(libz))
    assert "C_GetFunctionList" in err.value.reason


@pytest.mark.parametrize(
    ("pin", "reason"),
    [("", "empty"), ("1" * 300, "too_long"), ("一二三四五六", "not_ascii"), ("12", "too_short")],
)
def test_bad_pins_never_reach_the_key(token: Token, pin: str, reason: str) -> None:
    with token.session(DEMO_USER_PIN):
        pass  # a good login clears the key's failure count
    with pytest.raises(PinFormatInvalid) as err:
        token.session(pin)
    assert err.value.reason == reason
    assert not token.pin_status().count_low  # no try was used
    problem = describe(err.value)
    assert problem is not None and problem.code == 3


def test_a_key_that_locks(module: Pkcs11Module) -> None:
    """Three wrong PINs lock the key; the messages count down (SoftHSM2 itself never locks)."""
    double = Pkcs11Module(
        LockingLib(module.lib, max_tries=3), path=module.path, profile=module.profile
    )
    token = double.open(DEMO_TOKEN_LABEL)
    with pytest.raises(PinIncorrect) as first:
        token.session("000000")
    assert first.value.tries_left is None and first.value.count_low
    with pytest.raises(PinIncorrect) as second:
        token.session("000000")
    assert second.value.tries_left == 1
    problem = describe(second.value)
    assert problem is not None and problem.code == 3 and "1 次" in problem.message
    with pytest.raises(PinLocked) as locked:
        token.session("000000")
    problem = describe(locked.value)
    assert problem is not None and problem.code == 4
    # locked means locked: even the right PIN is refused now
    with pytest.raises(PinLocked):
        token.session(DEMO_USER_PIN)
    assert double.tokens()[0].pin.locked
    # the real token was never locked and a good PIN resets its counter
    with module.open(DEMO_TOKEN_LABEL).session(DEMO_USER_PIN):
        pass


def test_token_removed_between_login_and_sign(token_copy: DemoKey) -> None:
    """Pulling the key (SoftHSM2: its token folder vanishes) mid-session gives TokenRemoved."""
    script = textwrap.dedent(
        f"""
        import shutil, sys
        from pathlib import Path
        from sealdesk.ukey import ModuleChoice, Pkcs11Module, TokenRemoved, TokenSigner
        from sealdesk.ukey.profiles import GENERIC_PROFILE
        module = Pkcs11Module.load(ModuleChoice({token_copy.module_path!r}, "option",
                                                GENERIC_PROFILE))
        token = module.open({DEMO_TOKEN_LABEL!r})
        with token.session({DEMO_USER_PIN!r}) as session:
            signer = TokenSigner.from_session(session, b"\\x02")
            signer.sign(b"before")
            for d in Path({str(token_copy.folder / "tokens")!r}).iterdir():
                shutil.rmtree(d)
            try:
                signer.sign(b"after")
            except TokenRemoved:
                print("removed")
                sys.exit(0)
        sys.exit(1)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={"SOFTHSM2_CONF": str(token_copy.softhsm_conf), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "removed"
    problem = describe(TokenRemoved())
    assert problem is not None and problem.code == 5 and "拔出" in problem.message
