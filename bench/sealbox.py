"""Seal boxes over the simulated radio: record download, protocol efficiency, grant round trip.

    .venv/bin/python bench/sealbox.py [--rounds 5] [--records 800] [--photos 200]
                                      [--data-length 251]

The client is the shipping session (bleak through the bumble backend), the box the simulator;
both in this process on one bumble link. Targets (issue 18): 800 offline records box -> client
on the simulated link in < 2 s; the same over a modelled radio (10 ms one way, 40 kB/s shared
air, in order, no loss) reported, with the protocol's efficiency (record bytes / link bytes,
L2CAP PDUs both ways, ATT and frame headers, ACKs and requests included) >= 0.9; a grant's round
trip: sign on the platform, send, verify on the box, the screen shows 0/N. Photos box -> client
(--photos of them): one PhotoGet round trip each (what older boxes take) beside the stream (one
PhotosGet for up to 64, back to back), each kept as the client keeps it (written, fsync).
--data-length: bytes of a link-layer packet (251 with Data Length Extension; 27 without, bumble's
default, which costs the simulation a few Python calls per 27 bytes on each side).

The simulated link has no radio timing (no connection interval, no data length extension):
its figure is the software's cost; on hardware the MTU, DLE and connection interval decide.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sealdesk.sealbox.protocol import messages  # noqa: E402
from sealdesk.sealbox.protocol.commands import CommandKind  # noqa: E402
from sealdesk.sealbox.protocol.messages import Record  # noqa: E402
from sealdesk.sealbox.records import LocalRecords  # noqa: E402
from sealdesk.sealbox.simulator.box import Box  # noqa: E402
from sealdesk.sealbox.simulator.radio import Faults  # noqa: E402
from tests.sealbox.platform import Platform  # noqa: E402
from tests.sealbox.rig import Rig  # noqa: E402

logging.getLogger("bumble").setLevel(logging.CRITICAL)
logging.getLogger("asyncio").setLevel(
    logging.CRITICAL
)  # bumble leaves advertising tasks at loop end


def filled_box(folder: Path, platform: Platform, records: int) -> Path:
    """A GL box, bound, in offline mode, with ``records`` stamps waiting (each with a photo)."""
    box = Box.create(folder, model="GL", name="ZGY_GL")
    box.bind(platform.point, "财务章", "")
    box.command(platform.command(box.device_id, CommandKind.SETTINGS, offline=True))
    box.command(platform.grant(box.device_id, count=0))
    for _ in range(records):
        box.press()
    box.close()
    return folder


LINK = {"data_length": 251}  # --data-length


async def download(folder: Path, *, latency: float, rate: float | None) -> dict[str, float]:
    rig = await Rig.start(latency=latency, rate=rate, data_length=LINK["data_length"])
    await rig.add_box(folder)
    got: list[Record] = []
    async with rig.session("ZGY_GL") as s:
        before = rig.link.acl_bytes
        started = time.perf_counter()
        await s.records(0, got.extend)
        seconds = time.perf_counter() - started
        link = rig.link.acl_bytes - before
    await rig.close()
    payload = sum(len(r.encode()) for r in got)
    return {"seconds": seconds, "records": len(got), "payload": payload, "link": link}


async def photos(
    folder: Path, work: Path, count: int, *, stream: bool, latency: float, rate: float | None
) -> float:
    """Seconds for ``count`` photos box -> local folder, streamed or one request each."""
    rig = await Rig.start(latency=latency, rate=rate, data_length=LINK["data_length"])
    await rig.add_box(folder, faults=Faults(old_firmware=not stream))
    local = LocalRecords(work)
    async with rig.session("ZGY_GL") as s:
        records: list[Record] = []
        await s.records(0, records.extend)
        wanted = {r.seq: r.photo_size for r in records[:count]}
        started = time.perf_counter()
        got = await s.photos(wanted, local.save_photo)
        seconds = time.perf_counter() - started
    await rig.close()
    assert len(got.done) == count, got.refused
    shutil.rmtree(work)
    return seconds


async def grant_round_trip(
    folder: Path, platform: Platform, *, latency: float, rate: float | None
) -> float:
    rig = await Rig.start(latency=latency, rate=rate, data_length=LINK["data_length"])
    radio = await rig.add_box(folder)
    device = radio.box.device_id
    async with rig.session("ZGY_GL") as s:
        await s.command(platform.command(device, CommandKind.END))
        started = time.perf_counter()
        await s.command(platform.grant(device, count=5))  # signed here, verified on the box
        info = await s.request(messages.Hello(client="bench"), messages.Info)
        seconds = time.perf_counter() - started
        assert info.screen == "0/5", info.screen
    await rig.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--records", type=int, default=800)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--data-length", type=int, default=LINK["data_length"])
    args = parser.parse_args()
    LINK["data_length"] = args.data_length
    platform = Platform()
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        folder = filled_box(Path(work) / "gl", platform, args.records)
        print(f"{dt.datetime.now():%Y-%m-%d %H:%M}, median of {args.rounds} rounds, "
              f"{args.data_length}-byte link-layer packets")  # fmt: skip
        print(f"box filled with {args.records} stamps in {time.perf_counter() - started:.1f} s")
        print(f"{'figure':<46}{'result':>12}  target")
        links = {"simulated link": (0.0, None), "radio model 10 ms, 40 kB/s": (0.010, 40_000.0)}
        ok = True
        for name, (latency, rate) in links.items():
            runs = [
                asyncio.run(download(folder, latency=latency, rate=rate))
                for _ in range(args.rounds)
            ]
            seconds = statistics.median(r["seconds"] for r in runs)
            run = runs[0]
            efficiency = run["payload"] / run["link"]
            assert all(r["records"] == args.records for r in runs)
            target = "< 2 s" if not latency else "reported"
            print(f"{args.records} records, {name:<31}{seconds:>10.3f} s  {target}")
            kb = run["payload"] / 1000
            print(f"  record bytes / link bytes ({kb:.0f} kB / {run['link'] / 1000:.0f} kB)"
                  f"{efficiency:>13.3f}    >= 0.9")  # fmt: skip
            print(f"  application throughput{run['payload'] / seconds / 1000:>21.1f} kB/s")
            ok &= efficiency >= 0.9 and (latency > 0 or seconds < 2)
            rtt = statistics.median(
                asyncio.run(grant_round_trip(folder, platform, latency=latency, rate=rate))
                for _ in range(args.rounds)
            )
            print(f"grant round trip (sign, send, verify, 0/N), {name:<2}"[:46].ljust(46)
                  + f"{rtt * 1000:>9.1f} ms  reported")  # fmt: skip
            n = min(args.photos, args.records)
            for stream, how in ((False, "one request each"), (True, "streamed")):
                took = statistics.median(
                    asyncio.run(
                        photos(folder, Path(work) / "kept", n, stream=stream,
                               latency=latency, rate=rate)
                    )
                    for _ in range(args.rounds)
                )  # fmt: skip
                print(f"{n} photos, {how}".ljust(46) + f"{took:>10.3f} s  "
                      f"{took / n * 1000:.1f} ms a photo")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
