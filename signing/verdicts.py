"""What a verification says, for PDF and OFD alike: one result per signature with the same
fields, reasons with a stable code, one verdict rule, one report per file.

The codes are listed in :data:`REASON_CODES` (and in the README): scripts may rely on them, so a
code is never renamed or reused for another meaning; a new finding gets a new code.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Verdict = Literal["valid", "invalid", "indeterminate"]
FileVerdict = Literal["valid", "invalid", "indeterminate", "unsigned"]
Effect = Literal["invalid", "indeterminate", "info"]
Modifications = Literal["none", "signatures", "form_fill", "annotations", "other"]
Revocation = Literal["good", "revoked", "unknown"]
TimeSource = Literal["timestamp", "claimed"]

_CHAIN = {
    "untrusted": "the certificate does not chain to a trusted root (or seal maker)",
    "demo_foreign": "issued under a demo root, but not one of the demo key's certificates",
    "expired": "the certificate has expired and no trusted timestamp proves the signing time",
    "not_yet_valid": "the certificate is not yet valid",
    "revoked": "the certificate was revoked before the signature",
    "revoked_after": "revoked after the claimed signing time, which nothing proves",
    "revocation_unknown": "revocation status unknown (no embedded or cached revocation data)",
    "no_revocation_source": "the certificate names no CRL or OCSP service to ask",
    "weak_algorithm": "the chain uses an algorithm no longer considered safe",
    "key_usage": "the certificate is not meant for signing (digitalSignature/nonRepudiation)",
    "cert_malformed": "the certificate is not encoded as X.509 requires",
    "chain_invalid": "the chain is not valid (another path validation failure)",
    "proved_by_timestamp": "the certificate expired or was revoked later; a timestamp proves it "
    "was valid when signing",
    "demo_root": "the chain ends in a demo root (demo mode only)",
    "trusted": "the chain ends in a trusted root",
}
REASON_CODES: dict[str, str] = {
    # integrity and structure (PDF)
    "unchanged": "nothing changed after signing (or only permitted updates)",
    "not_intact": "the signed content was changed (digest mismatch)",
    "bad_signature": "the signature value does not match the certificate's key",
    "byte_range": "the byte range does not cover the file as it is (wrapping)",
    "uncovered_tail": "bytes were appended after the last revision without a signature",
    "modified": "changes after signing go beyond what is permitted",
    "signatures_added": "only signatures were added after signing",
    "form_fill": "only form fields were filled after signing",
    "annotations": "only annotations were added after signing",
    "docmdp": "changes go beyond what the certification signature allows",
    "diff_failed": "the changes after signing could not be analysed",
    "hybrid_xref": "hybrid cross-reference sections: readers may show different content",
    "xref_repaired": "a damaged cross-reference table read by repair: readers may differ",
    "malformed": "the signature data (/Contents, /ByteRange) is malformed",
    "hostile": "the structures around the signature are abnormal (loops, deep nesting)",
    "format": "the signature format (SubFilter) is not supported",
    "algorithm": "the signature algorithm is not supported",
    "weak_digest": "the signature's digest algorithm is no longer allowed (SHA-1, MD5)",
    "validation_error": "checking the signature failed for a reason that says nothing about it",
    "document_timestamp": "a document timestamp proves the document existed in this state",
    # time
    "timestamp_untrusted": "the timestamp's authority is not trusted",
    "timestamp_broken": "the timestamp does not match the signature or is damaged",
    "timestamp_invalid": "(OFD) the timestamp does not match the signature value",
    "timestamp_outside": "the timestamped signing time lies outside the certificate's validity",
    "claimed_time_outside": "the claimed signing time lies outside the certificate's validity",
    "claimed_time_future": "the claimed signing time lies in the future",
    "validity_unreadable": "the certificate's validity period cannot be read",
    # the signer's chain (PDF and OFD), and the same for the seal's maker with maker_
    **_CHAIN,
    **{f"maker_{code}": f"seal maker: {text}" for code, text in _CHAIN.items()},
    # OFD
    "changed": "a file the signature protects was changed after signing",
    "signatures_missing": "the document declares a list of signatures that is not there",
    "signatures_list_changed": "only Signatures.xml changed, as a later signature does",
    "unprotected": "files the signature does not protect (added later, or left out)",
    "no_references": "the signature protects no file",
    "data_hash": "the signature value does not sign this Signature.xml",
    "seal_malformed": "the seal signature (SES_Signature) cannot be read",
    "sign_unreadable": "a Type=Sign value that is no GB/T 35275 SignedData",
    "no_signer_cert": "the signature data carries no signer certificate",
    "signer_cert_unreadable": "the signer certificate cannot be read",
    "signer_signature": "the signer's signature is invalid (or covers only the digest)",
    "maker_signature": "the seal maker's signature over the seal is invalid",
    "signer_in_seal": "the signer's certificate is not one the seal names",
    "structure": "the seal structure is incomplete",
    "picture": "the seal picture cannot be read",
    "seal_expired": "the seal has expired and no trusted timestamp proves the signing time",
    "seal_not_yet_valid": "the seal is not yet valid",
    "seal_validity_unreadable": "the seal's validity period cannot be read",
    "seal_timestamp_outside": "the timestamped signing time lies outside the seal's validity",
    "seal_claimed_time_outside": "the claimed signing time lies outside the seal's validity",
    # said before signing (sign's warnings), about what a new signature meets
    "existing_invalid": "a signature already in the file is invalid; signing does not mend it",
    "signature_list_protected": "an OFD signature protects Signatures.xml, which signing changes",
}
"""Every reason code a verification can give, with what it means."""


@dataclass(frozen=True)
class Reason:
    """One reason behind a verdict. ``code`` is stable for scripts (:data:`REASON_CODES`);
    ``effect`` says what it does to the verdict: ``invalid``, ``indeterminate`` or ``info``."""

    code: str
    effect: Effect
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def to_json(self, lang: str = "zh") -> dict[str, str]:
        return {"code": self.code, "effect": self.effect, "message": self.message(lang)}


def verdict_of(reasons: Iterable[Reason]) -> Verdict:
    """Any invalid reason makes the signature invalid; else any indeterminate one makes it
    indeterminate; else it is valid."""
    effects = {r.effect for r in reasons}
    if "invalid" in effects:
        return "invalid"
    return "indeterminate" if "indeterminate" in effects else "valid"


def file_verdict(verdicts: Iterable[Verdict]) -> FileVerdict:
    """A file's verdict from its signatures' (``unsigned`` when it has none)."""
    found = set(verdicts)
    worst: FileVerdict
    for worst in ("invalid", "indeterminate"):
        if worst in found:
            return worst
    return "valid" if found else "unsigned"


def fmt_time(when: dt.datetime) -> str:
    """A moment as every front (window, command line, report, reasons) shows it: in this
    computer's time zone, with the zone written out, so one moment reads the same everywhere."""
    local = (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone()
    offset = local.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    zone = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}" if minutes else "UTC"
    return f"{local:%Y-%m-%d %H:%M:%S} {zone}"


