"""Offline PDF signature verification: real signatures, known attacks, the interop corpus and
hostile files."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from sealdesk.signing.anchors import TrustInputError
from sealdesk.signing.demo_pki import CertificateAuthority, make_root_ca
from sealdesk.signing.pdf import verify as verify_module
from sealdesk.signing.pdf.verify import (
    Cancelled,
    PdfInputError,
    verify_pdf,
)
from sealdesk.signing.verdicts import DocumentReport
from tests.conftest import interop_dir, require, run_cli
from tests.signing import pdf_attacks as attacks

CONTRACT_KEYS = {
    "signer",
    "seal_name",
    "signing_time",
    "intact",
    "covers_whole_document",
    "modifications",
    "signature_valid",
    "trusted",
    "revocation",
    "verdict",
    "reasons",
}


@pytest.fixture(scope="module")
def identity() -> attacks.SigningIdentity:
    return attacks.make_identity()


@pytest.fixture(scope="module")
def signed(identity: attacks.SigningIdentity) -> bytes:
    return attacks.sign(
        attacks.make_pdf(),
        identity,
        name="张三",
        seal_name="合同专用章",
        reason="同意签署",
        image=attacks.seal_png(),
    )


@pytest.fixture(scope="module")
def shadow(identity: attacks.SigningIdentity) -> tuple[bytes, dict[str, int]]:
    prepared, objects = attacks.shadow_prepare(attacks.make_pdf())
    return attacks.sign(prepared, identity), objects


def _outcome(data: bytes, *, timeout: float = 60) -> str:
    """The file's verdict, or ``error:REASON`` when it cannot be read (with both messages)."""
    try:
        return verify_pdf(data, timeout=timeout).verdict
    except PdfInputError as e:
        if not (e.message_zh and e.message_en):
            return "error without message"
        return f"error:{e.reason}"


def _roots(identity: attacks.SigningIdentity) -> list[bytes]:
    return [identity.root_der]


# --- real signatures ---------------------------------------------------------------------------


def test_signed_file_is_valid_and_trusted_with_its_root(
    signed: bytes, identity: attacks.SigningIdentity
) -> None:
    report = verify_pdf(signed, file="contract.pdf", trust_roots=_roots(identity))
    assert report.verdict == "valid"
    (sig,) = report.signatures
    assert (sig.verdict, sig.intact, sig.signature_valid, sig.trusted) == (
        "valid",
        True,
        True,
        True,
    )
    assert (sig.covers_whole_document, sig.modifications) == (True, "none")
    assert sig.signer == "上海测试科技有限公司 (签章)"
    assert (sig.unit, sig.credit_code) == ("上海测试科技有限公司", "91310000132149237G")
    assert (sig.field, sig.seal_name, sig.stated_reason) == ("Sig1", "合同专用章", "同意签署")
    assert sig.time_source == "claimed"
    assert sig.signing_time is not None
    assert abs(sig.signing_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)
    # the demo certificates name no CRL/OCSP service: nothing to look up, said so
    assert sig.revocation == "unknown"
    assert "no_revocation_source" in {r.code for r in sig.reasons}
    assert all(r.effect == "info" for r in sig.reasons)
    # the seal picture the appearance draws
    assert sig.seal_picture is not None
    assert (sig.seal_picture.format, sig.seal_picture.width) == ("png", 96)
    pix = pymupdf.Pixmap(sig.seal_picture.data)
    assert pix.width == 96


