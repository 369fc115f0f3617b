"""Vendor profiles (resources/vendors.toml): module files and SM2 numbers per vendor."""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

OsName = Literal["linux", "windows", "macos"]


@dataclass(frozen=True, kw_only=True)
class Sm2Numbers:
    """How one vendor exposes SM2 through vendor-defined PKCS#11 numbers."""

    key_type: int
    sign_mechanism: int
    sm3_sm2_mechanism: int | None
    hashes_with_z: bool
    signature_encoding: Literal["der", "raw"]


@dataclass(frozen=True, kw_only=True)
class VendorProfile:
    """One vendor's PKCS#11 module: where it lives and how it does SM2."""

    id: str
    name: str
    manufacturer_ids: tuple[str, ...]
    modules: dict[str, tuple[str, ...]]
    sm2: Sm2Numbers | None
    pin_min_length: int
    pin_max_length: int
    tried_on_hardware: bool
    source: str

    def module_candidates(self, os_name: OsName | None = None) -> tuple[str, ...]:
        """Module paths to try on this OS, absolute where the profile gives a bare name."""
        os_name = os_name or current_os()
        names = self.modules.get(os_name, ())
        if os_name != "windows":
            return names
        system32 = Path(os.environ.get("SYSTEMROOT", r"C:\Windows")) / "System32"
        return tuple(n if ("\\" in n or "/" in n) else str(system32 / n) for n in names)


GENERIC_PROFILE = VendorProfile(
    id="generic",
    name="PKCS#11",
    manufacturer_ids=(),
    modules={},
    sm2=None,
    pin_min_length=1,
    pin_max_length=64,
    tried_on_hardware=False,
    source="no vendor profile matched: standard PKCS#11 mechanisms only",
)


def current_os() -> OsName:
    """The profile key of the running OS."""
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


_ALLOWED_KEYS = {
    "id",
    "name",
    "manufacturer_ids",
    "tried_on_hardware",
    "source",
    "pin_min_length",
    "pin_max_length",
    "modules",
    "sm2",
}


def _profile(entry: dict[str, Any]) -> VendorProfile:
    unknown = set(entry) - _ALLOWED_KEYS
    if unknown:
        raise ValueError(f"vendor profile {entry.get('id')}: unknown keys {sorted(unknown)}")
    sm2 = entry.get("sm2")
    return VendorProfile(
        id=entry["id"],
        name=entry["name"],
        manufacturer_ids=tuple(entry.get("manufacturer_ids", ())),
        modules={k: tuple(v) for k, v in entry.get("modules", {}).items()},
        sm2=Sm2Numbers(
            key_type=sm2["key_type"],
            sign_mechanism=sm2["sign_mechanism"],
            sm3_sm2_mechanism=sm2.get("sm3_sm2_mechanism"),
            hashes_with_z=sm2["hashes_with_z"],
            signature_encoding=sm2["signature_encoding"],
        )
        if sm2
        else None,
        pin_min_length=entry["pin_min_length"],
        pin_max_length=entry["pin_max_length"],
        tried_on_hardware=entry["tried_on_hardware"],
        source=entry["source"],
    )


def load_profiles(text: str | None = None) -> tuple[VendorProfile, ...]:
    """Parse the vendor table (the packaged one unless ``text`` is given).

    :raises ValueError: on an unknown key or a missing field.
    """
    if text is None:
        text = resources.files("sealdesk.resources").joinpath("vendors.toml").read_text("utf-8")
    try:
        return tuple(_profile(e) for e in tomllib.loads(text)["vendor"])
    except (KeyError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"vendor profile table is malformed: {e}") from e


def profile_for(
    profiles: tuple[VendorProfile, ...], *, module_path: str, manufacturer_id: str = ""
) -> VendorProfile:
    """The profile whose module file name or manufacturer ID matches, else the generic one."""
    base = Path(module_path.replace("\\", "/")).name.lower()
    for p in profiles:
        if any(
            Path(m.replace("\\", "/")).name.lower() == base for ms in p.modules.values() for m in ms
        ):
            return p
    manufacturer = manufacturer_id.strip().lower()
    for p in profiles:
        if manufacturer and any(manufacturer.startswith(m.lower()) for m in p.manufacturer_ids):
            return p
    return GENERIC_PROFILE
