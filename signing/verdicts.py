"""What a verification says, for PDF and OFD alike: reasons with a stable code, one verdict rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["valid", "invalid", "indeterminate"]
FileVerdict = Literal["valid", "invalid", "indeterminate", "unsigned"]
Effect = Literal["invalid", "indeterminate", "info"]


@dataclass(frozen=True)
class Reason:
    """One reason behind a verdict. ``code`` is stable for scripts; ``effect`` says what it does
    to the verdict: ``invalid``, ``indeterminate`` or ``info`` (nothing)."""

    code: str
    effect: Effect
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def verdict_of(reasons: Iterable[Reason]) -> Verdict:
    """Any invalid reason makes the signature invalid; else any indeterminate one makes it
    indeterminate; else it is valid."""
    effects = {r.effect for r in reasons}
    if "invalid" in effects:
        return "invalid"
    return "indeterminate" if "indeterminate" in effects else "valid"


def file_verdict(verdicts: Iterable[Verdict]) -> FileVerdict:
    """A file's verdict from its signatures' (``unsigned`` when it has none)."""
    found = set(verdicts)
    worst: FileVerdict
    for worst in ("invalid", "indeterminate"):
        if worst in found:
            return worst
    return "valid" if found else "unsigned"


def fmt_time(when: dt.datetime) -> str:
    """A moment as the reasons write it."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