@dataclass(frozen=True)
class SealPicture:
    """The picture a signature shows (the seal): its format and pixel size when known at once,
    its PNG or JPEG bytes when first asked for (decoding a seal picture costs more than checking
    the signature; a verdict alone never needs them)."""

    format: str
    width: int | None
    height: int | None
    load: Callable[[], bytes | None] = field(repr=False, compare=False)

    @functools.cached_property
    def data(self) -> bytes | None:
        """The picture's bytes; None when it cannot be decoded."""
        return self.load()


@dataclass(frozen=True, kw_only=True)
class SignatureResult:
    """What a person wants to know about one signature (or document timestamp), PDF or OFD.

    ``id`` is the PDF field name or the OFD signature ID; ``kind`` is ``signature`` or
    ``timestamp`` for PDF, ``Seal`` or ``Sign`` for OFD."""

    id: str
    format: Literal["pdf", "ofd"]
    kind: str
    signer: str | None = None
    unit: str | None = None
    credit_code: str | None = None
    certificate: bytes | None = None
    seal_name: str | None = None
    stated_reason: str | None = None
    signing_time: dt.datetime | None = None
    time_source: TimeSource | None = None
    intact: bool = False
    covers_whole_document: bool = False
    modifications: Modifications = "other"
    changed_files: tuple[str, ...] = ()  # (OFD) package paths the reasons say in words
    unprotected_files: tuple[str, ...] = ()
    signature_valid: bool = False
    trusted: bool = False
    maker_trusted: bool | None = None  # seal signatures (OFD): the maker chains to a root
    revocation: Revocation = "unknown"
    reasons: tuple[Reason, ...] = ()
    seal_picture: SealPicture | None = None

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.reasons)

    @property
    def field(self) -> str:
        """The PDF signature field's name (the ``id``)."""
        return self.id

    def picture_bytes(self) -> bytes | None:
        return self.seal_picture.data if self.seal_picture is not None else None

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        picture = self.seal_picture
        return {
            "id": self.id,
            "field": self.id,
            "format": self.format,
            "kind": self.kind,
            "signer": self.signer,
            "unit": self.unit,
            "credit_code": self.credit_code,
            "seal_name": self.seal_name,
            "stated_reason": self.stated_reason,
            "signing_time": self.signing_time.isoformat() if self.signing_time else None,
            "time_source": self.time_source,
            "intact": self.intact,
            "covers_whole_document": self.covers_whole_document,
            "modifications": self.modifications,
            "changed_files": list(self.changed_files),
            "unprotected_files": list(self.unprotected_files),
            "signature_valid": self.signature_valid,
            "trusted": self.trusted,
            "maker_trusted": self.maker_trusted,
            "revocation": self.revocation,
            "verdict": self.verdict,
            "reasons": [r.to_json(lang) for r in self.reasons],
            "seal_picture": None
            if picture is None
            else {"format": picture.format, "width": picture.width, "height": picture.height},
        }


