"""The `sealdesk` command as scripts and people use it: exit codes, JSON, language."""

from __future__ import annotations

from pathlib import Path

from sealdesk.app.demo import DEMO_TOKEN_LABEL, DEMO_UNIT, DEMO_USER_PIN, DemoKey
from tests.conftest import run_cli


def test_key_list_json(cli, demo_key: DemoKey) -> None:  # type: ignore[no-untyped-def]
    result = cli("key", "list", "--json")
    assert result.code == 0, result.stderr
    doc = result.json
    assert doc["module"]["source"] == "environment"
    assert doc["module"]["profile"] == "softhsm2"
    assert [t["label"] for t in doc["tokens"]] == [DEMO_TOKEN_LABEL]
    assert set(doc["tokens"][0]["pin"]) >= {"count_low", "final_try", "locked", "tries_left"}


def test_key_info_shows_credit_code_in_chinese_and_english(cli) -> None:  # type: ignore[no-untyped-def]
    zh = cli("key", "info")
    assert zh.code == 0, zh.stderr
    assert f"统一社会信用代码: {DEMO_UNIT.credit_code}" in zh.stdout
    assert "实体唯一标识" in zh.stdout
    en = cli("key", "info", "--lang", "en")
    assert f"Unified social credit code: {DEMO_UNIT.credit_code}" in en.stdout
    env_en = cli("key", "info", env={"SEALDESK_LANG": "en"})
    assert "Certificates:" in env_en.stdout
    doc = cli("key", "info", "--json", "--token", DEMO_TOKEN_LABEL).json
    unit = next(c for c in doc["certificates"] if c["label"] == "unit-rsa")
    assert unit["credit_code"] == DEMO_UNIT.credit_code
    assert unit["entity_id"] == DEMO_UNIT.entity_id
    assert unit["key_algorithm"] == "RSA-2048"
    assert "data_objects" in doc


def test_verify_pin_exit_codes(cli) -> None:  # type: ignore[no-untyped-def]
    ok = cli("key", "verify-pin", env={"SEALDESK_PIN": DEMO_USER_PIN})
    assert ok.code == 0 and DEMO_TOKEN_LABEL in ok.stdout
    wrong = cli("key", "verify-pin", "--json", env={"SEALDESK_PIN": "999999"})
    assert wrong.code == 3
    assert wrong.json["error"]["kind"] == "pin_incorrect"
    assert "PIN" in wrong.json["error"]["message"]
    assert "Traceback" not in wrong.stderr + wrong.stdout
    # no PIN and no terminal: a clear message, not a hang
    missing = cli("key", "verify-pin", "--json", env={"SEALDESK_PIN": None})  # type: ignore[dict-item]
    assert missing.code == 2 and missing.json["error"]["kind"] == "pin_missing"
    # the PIN never shows up in what the command prints
    assert DEMO_USER_PIN not in ok.stdout + ok.stderr


def test_bad_pins_at_the_cli(cli) -> None:  # type: ignore[no-untyped-def]
    for pin in ("", "x" * 300, "口令一二三"):
        result = cli("key", "verify-pin", "--json", env={"SEALDESK_PIN": pin})
        assert result.code == 3, (pin, result.stdout, result.stderr)
        assert result.json["error"]["kind"] == "pin_format"


def test_token_and_module_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unknown = cli("key", "info", "--token", "别的Key", "--json")
    assert unknown.code == 5 and unknown.json["error"]["kind"] == "token_not_found"
    missing = cli("key", "list", "--module", str(tmp_path / "none.so"), "--json")
    assert missing.code == 6 and missing.json["error"]["kind"] == "module_missing"
    text = tmp_path / "fake.so"
    text.write_text("hello")
    invalid = cli("key", "list", "--module", str(text))
    assert invalid.code == 6 and "PKCS#11" in invalid.stderr
    assert "Traceback" not in invalid.stderr


