"""Fuzz targets: every parser of untrusted input, and the command line's contract on top.

A target takes bytes and either returns or raises one of the errors its caller turns into words;
anything else is a defect. The command-line targets also hold the exit-code contract (a
documented code, one JSON document on stdout, no traceback anywhere) and write nothing outside
the folder they were given. `tests/fuzz/test_fuzz.py` runs each for a short budget in CI;
`scripts/fuzz.py` runs them long.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# exit codes of the table in README/DESIGN; 70 (internal error) is never right
EXIT_CODES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 130}


def _pdf_verify(data: bytes) -> None:
    from sealdesk.signing.pdf.verify import PdfInputError, verify_pdf

    with contextlib.suppress(PdfInputError):
        verify_pdf(data, timeout=20)


def _ofd_package(data: bytes) -> None:
    from sealdesk.signing.ofd.package import OfdInputError, OfdPackage

    with contextlib.suppress(OfdInputError):
        package = OfdPackage.read(data)
        for name in list(package.members)[:20]:
            if name.lower().endswith(".xml"):
                with contextlib.suppress(OfdInputError):
                    package.xml(name)


def _ofd_verify(data: bytes) -> None:
    from sealdesk.signing.ofd.package import OfdInputError
    from sealdesk.signing.ofd.verify import verify_ofd

    with contextlib.suppress(OfdInputError):
        verify_ofd(data, timeout=20)


def _ofd_render(data: bytes) -> None:
    from sealdesk.signing.ofd.package import OfdInputError
    from sealdesk.signing.ofd.render import load_document, render_png

    with contextlib.suppress(OfdInputError):
        document = load_document(data)
        if document.pages:
            render_png(document, 0, dpi=24)


def _seal(data: bytes) -> None:
    from sealdesk.signing.seals import check_seal
    from sealdesk.signing.ses import SealFormatError

    with contextlib.suppress(SealFormatError):
        check_seal(data)


def _seal_signature(data: bytes) -> None:
    from sealdesk.signing.seals import check_signature
    from sealdesk.signing.ses import SealFormatError

    with contextlib.suppress(SealFormatError):
        check_signature(data)


def _seal_image(data: bytes) -> None:
    from sealdesk.signing.errors import SealImageError
    from sealdesk.signing.seal_image import import_seal_image, seal_picture_size

    with contextlib.suppress(SealImageError):
        seal_picture_size(data)
    with contextlib.suppress(SealImageError):
        import_seal_image(data)


def _sealbox_frames(data: bytes) -> None:
    """The seal-box byte stream as a box or a client takes it, at two MTUs: frames, messages,
    nested records and signed commands. Only ProtocolError / CommandRefused may come out of
    decoding, and the channel itself never raises."""
    from sealdesk.sealbox.protocol import messages
    from sealdesk.sealbox.protocol.commands import CommandRefused, verify_command
    from sealdesk.sealbox.protocol.frames import Channel

    for size in (20, 244):
        channel = Channel()
        for i in range(0, len(data), size):
            for raw in channel.receive(data[i : i + size]):
                try:
                    message = messages.decode(raw)
                    if isinstance(message, messages.Records):
                        messages.records_of(message)
                    if isinstance(message, messages.Signed):
                        verify_command(
                            message, platform_key=_SEALBOX_KEY[0], device_id="GL-1",
                            last_counter=0, now=0,
                        )  # fmt: skip
                except (messages.ProtocolError, CommandRefused):
                    pass
            channel.outgoing()


_SEALBOX_KEY: list[bytes] = []


def _sealbox_box(data: bytes) -> None:
    """A simulated box (bound, granted) taking the stream as a client's writes: it answers or
    skips, never raises, and still answers a ping afterwards."""
    from sealdesk.sealbox.protocol import messages
    from sealdesk.sealbox.protocol.frames import Channel
    from sealdesk.sealbox.simulator.box import Box
    from sealdesk.sealbox.simulator.endpoint import BoxEndpoint

    with tempfile.TemporaryDirectory() as work:
        box = Box.create(Path(work), model="GL", name="ZGY_GL")
        try:
            box.bind(_SEALBOX_KEY[0], "x", "")
            endpoint = BoxEndpoint(box)
            for i in range(0, len(data), 20):
                endpoint.receive(data[i : i + 20])
                endpoint.outgoing()
            fresh = BoxEndpoint(box)
            client = Channel()
            client.send(messages.Ping(token=7).encode())
            fresh.receive(client.outgoing())
            answers = [messages.decode(m) for m in client.receive(fresh.outgoing())]
            if messages.Pong(token=7) not in answers:
                raise AssertionError(f"the box stopped answering: {answers}")
        finally:
            box.close()


def sealbox_seeds() -> list[bytes]:
    """Streams of valid frames: a hello, records, a signed grant, a long photo, photo
    requests and a streamed answer."""
    from sealdesk.sealbox.protocol import messages
    from sealdesk.sealbox.protocol.commands import Command, key_id, sign_command
    from sealdesk.sealbox.protocol.frames import Channel
    from sealdesk.signing import sm2

    key = sm2.generate_key()
    point = sm2.public_point(key)
    _SEALBOX_KEY[:] = [point]
    record = messages.Record(seq=1, kind=1, time_ms=2, user_id="张三", photo_size=10)
    grant = Command(
        kind=1, device_id="GL-1", key_id=key_id(point), counter=1, issued_at=0,
        grant_id=bytes(16), user_id="u", not_before=0, not_after=10**10, count=5,
    )  # fmt: skip
    streams = []
    for batch in (
        [messages.Hello(client="x"), messages.RecordsGet(start=0)],
        [messages.Records(records=[record.encode()] * 30), messages.RecordsDone(next_seq=31)],
        [sign_command(grant, key), messages.Activate(code="123456")],
        [messages.Photo(seq=1, jpeg=bytes(range(256)) * 20)],
        [messages.PhotosGet.of([0, 1, 2]), messages.PhotoGet(seq=1)],
        [messages.Photo(seq=0, jpeg=b"\xff\xd8\xff" * 30), messages.PhotosDone(sent=1)],
    ):
        channel = Channel(frame_payload=300)
        for m in batch:
            channel.send(m.encode())
        streams.append(channel.outgoing())
    return streams


class ContractBroken(AssertionError):
    """The command line left its contract."""


def _cli(args: list[str], folder: Path) -> None:
    """`sealdesk ARGS --json` in this process: a documented exit code, one JSON document, no
    traceback, no temporary file left behind."""
    from sealdesk.desktop.cli import main

    # temporary files go to a folder of this call's own: the machine's temp folder is shared
    # with other processes, whose files are not this command's strays
    scratch = Path(tempfile.mkdtemp(dir=folder, prefix="scratch-"))
    stdout, stderr = io.StringIO(), io.StringIO()
    shared, tempfile.tempdir = tempfile.tempdir, str(scratch)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main([*args, "--json"])
    finally:
        tempfile.tempdir = shared
    if code not in EXIT_CODES:
        raise ContractBroken(f"exit {code}: {stdout.getvalue()[:500]} {stderr.getvalue()[:500]}")
    if "Traceback" in stdout.getvalue() + stderr.getvalue():
        raise ContractBroken(f"a traceback: {stderr.getvalue()[:2000]}")
    try:
        json.loads(stdout.getvalue())
    except ValueError as e:
        raise ContractBroken(f"not one JSON document: {stdout.getvalue()[:500]}") from e
    strays = sorted(scratch.iterdir())
    if strays:
        raise ContractBroken(f"temporary files left behind: {strays}")
    scratch.rmdir()


def _cli_verify(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        path = folder / ("in.ofd" if data[:2] == b"PK" else "in.pdf")
        path.write_bytes(data)
        _cli(["verify", str(path)], folder)


def _cli_sign(data: bytes) -> None:
    """Signing an untrusted document with a soft key: the key files come from
    SEALDESK_FUZZ_KEY / SEALDESK_FUZZ_CERT (the demo's SM2 unit key in the tests)."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        path = folder / ("in.ofd" if data[:2] == b"PK" else "in.pdf")
        path.write_bytes(data)
        out = folder / f"out{path.suffix}"
        key = ["--key-file", os.environ["SEALDESK_FUZZ_KEY"]]
        cert = ["--cert-file", os.environ["SEALDESK_FUZZ_CERT"]]
        _cli(["sign", str(path), "-o", str(out), *key, *cert], folder)
        leftovers = {p.name for p in folder.iterdir()} - {path.name, out.name}
        if leftovers:
            raise ContractBroken(f"left behind: {sorted(leftovers)}")


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[bytes], None]
    seeds: str  # which seed kind: pdf, ofd, seal, signature, image, sealbox
    zip_aware: bool = False  # mutate the members of a zip rather than its bytes


