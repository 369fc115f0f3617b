"""Verifying documents with one trust policy, for the CLI and the GUI alike.

What is trusted: the roots given for this run, the settings' roots, the settings' seal makers
(制章机构, for seal makers only), and — only when the user chose demo mode — the demo key's
roots, for the demo's own certificates only. A configured file that is missing or is no
certificate or CRL is an error naming the file, never silently dropped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sealdesk.app.errors import TrustFileError
from sealdesk.app.settings import Settings, demo_mode
from sealdesk.signing.anchors import DemoTrust, TrustInputError, load_certificates, load_crls
from sealdesk.signing.jobs import verify_document
from sealdesk.signing.progress import Progress

if TYPE_CHECKING:
    import threading

    from sealdesk.signing.verdicts import DocumentReport

DEMO_MARKER = "demo.json"
DEMO_ROOTS = ("pki/root-ca.pem", "pki/sm2-root-ca.pem")


def demo_folder() -> Path | None:
    """The demo key's folder when the demo key is the one in use (its SoftHSM2 config)."""
    conf = os.environ.get("SOFTHSM2_CONF")
    if not conf:
        return None
    folder = Path(conf).parent
    return folder if (folder / DEMO_MARKER).is_file() else None


def demo_trust(settings: Settings) -> DemoTrust | None:
    """The demo's roots and the certificates they vouch for, in demo mode only."""
    folder = demo_folder()
    if folder is None or not demo_mode(settings):
        return None
    try:
        marker = json.loads((folder / DEMO_MARKER).read_text("utf-8"))
        issued = frozenset(bytes.fromhex(h) for h in marker.get("certificates", []))
        roots = tuple(
            c.dump()
            for name in DEMO_ROOTS
            for c in load_certificates([(folder / name).read_bytes()])
        )
    except (OSError, ValueError, TypeError, AttributeError, TrustInputError):
        return None  # a damaged demo folder vouches for nothing
    return DemoTrust(roots=roots, certificates=issued)


@dataclass(frozen=True)
class VerificationTrust:
    """The trust of one verification run, read and checked once for all its files."""

    roots: tuple[bytes, ...] = ()
    seal_makers: tuple[bytes, ...] = ()
    crls: tuple[bytes, ...] = ()
    demo: DemoTrust | None = None


def _read(path: Path, what: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as e:
        detail = e.strerror or str(e)
        raise TrustFileError(path, f"无法读取（{detail}）", f"cannot be read ({detail})") from e
    try:
        if what == "crl":
            load_crls([data])
        else:
            load_certificates([data], what)
    except TrustInputError as e:
        kind_zh, kind_en = ("CRL", "CRL") if what == "crl" else ("证书", "certificate")
        raise TrustFileError(
            path, f"不是{kind_zh}（{e.__cause__ or e}）", f"not a {kind_en} ({e.__cause__ or e})"
        ) from e
    return data


def verification_trust(
    settings: Settings, *, roots: Sequence[Path] = (), crls: Sequence[Path] = ()
) -> VerificationTrust:
    """The trust for a run: ``roots`` and ``crls`` given for it, plus the settings'.

    :raises TrustFileError: a file is missing, unreadable, or not a certificate / CRL.
    """
    return VerificationTrust(
        roots=tuple(_read(p, "root") for p in [*roots, *map(Path, settings.trust_roots)]),
        seal_makers=tuple(_read(Path(p), "seal_maker") for p in settings.seal_makers),
        crls=tuple(_read(p, "crl") for p in crls),
        demo=demo_trust(settings),
    )


def verify_bytes(
    data: bytes,
    *,
    trust: VerificationTrust,
    file: str | None = None,
    password: str | None = None,
    online: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> DocumentReport:
    """Verify one PDF or OFD document held in memory.

    :raises WordedError: the document cannot be read (PdfInputError, OfdInputError).
    """
    return verify_document(
        data,
        file=file,
        trust_roots=trust.roots,
        seal_makers=trust.seal_makers,
        crls=trust.crls,
        demo=trust.demo,
        password=password,
        online=online,
        progress=progress,
        cancel=cancel,
    )