def test_json_follows_the_cli_contract(signed: bytes, identity: attacks.SigningIdentity) -> None:
    report = verify_pdf(signed, file="contract.pdf", trust_roots=_roots(identity))
    zh, en = report.to_json("zh"), report.to_json("en")
    json.dumps(zh, ensure_ascii=False)  # serialisable as is
    assert set(zh) == {
        *("file", "format", "verdict", "signatures", "problems"),
        *("sha256", "sm3", "verified_at", "trust_anchors"),
    }
    assert (zh["file"], zh["format"], zh["verdict"]) == ("contract.pdf", "pdf", "valid")
    (sig,) = zh["signatures"]
    assert set(sig) >= CONTRACT_KEYS | {"unit", "credit_code", "field", "time_source"}
    assert sig["credit_code"] == "91310000132149237G"
    assert dt.datetime.fromisoformat(sig["signing_time"]).tzinfo is not None
    assert sig["seal_picture"] == {"format": "png", "width": 96, "height": 96}
    # reasons: a stable code, what it does to the verdict, and the words in the language asked
    assert all(set(r) == {"code", "effect", "message"} for r in sig["reasons"])
    assert [r["code"] for r in en["signatures"][0]["reasons"]] == [
        r["code"] for r in sig["reasons"]
    ]
    assert en["signatures"][0]["reasons"] != sig["reasons"]  # translated
    assert any("吊销" in r["message"] for r in sig["reasons"])


def test_without_the_root_it_is_indeterminate(signed: bytes) -> None:
    report = verify_pdf(signed)
    assert report.verdict == "indeterminate"
    (sig,) = report.signatures
    assert (sig.intact, sig.signature_valid, sig.trusted) == (True, True, False)
    assert "untrusted" in {r.code for r in sig.reasons}
    # another root does not help
    other = make_root_ca("Another Root")
    assert verify_pdf(signed, trust_roots=[other.certificate_pem]).verdict == "indeterminate"


def test_second_signature_keeps_the_first_valid(
    signed: bytes, identity: attacks.SigningIdentity
) -> None:
    twice = attacks.sign(signed, identity, field="Sig2", box=(100, 100, 200, 200))
    report = verify_pdf(twice, trust_roots=_roots(identity))
    assert report.verdict == "valid"
    first, second = report.signatures
    # a later signature is no form filling: said as what it is (pyHanko calls it FORM_FILLING)
    assert (first.field, first.verdict, first.modifications) == ("Sig1", "valid", "signatures")
    assert not first.covers_whole_document
    assert (second.field, second.verdict, second.modifications) == ("Sig2", "valid", "none")
    assert second.covers_whole_document
    assert "signatures_added" in {r.code for r in first.reasons}
    assert "form_fill" not in {r.code for r in first.reasons}


def test_trust_roots_as_pem_bundle(signed: bytes, identity: attacks.SigningIdentity) -> None:
    bundle = make_root_ca("Unrelated").certificate_pem + identity.ca.certificate_pem
    assert verify_pdf(signed, trust_roots=[bundle]).verdict == "valid"
    with pytest.raises(TrustInputError, match="trust root 1"):
        verify_pdf(signed, trust_roots=[b"not a certificate"])


def test_timestamp_gives_the_signing_time() -> None:
    ca, tsa_ca = make_root_ca("Signing Root"), make_root_ca("TSA Root")
    identity = attacks.make_identity(ca)
    at = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    data = attacks.sign(attacks.make_pdf(), identity, tsa=attacks.make_tsa(tsa_ca), timestamp_at=at)
    both = [ca.certificate_der, tsa_ca.certificate_der]
    (sig,) = verify_pdf(data, trust_roots=both).signatures
    assert (sig.verdict, sig.time_source, sig.signing_time) == ("valid", "timestamp", at)
    # a timestamp from an authority we do not trust proves nothing
    (sig,) = verify_pdf(data, trust_roots=[ca.certificate_der]).signatures
    assert (sig.verdict, sig.time_source) == ("valid", "claimed")
    assert "timestamp_untrusted" in {r.code for r in sig.reasons}


def test_document_timestamp() -> None:
    ca = make_root_ca("LTA Root")
    identity = attacks.make_identity(ca)
    signed_once = attacks.sign(attacks.make_pdf(), identity)
    stamped = attacks.add_document_timestamp(signed_once, attacks.make_tsa(ca), ca.certificate_der)
    report = verify_pdf(stamped, trust_roots=[ca.certificate_der])
    assert report.verdict == "valid"
    sig, stamp = report.signatures
    assert (sig.kind, sig.modifications, sig.covers_whole_document) == ("signature", "none", False)
    assert (stamp.kind, stamp.signer, stamp.time_source) == ("timestamp", "Test TSA", "timestamp")
    assert stamp.to_json()["kind"] == "timestamp"
    changed = verify_pdf(
        attacks.incremental_content_change(stamped), trust_roots=[ca.certificate_der]
    )
    assert [s.verdict for s in changed.signatures] == ["invalid", "invalid"]


