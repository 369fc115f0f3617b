"""The letters a person is found by (seed 004's 字母 and the search box), against readings a
Chinese reader gives: surnames with their surname reading, tone marks gone, other scripts
under #."""

from __future__ import annotations

import pytest

from sealdesk.sync.names import OTHER, initials, letter, matches


@pytest.mark.parametrize(
    ("name", "expected", "under"),
    [
        ("张三", "ZS", "Z"),
        ("单田芳", "STF", "S"),  # 单 as a surname: Shàn
        ("曾国藩", "ZGF", "Z"),  # Zēng, not céng
        ("区家麟", "OJL", "O"),  # Ōu
        ("仇英", "QY", "Q"),
        ("解缙", "XJ", "X"),
        ("欧阳修", "OYX", "O"),  # ō: the tone mark is not a letter
        ("安娜", "AN", "A"),
        ("吕布", "LB", "L"),  # lǚ
        (" 李四 ", "LS", "L"),
        ("Alice 王", "ALICEW", "A"),
        ("3号", "H", OTHER),
        ("（临时）张", "LSZ", OTHER),
        ("Ödön", "DN", OTHER),
        ("尉迟恭", "YCG", "Y"),  # Yùchí, not wèi
        ("万俟卨", "MQX", "M"),  # Mòqí
        ("万达", "WD", "W"),
    ],
)
def test_initials_and_letter(name: str, expected: str, under: str) -> None:
    assert initials(name) == expected
    assert letter(name) == under


def test_matches_by_name_phone_initials_and_letter() -> None:
    assert matches("张三", "13812345678")
    assert matches("张三", "13812345678", "张")
    assert matches("张三", "13812345678", "5678")
    assert matches("张三", "13812345678", " zs ")
    assert matches("张三", None, "ZS", "z")
    assert not matches("张三", None, "zs", "L")
    assert not matches("张三", None, "ls")
    assert not matches("张三", None, "z s")  # not letters only: a name or phone part
    assert not matches("", None, "", "A") and matches("", None, "", OTHER)
    assert matches("Tom Lee", None, "tom lee") and matches("Tom Lee", None, "LEE")
