"""An in-process radio for the tests: simulated boxes and a bleak central on one bumble link."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sealdesk.sealbox.session import BoxSession
from sealdesk.sealbox.session.bumble_backend import BumbleCentral
from sealdesk.sealbox.simulator.box import Box
from sealdesk.sealbox.simulator.link import DATA_LENGTH, RadioLink
from sealdesk.sealbox.simulator.radio import BoxRadio, Faults, RadioHost

logging.getLogger("bumble").setLevel(logging.CRITICAL)  # "no connection for handle" after drops


@dataclass
class Rig:
    link: RadioLink
    central: BumbleCentral
    radios: dict[str, tuple[BoxRadio, RadioHost]] = field(default_factory=dict)

    @classmethod
    async def start(
        cls, *, latency: float = 0.0, rate: float | None = None, data_length: int = DATA_LENGTH
    ) -> Rig:
        link = RadioLink(latency=latency, rate=rate, data_length=data_length)
        return cls(link, await BumbleCentral.on_link(link))

    async def add_box(
        self,
        folder: Path,
        *,
        model: str = "GL",
        name: str = "ZGY_GL",
        faults: Faults | None = None,
        max_mtu: int | None = None,
    ) -> BoxRadio:
        """``max_mtu``: the most the box agrees to in the MTU exchange (23: no larger MTU, as
        BlueZ and many radios give)."""
        box = Box.create(folder, model=model, name=name)
        host = await RadioHost.on_link(self.link, name, box.address)
        if max_mtu is not None:
            host.device.gatt_server.max_mtu = max_mtu
        radio = BoxRadio(box, host.device, faults=faults)
        await radio.start()
        self.radios[name] = (radio, host)
        return radio

    def session(self, target: str, **kw: object) -> BoxSession:
        client, scanner = self.central.backends()
        return BoxSession(target, client_backend=client, scanner_backend=scanner, **kw)  # type: ignore[arg-type]

    async def close(self) -> None:
        for radio, _ in self.radios.values():
            await radio.close()
