"""Settings: a TOML file in the platform's config folder; unknown keys are refused.

No secret is ever stored here (PINs never, server tokens in the OS keyring).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, fields
from pathlib import Path

ENV_CONFIG_DIR = "SEALDESK_CONFIG_DIR"
ENV_DEMO = "SEALDESK_DEMO"


class SettingsError(ValueError):
    """The settings file cannot be used as it is."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """What a user can set; every field optional."""

    pkcs11_module: str | None = None
    language: str | None = None
    trust_roots: tuple[str, ...] = ()
    seal_makers: tuple[str, ...] = ()  # 制章机构: roots (or certificates) trusted for seal makers
    output_dir: str | None = None
    pin_every_time: bool = False  # False: one PIN per session (until the key is unplugged)
    demo_mode: bool = False  # trust the demo key's roots (for its own certificates only)
    sealbox_place: str | None = None  # where this computer is (a seal box's 使用位置)


def config_dir() -> Path:
    """$SEALDESK_CONFIG_DIR, else the platform's per-user config folder."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):
        # the XDG rule platformdirs applies on Linux, without its import (every command reads
        # the settings: start-up time)
        base = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
        return Path(base) / "sealdesk"
    import platformdirs

    return Path(platformdirs.user_config_dir("sealdesk"))


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file means defaults.

    :raises SettingsError: unreadable TOML, an unknown key, or a value of the wrong type.
    """
    import tomllib

    path = path or settings_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SettingsError(f"{path}: {e}") from e
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SettingsError(f"{path}: unknown keys {', '.join(unknown)}")
    for key in ("pkcs11_module", "language", "output_dir", "sealbox_place"):
        if key in data and not isinstance(data[key], str):
            raise SettingsError(f"{path}: {key} must be a string")
    for key in ("pin_every_time", "demo_mode"):
        if key in data and not isinstance(data[key], bool):
            raise SettingsError(f"{path}: {key} must be true or false")
    for key in ("trust_roots", "seal_makers"):
        files = data.get(key, [])
        if not isinstance(files, list) or not all(isinstance(r, str) for r in files):
            raise SettingsError(f"{path}: {key} must be a list of file paths")
    return Settings(
        pkcs11_module=data.get("pkcs11_module"),
        language=data.get("language"),
        trust_roots=tuple(data.get("trust_roots", [])),
        seal_makers=tuple(data.get("seal_makers", [])),
        output_dir=data.get("output_dir"),
        pin_every_time=data.get("pin_every_time", False),
        demo_mode=data.get("demo_mode", False),
        sealbox_place=data.get("sealbox_place"),
    )


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` as TOML (atomically); fields left at None are not written.

    :raises OSError: the folder cannot be written.
    """
    import json

    from sealdesk.signing.fileio import write_atomic

    path = path or settings_path()
    lines = ["# SealDesk settings (no secret is ever stored here)"]
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if value is None or value is False:
            continue
        if isinstance(value, tuple):
            value = list(value)
        # a JSON string or list of strings is a valid TOML basic string / array
        lines.append(f"{f.name} = {json.dumps(value, ensure_ascii=False)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"), overwrite=True)


def demo_mode(settings: Settings) -> bool:
    """Whether the user chose demo mode: ``SEALDESK_DEMO=1`` (or ``0`` to turn it off), else
    the settings."""
    value = os.environ.get(ENV_DEMO)
    if value is not None and value.strip():
        return value.strip().lower() in ("1", "true", "yes", "on")
    return settings.demo_mode
