"""The errors a person or script sees from a seal box: refused (exit 13) or unreachable (exit 14).

Each carries a stable ``reason`` and its words in Chinese and English (signing.errors' shape).
"""

from __future__ import annotations

from sealdesk.signing.errors import WordedError


class SealboxError(WordedError):
    """Anything about a seal box a person must hear of."""


class BoxRefused(SealboxError):
    """The box answered and said no (a refused grant, a wrong state); ``reason`` is the box's."""


class BoxUnreachable(SealboxError):
    """The box cannot be found, the link broke and did not come back, or it stopped answering."""


class SimulatorError(SealboxError):
    """The simulated box's state folder cannot be used (not a box, another model, unreadable)."""
