"""The fast reader of plain dictionaries reads an object exactly as pyHanko does, or leaves it
to pyHanko: compared object by object on real documents and on hand-made edge cases."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from sealdesk.signing.pdf.fastread import PlainDictionaries
from tests.conftest import require
from tests.signing import pdf_attacks as attacks
from tests.signing.test_pdf_producers import _variants
from tests.signing.test_pdf_sign import make_pdf


def _written(obj: Any, ref: generic.Reference) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out, None, ref)
    return out.getvalue()


def _same(fast: Any, slow: Any, ref: generic.Reference) -> None:
    """Same types, values, references and container, and the same bytes when written."""
    if isinstance(slow, generic.NameObject):
        assert isinstance(fast, generic.NameObject) and str(fast) == str(slow)
    else:
        assert type(fast) is type(slow), (fast, slow)
    assert getattr(fast, "container_ref", None) == getattr(slow, "container_ref", None)
    if isinstance(slow, generic.DictionaryObject):
        assert list(fast.keys()) == list(slow.keys())
        for key in slow:
            _same(fast.raw_get(key), slow.raw_get(key), ref)
    elif isinstance(slow, generic.ArrayObject):
        assert len(fast) == len(slow)
        for i in range(len(slow)):
            _same(fast.raw_get(i), slow.raw_get(i), ref)
    elif isinstance(slow, generic.IndirectObject):
        assert (fast.idnum, fast.generation) == (slow.idnum, slow.generation)
    else:
        assert fast == slow
    assert _written(fast, ref) == _written(slow, ref)


def _readers(data: bytes) -> tuple[Any, PlainDictionaries, Any]:
    """Two readers of ``data``: one read through the fast reader, one by pyHanko alone."""
    fast = PdfFileReader(io.BytesIO(data), strict=False)
    return fast, PlainDictionaries(fast, data), PdfFileReader(io.BytesIO(data), strict=False)


def _compare(readers: tuple[Any, PlainDictionaries, Any], idnum: int) -> tuple[Any, Any]:
    """(fast result, pyHanko's object or the exception it raised)."""
    fast_reader, plain, slow_reader = readers
    fast = plain.read(generic.Reference(idnum, 0, fast_reader))
    ref = generic.Reference(idnum, 0, slow_reader)
    try:
        slow: Any = slow_reader.get_object(ref)
    except Exception as e:  # whatever pyHanko refuses, we must not have read
        refused: Any = e
    else:
        refused = None
    if refused is not None:
        assert fast is None, (idnum, fast, refused)
        return fast, refused
    if fast is not None:
        _same(fast, slow, ref)
        assert fast_reader.get_object(generic.Reference(idnum, 0, fast_reader)) is fast
    return fast, slow


def test_every_object_of_real_documents_reads_as_pyhanko_reads_it(tmp_path: Path) -> None:
    for name, path in _variants(tmp_path).items():
        data = path.read_bytes()
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            count = doc.xref_length()
            pages = {doc.page_xref(i) for i in range(doc.page_count)}
            encrypted = doc.metadata.get("encryption") is not None
        fast_pages = 0
        readers = _readers(data)
        for idnum in range(1, count):
            fast, _slow = _compare(readers, idnum)
            fast_pages += fast is not None and idnum in pages
        # what the cross-page seal needs: every page dictionary of these producers is plain
        # (pdfTeX's and qpdf's in object streams); an encrypted file is all pyHanko's
        assert fast_pages == (0 if encrypted else len(pages)), name


PLAIN = [
    b"<< /Type /Page /MediaBox [0 0 595.276 841.89] /Rotate 90 /Parent 2 0 R >>",
    b"<</A[1 2.5 -3 +4 .5 -.5 5. 007]/B<</C true/D false/E null>>/F 10 0 R/G/H/I[]/J<<>>>>",
    b"<<\x00/A\x0c1\r\n/B\t[ 1  0  R ]\n/C 12 3 R>>",
    b"<< /A / /B 1 >>",
    b"<< /Type /Page % 1\n   /A 1% a comment\r/B[1%c\n2]>>",
    b"<< /A " + b"[" * 20 + b"1" + b"]" * 20 + b" >>",
]
NOT_PLAIN = [  # read by pyHanko, left to it here
    b"<< /A (a string) >>",
    b"<< /A <414243> >>",
    b"<< /A#20B 1 >>",
    b"<< /A 1 /A 2 >>",
    b"<< /A 35\x0b0\x0bR >>",
    b"<< /A " + b"[" * 40 + b"1" + b"]" * 40 + b" >>",
    b"<< /A 1 >> trailing words",
    b"[1 2 3]",
    b"<< /Length 3 >>\nstream\nabc\nendstream",
]
BROKEN = [  # pyHanko refuses them: so must we
    b"<< /A 1,5 >>",
    b"<< /A 1.2.3 >>",
    b"<< /A 0 0 R >>",
    b"<< /A 123456789 123456789 R >>",  # pyHanko looks 20 bytes ahead for a reference
    b"<< /A trueish >>",
    b"<< /A \x80 >>",
    b"<< /\x80 1 >>",
    b"<< /A 1",
    b"<< 1 2 >>",
    b"<<%c>>",  # the comment hides the end of the dictionary
    b"<</A 1%c>>",
    b"<</A 1 0 R%>>",
]


@pytest.mark.parametrize("body", PLAIN + NOT_PLAIN + BROKEN)
def test_edge_cases_read_as_pyhanko_reads_them_or_not_at_all(body: bytes) -> None:
    data = attacks.raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [] /Count 0 >>",
            3: body,
        }
    )
    fast, slow = _compare(_readers(data), 3)
    if body in PLAIN:
        assert fast is not None
    if body in BROKEN:
        assert isinstance(slow, Exception) and fast is None
    if body in NOT_PLAIN:
        assert fast is None and not isinstance(slow, Exception)