def test_usage_errors_exit_2_with_json(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("key", "frobnicate", "--json")
    assert result.code == 2
    assert result.json["error"]["code"] == 2


def test_settings_file_is_checked(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "settings.toml").write_text('pkcs11_module = "/x.so"\ncolour = "red"\n')
    result = cli("key", "list", "--json", env={"SEALDESK_CONFIG_DIR": str(tmp_path)})
    assert result.code == 2 and "colour" in result.json["error"]["message"]


def test_change_pin_via_environment(cli) -> None:  # type: ignore[no-untyped-def]
    changed = cli(
        "key",
        "change-pin",
        "--json",
        env={"SEALDESK_PIN": DEMO_USER_PIN, "SEALDESK_NEW_PIN": "24681357"},
    )
    assert changed.code == 0, changed.stdout
    try:
        assert cli("key", "verify-pin", env={"SEALDESK_PIN": DEMO_USER_PIN}).code == 3
        assert cli("key", "verify-pin", env={"SEALDESK_PIN": "24681357"}).code == 0
    finally:
        back = cli(
            "key", "change-pin", env={"SEALDESK_PIN": "24681357", "SEALDESK_NEW_PIN": DEMO_USER_PIN}
        )
        assert back.code == 0


def test_demo_init_is_idempotent_and_prints_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    first = run_cli("demo", "init", "--dir", str(folder), "--json")
    assert first.code == 0, first.stdout + first.stderr
    assert first.json["created"] is True
    env = first.json["environment"]
    assert env["SOFTHSM2_CONF"] == str(folder / "softhsm2.conf")
    again = run_cli("demo", "init", "--dir", str(folder))
    assert again.code == 0 and "export SOFTHSM2_CONF=" in again.stdout
    listed = run_cli("key", "list", "--json", env=env)
    assert [t["label"] for t in listed.json["tokens"]] == [DEMO_TOKEN_LABEL]


def test_no_display_is_said_in_words(tmp_path: Path) -> None:
    """Without a screen the window says so and how to run headless (exit 2), instead of Qt
    aborting the process (134) with a message about platform plugins."""
    headless = {"DISPLAY": None, "QT_QPA_PLATFORM": None, "WAYLAND_DISPLAY": None}
    for args in ((), ("gui",), ("gui", "--page", "verify")):
        result = run_cli(*args, env=headless)
        assert result.code == 2, (args, result.code, result.stderr)
        assert "xvfb-run" in result.stdout + result.stderr and "Traceback" not in result.stderr
    gone = run_cli("gui", env={**headless, "DISPLAY": ":77"})
    assert gone.code == 2 and ":77" in gone.stderr


def test_the_window_saved_as_a_picture_then_closed(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What `bash dev.sh run` does on a machine without a screen: the window is drawn on a
    virtual one, saved, and the command ends instead of running unseen."""
    from PIL import Image

    picture = tmp_path / "sealdesk.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "SEALDESK_CONFIG_DIR": str(tmp_path / "config")}
    result = cli("gui", "--screenshot", str(picture), "--close-after-screenshot", env=env)
    assert result.code == 0, result.stderr
    with Image.open(picture) as image:
        assert image.width >= 800 and image.height >= 500


def test_no_traceback_reaches_the_terminal(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A library or our own code logging an error with its traceback: the words reach the
    terminal, the traceback only with SEALDESK_LOG=DEBUG."""
    import logging

    from sealdesk.desktop import cli

    def failing(*_args: object) -> int:
        try:
            raise ValueError("deep inside")
        except ValueError:
            logging.getLogger("sealdesk.signing.pdf.signature").exception("analysis failed")
            logging.getLogger("pyhanko.sign").warning("noise", exc_info=True)
        return 0

    monkeypatch.setitem(cli.COMMANDS, ("records", "list"), "cmd_key:cmd_records_list")
    monkeypatch.setattr("sealdesk.desktop.cmd_key.cmd_records_list", failing)
    monkeypatch.delenv("SEALDESK_LOG", raising=False)
    assert cli.main(["records", "list", "--json"]) == 0
    err = capsys.readouterr().err
    assert "analysis failed" in err and "Traceback" not in err and "noise" not in err
    monkeypatch.setenv("SEALDESK_LOG", "DEBUG")
    assert cli.main(["records", "list", "--json"]) == 0
    assert "Traceback" in capsys.readouterr().err
