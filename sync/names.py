"""Finding people by the letters of their names, as seed 004's 人员管理 does (【字母】 and the
search box): 张三 is under Z and found by "zs".

A character's first letter is that of its first reading in pypinyin's table (a name is read
character by character, not as a phrase). A name's first character is a surname, and some
surnames are read differently (单 is Shàn, not dān): those are set here.
"""

from __future__ import annotations

import os
import unicodedata
from functools import cache, lru_cache

_SURNAMES = {
    "单": "S",
    "曾": "Z",
    "区": "O",
    "仇": "Q",
    "解": "X",
    "查": "Z",
    "翟": "Z",
    "覃": "Q",
    "种": "C",
    "秘": "B",
    "繁": "P",
    "折": "S",
    "召": "S",
    "重": "C",
    "隗": "W",
    "宓": "F",
    "阚": "K",
    "粘": "N",
}

_COMPOUND_SURNAMES = {"尉迟": "YC", "万俟": "MQ", "单于": "CY"}
"""Two-character surnames whose first character reads otherwise alone (尉 wèi, 万 wàn)."""

OTHER = "#"
"""The letter of a name that starts with neither a Chinese character nor a Latin letter."""


@cache
def _readings() -> dict[int, str]:
    """pypinyin's table of readings by code point (~0.15 s to load: call ``load`` off the GUI
    thread). Its phrase table (0.4 s more) is not needed for names."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


def load() -> None:
    """Load the table of readings now, so that the first search does not wait for it."""
    _readings()


def _first_letter(char: str) -> str:
    if char.isascii():
        return char.upper() if char.isalpha() else ""
    reading = _readings().get(ord(char))
    if not reading:
        return ""
    # "zhāng,cháng": the first reading's first letter, without its tone mark (ā → A)
    return unicodedata.normalize("NFKD", reading[0])[0].upper()


@lru_cache(maxsize=4096)
def initials(name: str) -> str:
    """The first letter of each character's reading, upper case: 张三 → "ZS", 单田芳 → "STF".
    Latin letters stand for themselves; digits and signs are left out."""
    name = name.strip()
    if not name:
        return ""
    compound = _COMPOUND_SURNAMES.get(name[:2])
    if compound:
        return compound + "".join(_first_letter(c) for c in name[2:])
    rest = "".join(_first_letter(c) for c in name[1:])
    return (_SURNAMES.get(name[0]) or _first_letter(name[0])) + rest


def letter(name: str) -> str:
    """The 字母 a name is listed under: A–Z, or ``OTHER``."""
    name = name.strip()
    if not name:
        return OTHER
    compound = _COMPOUND_SURNAMES.get(name[:2])
    return (compound or _SURNAMES.get(name[0]) or _first_letter(name[0]) or OTHER)[0]


def matches(name: str, phone: str | None, words: str = "", under: str = "") -> bool:
    """Whether a person is found by ``words`` (part of the name or phone, or the first
    letters of the name: "zs") and listed under the letter ``under`` (empty: any)."""
    if under and letter(name) != under.upper():
        return False
    words = words.strip()
    if not words or words.casefold() in name.casefold() or words in (phone or ""):
        return True
    return words.isascii() and words.isalpha() and words.upper() in initials(name)