TARGETS = [
    Target("pdf_verify", _pdf_verify, "pdf"),
    Target("ofd_package", _ofd_package, "ofd", zip_aware=True),
    Target("ofd_verify", _ofd_verify, "ofd", zip_aware=True),
    Target("ofd_render", _ofd_render, "ofd", zip_aware=True),
    Target("seal_der", _seal, "seal"),
    Target("seal_signature_der", _seal_signature, "signature"),
    Target("seal_image", _seal_image, "image"),
    Target("sealbox_frames", _sealbox_frames, "sealbox"),
    Target("sealbox_box", _sealbox_box, "sealbox"),
    Target("cli_verify_pdf", _cli_verify, "pdf"),
    Target("cli_verify_ofd", _cli_verify, "ofd", zip_aware=True),
    Target("cli_sign_pdf", _cli_sign, "pdf"),
    Target("cli_sign_ofd", _cli_sign, "ofd", zip_aware=True),
]


def zip_members(data: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {i.filename: z.read(i) for i in z.infolist() if not i.is_dir()}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return None
    except Exception:
        return None


def rezip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def interop_seeds(kind: str) -> list[bytes]:
    root = Path(
        os.environ.get("SEALDESK_INTEROP")
        or Path(__file__).resolve().parents[3] / "shared" / "interop"
    )
    folder = root / kind
    if not folder.is_dir():
        return []
    return [p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == f".{kind}"]


if __name__ == "__main__":  # a crash file given on the command line, replayed
    name, path = sys.argv[1], sys.argv[2]
    next(t for t in TARGETS if t.name == name).run(Path(path).read_bytes())
