"""OFD packages: verdicts on the interop corpus, and hostile packages refused quickly."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from sealdesk.signing.ofd.package import OfdInputError, OfdPackage, normalise
from sealdesk.signing.ofd.verify import verify_ofd
from tests.conftest import interop_dir, run_cli


def _verify(name: str):  # type: ignore[no-untyped-def]
    return verify_ofd((interop_dir("ofd") / name).read_bytes(), file=name)


def test_corpus_verdicts_as_a_correct_verifier_gives_them() -> None:
    intact = _verify("SESV4SignDoc.ofd").signatures[0]
    assert intact.intact and intact.signature_valid and not intact.trusted
    assert {r.code for r in intact.reasons} >= {"seal_expired", "untrusted", "maker_untrusted"}
    invoice = _verify("999.ofd").signatures[0]
    assert invoice.intact and invoice.signature_valid and invoice.seal_name
    keyword = _verify("keyword.ofd")
    assert keyword.verdict == "invalid"
    assert all(not s.intact for s in keyword.signatures)
    assert _verify("n.ofd").verdict == "invalid"
    first, second = _verify("h.ofd").signatures
    assert second.intact and second.signature_valid
    assert first.changed_files == ("Doc_0/Signs/Signatures.xml",)
    assert first.verdict == "indeterminate"  # only the list of signatures changed
    sign = _verify("DigitalSign.ofd").signatures[0]
    assert sign.kind == "Sign" and sign.verdict == "indeterminate"
    assert _verify("helloworld.ofd").verdict == "unsigned"


def test_cli_verify_ofd_exit_codes(tmp_path: Path) -> None:
    ofd = interop_dir("ofd")
    assert run_cli("verify", str(ofd / "keyword.ofd"), "--json").code == 1
    assert run_cli("verify", str(ofd / "999.ofd"), "--json").code == 8
    doc = run_cli("verify", str(ofd / "helloworld.ofd"), "--json")
    assert doc.code == 8 and doc.json["verdict"] == "unsigned" and doc.json["format"] == "ofd"


def _zip(entries: dict[str, bytes], *, compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ({"../evil.xml": b"x"}, "hostile"),
        ({"a/../../evil": b"x"}, "hostile"),
        ({"big.bin": b"\0" * (20 * 1024 * 1024)}, "too_large"),  # zip bomb: ratio ~1000
        (
            {
                "OFD.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>'
            },
            "xml",
        ),
        (
            {
                "OFD.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b"<x>&e;</x>"
            },
            "xml",
        ),
        ({"OFD.xml": b"<not closed"}, "xml"),
    ],
)
def test_hostile_packages_are_refused_within_a_second(
    entries: dict[str, bytes], reason: str
) -> None:
    data = _zip(entries)
    start = time.monotonic()
    with pytest.raises(OfdInputError) as err:
        verify_ofd(data)
    assert err.value.reason == reason
    assert time.monotonic() - start < 1.0


def test_duplicates_backslashes_and_not_a_zip() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("OFD.xml", b"<a/>")
        z.writestr("./OFD.xml", b"<b/>")
    with pytest.raises(OfdInputError, match="Duplicate"):
        OfdPackage.read(buffer.getvalue())
    assert normalise("\\Doc_0\\Signs\\..\\Document.xml") == "Doc_0/Document.xml"
    assert normalise("Sign_0/Signature.xml", "Doc_0/Signs") == "Doc_0/Signs/Sign_0/Signature.xml"
    with pytest.raises(OfdInputError) as err:
        verify_ofd(b"%PDF-1.7 not a zip")
    assert err.value.reason == "not_zip"


def test_tampered_signature_xml_is_caught(tmp_path: Path) -> None:
    source = interop_dir("ofd") / "999.ofd"
    with zipfile.ZipFile(source) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    name = next(n for n in entries if n.endswith("Sign_0/Signature.xml"))
    entries[name] = entries[name].replace(b"2020", b"2021", 1)
    report = verify_ofd(_zip(entries))
    assert report.verdict == "invalid"
    assert "data_hash" in {r.code for r in report.signatures[0].reasons}


def test_demo_mode_pem_roots_do_not_break_ofd_verification(demo_key, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """In demo mode the demo roots (PEM) are trusted too: an OFD from elsewhere still verifies."""
    result = run_cli("verify", str(interop_dir("ofd") / "keyword.ofd"), "--json")
    assert result.code == 1, result.stdout + result.stderr
    pem_root = demo_key.root_ca_pem.read_bytes()
    report = verify_ofd((interop_dir("ofd") / "999.ofd").read_bytes(), trust_roots=[pem_root])
    assert report.signatures[0].intact and not report.signatures[0].trusted


def test_a_hundred_thousand_entries_are_refused_in_bounded_time_and_memory() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for i in range(100_000):
            z.writestr(f"d/{i}", b"")
    data = buffer.getvalue()
    tracemalloc.start()
    start = time.monotonic()
    try:
        with pytest.raises(OfdInputError) as err:
            verify_ofd(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.reason == "too_large" and "100000" in err.value.message("zh")
    assert time.monotonic() - start < 1.0  # counted from the end record, not parsed
    assert peak < 1024 * 1024


def test_a_bomb_is_refused_without_inflating_it() -> None:
    data = _zip({"OFD.xml": b"<a/>", "Doc_0/big.bin": b"\0" * (50 * 1024 * 1024)})
    tracemalloc.start()
    try:
        with pytest.raises(OfdInputError) as err:
            verify_ofd(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.reason == "too_large"
    assert peak < 10 * 1024 * 1024


def test_verification_reports_progress_stops_on_cancel_and_has_a_deadline() -> None:
    """As PDF verification: progress in the caller's thread, cancel, and a deadline (a hostile
    package cannot keep the verifier busy)."""
    import threading

    from sealdesk.signing.progress import Cancelled

    data = (interop_dir("ofd") / "h.ofd").read_bytes()  # two signatures
    seen: list[tuple[float, str]] = []
    caller = threading.get_ident()
    threads: set[int] = set()

    def progress(fraction: float, message: str) -> None:
        seen.append((fraction, message))
        threads.add(threading.get_ident())

    report = verify_ofd(data, progress=progress)
    assert len(report.signatures) == 2
    assert [f for f, _ in seen] == [0.0, 0.5, 1.0] and threads == {caller}
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        verify_ofd(data, cancel=stop)
    with pytest.raises(OfdInputError) as e:
        verify_ofd(data, timeout=0.0)
    assert e.value.reason == "timeout"


def test_a_declared_but_missing_signature_list_is_said() -> None:
    """OFD.xml names a Signatures.xml that is not in the package (the signatures taken out):
    not 'no signature', but that the declared list is missing."""
    from tests.ofd_factory import make_ofd

    files = {}
    with zipfile.ZipFile(io.BytesIO(make_ofd(1))) as z:
        files = {n: z.read(n) for n in z.namelist()}
    files["OFD.xml"] = files["OFD.xml"].replace(
        b"</ofd:DocBody>",
        b"<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody>",
    )
    report = verify_ofd(_zip(files))
    assert report.verdict == "indeterminate" and not report.signatures
    (problem,) = report.problems
    assert problem.code == "signatures_missing" and "Signatures.xml" in problem.zh
    assert verify_ofd(make_ofd(1)).verdict == "unsigned"


def test_changed_parts_are_said_in_words_and_the_paths_kept() -> None:
    """A civil servant reads '第 1 页的内容', not Doc_0/Pages/Page_0/Content.xml; the paths stay
    in the result (the card's and the report's details)."""
    first = _verify("keyword.ofd").signatures[0]
    (changed,) = [r for r in first.reasons if r.code == "changed"]
    assert "第 1 页的内容" in changed.zh and "the content of page 1" in changed.en
    assert "Content.xml" not in changed.zh + changed.en
    assert "Doc_0/Pages/Page_0/Content.xml" in first.changed_files
    (unprotected,) = [r for r in first.reasons if r.code == "unprotected"]
    assert "Doc_0/" not in unprotected.zh and "字体 Font7.ttf" in unprotected.zh
    assert "Doc_0/Res/Font7.ttf" in first.unprotected_files


def test_a_time_written_without_a_zone_is_beijing_time() -> None:
    """keyword.ofd writes one moment twice: 20200620091849Z in its seal signature and
    2020-06-20 17:18:49 (Beijing time) in Signature.xml."""
    from sealdesk.signing.ses import parse_time_text

    assert parse_time_text("2020-06-20 17:18:49") == parse_time_text("20200620091849Z")
    seal, sign = _verify("keyword.ofd").signatures
    assert (seal.kind, sign.kind) == ("Seal", "Sign")
    assert seal.signing_time == sign.signing_time
    assert sign.signing_time is not None and sign.signing_time.utcoffset() is not None


def test_trusted_roots_are_named_as_the_certificate_writes_them(token) -> None:  # type: ignore[no-untyped-def]
    """The demo roots' names are Chinese: no 'Common Name: …' in the reasons."""
    from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN
    from sealdesk.app.settings import Settings
    from sealdesk.app.verification import verification_trust, verify_bytes
    from sealdesk.signing.jobs import Placement, SealPicture, SignOptions, sign_document
    from sealdesk.signing.ses import parse_seal
    from sealdesk.ukey import TokenSigner
    from tests.ofd_factory import make_ofd

    with token.session(DEMO_USER_PIN) as session:
        s = parse_seal(session.read_data(DEMO_SEAL_NAME))
        signed = sign_document(
            make_ofd(1),
            signer=TokenSigner.from_session(session),
            options=SignOptions(
                placements=[Placement(1, 30, 40)],
                seal=SealPicture(s.picture, s.picture_width_mm, s.picture_height_mm, s.name, s.der),
            ),
        )
    report = verify_bytes(signed, trust=verification_trust(Settings()))
    (sig,) = report.signatures
    texts = [r.zh for r in sig.reasons] + [r.en for r in sig.reasons]
    assert any("SealDesk 演示根 CA" in t for t in texts)
    assert not any("Common Name" in t or "Organization:" in t for t in texts)
    assert "SealDesk 演示根 CA (Demo Root CA)" in {a.name for a in report.anchors}
