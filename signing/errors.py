"""The shape every signing-side error a person reads has: a stable reason and two wordings."""

from __future__ import annotations

from typing import Any


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


class SignError(WordedError):
    """A document could not be signed as asked (any format)."""


class PdfSignError(SignError):
    """A PDF could not be signed; ``reason`` is stable, the messages are for people."""


class OfdSignError(SignError):
    """An OFD could not be signed as asked; ``reason`` is stable, the messages are for people."""


class SealUnusable(WordedError):
    """A seal that reads but cannot sign (maker signature, validity): never written or used."""

    def __init__(self, check: Any) -> None:  # a seals.Check
        super().__init__(
            "seal_unusable",
            f"这枚印章不能使用：{check.zh}",
            f"This seal cannot be used: {check.en}",
        )


class OfdInputError(WordedError):
    """The OFD package cannot be read; ``reason`` is stable, the messages are for people."""


class PdfInputError(WordedError):
    """The PDF cannot be read; ``reason`` is stable, the messages are for people.

    Reasons: ``too_large``, ``not_pdf``, ``corrupt``, ``hostile``, ``timeout``,
    ``encrypted`` (a password is needed), ``password`` (the password is wrong), ``pubkey``
    (encrypted for a certificate holder), ``encryption`` (unsupported or broken encryption).
    """


class SealImageError(WordedError):
    """An image cannot become a seal image; ``reason`` is a stable identifier.

    Reasons: ``empty``, ``not_image`` (not JPEG/PNG/GIF), ``too_large`` (file or pixel
    dimensions, decompression bombs), ``too_small``, ``corrupt`` (truncated or broken data),
    ``dark_background``, ``no_ink`` (nothing that looks like a seal).
    """

    def __init__(self, *, reason: str, message_zh: str, message_en: str) -> None:
        super().__init__(reason, message_zh, message_en)
