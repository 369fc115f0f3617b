"""The client's copy of a box's records: one folder per box, a JSON line per record, a JPEG per
photo. A batch is on disk (fsync) before the box is told it may free it; the next download
starts after the last record here, so nothing comes twice and nothing is lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sealdesk.sealbox.protocol.messages import Cause, Record, RecordKind
from sealdesk.sealbox.protocol.photos import PhotoDownload

RECORDS_FILE = "records.jsonl"


def as_json(record: Record) -> dict[str, object]:
    return {
        "seq": record.seq,
        "kind": RecordKind(record.kind).name.lower() if record.kind in (1, 2) else record.kind,
        "cause": Cause(record.cause).name.lower()
        if record.cause in Cause._value2member_map_
        else record.cause,
        "time_ms": record.time_ms,
        "grant_id": record.grant_id.hex(),
        "user_id": record.user_id,
        "used": record.used,
        "photo_bytes": record.photo_size,
        "detail": record.detail,
    }


def refused_photos(download: PhotoDownload) -> list[dict[str, object]]:
    """The photos a download refused (not kept: asked again next time), for JSON."""
    return [{"seq": seq, "reason": why} for seq, why in sorted(download.refused.items())]


class LocalRecords:
    """Records of one box kept in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / RECORDS_FILE

    def load(self) -> list[dict[str, object]]:
        """What is kept; a last line cut short by a crash is ignored (it was never acknowledged)."""
        if not self.path.exists():
            return []
        kept = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                kept.append(json.loads(line))
            except ValueError:
                break
        return kept

    def cursor(self) -> int:
        """The number of the next record to download."""
        kept = self.load()
        return int(kept[-1]["seq"]) + 1 if kept else 0  # type: ignore[call-overload]

    def append(self, records: list[Record]) -> None:
        """Keep a batch durably (the caller acknowledges it to the box afterwards).

        :raises OSError: the folder cannot be written.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        self._drop_torn_tail()
        with self.path.open("a", encoding="utf-8") as f:
            for record in records:
                f.write(json.dumps(as_json(record), ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def _drop_torn_tail(self) -> None:
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            with self.path.open("r+b") as f:
                f.truncate(data.rfind(b"\n") + 1)

    def photo_path(self, seq: int) -> Path:
        return self.folder / "photos" / f"{seq:06d}.jpg"

    def missing_photos(self) -> dict[int, int]:
        """Records kept here whose photo is not: seq -> the photo's size the record announced."""
        missing = {}
        for r in self.load():
            seq, size = int(r["seq"]), int(r.get("photo_bytes") or 0)  # type: ignore[call-overload]
            if size and not self.photo_path(seq).exists():
                missing[seq] = size
        return missing

    def save_photo(self, seq: int, jpeg: bytes) -> Path:
        """Written atomically: a photo is whole or absent.

        :raises OSError: the folder cannot be written.
        """
        path = self.photo_path(seq)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            f.write(jpeg)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        return path
