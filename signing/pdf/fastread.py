"""Reading plain dictionaries (pages, resources) faster than pyHanko's tokenizer does.

A cross-page seal rewrites every page of a document and its resources. pyHanko reads an object
a byte at a time, about 100 µs for a page dictionary, which made the seal on a 300-page file
cost more than a whole signature. :class:`PlainDictionaries` reads the plain ones with one
regular expression into the same pyHanko objects and puts them in the reader's cache, where
pyHanko finds them, from the file or from object streams. Anything outside that plain grammar
(strings, escapes in names, streams, encrypted files, duplicate keys) is left to pyHanko, so
every object reads exactly as pyHanko would read it (``tests/signing/test_pdf_fastread.py``
compares both on whole documents).
"""

from __future__ import annotations

import decimal
import re
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.pdf_utils.xref import ObjStreamRef

# whitespace and comments, as pyHanko skips them; possessive, so that a comment always runs to
# its line's end (backtracking into it would read what it hides)
_WS = rb"(?:[ \t\n\r\f\x00]+|%[^\r\n]*+)*+"
_DELIMITER = rb"[ \t\n\r\f\x00()<>\[\]{}/%]"
# pyHanko decides between number and reference by peeking 20 bytes, with Python's \s
_TOKEN = re.compile(
    _WS + rb"(?:(?P<open><<)|(?P<close>>>)|(?P<begin>\[)|(?P<end>\])"
    rb"|/(?P<name>[^ \t\n\r\f\x00()<>\[\]{}/%]*)"
    rb"|(?P<idnum>[0-9]+)[ \t\n\r\f]+(?P<generation>[0-9]+)[ \t\n\r\f]+R(?![a-zA-Z])"
    rb"|(?P<number>[+\-.0-9][+,\-.0-9]*)"
    rb"|(?P<word>true|false|null)(?=" + _DELIMITER + rb"))"
)
_PRINTABLE = re.compile(rb"[!-~]*")  # what pyHanko takes in a name unescaped, '#' apart
# pyHanko takes the three bytes after the generation's one whitespace byte for "obj"
_HEADER = re.compile(_WS + rb"([0-9]+)[ \t\n\r\f\x00]+([0-9]+)[ \t\n\r\f\x00]obj")
_ENDOBJ = re.compile(_WS + rb"endobj")
_SKIP = re.compile(_WS)
# pyHanko reads a number as the whole run of these characters
_TABLE_ENTRY = re.compile(_WS + rb"([0-9]+)(?![+,\-.0-9])" + _WS + rb"([0-9]+)(?![+,\-.0-9])")
_PEEK = 20
_MAX_DEPTH = 32
_WORDS = {
    "true": lambda: generic.BooleanObject(True),
    "false": lambda: generic.BooleanObject(False),
    "null": generic.NullObject,
}


class _PlainName(generic.NameObject):
    """A name read here, so one that needs no escape: written as it is (pyHanko's writer
    checks a name a byte at a time, which costs as much as the rest of a page)."""

    def write_to_stream(self, stream: Any, handler: Any = None, container_ref: Any = None) -> None:
        stream.write(self.encode("ascii"))


class _NotPlain(Exception):
    """The object needs pyHanko's own parser."""


def _value(data: bytes, pos: int, container: Any, depth: int) -> tuple[Any, int]:
    match = _TOKEN.match(data, pos)
    if match is None or depth > _MAX_DEPTH:
        raise _NotPlain
    kind, end = match.lastgroup, match.end()
    result: Any
    if kind == "open":
        items: dict[Any, Any] = {}
        while True:
            key = _TOKEN.match(data, end)
            if key is None or key.lastgroup not in ("name", "close"):
                raise _NotPlain
            end = key.end()
            if key.lastgroup == "close":
                break
            name = _name(key)
            if name in items:  # pyHanko keeps the first and warns
                raise _NotPlain
            items[name], end = _value(data, end, container, depth + 1)
        result = generic.DictionaryObject(items)
    elif kind == "begin":
        values = []
        while True:
            item = _TOKEN.match(data, end)
            if item is None:
                raise _NotPlain
            if item.lastgroup == "end":
                end = item.end()
                break
            value, end = _value(data, end, container, depth + 1)
            values.append(value)
        result = generic.ArrayObject(values)
    elif kind == "name":
        result = _name(match)
    elif kind == "generation":
        idnum, generation = int(match["idnum"]), int(match["generation"])
        if idnum <= 0 or end - match.start("idnum") + 1 > _PEEK:
            raise _NotPlain
        result = generic.IndirectObject(idnum, generation, container.get_pdf_handler())
    elif kind == "number":
        text = match["number"].decode("ascii")
        try:
            result = generic.FloatObject(text) if "." in text else generic.NumberObject(text)
        except (ValueError, decimal.InvalidOperation):
            raise _NotPlain from None
    elif kind == "word":
        result = _WORDS[match["word"].decode("ascii")]()
    else:
        raise _NotPlain
    result.container_ref = container
    return result, end