def test_encrypted_documents_are_left_to_pyhanko(tmp_path: Path) -> None:
    require(shutil.which("qpdf") is not None, "qpdf")
    base = make_pdf(tmp_path / "base.pdf", pages=2)
    target = tmp_path / "aes.pdf"
    subprocess.run(
        ["qpdf", "--encrypt", "", "owner", "256", "--", str(base), str(target)], check=True
    )
    data = target.read_bytes()
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    reader.decrypt("")
    page = reader.root["/Pages"].raw_get("/Kids").raw_get(0)
    plain = PlainDictionaries(reader, data)
    assert plain.read(page.reference) is None
    assert "/MediaBox" in page.get_object()
    assert plain.read(page.reference) is None  # not the undecrypted proxy pyHanko caches


def _with_object_stream(decoded: bytes, first: int) -> bytes:
    """Catalog and page tree, then object 3 as member 0 of object stream 10 holding
    ``decoded`` (unfiltered), found through an xref stream (object 11)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number, body in (
        (1, b"<< /Type /Catalog /Pages 2 0 R >>"),
        (2, b"<< /Type /Pages /Kids [] /Count 0 >>"),
        (
            10,
            b"<< /Type /ObjStm /N 1 /First %d /Length %d >>\nstream\n%s\nendstream"
            % (first, len(decoded), decoded),
        ),
    ):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    offsets[11] = len(out)
    entries = {n: (0, 0, 65535) for n in range(12)}
    entries.update({n: (1, offsets[n], 0) for n in (1, 2, 10, 11)})
    entries[3] = (2, 10, 0)
    rows = b"".join(
        bytes([kind]) + field.to_bytes(4, "big") + gen.to_bytes(2, "big")
        for kind, field, gen in (entries[n] for n in range(12))
    )
    out += b"11 0 obj\n<< /Type /XRef /Size 12 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        len(rows)
    )
    out += rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[11]
    return bytes(out)


@pytest.mark.parametrize(
    ("decoded", "first", "plain"),
    [
        (b"3 0 <</A 1 /B [2 0 R]>>", 4, True),
        (b"30 <</A 1>>", 3, False),  # pyHanko reads object 30, then no offset: null
        (b"3 0.5 <</A 1>>", 6, False),
        (b"3 5 %<</A 1>>\n", 0, False),  # the object is inside a comment
        (b"%c 3 9\n+3 0 <</A 1>> <</B 2>>", 12, False),
        (b"3 0 <</Length 3>>stream\nabc\nendstream", 4, False),
        (b"3 0 <</A 1>>%c", 4, False),  # pyHanko stops at the comment ending the data
        (b"3 0  <</A 1>>", 4, False),  # whitespace where the table points
    ],
)
def test_object_stream_members_read_as_pyhanko_reads_them_or_not_at_all(
    decoded: bytes, first: int, plain: bool
) -> None:
    fast, _slow = _compare(_readers(_with_object_stream(decoded, first)), 3)
    assert (fast is not None) == plain
