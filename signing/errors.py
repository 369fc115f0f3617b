"""The shape every signing-side error a person reads has: a stable reason and two wordings."""

from __future__ import annotations


class WordedError(Exception):
    """An error with a stable ``reason`` for scripts and a message in Chinese and English."""

    def __init__(self, reason: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.reason = reason
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang`` ("zh" or "en")."""
        return self.message_en if lang == "en" else self.message_zh
