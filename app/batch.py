"""The one signing batch, for the CLI and the GUI: the files in turn with one signer (one PIN
entry), each file through one or more runs of options (one per seal), written atomically, a
record kept for each file signed; progress, cancel, and a result per file. A bad file is reported
and the rest go on; a key error (unplugged, locked) stops the batch and is raised."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sealdesk.app.outputs import signed_name
from sealdesk.signing.certinfo import CertificateError, certificate_info
from sealdesk.signing.errors import WordedError
from sealdesk.signing.fileio import write_atomic
from sealdesk.signing.jobs import (
    CrossPageGroup,
    Placement,
    SignOptions,
    check_ready_to_sign,
    find_keyword,
    is_ofd,
    sign_document,
    signing_warnings,
)
from sealdesk.signing.signer import Signer
from sealdesk.signing.verdicts import Reason

if TYPE_CHECKING:  # SQLAlchemy takes a second to import: only a batch that keeps records does
    from sealdesk.app.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    """Where a batch is: file ``index`` of ``count``, its run ``run`` (signing with ``seal``)
    or saving it."""

    fraction: float
    index: int
    count: int
    source: Path
    stage: Literal["signing", "saving"]
    run: int = 0
    seal: str | None = None


@dataclass(frozen=True)
class FileResult:
    """How one file went: signed (``output``), failed (``error``) or not done (``cancelled``)."""

    source: Path
    output: Path | None = None
    error: Exception | None = None
    cancelled: bool = False
    warnings: tuple[Reason, ...] = ()  # said before signing it (signed all the same)
    cross_page: tuple[CrossPageGroup, ...] = ()  # the groups its cross-page seal was stamped in

    @property
    def ok(self) -> bool:
        return self.output is not None


class _Stop(Exception):
    pass


def signer_name(signer: Signer) -> str:
    """Who signs, as the records list shows it: the unit, else the certificate's name."""
    try:
        info = certificate_info(signer.certificate)
    except CertificateError:
        return ""
    return info.organization or info.subject_cn or ""


Existing = Literal["overwrite", "new_name", "skip"]
"""What to do with a file whose signed copy exists: replace it, write ``name_signed(2)``, or
leave the file out."""


@dataclass(frozen=True)
class PlannedFile:
    """What signing will do to one file, shown before the PIN is asked: its signed copy (and
    whether that exists), the warnings, and where a keyword puts seals (None: no keyword)."""

    source: Path
    target: Path
    exists: bool
    warnings: tuple[Reason, ...] = ()
    keyword_hits: tuple[Placement, ...] | None = None
    unreadable: bool = False  # signing it will say why


def plan_batch(
    sources: Sequence[Path],
    runs: Sequence[SignOptions],
    *,
    folder: Path | None = None,
    password: str | None = None,
    cancel: threading.Event | None = None,
) -> list[PlannedFile]:
    """Look at each file before signing (:func:`look_before_signing`, the keyword's hits and
    the name of its signed copy). A file that cannot be read is planned all the same: signing
    it says why."""
    warned = look_before_signing(sources, password=password, cancel=cancel)
    keyword_runs = [
        (run.keyword, run.seal, run)
        for run in runs
        if run.keyword is not None and run.seal is not None
    ]
    plan = []
    for source in sources:
        if cancel is not None and cancel.is_set():
            break
        target = (folder or source.parent) / f"{source.stem}_signed{source.suffix}"
        hits: tuple[Placement, ...] | None = None
        unreadable = False
        if keyword_runs:
            hits = ()
            try:
                data = source.read_bytes()
                for keyword, seal, run in keyword_runs:
                    hits += tuple(
                        find_keyword(
                            data,
                            keyword,
                            seal=seal,
                            occurrence=run.occurrence,
                            offset_mm=run.keyword_offset_mm,
                            password=password,
                        )
                    )
            except (WordedError, OSError):
                hits, unreadable = None, True  # signing says why
        plan.append(
            PlannedFile(source, target, target.exists(), warned.get(source, ()), hits, unreadable)
        )
    return plan


def planned_jobs(plan: Sequence[PlannedFile], existing: Existing) -> list[tuple[Path, Path]]:
    """The (input, output) pairs to sign after the person chose what to do with signed copies
    that exist (with ``overwrite`` they are replaced: pass ``overwrite=True`` to
    :func:`sign_batch`)."""
    taken: set[Path] = set()
    jobs = []
    for planned in plan:
        target = planned.target
        if planned.exists and existing == "skip":
            continue
        if existing == "new_name" or target in taken:
            target = signed_name(planned.source, target.parent, taken)
        taken.add(target)
        jobs.append((planned.source, target))
    return jobs


