"""The keeper's side end to end: platform (a `sealdesk server run` process) + the shipping
client code (app/sealbox.py, bleak through the bumble backend) + a simulated box, one bumble
link in this process.

    .venv/bin/python bench/sealbox_platform.py [--rounds 5] [--records 800] [--db URL]

Measures, median of the rounds:
- a grant: the platform checks and signs it, the client reaches the box, reports it, delivers
  the waiting commands, the box verifies and shows 0/N, the client reports the answer;
- a lost-lock made while the box is away, applied at the next contact (a `records` run);
- N offline records with a photo each: box -> local folder -> platform (records and photos).

Without --db the server runs on an SQLite file; give a PostgreSQL URL to measure that.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sealdesk.app.sealbox import Keeper  # noqa: E402
from sealdesk.signing.demo_pki import make_root_ca  # noqa: E402
from sealdesk.sync.client import PlatformClient  # noqa: E402
from sealdesk.sync.sealbox import SealboxApi  # noqa: E402
from tests.platform_env import (  # noqa: E402
    ServerProcess,
    UnitCa,
    credit_code,
    login,
    person_body,
)
from tests.sealbox.rig import Rig  # noqa: E402

logging.getLogger("bumble").setLevel(logging.CRITICAL)
logging.getLogger("asyncio").setLevel(logging.CRITICAL)


async def one_round(url: str, token: str, folder: Path, records: int) -> dict[str, float]:
    rig = await Rig.start()
    radio = await rig.add_box(folder / "box")
    box = radio.box
    figures: dict[str, float] = {}
    with PlatformClient(url, token=token) as client:
        api = SealboxApi(client)
        user = client.request("POST", "/people", json=person_body(int(time.time_ns() % 10**8)))
        async with Keeper(
            api, backends=rig.central.backends(), records_root=folder / "records"
        ) as keeper:
            await keeper.bind(box.address, name="财务章")
            started = time.perf_counter()
            granted = await keeper.grant(
                "财务章", user=user["person"]["id"], count=0, not_after=int(time.time()) + 3600
            )
            figures["grant"] = time.perf_counter() - started
            assert granted["box"]["screen"] == "0/∞", granted["box"]["screen"]
            code = (await keeper.offline_code("财务章"))["code"]
            await keeper.settings("财务章", offline=True, code=code)
            # the box is away: the lost-lock waits on the platform, the box stamps offline
            started = time.perf_counter()
            await asyncio.to_thread(api.lock, (await keeper.find("财务章"))["id"])
            figures["lock_recorded"] = time.perf_counter() - started
            for _ in range(records):
                assert box.press().stamped
            marks: dict[str, float] = {}

            def progress(stage: str, done: int, total: int) -> None:
                marks[stage] = time.perf_counter()  # the last event of each stage

            started = time.perf_counter()
            pulled = await keeper.records("财务章", progress=progress)
            figures["records"] = time.perf_counter() - started
            figures["download"] = marks["download"] - started
            figures["photos_from_box"] = marks["photos"] - marks["download"]
            figures["to_platform"] = marks["upload_photos"] - marks["photos"]
            assert pulled["uploaded"] == records and pulled["photos_uploaded"] == records, pulled
            assert box.info().locked, "the lock reached the box"
            figures["photo_kb"] = (
                sum(p.stat().st_size for p in (folder / "records").rglob("*.jpg")) / 1024
            )
    await rig.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--records", type=int, default=800)
    parser.add_argument("--db", help="the server's database (default: an SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ca = make_root_ca("Bench CA")
        (work / "ca.pem").write_bytes(ca.certificate_pem)
        unit_ca = UnitCa(ca, work / "ca.pem")
        server = ServerProcess(args.db or f"sqlite:///{work}/platform.db", [unit_ca.pem], work)
        server.start()
        try:
            rounds = []
            for n in range(args.rounds):
                with httpx.Client(base_url=server.url, timeout=30) as c:
                    reply = login(c, unit_ca.key(credit_code(), f"BENCH-{n}"))
                    reply.raise_for_status()
                    token = reply.json()["token"]
                folder = work / f"round{n}"
                rounds.append(asyncio.run(one_round(server.url, token, folder, args.records)))
                print(f"round {n + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in rounds[-1].items()))
        finally:
            server.stop()
    median = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
    db = "PostgreSQL" if args.db else "SQLite"
    print(f"median of {args.rounds} ({db}, the simulated link in this process):")
    print(f"  grant, platform to box and back (screen 0/N): {median['grant'] * 1000:.0f} ms")
    print(f"  lost-lock recorded while the box is away: {median['lock_recorded'] * 1000:.0f} ms")
    print(
        f"  {args.records} records + {args.records} photos ({median['photo_kb']:.0f} kB) box -> "
        f"folder -> platform, the waiting lock delivered first: {median['records']:.2f} s"
    )
    print(
        f"    records from the box {median['download']:.2f} s, photos from the box "
        f"{median['photos_from_box']:.2f} s, records and photos to the platform "
        f"{median['to_platform']:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
