"""Finding and loading the PKCS#11 module of the plugged-in key."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import pkcs11

from sealdesk.ukey.errors import ModuleInvalid, ModuleMissing
from sealdesk.ukey.profiles import OsName, VendorProfile, load_profiles, profile_for

ENV_MODULE = "SEALDESK_PKCS11_MODULE"

ModuleSource = Literal["option", "environment", "settings", "detected"]


class Pkcs11Lib(Protocol):
    """What we use of ``pkcs11.lib``; tests put a double with the same surface in front."""

    @property
    def manufacturer_id(self) -> str: ...

    def get_slots(self, token_present: bool = False) -> list[Any]: ...

    def reinitialize(self) -> None: ...


@dataclass(frozen=True)
class ModuleChoice:
    """Which module file to load, why, and the vendor profile that goes with it."""

    path: str
    source: ModuleSource
    profile: VendorProfile


def detect_module(
    profiles: tuple[VendorProfile, ...], os_name: OsName | None = None
) -> tuple[str, VendorProfile] | None:
    """The first module file from the profiles that exists on this machine."""
    for profile in profiles:
        for candidate in profile.module_candidates(os_name):
            if Path(candidate).is_file():
                return candidate, profile
    return None


def choose_module(
    *,
    option: str | None = None,
    settings_module: str | None = None,
    environ: dict[str, str] | None = None,
    profiles: tuple[VendorProfile, ...] | None = None,
) -> ModuleChoice:
    """Pick the module: ``--module``, then $SEALDESK_PKCS11_MODULE, settings, auto-detection.

    :raises ModuleMissing: if nothing is configured and no known module is installed.
    """
    profiles = profiles if profiles is not None else load_profiles()
    env = os.environ if environ is None else environ
    sources: tuple[tuple[str | None, ModuleSource], ...] = (
        (option, "option"),
        (env.get(ENV_MODULE) or None, "environment"),
        (settings_module, "settings"),
    )
    for path, source in sources:
        if path:
            return ModuleChoice(path, source, profile_for(profiles, module_path=path))
    found = detect_module(profiles)
    if found is None:
        raise ModuleMissing(None)
    return ModuleChoice(found[0], "detected", found[1])


def load_library(path: str) -> Pkcs11Lib:
    """Load and initialise a PKCS#11 module file.

    :raises ModuleMissing: if the file does not exist.
    :raises ModuleInvalid: if it is not a shared library exporting C_GetFunctionList, or
        C_Initialize fails.
    """
    if not Path(path).exists():
        raise ModuleMissing(path)
    if Path(path).is_dir():
        raise ModuleInvalid(path, "is a directory")
    try:
        return pkcs11.lib(path)
    except pkcs11.PKCS11Error as e:
        # the loader's message ("file too short", "undefined symbol: C_GetFunctionList", ...)
        raise ModuleInvalid(path, str(e).replace(f"OS exception while loading {path}: ", "")) from e
