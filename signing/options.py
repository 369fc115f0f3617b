"""What a signing run does, for PDF and OFD alike: the option types (millimetres on the page as
a person sees it; each format's module maps them onto its own coordinates) and the geometry both
formats share (cross-page strips, where a placed seal goes).

Its own module so that the format signers and `signing.jobs` (which calls them) do not import
each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sealdesk.signing.errors import SignError


@dataclass(frozen=True)
class Placement:
    """Where one seal goes: page (1-based) and the seal's top-left corner in mm from the
    top-left of the page as displayed; ``size_mm`` overrides the seal's own width."""

    page: int
    x_mm: float
    y_mm: float
    size_mm: float | None = None


@dataclass(frozen=True)
class SealPicture:
    """The picture of the seal and its true size; ``seal_der`` is the GB/T 38540 seal it comes
    from (OFD seal signatures embed it), None for a bare picture."""

    png: bytes
    width_mm: float
    height_mm: float
    name: str | None = None
    seal_der: bytes | None = None


@dataclass(frozen=True)
class CrossPage:
    """A cross-page seal (骑缝章): the picture cut into one strip per page of ``first``..``last``
    (1-based, None = document start/end), at ``edge``; ``pos_mm`` is the seal's top (left/right
    edges) or left (top/bottom edges) in mm, centred when None. A long range is stamped in
    groups of at most ``group`` pages, each group a whole seal (None: as many pages as keep
    every strip :data:`MIN_STRIP_MM` wide; see :func:`cross_page_groups`)."""

    edge: Literal["left", "right", "top", "bottom"] = "right"
    first: int | None = None
    last: int | None = None
    pos_mm: float | None = None
    group: int | None = None


# a narrower strip is hard to see, and the pages hard to match up by it (paper practice)
MIN_STRIP_MM = 4.0


@dataclass(frozen=True)
class CrossPageGroup:
    """One group of a cross-page seal: its pages (0-based) carry one whole seal, cut into
    strips ``strip_mm`` wide (high, at a top or bottom edge)."""

    pages: range
    strip_mm: float

    def to_json(self) -> dict[str, object]:
        return {
            "pages": [self.pages.start + 1, self.pages.stop],
            "strip_mm": round(self.strip_mm, 2),
        }


def cross_page_range(spec: CrossPage, pages: int, error: type[SignError]) -> range:
    """The 0-based pages a cross-page seal spans in a document of ``pages`` pages.

    :raises SignError: (as ``error``) fewer than two pages, or a range outside the document.
    """
    first = (spec.first or 1) - 1
    last = (spec.last or pages) - 1
    if 0 <= first < last < pages:
        return range(first, last + 1)
    if pages < 2:
        raise error(
            "cross_page",
            "骑缝章需要至少两页的文档。",
            "A cross-page seal needs a document of at least two pages.",
        )
    raise error(
        "cross_page",
        f"骑缝章页码范围 {first + 1}-{last + 1} 无效（共 {pages} 页）。",
        f"Cross-page range {first + 1}-{last + 1} is invalid ({pages} pages).",
    )


def check_cross_page_group(spec: CrossPage, error: type[SignError]) -> None:
    """Refuse groups of fewer than two pages (asked before any file is opened or PIN typed).

    :raises SignError: (as ``error``, reason ``cross_page_group``) ``spec.group`` under 2.
    """
    if spec.group is not None and spec.group < 2:
        raise error(
            "cross_page_group",
            f"骑缝章每组至少两页（指定了 {spec.group} 页）：一页无法骑缝。",
            f"A cross-page group needs at least two pages ({spec.group} asked): one page "
            "cannot carry a cross-page seal.",
        )


