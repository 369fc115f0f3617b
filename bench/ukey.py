"""Signing through our Signer vs bare python-pkcs11, same token, same run.

    .venv/bin/python bench/ukey.py [--n 1000]

Prints ops/s for each and the ratio; target: our overhead under 10% (ratio >= 0.90).
The two are interleaved in rounds so that machine noise hits both alike. The bare side does
the least python-pkcs11 needs for the same output (DER for ECDSA, with the same C encoder).
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from pkcs11 import Attribute, Mechanism, ObjectClass

from sealdesk.app.demo import DEMO_TOKEN_LABEL, DEMO_USER_PIN, init_demo
from sealdesk.ukey import ModuleChoice, Pkcs11Module, TokenSigner
from sealdesk.ukey.profiles import load_profiles


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000, help="signatures per algorithm and side")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    demo = init_demo(Path(tempfile.mkdtemp(prefix="sealdesk-bench-")) / "key")
    softhsm = next(p for p in load_profiles() if p.id == "softhsm2")
    module = Pkcs11Module.load(ModuleChoice(demo.module_path, "option", softhsm))
    module.lib.reinitialize()
    token = module.open(DEMO_TOKEN_LABEL)
    data = b"x" * 4096
    print(f"SoftHSM2 token, {args.n} signatures of 4 KiB per side, {args.rounds} rounds")
    print(f"{'algorithm':<20}{'Signer ops/s':>14}{'bare ops/s':>14}{'ratio':>8}")
    with token.session(DEMO_USER_PIN) as session:
        for key_id, name in ((b"\x01", "RSA-2048 SHA-256"), (b"\x02", "ECDSA P-256 SHA-256")):
            signer = TokenSigner.from_session(session, key_id)
            bare_key = next(
                iter(
                    session.p11.get_objects(
                        {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: key_id}
                    )
                )
            )
            if key_id == b"\x01":

                def bare(key=bare_key) -> bytes:  # type: ignore[no-untyped-def]
                    return bytes(key.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS))
            else:

                def bare(key=bare_key) -> bytes:  # type: ignore[no-untyped-def]
                    raw = key.sign(hashlib.sha256(data).digest(), mechanism=Mechanism.ECDSA)
                    return encode_dss_signature(
                        int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
                    )

            ours_time = bare_time = 0.0
            per_round = max(1, args.n // args.rounds)
            for _ in range(args.rounds):
                start = time.perf_counter()
                for _ in range(per_round):
                    signer.sign(data)
                ours_time += time.perf_counter() - start
                start = time.perf_counter()
                for _ in range(per_round):
                    bare()
                bare_time += time.perf_counter() - start
            total = per_round * args.rounds
            ours, raw = total / ours_time, total / bare_time
            print(f"{name:<20}{ours:>14.0f}{raw:>14.0f}{ours / raw:>8.3f}")


if __name__ == "__main__":
    main()