def look_before_signing(
    sources: Sequence[Path],
    *,
    password: str | None = None,
    cancel: threading.Event | None = None,
) -> dict[Path, tuple[Reason, ...]]:
    """What to tell the person about each file before the PIN is asked (the warnings of
    :func:`~sealdesk.signing.jobs.signing_warnings`); a file that cannot be read has none
    here, signing it says why."""
    warned: dict[Path, tuple[Reason, ...]] = {}
    for source in sources:
        if cancel is not None and cancel.is_set():
            break
        try:
            data = source.read_bytes()
        except OSError:
            continue
        found = tuple(signing_warnings(data, password=password))
        if found:
            warned[source] = found
    return warned


def sign_batch(
    jobs: Sequence[tuple[Path, Path]],
    *,
    signer: Signer,
    runs: Sequence[SignOptions],
    warnings: Mapping[Path, tuple[Reason, ...]] | None = None,
    overwrite: bool = False,
    progress: Callable[[Step], None] | None = None,
    on_file: Callable[[int, FileResult], None] | None = None,
    cancel: threading.Event | None = None,
    store: Store | None = None,
) -> list[FileResult]:
    """Sign each (input, output) pair with every run of ``runs`` in turn (each over the
    previous one's output); a file is written only when all its runs succeeded and nobody
    cancelled. Returns a result for every job, in order (cancelled ones included), with the
    ``warnings`` said before (:func:`look_before_signing`).

    :raises SignError: the certificate or a seal cannot sign at all (nothing is written).
    :raises SealImageError: a seal's picture is damaged or too large.
    :raises UKeyError: the key failed (unplugged, locked): the batch stops.
    """
    check_ready_to_sign(signer, [run.seal for run in runs])
    report = progress or (lambda _s: None)
    tell = on_file or (lambda _i, _r: None)
    who = signer_name(signer)
    seals = "、".join(dict.fromkeys(r.seal.name for r in runs if r.seal and r.seal.name))
    results: list[FileResult] = []
    count, steps = len(jobs), len(runs) + 1

    def stop_if_asked() -> None:
        if cancel is not None and cancel.is_set():
            raise _Stop

    try:
        for i, (source, target) in enumerate(jobs):
            stop_if_asked()
            try:
                if target.exists() and not overwrite:
                    raise FileExistsError(str(target))
                data = source.read_bytes()
                groups: list[CrossPageGroup] = []
                for j, options in enumerate(runs):
                    stop_if_asked()
                    name = options.seal.name if options.seal else None
                    fraction = (i + (j + 0.5) / steps) / count
                    report(Step(fraction, i, count, source, "signing", j, name))
                    if is_ofd(data):  # a QR code has no place in an OFD signature
                        options = dataclasses.replace(options, qr=None)
                    data = sign_document(
                        data, signer=signer, options=options, on_cross_page=groups.extend
                    )
                stop_if_asked()
                report(Step((i + (steps - 0.5) / steps) / count, i, count, source, "saving"))
                write_atomic(target, data, overwrite=overwrite)
            except (WordedError, OSError) as e:  # this file is bad; the batch goes on
                result = FileResult(source, error=e)
            else:
                result = FileResult(
                    source,
                    output=target,
                    warnings=(warnings or {}).get(source, ()),
                    cross_page=tuple(groups),
                )
                _keep(store, source, target, who, seals)
            results.append(result)
            tell(i, result)
    except _Stop:
        for i in range(len(results), count):
            results.append(FileResult(jobs[i][0], cancelled=True))
            tell(i, results[-1])
    return results


def _keep(store: Store | None, source: Path, output: Path, who: str, seals: str) -> None:
    """The record of a signed file; a store that fails costs the record, never the file."""
    if store is None:
        return
    from sqlalchemy.exc import SQLAlchemyError

    from sealdesk.app.store import Record, now_iso

    record = Record(
        name=output.name,
        output=str(output.resolve()),
        source=str(source.resolve()),
        pages=0,  # counted when the list shows the file
        signer=who,
        seals=seals,
        signed_at=now_iso(),
    )
    try:
        store.add(record)
    except (SQLAlchemyError, OSError) as e:
        log.warning("the record of %s was not kept: %s", output, e)
