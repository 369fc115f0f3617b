"""The photo a simulated box takes of each stamp: a small JPEG that says which stamp it shows."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image, ImageDraw

SIZE = (240, 180)


def stamp_photo(device_id: str, seq: int, user_id: str, time_ms: int) -> bytes:
    """A JPEG of a sheet with a red seal impression and the record's data written on it."""
    image = Image.new("RGB", SIZE, (236, 233, 224))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 14, 220, 166), fill=(250, 250, 246), outline=(180, 180, 170))
    for i in range(6):
        draw.line((34, 30 + 14 * i, 200, 30 + 14 * i), fill=(150, 150, 150))
    draw.ellipse((120, 80, 200, 160), outline=(200, 30, 30), width=5)
    draw.regular_polygon((160, 120, 14), 5, fill=(200, 30, 30))
    when = dt.datetime.fromtimestamp(time_ms / 1000, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    for i, text in enumerate((device_id, f"#{seq} {user_id}"[:28], when)):
        draw.text((30, 118 + 14 * i), text, fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()