def test_expired_certificate_needs_a_timestamp() -> None:
    ca = make_root_ca("Expiry Root")
    identity = attacks.make_identity(ca, expired=True)
    bare = attacks.sign(attacks.make_pdf(), identity)
    (sig,) = verify_pdf(bare, trust_roots=[ca.certificate_der]).signatures
    assert sig.verdict == "indeterminate"
    assert sig.trusted  # the chain is there; the time is what is missing
    assert {"expired", "claimed_time_outside"} <= {r.code for r in sig.reasons}

    tsa = attacks.make_tsa(ca)
    when = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)  # inside the validity
    stamped = attacks.sign(attacks.make_pdf(), identity, tsa=tsa, timestamp_at=when)
    (sig,) = verify_pdf(stamped, trust_roots=[ca.certificate_der]).signatures
    assert (sig.verdict, sig.time_source) == ("valid", "timestamp")
    assert "proved_by_timestamp" in {r.code for r in sig.reasons}


def test_revocation_from_cached_and_embedded_crls() -> None:
    ca = make_root_ca("CRL Root")
    identity = attacks.make_identity(ca, crl_url="http://crl.invalid/root.crl")
    data = attacks.sign(attacks.make_pdf(), identity)
    roots = [ca.certificate_der]

    (sig,) = verify_pdf(data, trust_roots=roots).signatures
    assert (sig.verdict, sig.revocation) == ("indeterminate", "unknown")
    assert "revocation_unknown" in {r.code for r in sig.reasons}

    good = attacks.make_crl(ca)
    (sig,) = verify_pdf(data, trust_roots=roots, crls=[good]).signatures
    assert (sig.verdict, sig.revocation) == ("valid", "good")

    revoked = attacks.make_crl(
        ca, [(identity.cert_der, dt.datetime.now(dt.UTC) - dt.timedelta(days=1))]
    )
    (sig,) = verify_pdf(data, trust_roots=roots, crls=[revoked]).signatures
    assert (sig.verdict, sig.revocation) == ("invalid", "revoked")

    embedded = attacks.sign(attacks.make_pdf(), identity, embed_crl=good)
    (sig,) = verify_pdf(embedded, trust_roots=roots).signatures
    assert (sig.verdict, sig.revocation) == ("valid", "good")


def test_encrypted_signed_file_with_password(identity: attacks.SigningIdentity) -> None:
    source = (interop_dir("pdf") / "minimal-aes256.pdf").read_bytes()
    data = attacks.sign(source, identity, password="usersecret", image=attacks.seal_png())
    report = verify_pdf(data, trust_roots=_roots(identity), password="usersecret")
    assert report.verdict == "valid"
    assert report.signatures[0].seal_picture is not None
    with pytest.raises(PdfInputError) as e:
        verify_pdf(data)
    assert e.value.reason == "encrypted"


def test_pdfsig_agrees_the_signature_is_intact(signed: bytes, tmp_path: Path) -> None:
    require(shutil.which("pdfsig") is not None, "poppler-utils (pdfsig) installed")
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    out = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, timeout=60, check=False
    ).stdout
    assert "Signature is Valid" in out
    assert "Total document signed" in out


# --- known attacks -----------------------------------------------------------------------------

Attack = Callable[[bytes, bytes, tuple[bytes, dict[str, int]]], bytes]

