"""E-mail from the platform through the development mail gateway: each message is written whole
as an ``.eml`` file into the server's ``--mail-sink`` folder, where a test or a person opens it
(a real SMTP relay takes its place in production, as the SMS gateway's)."""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "text/csv"
    data: bytes


def compose(
    to: str, subject: str, text: str, attachments: list[Attachment], sender: str
) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    for a in attachments:
        main, sub = a.content_type.split("/", 1)
        message.add_attachment(a.data, maintype=main, subtype=sub, filename=a.filename)
    return message


def deliver(sink: Path, message: EmailMessage) -> Path:
    """Writes ``message`` into the sink folder; a reader never sees half a file.

    :raises OSError: the folder cannot be written (disk full, no rights): nothing is left.
    """
    sink.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns()}-{secrets.token_hex(4)}"
    part, done = sink / f".{name}.part", sink / f"{name}.eml"
    try:
        with part.open("wb") as out:
            out.write(message.as_bytes())
            out.flush()
            os.fsync(out.fileno())
        part.replace(done)
    except OSError:
        part.unlink(missing_ok=True)
        raise
    return done
