"""Make the GUI's English translation for Qt from desktop/i18n.py's table.

    .venv/bin/python scripts/make_translations.py

Writes resources/i18n/sealdesk_en.ts (Qt Linguist's format: the Chinese text is the source,
the message key its disambiguation) and compiles it with pyside6-lrelease into
sealdesk_en.qm, which the GUI loads. tests/desktop/test_gui_i18n.py checks both are current.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from sealdesk.desktop.i18n import MESSAGES, QT_CONTEXT

FOLDER = Path(__file__).resolve().parents[1] / "resources" / "i18n"


def ts_text() -> str:
    """The .ts file for English, the same bytes for the same table."""
    messages = "".join(
        f"    <message>\n        <source>{escape(zh)}</source>\n"
        f"        <comment>{escape(key)}</comment>\n"
        f"        <translation>{escape(en)}</translation>\n    </message>\n"
        for key, (zh, en) in sorted(MESSAGES.items())
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        '<TS version="2.1" language="en_US" sourcelanguage="zh_CN">\n'
        f"<context>\n    <name>{QT_CONTEXT}</name>\n{messages}</context>\n</TS>\n"
    )


def main() -> int:
    lrelease = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).parent / "pyside6-lrelease"
    )
    ts = FOLDER / "sealdesk_en.ts"
    ts.write_text(ts_text(), encoding="utf-8")
    subprocess.run(
        [lrelease, "-silent", str(ts), "-qm", str(FOLDER / "sealdesk_en.qm")], check=True
    )
    print(f"{ts} and sealdesk_en.qm: {len(MESSAGES)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