ATTACKS: dict[str, Attack] = {
    # incremental saving attack
    "isa-content-changed": lambda s, _o, _h: attacks.incremental_content_change(s),
    "isa-page-added": lambda s, _o, _h: attacks.incremental_page_added(s),
    "isa-objects-after-eof": lambda s, _o, _h: attacks.appended_garbage_revision(s),
    # signature wrapping
    "swa-relocated-block": lambda s, _o, _h: attacks.wrapping_relocated_block(s),
    "swa-gap": lambda s, _o, _h: attacks.wrapping_gap(s),
    "swa-uncovered-tail": lambda s, _o, _h: attacks.wrapping_short_range(s),
    "swa-contents-moved": lambda s, _o, _h: attacks.wrapping_contents_moved(s),
    # universal signature forgery
    "usf-empty-contents": lambda s, _o, _h: attacks.forgery_empty_contents(s),
    "usf-zero-contents": lambda s, _o, _h: attacks.forgery_zero_contents(s),
    "usf-no-byte-range": lambda s, _o, _h: attacks.forgery_no_byte_range(s),
    "usf-null-byte-range": lambda s, _o, _h: attacks.forgery_null_byte_range(s),
    "usf-malformed-byte-range": lambda s, _o, _h: attacks.forgery_malformed_byte_range(s),
    "usf-foreign-signature": lambda s, o, _h: attacks.forgery_foreign_signature(s, o),
    # shadow attacks
    "shadow-hide": lambda _s, _o, h: attacks.shadow_hide(*h),
    "shadow-replace": lambda _s, _o, h: attacks.shadow_replace(*h),
    "shadow-hide-and-replace": lambda _s, _o, h: attacks.shadow_hide_and_replace(h[0]),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_is_invalid(
    name: str,
    signed: bytes,
    shadow: tuple[bytes, dict[str, int]],
    identity: attacks.SigningIdentity,
) -> None:
    other = attacks.sign(attacks.make_pdf("another contract"), identity)
    forged = ATTACKS[name](signed, other, shadow)
    report = verify_pdf(forged, trust_roots=_roots(identity))
    assert report.verdict == "invalid", report.to_json("en")
    (sig,) = report.signatures
    assert sig.verdict == "invalid"
    failing = [r for r in sig.reasons if r.effect == "invalid"]
    assert failing, sig.reasons
    assert all(r.zh and r.en for r in failing)
    json.dumps(report.to_json("zh"), ensure_ascii=False)


def test_shadow_document_before_the_attack_is_valid(
    shadow: tuple[bytes, dict[str, int]], identity: attacks.SigningIdentity
) -> None:
    assert verify_pdf(shadow[0], trust_roots=_roots(identity)).verdict == "valid"


def test_wrapping_keeps_the_digest_but_not_the_verdict(
    signed: bytes, identity: attacks.SigningIdentity
) -> None:
    """The relocated-block SWA hashes exactly the signed bytes: only the layout check
    catches it."""
    (sig,) = verify_pdf(
        attacks.wrapping_relocated_block(signed), trust_roots=_roots(identity)
    ).signatures
    assert sig.intact
    assert sig.verdict == "invalid"
    assert "byte_range" in {r.code for r in sig.reasons}


def test_content_change_after_signing_says_what(
    signed: bytes, identity: attacks.SigningIdentity
) -> None:
    (sig,) = verify_pdf(
        attacks.incremental_content_change(signed), trust_roots=_roots(identity)
    ).signatures
    assert (sig.intact, sig.signature_valid, sig.modifications) == (True, True, "other")
    assert not sig.covers_whole_document
    (reason,) = [r for r in sig.reasons if r.code == "modified"]
    # said in Chinese, with the revision and the objects: no English from pyHanko in it
    assert re.search(r"第 2 次修订改动了对象 \d+", reason.message("zh")), reason.message("zh")
    assert not re.search(r"[A-Za-z]{4,}", reason.message("zh"))


def test_annotation_after_signing_counts_as_a_change(
    signed: bytes, identity: attacks.SigningIdentity
) -> None:
    """pyHanko's default difference policy does not whitelist annotations (a FreeText or
    Stamp annotation can cover signed content), so a note added later is "other"."""
    (sig,) = verify_pdf(attacks.add_annotation(signed), trust_roots=_roots(identity)).signatures
    assert (sig.intact, sig.modifications, sig.verdict) == (True, "other", "invalid")


def test_new_signature_field_breaks_a_certification(identity: attacks.SigningIdentity) -> None:
    """DocMDP (P=2) permits filling in and signing existing fields, not adding new ones."""
    certified = attacks.sign(attacks.make_pdf(), identity, certify=True)
    assert verify_pdf(certified, trust_roots=_roots(identity)).verdict == "valid"
    again = attacks.sign(certified, identity, field="Sig2", box=(50, 50, 150, 150))
    first, second = verify_pdf(again, trust_roots=_roots(identity)).signatures
    assert (first.verdict, second.verdict) == ("invalid", "valid")


# --- the interop corpus ------------------------------------------------------------------------

SIGNED_TWICE = [
    "minimal-signed-twice-both-created.pdf",
    "minimal-signed-twice-second-created.pdf",
    "minimal-signed-twice-no-sig-type.pdf",
    "form-update-override-appearance-stream.pdf",
    "form-update-no-override-appearance-stream-ap-indirect.pdf",
]


def _pyhanko_roots() -> list[bytes]:
    folder = interop_dir("pdf")
    return [
        (folder / "pyhanko-test-root.pem").read_bytes(),
        (folder / "pyhanko-test-interm.pem").read_bytes(),
    ]


@pytest.mark.parametrize("name", SIGNED_TWICE)
@pytest.mark.parametrize("with_roots", [False, True])
def test_interop_signed_twice(name: str, with_roots: bool) -> None:
    data = (interop_dir("pdf") / name).read_bytes()
    report = verify_pdf(data, file=name, trust_roots=_pyhanko_roots() if with_roots else ())
    assert report.verdict == "indeterminate"
    first, second = report.signatures
    assert first.intact and second.intact
    assert first.signature_valid and second.signature_valid
    assert (first.modifications, second.modifications) == ("signatures", "none")
    assert second.covers_whole_document
    assert first.verdict == second.verdict == "indeterminate"
    assert all(r.effect != "invalid" for s in report.signatures for r in s.reasons)


def test_interop_expired_with_root_says_expired() -> None:
    name = "form-update-override-appearance-stream.pdf"
    report = verify_pdf((interop_dir("pdf") / name).read_bytes(), trust_roots=_pyhanko_roots())
    for sig in report.signatures:
        assert sig.trusted
        assert "expired" in {r.code for r in sig.reasons}
        assert sig.signer == "Alice"


@pytest.mark.parametrize("with_roots", [False, True])
def test_interop_certified(with_roots: bool) -> None:
    data = (interop_dir("pdf") / "certified-with-indirect-refs-in-dir.pdf").read_bytes()
    report = verify_pdf(data, trust_roots=_pyhanko_roots() if with_roots else ())
    (sig,) = report.signatures
    assert (report.verdict, sig.intact, sig.modifications) == ("indeterminate", True, "none")
    assert sig.covers_whole_document
    if with_roots:
        assert "expired" in {r.code for r in sig.reasons}


def test_interop_aes256_password() -> None:
    data = (interop_dir("pdf") / "minimal-aes256.pdf").read_bytes()
    assert verify_pdf(data, password="usersecret").verdict == "unsigned"
    assert verify_pdf(data, password="ownersecret").verdict == "unsigned"
    with pytest.raises(PdfInputError) as e:
        verify_pdf(data)
    assert e.value.reason == "encrypted"
    assert "密码" in e.value.message("zh") and "password" in e.value.message("en")
    with pytest.raises(PdfInputError) as e:
        verify_pdf(data, password="wrong")
    assert e.value.reason == "password"


def test_interop_public_key_encryption() -> None:
    data = (interop_dir("pdf") / "minimal-pubkey-aes256.pdf").read_bytes()
    with pytest.raises(PdfInputError) as e:
        verify_pdf(data, password="usersecret")
    assert e.value.reason == "pubkey"
    assert "证书" in e.value.message_zh and "certificate" in e.value.message_en


def test_interop_malformed_encryption() -> None:
    data = (interop_dir("pdf") / "malformed-encrypt-dict1.pdf").read_bytes()
    with pytest.raises(PdfInputError) as e:
        verify_pdf(data)
    assert e.value.reason == "encryption"


@pytest.mark.parametrize(
    "name",
    ["broken-objstream1.pdf", "circular-page-tree.pdf", "minimal-startxref-hopeless.pdf"],
)
def test_interop_corrupt_never_crashes(name: str) -> None:
    data = (interop_dir("pdf") / name).read_bytes()
    started = time.monotonic()
    assert _outcome(data, timeout=10) in {"unsigned", "error:corrupt", "error:hostile"}
    assert time.monotonic() - started < 5


# --- hostile and broken input ------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        attacks.hostile_deep_nesting,
        attacks.hostile_field_loop,
        attacks.hostile_signature_self_reference,
        attacks.hostile_circular_pages,
    ],
)
def test_hostile_structures(build: Callable[[], bytes]) -> None:
    started = time.monotonic()
    outcome = _outcome(build(), timeout=10)
    assert outcome in {"unsigned", "invalid", "error:corrupt", "error:hostile"}
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not_pdf"),
        (b"PK\x03\x04 a zip file", "not_pdf"),
        (b"%PDF-1.7\n", "corrupt"),
        (b"%PDF-1.7\n" + b"\x00" * 4096, "corrupt"),
    ],
)
def test_not_a_pdf(data: bytes, reason: str) -> None:
    with pytest.raises(PdfInputError) as e:
        verify_pdf(data)
    assert e.value.reason == reason


