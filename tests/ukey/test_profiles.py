"""Vendor profiles and the order in which the module is chosen."""

from __future__ import annotations

from pathlib import Path

import pytest

from sealdesk.ukey import ModuleMissing, choose_module
from sealdesk.ukey.profiles import load_profiles, profile_for


def test_table_has_softhsm_and_three_chinese_vendors_with_sm2_numbers() -> None:
    profiles = load_profiles()
    ids = [p.id for p in profiles]
    assert "softhsm2" in ids and ids[-1] == "softhsm2"  # real vendors are detected first
    chinese_sm2 = [p for p in profiles if p.sm2 and p.id in ("sansec", "tass", "koal")]
    assert len(chinese_sm2) == 3
    for p in profiles:
        assert p.source
        if p.id != "softhsm2":
            assert not p.tried_on_hardware
        if p.sm2:
            assert p.sm2.key_type >= 0x80000000 and p.sm2.sign_mechanism >= 0x80000000
            assert p.sm2.signature_encoding in ("der", "raw")


def test_unknown_key_in_a_profile_is_refused() -> None:
    text = '[[vendor]]\nid="x"\nname="x"\ncolour="red"\n'
    with pytest.raises(ValueError, match="unknown keys"):
        load_profiles(text)


def test_profile_by_module_file_or_manufacturer() -> None:
    profiles = load_profiles()
    assert (
        profile_for(profiles, module_path=r"C:\Windows\System32\gm3000_pkcs11.dll").id == "longmai"
    )
    assert (
        profile_for(profiles, module_path="/x/libfoo.so", manufacturer_id="SoftHSM").id
        == "softhsm2"
    )
    assert profile_for(profiles, module_path="/x/libfoo.so").id == "generic"


def test_choice_order_option_environment_settings_detection(tmp_path: Path) -> None:
    env = {"SEALDESK_PKCS11_MODULE": "/env.so"}
    assert (
        choose_module(option="/opt.so", settings_module="/set.so", environ=env).source == "option"
    )
    assert choose_module(settings_module="/set.so", environ=env).path == "/env.so"
    assert choose_module(settings_module="/set.so", environ={}).source == "settings"
    detected = choose_module(environ={})
    assert detected.source == "detected" and Path(detected.path).is_file()
    with pytest.raises(ModuleMissing):
        choose_module(
            environ={},
            profiles=load_profiles(
                '[[vendor]]\nid="none"\nname="n"\n'
                'tried_on_hardware=false\nsource="s"\npin_min_length=4\npin_max_length=8\n'
                '[vendor.modules]\nlinux=["/nonexistent.so"]\n'
            ),
        )