def cross_page_groups(
    spec: CrossPage, pages: int, seal_mm: tuple[float, float], error: type[SignError]
) -> list[CrossPageGroup]:
    """The groups a cross-page seal is stamped in over a document of ``pages`` pages (PDF, OFD
    and the window's preview alike): at most ``spec.group`` pages each, by default as many as
    keep every strip of the ``seal_mm`` (width, height) seal at least :data:`MIN_STRIP_MM`
    (a 42 mm seal: 10). The pages are shared out evenly, larger groups first (11 pages by at
    most 10: 6 + 5), so no group is left with one page, which cannot carry a cross-page seal;
    only 2 a group over an odd count makes the first group 3 pages.

    :raises SignError: (as ``error``) reason ``cross_page_group`` for fewer than two pages a
        group (:func:`check_cross_page_group`), ``cross_page`` for a range under two pages or
        outside the document.
    """
    check_cross_page_group(spec, error)
    span = cross_page_range(spec, pages, error)
    extent = seal_mm[0] if spec.edge in ("left", "right") else seal_mm[1]
    most = spec.group or max(2, math.floor(extent / MIN_STRIP_MM + 1e-9))
    count = -(-len(span) // most)
    if len(span) // count < 2:  # 2 a group over an odd count: the first group takes 3
        count = len(span) // 2
    size, larger = divmod(len(span), count)
    groups = []
    start = span.start
    for k in range(count):
        n = size + (k < larger)
        groups.append(CrossPageGroup(range(start, start + n), extent / n))
        start += n
    return groups


def cross_page_figures(groups: Sequence[CrossPageGroup]) -> dict[str, object]:
    """What a person is told of the groups (the command line's line, the window's preview):
    pages in all, groups, pages a group ("9" or "9–10"), the narrowest strip in mm."""
    sizes = sorted({len(g.pages) for g in groups})
    return {
        "total": sum(len(g.pages) for g in groups),
        "groups": len(groups),
        "pages": "–".join(map(str, sizes)),
        "strip": min(g.strip_mm for g in groups),
    }


def cross_page_strip(
    spec: CrossPage,
    index: int,
    count: int,
    seal_size: tuple[float, float],
    page_size: tuple[float, float],
    pos: float | None,
) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """Strip ``index`` of ``count`` of a cross-page seal (of one group of it) on its page:
    where the whole seal's
    top-left goes, and the part of the page that shows it (x, y, w, h), from the displayed
    page's top-left, in the units of the sizes (``pos``: the seal's top or left, centred when
    None). Page i shows slice i at a right/bottom edge, slice n-1-i at a left/top edge, so the
    pages fanned out towards that edge put the whole seal together (ofdrw's RidingStampPos)."""
    w, h = seal_size
    page_w, page_h = page_size
    far = spec.edge in ("right", "bottom")
    shift = index if far else count - 1 - index
    if spec.edge in ("left", "right"):
        strip = w / count
        top = pos if pos is not None else (page_h - h) / 2
        x = page_w - strip if far else 0.0
        return (x - shift * strip, top), (x, top, strip, h)
    strip = h / count
    left = pos if pos is not None else (page_w - w) / 2
    y = page_h - strip if far else 0.0
    return (left, y - shift * strip), (left, y, w, strip)


def seal_box(
    placement: Placement,
    seal: SealPicture,
    page_mm: tuple[float, float],
    error: type[SignError],
) -> tuple[float, float, float, float]:
    """Where a placed seal goes: (x, y, width, height) in mm from the displayed page's top-left,
    at true size or the width asked (the picture's proportions kept).

    :raises SignError: (as ``error``, reason ``placement``) the seal's centre is off the page,
        so a person would not see the seal.
    """
    width = placement.size_mm or seal.width_mm
    height = width * seal.height_mm / seal.width_mm
    centre_x, centre_y = placement.x_mm + width / 2, placement.y_mm + height / 2
    page_w, page_h = page_mm
    if not (0 <= centre_x <= page_w and 0 <= centre_y <= page_h):
        raise error(
            "placement",
            f"第 {placement.page} 页的印章位置（{placement.x_mm:g}, {placement.y_mm:g} 毫米）"
            f"在页面之外（页面 {page_w:.0f}×{page_h:.0f} 毫米）。",
            f"The seal at ({placement.x_mm:g}, {placement.y_mm:g}) mm on page {placement.page} "
            f"is off the page ({page_w:.0f}×{page_h:.0f} mm).",
        )
    return placement.x_mm, placement.y_mm, width, height


def keyword_not_found(keyword: str, error: type[SignError]) -> SignError:
    """The error for a keyword the document's text does not hold (reason ``keyword``)."""
    return error(
        "keyword",
        f"文档中没有找到关键字“{keyword}”。",
        f"The keyword '{keyword}' was not found in the document.",
    )


@dataclass(frozen=True)
class QrSpec:
    """Where the anti-counterfeit QR code goes (page 1-based, mm from the displayed top-left);
    page None = the last page, at the bottom left."""

    page: int | None = None
    x_mm: float = 15.0
    y_mm: float | None = None
    size_mm: float = 20.0


@dataclass(frozen=True, kw_only=True)
class SignOptions:
    """What a signing run does to each file."""

    placements: Sequence[Placement] = ()
    seal: SealPicture | None = None
    cross_page: CrossPage | None = None
    qr: QrSpec | None = None
    tsa_url: str | None = None
    crls: Sequence[bytes] = ()  # DER CRLs at hand: embedded with the signature (PAdES LT)
    trust_roots: Sequence[bytes] = ()  # DER roots the chain is validated to when embedding
    keyword: str | None = None
    occurrence: Literal["all", "first", "last"] = "first"
    keyword_offset_mm: tuple[float, float] = (0.0, 0.0)
    reason: str | None = None
    location: str | None = None
    password: str | None = None