def test_truncated_signed_file(signed: bytes) -> None:
    """Every truncation either fails to open or reads an earlier revision; no signature of a
    cut file is valid."""
    allowed = {"unsigned", "invalid", "error:not_pdf", "error:corrupt", "error:hostile"}
    for cut in range(0, len(signed), max(1, len(signed) // 60)):
        assert _outcome(signed[:cut]) in allowed, cut


def test_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_module, "MAX_PDF_BYTES", 100)
    with pytest.raises(PdfInputError) as e:
        verify_pdf(b"%PDF-1.7\n" + b" " * 200)
    assert e.value.reason == "too_large"


# --- long-operation plumbing -------------------------------------------------------------------


def test_progress_runs_in_the_callers_thread(signed: bytes) -> None:
    seen: list[tuple[float, str, threading.Thread]] = []
    verify_pdf(signed, progress=lambda f, m: seen.append((f, m, threading.current_thread())))
    assert seen[-1][0] == 1.0
    assert all(t is threading.current_thread() for _f, _m, t in seen)
    fractions = [f for f, _m, _t in seen]
    assert fractions == sorted(fractions)


def test_cancel(signed: bytes) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        verify_pdf(signed, cancel=cancel)


def test_slow_file_times_out(signed: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    original = verify_module._Job.open

    def slow_open(self: verify_module._Job) -> object:
        for _ in range(100):
            time.sleep(0.02)
            self.check()
        return original(self)

    monkeypatch.setattr(verify_module._Job, "open", slow_open)
    started = time.monotonic()
    with pytest.raises(PdfInputError) as e:
        verify_pdf(signed, timeout=0.3)
    assert e.value.reason == "timeout"
    assert time.monotonic() - started < 1.5


def test_callable_from_a_running_event_loop(signed: bytes) -> None:
    async def main() -> DocumentReport:
        return verify_pdf(signed)

    assert asyncio.run(main()).verdict == "indeterminate"


def _foreign_crl(ca: CertificateAuthority) -> bytes:
    """A CRL with ``ca``'s name but signed by an RSA key (the CA's key is EC)."""
    from cryptography import x509 as c_x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    now = dt.datetime.now(dt.UTC)
    return (
        c_x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(now - dt.timedelta(days=1))
        .next_update(now + dt.timedelta(days=7))
        .sign(rsa.generate_private_key(public_exponent=65537, key_size=2048), hashes.SHA256())
        .public_bytes(serialization.Encoding.DER)
    )


def test_a_crl_of_another_key_type_cannot_spoil_a_genuine_signature(tmp_path: Path) -> None:
    """Anyone can append an unsigned update whose /DSS holds a CRL with the issuer's name
    signed by a key of another type: the signature stays what it was (the CRL is unusable,
    nothing more), and the same CRL given with --crl neither stops a batch nor hides a good one."""
    import io

    from asn1crypto import crl as asn1_crl
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import DocumentSecurityStore

    ca = make_root_ca("CRL Root")
    identity = attacks.make_identity(ca)
    data = attacks.sign(attacks.make_pdf(), identity)
    roots = [ca.certificate_der]
    assert verify_pdf(data, trust_roots=roots).verdict == "valid"
    reader = PdfFileReader(io.BytesIO(data))
    (embedded,) = reader.embedded_signatures
    out = io.BytesIO(data)
    writer = IncrementalPdfFileWriter(out)
    DocumentSecurityStore.supply_dss_in_writer(
        writer, embedded.pkcs7_content, crls=[asn1_crl.CertificateList.load(_foreign_crl(ca))]
    )
    writer.write_in_place()
    appended = out.getvalue()
    (sig,) = verify_pdf(appended, trust_roots=roots).signatures
    assert sig.verdict == "valid" and sig.intact, [r.code for r in sig.reasons]
    assert "malformed" not in {r.code for r in sig.reasons}

    # the same CRL given on the command line, beside a good one and in a batch
    files = []
    for n in range(2):
        path = tmp_path / f"signed{n}.pdf"
        path.write_bytes(data)
        files.append(str(path))
    bad, good, root = tmp_path / "bad.crl", tmp_path / "good.crl", tmp_path / "root.pem"
    bad.write_bytes(_foreign_crl(ca))
    good.write_bytes(attacks.make_crl(ca))
    root.write_bytes(ca.certificate_pem)
    both = run_cli("verify", *files, "--trust", str(root), "--crl", str(bad), "--crl", str(good),
                   "--json")  # fmt: skip
    assert both.code == 0, both.stdout + both.stderr
    assert [d["verdict"] for d in both.json] == ["valid", "valid"]
    only_bad = run_cli("verify", *files, "--trust", str(root), "--crl", str(bad), "--json")
    assert only_bad.code == 0 and "Traceback" not in only_bad.stderr


@pytest.mark.parametrize(
    ("damage", "code"),
    [(attacks.hybrid_xref, "hybrid_xref"), (attacks.damaged_xref, "xref_repaired")],
)
def test_files_read_leniently_are_warned_before_and_indeterminate_after(
    identity: attacks.SigningIdentity, damage: Callable[[bytes], bytes], code: str
) -> None:
    from sealdesk.signing.jobs import signing_warnings

    pristine = attacks.make_pdf()
    assert signing_warnings(pristine) == []
    damaged = damage(pristine)
    warned = signing_warnings(damaged)
    assert [w.code for w in warned] == [code] and "另存为" in warned[0].zh
    good = verify_pdf(attacks.sign(pristine, identity), trust_roots=_roots(identity))
    assert good.verdict == "valid"
    report = verify_pdf(attacks.sign(damaged, identity), trust_roots=_roots(identity))
    sig = report.signatures[0]
    assert report.verdict == "indeterminate" and sig.intact
    assert code in [r.code for r in sig.reasons]


def test_a_file_encrypting_only_its_attachments_verifies_without_a_password(
    identity: attacks.SigningIdentity,
) -> None:
    only_attachments = attacks.attachments_encrypted(attacks.make_pdf(), "annex-secret")
    signed = attacks.sign(only_attachments, identity, password="annex-secret")
    # (a file whose pages are encrypted still needs its password: the test above)
    assert verify_pdf(signed, trust_roots=_roots(identity)).verdict == "valid"


# --- reasons that say what happened (issue 16) -------------------------------------------------


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The verifying computer in Beijing time (times are shown in local time)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_expired_certificate_is_said_expired_not_revocation_unknown() -> None:
    """Only the root trusted: the intermediate's revocation is asked before the end entity's
    validity; the signer must still hear that the certificate expired, and when."""
    name = "form-update-no-override-appearance-stream-ap-indirect.pdf"
    root = (interop_dir("pdf") / "pyhanko-test-root.pem").read_bytes()
    report = verify_pdf((interop_dir("pdf") / name).read_bytes(), trust_roots=[root])
    for sig in report.signatures:
        codes = {r.code for r in sig.reasons}
        assert "expired" in codes and "revocation_unknown" not in codes
        (expired,) = [r for r in sig.reasons if r.code == "expired"]
        assert "2022-01-01" in expired.zh and "online" not in expired.en


def test_a_disallowed_digest_is_said_and_the_signature_not_valid(
    identity: attacks.SigningIdentity, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyhanko.sign import signers

    original = signers.PdfSignatureMetadata
    monkeypatch.setattr(
        signers,
        "PdfSignatureMetadata",
        lambda *a, **k: original(*a, md_algorithm="sha1", **k),
    )
    sha1 = attacks.sign(attacks.make_pdf(), identity)
    (sig,) = verify_pdf(sha1, trust_roots=_roots(identity)).signatures
    codes = {r.code for r in sig.reasons}
    assert sig.verdict == "indeterminate"
    assert "weak_digest" in codes and "key_usage" not in codes and "unchanged" not in codes
    assert any("SHA1" in r.zh for r in sig.reasons if r.code == "weak_digest")


def test_a_failed_change_analysis_says_why_and_never_none(
    signed: bytes, identity: attacks.SigningIdentity, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sealdesk.signing.pdf import signature as signature_module

    real = signature_module.async_validate_pdf_signature

    async def failing_diff(*args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("skip_diff"):
            raise RuntimeError()  # no message: what pyHanko's analysis may raise
        return await real(*args, **kwargs)

    monkeypatch.setattr(signature_module, "async_validate_pdf_signature", failing_diff)
    twice = attacks.sign(signed, identity, field="Sig2", box=(100, 100, 200, 200))
    first = verify_pdf(twice, trust_roots=_roots(identity)).signatures[0]
    messages = [r.zh for r in first.reasons] + [r.en for r in first.reasons]
    assert "diff_failed" in {r.code for r in first.reasons}
    assert "modified" not in {r.code for r in first.reasons}  # its words would be 'None'
    assert not any(m.rstrip("。.").endswith("None") or "：None" in m for m in messages)


def test_a_seal_name_only_where_the_file_names_a_seal(identity: attacks.SigningIdentity) -> None:
    """/Name is the person who signed, not a seal."""
    plain = attacks.sign(attacks.make_pdf(), identity, name="张三")
    (sig,) = verify_pdf(plain, trust_roots=_roots(identity)).signatures
    assert sig.seal_name is None
    sealed = attacks.sign(attacks.make_pdf(), identity, name="张三", seal_name="合同专用章")
    assert verify_pdf(sealed, trust_roots=_roots(identity)).signatures[0].seal_name == "合同专用章"


def test_every_time_is_local_with_its_zone(shanghai: None) -> None:
    """A claimed time (in the signer's offset) and a timestamp (UTC) of the same signature are
    both shown in the computer's zone, the zone written out."""
    from sealdesk.signing.explain import time_words

    name = "minimal-signed-twice-both-created.pdf"
    report = verify_pdf((interop_dir("pdf") / name).read_bytes(), trust_roots=_pyhanko_roots())
    sig = report.signatures[0]
    (stamped,) = [r for r in sig.reasons if r.code == "timestamp_untrusted"]
    assert "UTC+08:00" in stamped.zh and "UTC+08:00" in time_words(sig)[0]
    assert "2021-01-12 02:45:14 UTC+08:00" in stamped.zh  # 18:45:14 UTC
    assert time_words(sig)[0].startswith("2021-01-12 02:45:14 UTC+08:00")
