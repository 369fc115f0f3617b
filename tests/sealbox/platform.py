"""A stand-in for the platform's signing side in tests: one SM2 key, a counter per box."""

from __future__ import annotations

import secrets
import time
from collections import defaultdict

from sealdesk.sealbox.protocol.commands import (
    Command,
    CommandKind,
    GrantFlags,
    Mode,
    activation_digest,
    key_id,
    sign_command,
)
from sealdesk.sealbox.protocol.messages import Signed
from sealdesk.signing import sm2


class Platform:
    def __init__(self) -> None:
        self.key = sm2.generate_key()
        self.point = sm2.public_point(self.key)
        self.counters: dict[str, int] = defaultdict(int)

    def command(self, device_id: str, kind: CommandKind, **fields: object) -> Signed:
        self.counters[device_id] += 1
        command = Command(
            kind=kind,
            device_id=device_id,
            key_id=key_id(self.point),
            counter=self.counters[device_id],
            issued_at=int(time.time()),
            **fields,  # type: ignore[arg-type]
        )
        return sign_command(command, self.key)

    def grant(
        self,
        device_id: str,
        *,
        count: int = 5,
        user: str = "u-zhang",
        start: float | None = None,
        end: float | None = None,
        code: str | None = None,
        flags: GrantFlags = GrantFlags.PHOTO,
    ) -> Signed:
        now = time.time()
        grant_id = secrets.token_bytes(16)
        return self.command(
            device_id,
            CommandKind.GRANT,
            grant_id=grant_id,
            user_id=user,
            user_name="张三",
            not_before=int(now - 60 if start is None else start),
            not_after=int(now + 3600 if end is None else end),
            count=count,
            mode=Mode.PREAUTHORIZED if code else Mode.DIRECT,
            activation=activation_digest(grant_id, code) if code else b"",
            flags=flags,
        )
