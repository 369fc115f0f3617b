"""Run the fuzz targets long (CI runs each for a short budget as part of the tests).

    .venv/bin/python scripts/fuzz.py [--examples 5000] [--api-examples 300] [--target NAME]...

Each target gets fresh random inputs (SEALDESK_FUZZ_RANDOM); an input that breaks a target's
contract is saved under tests/fuzz/regressions/TARGET/ and replayed by the tests from then on:
commit it with the fix. The counts of inputs each target ran are printed at the end.

The target ``api`` is the platform server's (tests/server/test_api_fuzz.py): requests made from
its OpenAPI document, ``--api-examples`` per operation, as the unit's 超级管理员 and (a third as
many) without a session, to a `sealdesk server run` process on SQLite.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="inputs per target")
    parser.add_argument(
        "--api-examples", type=int, default=300, help="requests per server operation (api)"
    )
    parser.add_argument("--target", action="append", default=[], help="only these targets")
    args = parser.parse_args()
    chosen = "test_fuzz"
    if args.target:
        chosen += " and (" + " or ".join(args.target) + ")"
    command = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
               "tests/fuzz/test_fuzz.py", "tests/server/test_api_fuzz.py", "-k", chosen,
               "--timeout", "0"]  # fmt: skip
    env = {
        **os.environ,
        "SEALDESK_FUZZ_EXAMPLES": str(args.examples),
        "SEALDESK_FUZZ_API_EXAMPLES": str(args.api_examples),
        "SEALDESK_FUZZ_RANDOM": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
