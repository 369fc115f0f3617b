"""Requests for the platform server made from its OpenAPI document (hypothesis).

For each operation: bodies the schema allows (so the request gets past validation and into the
handler), the same with one thing broken (a field missing, of the wrong type, unknown, huge),
hostile JSON (deep, unicode with lone surrogates, NaN, 1e999, integers past 64 bits), bytes
that are not JSON, path and query parameters of the right shape and not, and odd headers.
``tests/server/test_api_fuzz.py`` sends them to a real server; ``scripts/fuzz.py`` runs it long.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, quote_from_bytes

from hypothesis import strategies as st

Strategy = st.SearchStrategy[Any]
JUNK_STRINGS = [
    "", " ", "\x00", "a\x00b", "\u202e", "🙂", "\ud800", "\udfff", "%00", "%", "..", "../..",
    "' OR 1=1 --", "${jndi:ldap://x}", "<script>", "null", "NaN", "1e999", "-1", "0x10",
    "13900000000\n", " 13900000000", "１３９０００００００", "13900000000\x00", "true", "[]",
    "张三" * 30, "\\", "%ED%A0%80", "Bearer", "\r\n",
]  # fmt: skip
NUMBERS = [0, -1, 1, 2**31, 2**53 + 1, 2**63, -(2**63) - 1, 2**64, 10**400, 1.5, -0.0, 1e308]


@dataclass(frozen=True)
class Operation:
    """One method on one path of the document, its schemas resolved."""

    method: str
    path: str
    parameters: tuple[Mapping[str, Any], ...]
    body: Mapping[str, Any] | None
    permission: str | None

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


def _resolve(node: Any, document: Mapping[str, Any], depth: int = 0) -> Any:
    if depth > 20:
        return {}
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return _resolve(target, document, depth + 1)
        return {k: _resolve(v, document, depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, document, depth + 1) for v in node]
    return node


def operations(document: Mapping[str, Any]) -> list[Operation]:
    ops = []
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            body = spec.get("requestBody", {}).get("content", {}).get("application/json", {})
            ops.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    parameters=tuple(_resolve(p, document) for p in spec.get("parameters", [])),
                    body=_resolve(body["schema"], document) if body else None,
                    permission=spec.get("x-permission"),
                )
            )
    return ops


@dataclass(frozen=True, repr=False)
class Request:
    """What is sent; ``auth`` is ``token`` (the session's, filled in when sent), ``none`` or
    the header value itself. ``fresh_challenge``: the body's challenge (and, with ``sign``, its
    signature) are made when sent, so a login gets past the challenge check."""

    operation: str
    method: str
    url: str  # path and query, percent-encoded
    headers: tuple[tuple[str, str], ...]
    content: bytes | None
    auth: str
    fresh_challenge: bool = False
    sign: bool = False
    chunked: bool = False  # sent without a Content-Length, in pieces
    kind: str = field(default="", compare=False)  # what the body is, for the summary

    def __repr__(self) -> str:  # a failing example is printed: not 300 kB of it
        content = (
            self.content
            if self.content is None or len(self.content) < 300
            else (self.content[:300] + f"... ({len(self.content)} bytes)".encode())
        )
        return (
            f"Request({self.method} {self.url[:300]!r}, headers={self.headers!r}, "
            f"content={content!r}, auth={self.auth!r}, fresh_challenge={self.fresh_challenge}, "
            f"sign={self.sign}, chunked={self.chunked}, kind={self.kind!r})"
        )

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # hypothesis prints examples so
        p.text(repr(self))

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "method": self.method,
            "url": self.url,
            "headers": [list(h) for h in self.headers],
            "content": None if self.content is None else base64.b64encode(self.content).decode(),
            "auth": self.auth,
            "fresh_challenge": self.fresh_challenge,
            "sign": self.sign,
            "chunked": self.chunked,
            "kind": self.kind,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Request:
        content = data["content"]
        return cls(
            operation=data["operation"],
            method=data["method"],
            url=data["url"],
            headers=tuple((k, v) for k, v in data["headers"]),
            content=None if content is None else base64.b64decode(content),
            auth=data["auth"],
            fresh_challenge=data.get("fresh_challenge", False),
            sign=data.get("sign", False),
            chunked=data.get("chunked", False),
            kind=data.get("kind", ""),
        )


# --- values ------------------------------------------------------------------------------------
# (strategies are made once per operation and drawn from many times: making one is the costly
# part)

HUGE_TEXT: Strategy = st.tuples(
    st.text(min_size=1, max_size=4) | st.sampled_from(["x", "字", "🙂"]),
    st.sampled_from([51, 101, 2049, 16_385, 70_000, 300_000]),
).map(lambda t: t[0] * t[1])
"""Long strings, made by repetition (hypothesis's own buffer stays small): from past every
field's limit to past the 1 MiB body limit."""

ANY_TEXT: Strategy = (
    st.sampled_from(JUNK_STRINGS)
    | st.text(max_size=40)
    | st.text(st.characters(exclude_categories=()), max_size=20)  # lone surrogates too
)
HOSTILE_JSON: Strategy = st.recursive(
    st.none()
    | st.booleans()
    | st.sampled_from(NUMBERS)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
NOT_JSON_BODIES = [
    b"", b"{", b'{"a":', b"[" * 100_000, b"[" * 3000 + b"]" * 3000,
    b'{"a":' * 5000 + b"1" + b"}" * 5000, b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00", b"NaN",
    b"-Infinity", b'"\\ud800"', b"1" * 5000, b"{}" * 10, b"null",
]  # fmt: skip
NOT_JSON: Strategy = st.one_of(
    st.binary(max_size=200),
    st.sampled_from(NOT_JSON_BODIES),
    st.text(max_size=50).map(lambda t: t.encode("utf-16")),
)
MAX_QUERY = 60_000  # percent-encoded: several huge parameters together pass httpx's URL limit
MAX_PATH_PARAMETER = 4000  # percent-encoded; httpx sends no URL over 64 KiB


def _cut(quoted: str) -> str:
    """A percent-encoded path parameter at most MAX_PATH_PARAMETER long, cut between escapes."""
    cut = quoted[:MAX_PATH_PARAMETER]
    if "%" in cut[-2:]:
        cut = cut[: cut.rindex("%")]
    return cut


WRONG_PARAMETER: Strategy = (
    ANY_TEXT
    | st.sampled_from(NUMBERS).map(str)
    | st.binary(min_size=1, max_size=12)
    | HUGE_TEXT.map(lambda s: s[:3000])
)
HEADER_TEXT: Strategy = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=80)
CONTENT_TYPES = ["application/json"] * 6 + [
    "text/plain", "application/x-www-form-urlencoded", "", "application/json; charset=latin-1",
    "multipart/form-data; boundary=x",
]  # fmt: skip
JUNK_AUTH: Strategy = st.sampled_from(
    ["Bearer", "Basic dXNlcjpwYXNz", "bearer x", "Token x"]
) | HEADER_TEXT.map(lambda t: f"Bearer {t}".strip())  # h11 sends no value with spaces at its ends


def valid(
    schema: Mapping[str, Any], name: str = "", known: Mapping[str, Strategy] | None = None
) -> Strategy:
    """Values the schema allows (within small sizes); a field named in ``known`` also takes
    the test's real values (ids that exist, a phone in use, a real certificate)."""
    known = known or {}
    if "anyOf" in schema:
        return st.one_of([valid(s, name, known) for s in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    own: Strategy
    if kind == "null":
        return st.none()
    if kind == "boolean":
        own = st.booleans()
    elif kind == "integer":
        own = st.integers(schema.get("minimum"), schema.get("maximum"))
    elif kind == "number":
        own = st.floats(schema.get("minimum"), schema.get("maximum"), allow_nan=False)
    elif kind == "string":
        if schema.get("format") == "uuid":
            own = st.uuids().map(str)
        elif "pattern" in schema:
            own = st.from_regex(schema["pattern"], fullmatch=True)
        else:
            low = schema.get("minLength", 0)
            own = st.text(min_size=low, max_size=max(low, min(schema.get("maxLength", 40), 40)))
    elif kind == "array":
        own = st.lists(
            valid(schema.get("items", {}), name, known),
            min_size=schema.get("minItems", 0),
            max_size=min(schema.get("maxItems", 4), 4),
        )
    elif kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        own = st.fixed_dictionaries(
            {k: valid(v, k, known) for k, v in props.items() if k in required},
            optional={k: valid(v, k, known) for k, v in props.items() if k not in required},
        )
    else:
        own = HOSTILE_JSON
    return known[name] | own if name in known else own


@dataclass(frozen=True)
class RawJson:
    text: str


@st.composite
def _broken(draw: st.DrawFn, good: Strategy, keys: list[str]) -> Any:
    """A valid body (from ``good``) with one thing wrong."""
    body = draw(good)
    if not isinstance(body, dict):
        return draw(HOSTILE_JSON)
    how = draw(st.sampled_from(["drop", "wrong", "unknown", "huge", "null", "list", "dup"]))
    key = draw(st.sampled_from(keys)) if keys else None
    if key is None or how == "unknown":
        body[draw(ANY_TEXT)] = draw(HOSTILE_JSON)
    elif how == "drop":
        body.pop(key, None)
    elif how == "wrong":
        body[key] = draw(HOSTILE_JSON)
    elif how == "huge":
        body[key] = draw(HUGE_TEXT)
    elif how == "null":
        body[key] = None
    elif how == "list":
        return [body]
    else:  # the same key twice: the last one counts in most parsers
        rest = json.dumps(body)[:-1] + ("," if body else "")
        return RawJson(rest + f'"{key}": {json.dumps(draw(HOSTILE_JSON))}}}')
    return body


def bodies(schema: Mapping[str, Any] | None, known: Mapping[str, Strategy]) -> Strategy:
    """(kind, bytes or None) of a request body: valid, broken, hostile, not JSON, none."""
    if schema is None:
        choices = {"none": st.none(), "hostile": HOSTILE_JSON, "not_json": NOT_JSON}
        weights = ["none", "none", "none", "hostile", "not_json"]
    else:
        good = valid(schema, known=known)
        broken = _broken(good, sorted(schema.get("properties", {})))
        choices = {
            "valid": good, "broken": broken, "hostile": HOSTILE_JSON, "not_json": NOT_JSON,
            "none": st.none(),
        }  # fmt: skip
        weights = ["valid", "valid", "broken", "broken", "hostile", "not_json", "none"]

    @st.composite
    def draw_body(draw: st.DrawFn) -> tuple[str, bytes | None]:
        kind = draw(st.sampled_from(weights))
        value = draw(choices[kind])
        if kind == "none" or isinstance(value, bytes):
            return kind, value
        if isinstance(value, RawJson):
            return kind, value.text.encode()
        text = json.dumps(value, allow_nan=True, ensure_ascii=draw(st.booleans()))
        return kind, text.encode("utf-8", "surrogatepass")

    return draw_body()


# --- requests ----------------------------------------------------------------------------------


def _quoted(value: Any) -> str:
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def requests(op: Operation, *, authenticated: bool, known: Mapping[str, Strategy]) -> Strategy:
    """Requests for ``op``: its parameters right or wrong, its body of every kind, odd headers,
    and a session's token (``authenticated``) or none or a made-up one."""
    params = [
        (
            p,
            st.one_of(
                right := valid(p.get("schema", {}), p["name"], known), right, WRONG_PARAMETER
            ),
        )
        for p in op.parameters
        if not (p["in"] == "header" and p["name"].lower() == "authorization")
    ]
    body = bodies(op.body, known)
    auths = ["token"] * 8 + ["junk"] if authenticated else ["none", "none", "junk"]

    @st.composite
    def draw_request(draw: st.DrawFn) -> Request:
        path = op.path
        query: list[str] = []
        headers: list[tuple[str, str]] = []
        for param, values in params:
            name, where = param["name"], param["in"]
            if where != "path" and not param.get("required") and draw(st.booleans()):
                continue  # left out
            value = draw(values)
            if where == "path":
                path = path.replace("{" + name + "}", _cut(_quoted(value) or "%20"))
            elif where == "query":
                query.append(f"{quote(name)}={_quoted(value)}")
                if draw(st.integers(0, 9)) == 0:  # the same parameter twice
                    query.append(f"{quote(name)}={_quoted(draw(values))}")
            elif where == "header" and value is not None:
                text = value if isinstance(value, str) else str(value)
                if not all(0x20 <= ord(c) < 0x7F for c in text):
                    text = draw(HEADER_TEXT)
                headers.append((name, text.strip()))
        if draw(st.integers(0, 4)) == 0:
            language = draw(st.sampled_from(["en", "zh-CN", "", "EN-us"]))
            headers.append(("Accept-Language", language))
        kind, content = draw(body)
        if content is not None and (content_type := draw(st.sampled_from(CONTENT_TYPES))):
            headers.append(("Content-Type", content_type))
        auth = draw(st.sampled_from(auths))
        if auth == "junk":
            auth = draw(JUNK_AUTH)
        fresh = op.path.endswith("/auth/ukey") and draw(st.booleans())
        while len("&".join(query)) > MAX_QUERY:  # httpx sends no URL over 64 KiB
            query.pop()
        return Request(
            operation=op.name,
            method=op.method,
            url=path + ("?" + "&".join(query) if query else ""),
            headers=tuple(headers),
            content=content,
            auth=auth,
            fresh_challenge=fresh,
            sign=fresh and draw(st.booleans()),
            chunked=content is not None and draw(st.integers(0, 3)) == 0,
            kind=kind,
        )

    return draw_request()


@st.composite
def mutated(draw: st.DrawFn, choices: Strategy) -> bytes:
    """One of ``choices`` (bytes) with a few bytes flipped, cut or inserted (a certificate the
    server parses)."""
    out = bytearray(draw(choices))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        op = draw(st.sampled_from(["flip", "cut", "insert"]))
        if op == "flip" and out:
            out[at] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del out[at : at + draw(st.integers(1, 64))]
        else:
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
    return bytes(out)