def _name(match: re.Match[bytes]) -> Any:
    raw = match["name"]
    if b"#" in raw or not _PRINTABLE.fullmatch(raw):
        raise _NotPlain
    return _PlainName("/" + raw.decode("ascii"))


class PlainDictionaries:
    """Reads the plain dictionaries of one pyHanko reader opened on ``data``."""

    def __init__(self, reader: Any, data: bytes) -> None:
        self._reader = reader
        self._data = data
        self._streams: dict[int, tuple[bytes, dict[int, int]] | None] = {}

    def read(self, ref: Any) -> Any | None:
        """The dictionary ``ref`` names, read and cached as pyHanko would; None when it is not a
        plain one, and then nothing is cached."""
        reader = self._reader
        if reader.encrypted:  # its cache holds undecrypted proxies
            return None
        cached = reader.cache_get_indirect_object(ref.generation, ref.idnum)
        if cached is not None:
            return cached
        where = reader.xrefs[ref]
        container = generic.Reference(ref.idnum, ref.generation, reader)
        try:
            if isinstance(where, int):
                result = self._uncompressed(ref, where, container)
            elif isinstance(where, ObjStreamRef) and ref.generation == 0:
                result = self._compressed(ref, where, container)
            else:  # missing: pyHanko says how it copes
                return None
        except _NotPlain:
            return None
        if not isinstance(result, generic.DictionaryObject):
            return None
        reader.cache_indirect_object(ref.generation, ref.idnum, result)
        return result

    def _uncompressed(self, ref: Any, offset: int, container: Any) -> Any:
        data = self._data
        header = _HEADER.match(data, offset)
        if header is None or (int(header[1]), int(header[2])) != (ref.idnum, ref.generation):
            raise _NotPlain
        result, end = _value(data, header.end(), container, 0)
        if not _ENDOBJ.match(data, end):
            raise _NotPlain
        return result

    def _compressed(self, ref: Any, where: ObjStreamRef, container: Any) -> Any:
        """An object in an object stream: pyHanko reads it where the stream's table says, for
        the first entry with its number, and without skipping any whitespace there."""
        table = self._object_stream(where.obj_stream_id)
        if table is None:
            raise _NotPlain
        decoded, offsets = table
        start = offsets.get(ref.idnum, -1)
        if not 0 <= where.ix_in_stream < len(offsets) or not decoded.startswith(b"<<", start):
            raise _NotPlain
        result, end = _value(decoded, start, container, 0)
        rest = _SKIP.match(decoded, end).end()  # type: ignore[union-attr]
        # pyHanko then looks for "stream", and fails on a comment that ends the data
        if decoded.startswith(b"stream", rest) or (rest == len(decoded) and b"%" in decoded[end:]):
            raise _NotPlain
        return result

    def _object_stream(self, number: int) -> tuple[bytes, dict[int, int]] | None:
        """The decoded object stream and where each object starts, read once."""
        if number in self._streams:
            return self._streams[number]
        self._streams[number] = None
        stream = self._reader.get_object(generic.Reference(number, 0, self._reader))
        if not isinstance(stream, generic.StreamObject) or stream.get("/Type") != "/ObjStm":
            return None
        count, first = stream.get("/N"), stream.get("/First")
        if not isinstance(count, int) or not isinstance(first, int) or count < 0:
            return None
        decoded = stream.read_data(DecodePurpose.OBJECT_STREAM)
        offsets: dict[int, int] = {}
        pos = 0
        for _ in range(count):
            entry = _TABLE_ENTRY.match(decoded, pos)
            if entry is None:
                return None
            offsets.setdefault(int(entry[1]), first + int(entry[2]))
            pos = entry.end()
            if _SKIP.match(decoded, pos).end() == len(decoded):  # type: ignore[union-attr]
                return None  # pyHanko needs more after each entry
        self._streams[number] = decoded, offsets
        return self._streams[number]
