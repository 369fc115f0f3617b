"""Fuzzing every parser of untrusted input (hypothesis), seeded with the shared interop files and
our own outputs. CI runs each target for a short budget (SEALDESK_FUZZ_EXAMPLES, default 30);
`scripts/fuzz.py` runs them long. A failing input is saved under tests/fuzz/regressions/TARGET/
and replayed by `test_regressions` from then on."""

from __future__ import annotations

import hashlib
import io
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sealdesk.app.demo import DEMO_SEAL_NAME, DemoKey
from tests.fuzz.targets import (
    TARGETS,
    Target,
    interop_seeds,
    rezip,
    sealbox_seeds,
    zip_members,
)

REGRESSIONS = Path(__file__).with_name("regressions")
EXAMPLES = int(os.environ.get("SEALDESK_FUZZ_EXAMPLES", "30"))
COUNTS: dict[str, int] = {}


@pytest.fixture(scope="session")
def seeds(demo_key: DemoKey, module) -> dict[str, list[bytes]]:  # type: ignore[no-untyped-def]
    """The interop corpus and our own outputs: signed PDF and OFD, a seal, a seal signature,
    seal pictures."""
    from PIL import Image

    from sealdesk.signing.jobs import Placement, SealPicture, SignOptions
    from sealdesk.signing.ofd.sign import sign_ofd
    from sealdesk.signing.pdf.sign import sign_pdf
    from sealdesk.signing.seal_image import SealStyle, generate_official_seal
    from sealdesk.signing.ses import parse_seal
    from sealdesk.signing.softkey import SoftKeySigner
    from tests.ofd_factory import make_ofd
    from tests.signing.pdf_attacks import make_pdf

    os.environ["SEALDESK_FUZZ_KEY"] = str(demo_key.unit_sm2_key)
    os.environ["SEALDESK_FUZZ_CERT"] = str(demo_key.unit_sm2_cert)
    unit = SoftKeySigner.from_files(demo_key.unit_sm2_key, demo_key.unit_sm2_cert)
    from sealdesk.app.demo import DEMO_TOKEN_LABEL

    with module.open(DEMO_TOKEN_LABEL).session() as session:
        seal_der = session.read_data(DEMO_SEAL_NAME)
    s = parse_seal(seal_der)
    picture = SealPicture(s.picture, s.picture_width_mm, s.picture_height_mm, s.name, seal_der)
    options = SignOptions(placements=[Placement(1, 30, 30)], seal=picture)
    signed_pdf = sign_pdf(make_pdf(pages=2), signer=unit, options=options)
    signed_ofd = sign_ofd(make_ofd(2), signer=unit, options=options)
    members = zip_members(signed_ofd) or {}
    signature = members["Doc_0/Signs/Sign_0/SignedValue.dat"]
    png = generate_official_seal(style=SealStyle.OFFICIAL, name="测试单位").png
    jpeg = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(jpeg, "JPEG")
    return {
        "pdf": [*interop_seeds("pdf"), signed_pdf, make_pdf()],
        "ofd": [*interop_seeds("ofd"), signed_ofd, make_ofd(1)],
        "seal": [seal_der],
        "signature": [signature],
        "image": [png, jpeg.getvalue()],
        "sealbox": sealbox_seeds(),
    }


@st.composite
def _bytes_mutation(draw, data: bytes) -> bytes:  # type: ignore[no-untyped-def]
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "repeat", "zero"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if op == "flip" and out:
            out[at] ^= draw(st.integers(1, 255))
        elif op == "truncate":
            del out[at:]
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del out[at : at + draw(st.integers(1, 256))]
        elif op == "repeat":
            out[at:at] = out[at : at + draw(st.integers(1, 4096))] * draw(st.integers(2, 50))
        elif op == "zero":
            n = draw(st.integers(1, 64))
            out[at : at + n] = bytes(len(out[at : at + n]))
    return bytes(out)


_MARKUP = [b"<", b">", b"</", b'"', b"&", b"&amp;", b"<!ENTITY x 'y'>", b"../", b"\x00", b"1e308",
           b"-1", b"NaN", b"999999999", b" ", b"\xff\xfe"]  # fmt: skip


@st.composite
def _zip_mutation(draw, data: bytes) -> bytes:  # type: ignore[no-untyped-def]
    """An OFD with one member changed (XML the parser will read, not a broken zip)."""
    members = zip_members(data)
    if not members:
        return draw(_bytes_mutation(data))
    name = draw(st.sampled_from(sorted(members)))
    content = bytearray(members[name])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(content) - 1, 0)))
        if draw(st.booleans()):
            content[at:at] = draw(st.sampled_from(_MARKUP))
        else:
            del content[at : at + draw(st.integers(1, 64))]
    members[name] = bytes(content)
    if draw(st.integers(0, 9)) == 0:  # now and then a member gone
        members.pop(draw(st.sampled_from(sorted(members))), None)
    return rezip(members)


def _save(target: Target, sample: bytes) -> Path:
    folder = REGRESSIONS / target.name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(sample).hexdigest()[:16]}.bin"
    path.write_bytes(sample)
    return path


def fuzz(target: Target, seeds: list[bytes], examples: int) -> int:
    """Run ``target`` on ``examples`` mutated seeds; returns how many inputs it ran. A failing
    input is saved before the failure is raised."""
    ran = 0

    @settings(
        max_examples=examples,
        deadline=20_000,  # a hang over 20 s is a defect
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=os.environ.get("SEALDESK_FUZZ_RANDOM") is None,
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        nonlocal ran
        seed = data.draw(st.sampled_from(seeds))
        mutation = _zip_mutation(seed) if target.zip_aware else _bytes_mutation(seed)
        sample = data.draw(mutation)
        ran += 1
        started = time.monotonic()
        try:
            target.run(sample)
        except BaseException:
            _save(target, sample)
            raise
        if time.monotonic() - started > 20:
            _save(target, sample)
            raise AssertionError(f"{target.name}: took {time.monotonic() - started:.0f} s")

    run()
    return ran


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_fuzz(target: Target, seeds: dict[str, list[bytes]]) -> None:
    COUNTS[target.name] = fuzz(target, seeds[target.seeds], EXAMPLES)
    print(f"{target.name}: {COUNTS[target.name]} inputs")


_SAVED = sorted(REGRESSIONS.glob("*/*.bin")) if REGRESSIONS.is_dir() else []


@pytest.mark.parametrize("path", _SAVED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_regressions(path: Path, seeds: dict[str, list[bytes]]) -> None:
    """Every input that once failed a target, replayed (seeds set the key files up)."""
    target = next(t for t in TARGETS if t.name == path.parent.name)
    target.run(path.read_bytes())
