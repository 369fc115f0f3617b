"""Regenerate the bundled seal font, ``resources/fonts/SealDeskSerifSC-Bold.otf``.

The seal images (``sealdesk.signing.seal_image``) draw their text with one font that ships
with SealDesk, so a seal looks the same on every OS. It is Noto Serif CJK SC Bold (SIL OFL 1.1)
cut down to the GB 2312 character set plus printable ASCII, without hinting, OpenType layout
features or vertical metrics, and renamed "SealDesk Serif SC" (a Modified Version in OFL
terms; the copyright and license name records are kept, and ``OFL.txt`` ships beside it).

Usage, from the repository root, with the dev environment (fontTools)::

    .venv/bin/python scripts/make_font_subset.py \
        [--source /usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc] [--out PATH]

The source is Debian's ``fonts-noto-cjk`` (upstream Noto CJK 2.001). The output is
deterministic: the same source gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "resources/fonts/SealDeskSerifSC-Bold.otf"
SOURCE_FULL_NAME = "Noto Serif CJK SC Bold"

FAMILY = "SealDesk Serif SC"
FULL_NAME = "SealDesk Serif SC Bold"
PS_NAME = "SealDeskSerifSC-Bold"
DESCRIPTION = (
    "Subset of Noto Serif CJK SC Bold 2.001 to GB 2312 + ASCII for SealDesk seal images "
    "(scripts/make_font_subset.py)."
)


def gb2312_characters() -> list[str]:
    """Every character of GB 2312 (rows 0xA1-0xF7, cells 0xA1-0xFE), in code order."""
    chars: list[str] = []
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def characters() -> list[str]:
    """The subset's repertoire: printable ASCII, then GB 2312."""
    return [chr(c) for c in range(0x20, 0x7F)] + gb2312_characters()


def _font_number(source: Path) -> int:
    collection = TTCollection(str(source), lazy=True)
    for number, font in enumerate(collection.fonts):
        if font["name"].getDebugName(4) == SOURCE_FULL_NAME:
            return number
    raise SystemExit(f"{source}: no font named {SOURCE_FULL_NAME!r} in the collection")


def _rename(font: TTFont) -> None:
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 3, 4, 6, 10, 16, 17):
            name.removeNames(nameID=record.nameID)
    for name_id, value in (
        (1, FAMILY),
        (2, "Bold"),
        (3, f"2.001;SealDesk;{PS_NAME}"),
        (4, FULL_NAME),
        (6, PS_NAME),
        (10, DESCRIPTION),
    ):
        name.setName(value, name_id, 3, 1, 0x409)
    cff = font["CFF "].cff
    top = cff[cff.fontNames[0]]
    cff.fontNames = [PS_NAME]
    top.FullName = FULL_NAME
    top.FamilyName = FAMILY


def make_subset(source: Path, out: Path) -> int:
    """Write the subset of ``source`` to ``out``; return its size in bytes."""
    font = TTFont(str(source), fontNumber=_font_number(source), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = False
    options.glyph_names = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 10, 13, 14]
    options.name_languages = [0x409]
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "DSIG", "GSUB", "GPOS", "GDEF"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(characters()))
    subsetter.subset(font)
    _rename(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    return out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: regenerate the subset and print its size and SHA-256."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    size = make_subset(args.source, args.out)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"{args.out}: {size} bytes, {len(characters())} characters, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
