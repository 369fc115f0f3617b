"""图形验证码 pictures: five characters a person reads and a script does not read for free.

The alphabet leaves out what people confuse (0/O, 1/I/L, 2/Z, 5/S, 8/B); answers are compared
without case. Each character is drawn at its own angle and height over noise lines and dots.
"""

from __future__ import annotations

import io
import secrets
from functools import cache

from PIL import Image, ImageDraw, ImageFont

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 5
SIZE = (150, 50)


def _randint(low: int, high: int) -> int:
    return low + secrets.randbelow(high - low + 1)


@cache
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=30)


def new_captcha() -> tuple[str, bytes]:
    """A random answer and its picture (PNG)."""
    answer = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    image = Image.new("RGB", SIZE, (245, 247, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(6):  # lines across the characters
        grey = (_randint(120, 200), _randint(120, 200), _randint(120, 200))
        start = (_randint(0, SIZE[0]), _randint(0, SIZE[1]))
        end = (_randint(0, SIZE[0]), _randint(0, SIZE[1]))
        draw.line([start, end], fill=grey, width=_randint(1, 2))
    font = _font()
    step = SIZE[0] // (LENGTH + 1)
    for i, char in enumerate(answer):
        glyph = Image.new("RGBA", (40, 44), (0, 0, 0, 0))
        colour = (_randint(10, 90), _randint(10, 90), _randint(60, 140), 255)
        ImageDraw.Draw(glyph).text((8, 4), char, font=font, fill=colour)
        glyph = glyph.rotate(_randint(-25, 25), resample=Image.Resampling.BICUBIC, expand=False)
        image.paste(glyph, (8 + i * step + _randint(-3, 3), _randint(0, 8)), glyph)
    for _ in range(120):  # dots
        point = (_randint(0, SIZE[0] - 1), _randint(0, SIZE[1] - 1))
        draw.point(point, fill=(_randint(100, 220), _randint(100, 220), _randint(100, 220)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return answer, out.getvalue()
