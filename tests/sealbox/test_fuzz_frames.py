"""The frame parser and the simulated box under hypothesis, here without the fuzz suite's
USB-key seeds: mutated streams of valid frames never crash a channel, the message decoders or
the box."""

from __future__ import annotations

from tests.fuzz.targets import TARGETS, sealbox_seeds
from tests.fuzz.test_fuzz import fuzz


def test_frame_parser_never_crashes() -> None:
    target = next(t for t in TARGETS if t.name == "sealbox_frames")
    assert fuzz(target, sealbox_seeds(), 300) == 300


def test_simulated_box_never_crashes_on_a_client_stream() -> None:
    target = next(t for t in TARGETS if t.name == "sealbox_box")
    assert fuzz(target, sealbox_seeds(), 60) == 60
