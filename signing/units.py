"""Millimetres (what people measure seals in) and PDF points (what PDF speaks): one place."""

from __future__ import annotations

POINTS_PER_INCH = 72.0
MM_PER_INCH = 25.4


def mm_to_pt(mm: float) -> float:
    return mm * POINTS_PER_INCH / MM_PER_INCH


def pt_to_mm(pt: float) -> float:
    return pt * MM_PER_INCH / POINTS_PER_INCH
