"""GM crypto and seals: our figures next to OpenSSL's, in one run.

    .venv/bin/python bench/gm.py [--mb 100]

Targets: SM2 sign and verify within 2x `openssl speed sm2`; SM3 within 1.5x
`openssl dgst -sm3` on the same 100 MB; seal verification over 1000/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable

from sealdesk.signing import sm2
from sealdesk.signing.demo_pki import make_sm2_ca
from sealdesk.signing.seal_image import SealStyle, generate_official_seal
from sealdesk.signing.seals import build_seal, check_seal
from sealdesk.signing.softkey import SoftKeySigner


def rate(fn: Callable[[], object], seconds: float = 2.0) -> float:
    """Calls per second of ``fn`` over about ``seconds``."""
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(20):
            fn()
        count += 20
    return count / elapsed


def openssl_sm2(seconds: int) -> tuple[float, float]:
    out = subprocess.run(
        ["openssl", "speed", "-seconds", str(seconds), "sm2"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"SM2 \(\w+\)\s+([\d.]+)s\s+([\d.]+)s\s+([\d.]+)\s+([\d.]+)", out)
    if not match:
        raise RuntimeError(f"cannot read openssl speed output:\n{out}")
    return float(match.group(3)), float(match.group(4))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()

    key = sm2.generate_key()
    message = os.urandom(1024)
    signature = sm2.sign(key, message)
    public = key.public_key()
    ours_sign = rate(lambda: sm2.sign(key, message), args.seconds)
    ours_verify = rate(lambda: sm2.verify(public, signature, message), args.seconds)
    ssl_sign, ssl_verify = openssl_sm2(int(args.seconds))

    data = os.urandom(args.mb * 1024 * 1024)
    start = time.perf_counter()
    hashlib.new("sm3", data).digest()
    ours_sm3 = args.mb / (time.perf_counter() - start)
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        subprocess.run(["openssl", "dgst", "-sm3", f.name], capture_output=True, check=True)
        start = time.perf_counter()
        subprocess.run(["openssl", "dgst", "-sm3", f.name], capture_output=True, check=True)
        ssl_sm3 = args.mb / (time.perf_counter() - start)

    ca = make_sm2_ca("bench maker")
    maker = SoftKeySigner(key=ca.key, certificate=ca.certificate)
    picture = generate_official_seal(style=SealStyle.OFFICIAL, name="基准测试单位").png
    now = dt.datetime.now(dt.UTC)

    def build() -> bytes:
        return build_seal(
            maker=maker,
            name="基准测试单位公章",
            seal_type=1,
            picture=picture,
            picture_type="png",
            width_mm=42,
            height_mm=42,
            signer_certs=[ca.certificate],
            valid_from=now,
            valid_to=now + dt.timedelta(days=365),
        )

    seal = build()
    builds = rate(build, args.seconds)
    verifies = rate(lambda: check_seal(seal), args.seconds)
    assert check_seal(seal).ok

    print(f"{'figure':<28}{'SealDesk':>12}{'OpenSSL':>12}{'ratio':>8}  target")
    print(
        f"{'SM2 sign /s':<28}{ours_sign:>12.0f}{ssl_sign:>12.0f}{ssl_sign / ours_sign:>8.2f}  <= 2"
    )
    print(
        f"{'SM2 verify /s':<28}{ours_verify:>12.0f}{ssl_verify:>12.0f}"
        f"{ssl_verify / ours_verify:>8.2f}  <= 2"
    )
    print(
        f"{f'SM3 MB/s ({args.mb} MB)':<28}{ours_sm3:>12.0f}{ssl_sm3:>12.0f}"
        f"{ssl_sm3 / ours_sm3:>8.2f}  <= 1.5"
    )
    print(f"{'seal build /s':<28}{builds:>12.0f}")
    print(f"{'seal verify /s':<28}{verifies:>12.0f}{'':>20}  > 1000")
    print(f"(seal with a {len(picture) // 1024} KB PNG picture, {len(seal) // 1024} KB in all)")


if __name__ == "__main__":
    main()
