"""`sealdesk ofd render` and `sealdesk ofd to-pdf` as a user runs them."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
from PIL import Image

from tests.conftest import interop_dir, run_cli
from tests.ofd_factory import ofd_bytes


def test_render_a_page_to_png(tmp_path: Path) -> None:
    out = tmp_path / "page.png"
    result = run_cli(
        "ofd",
        "render",
        str(interop_dir("ofd") / "999.ofd"),
        "--page",
        "1",
        "-o",
        str(out),
        "--json",
    )
    assert result.code == 0, result.stdout + result.stderr
    assert result.json == {
        "file": str(interop_dir("ofd") / "999.ofd"),
        "output": str(out),
        "page": 1,
        "dpi": 96.0,
        "warnings": [],
    }
    image = Image.open(io.BytesIO(out.read_bytes()))
    # 210 × 140 mm at 96 dpi
    assert abs(image.width - 794) <= 1 and abs(image.height - 529) <= 1

    again = run_cli("ofd", "render", str(interop_dir("ofd") / "999.ofd"), "-o", str(out))
    assert again.code == 2 and "--overwrite" in again.stderr  # never silently replaced
    wider = run_cli(
        "ofd",
        "render",
        str(interop_dir("ofd") / "999.ofd"),
        "--dpi",
        "48",
        "-o",
        str(out),
        "--overwrite",
    )
    assert wider.code == 0 and Image.open(out).width in (396, 397)


def test_page_out_of_range(tmp_path: Path) -> None:
    result = run_cli(
        "--lang",
        "en",
        "ofd",
        "render",
        str(interop_dir("ofd") / "helloworld.ofd"),
        "--page",
        "3",
        "-o",
        str(tmp_path / "p.png"),
        "--json",
    )
    assert result.code == 5
    assert result.json["error"]["kind"] == "ofd_page"  # type: ignore[index]
    assert not (tmp_path / "p.png").exists()


def test_to_pdf(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = run_cli("ofd", "to-pdf", str(interop_dir("ofd") / "ano.ofd"), "-o", str(out))
    assert result.code == 0, result.stderr
    pdf = pymupdf.open(out)
    assert pdf.page_count == 3
    assert "可信安全浏览器" in "".join(page.get_text() for page in pdf)
    # the fonts cut to the glyphs used (whole, the CJK fallback alone made it 2 MB)
    assert out.stat().st_size < 200_000


def test_hostile_packages_exit_9_with_a_json_error(tmp_path: Path) -> None:
    cases = {
        "not_zip.ofd": b"PK\x03\x04 this is no zip",
        "huge.ofd": ofd_bytes([""], box="0 0 1e7 1e7"),
        "slip.ofd": ofd_bytes([""], files={"../../evil.xml": "<x/>"}),
    }
    for name, data in cases.items():
        source = tmp_path / name
        source.write_bytes(data)
        for command in (["render", str(source), "-o"], ["to-pdf", str(source), "-o"]):
            out = tmp_path / f"{name}.out"
            result = run_cli("ofd", *command, str(out), "--json")
            assert result.code == 9, (name, result.stdout, result.stderr)
            error = result.json["error"]  # type: ignore[index]
            assert error["code"] == 9 and error["kind"].startswith("ofd_"), error
            assert error["message"]
            assert not out.exists()