AnchorKind = Literal["root", "seal_maker", "demo"]


@dataclass(frozen=True)
class TrustedAnchor:
    """A certificate the verification trusted: a root, a seal maker (制章机构) or a demo root."""

    name: str
    kind: AnchorKind
    sha256: str


@dataclass(frozen=True)
class DocumentReport:
    """All signatures of one file, in signing order, and the file's verdict; with what a
    report needs to stand on its own: the file's digests, when it was checked, and against
    which roots."""

    file: str | None
    format: Literal["pdf", "ofd"]
    signatures: tuple[SignatureResult, ...] = ()
    problems: tuple[Reason, ...] = ()  # of the file itself, not of one signature
    sha256: str | None = None
    sm3: str | None = None
    verified_at: dt.datetime | None = None
    anchors: tuple[TrustedAnchor, ...] = ()

    @property
    def verdict(self) -> FileVerdict:
        verdicts = [s.verdict for s in self.signatures]
        if self.problems:
            verdicts.append(verdict_of(self.problems))
        return file_verdict(verdicts)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """The document ``sealdesk verify --json`` prints for one file."""
        return {
            "file": self.file,
            "format": self.format,
            "verdict": self.verdict,
            "sha256": self.sha256,
            "sm3": self.sm3,
            "verified_at": self.verified_at.isoformat() if self.verified_at else None,
            "trust_anchors": [
                {"name": a.name, "kind": a.kind, "sha256": a.sha256} for a in self.anchors
            ],
            "problems": [r.to_json(lang) for r in self.problems],
            "signatures": [s.to_json(lang) for s in self.signatures],
        }
