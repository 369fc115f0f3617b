"""The client's side of a photo download, sans-IO: what to ask next, what each answer means.

A box with ``Capability.PHOTO_STREAM`` answers one PhotosGet with the photos back to back and
then PhotosDone, so a request costs one round trip for up to MAX_PHOTOS_ASKED photos instead of
one each (on a real radio every round trip is at least two connection intervals). Older boxes
get one PhotoGet at a time, through the same cursor.

The cursor survives a dropped link: a photo counts only once the caller has kept it
(:meth:`PhotoDownload.kept`), the request in flight dies with the link
(:meth:`PhotoDownload.link_lost`) and the next :meth:`PhotoDownload.request` asks for what is
still missing, so none is lost and none is kept twice. A photo that is not what its record
announced (another size, not a JPEG, over MAX_PHOTO, or never whole: a message the channel
dropped as oversized) is refused: not kept, reported, asked again at the next download.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from enum import Enum

from sealdesk.sealbox.protocol.messages import (
    MAX_PHOTOS_ASKED,
    Photo,
    PhotoGet,
    PhotosDone,
    PhotosGet,
)

MAX_PHOTO = 200 * 1024  # JPEG bytes a client keeps of one photo (a box's are ~5-100 kB)
REQUEST_BYTES = 1024 * 1024  # announced photo bytes one request asks for (bounds the inbox)
JPEG_START = b"\xff\xd8\xff"


class Verdict(Enum):
    KEEP = "keep"  # the caller keeps it, then calls kept()
    REFUSED = "refused"  # see ``refused`` for why
    IGNORED = "ignored"  # not asked for now (a duplicate, or from a request replaced)


class PhotoDownload:
    """The photos wanted (record seq -> the size its record announced), in seq order."""

    def __init__(self, wanted: Mapping[int, int]) -> None:
        self.wanted = dict(sorted(wanted.items()))
        self.done: list[int] = []  # kept by the caller, in order
        self.refused: dict[int, str] = {}  # seq -> absent, size, oversized, not_jpeg, lost
        self._asked: deque[int] = deque()  # the request in flight: answers still to come
        self._streaming = False

    @property
    def settled(self) -> int:
        """Photos with an outcome (kept or refused): the progress figure."""
        return len(self.done) + len(self.refused)

    @property
    def finished(self) -> bool:
        return self.settled == len(self.wanted)

    @property
    def waiting(self) -> bool:
        """A request is in flight: its answers (or its PhotosDone) are still to come."""
        return bool(self._asked) or self._streaming

    def request(self, *, stream: bool) -> PhotosGet | PhotoGet | None:
        """What to send next (None: nothing left). ``stream``: the box answers PhotosGet."""
        if self.waiting:
            raise RuntimeError("a photo request is still being answered")
        settled = set(self.done) | self.refused.keys()
        left = [seq for seq in self.wanted if seq not in settled]
        if not left:
            return None
        if not stream:
            self._asked = deque(left[:1])
            return PhotoGet(seq=left[0])
        batch: list[int] = []
        size = 0
        for seq in left[:MAX_PHOTOS_ASKED]:
            if batch and size + self.wanted[seq] > REQUEST_BYTES:
                break
            batch.append(seq)
            size += self.wanted[seq]
        self._asked = deque(batch)
        self._streaming = True
        return PhotosGet.of(batch)

    def take(self, photo: Photo) -> Verdict:
        """An answer. Photos come in the order asked: one asked before ``photo`` that did not
        come never arrived whole (the channel drops a message over its limit) and is refused."""
        if photo.seq not in self._asked:
            return Verdict.IGNORED
        while self._asked[0] != photo.seq:
            self.refused[self._asked.popleft()] = "lost"
        self._asked.popleft()
        reason = self._check(photo)
        if reason:
            self.refused[photo.seq] = reason
            return Verdict.REFUSED
        return Verdict.KEEP

    def _check(self, photo: Photo) -> str:
        if not photo.jpeg:
            return "absent"
        if len(photo.jpeg) > MAX_PHOTO:
            return "oversized"
        if len(photo.jpeg) != self.wanted[photo.seq]:
            return "size"
        if not photo.jpeg.startswith(JPEG_START):
            return "not_jpeg"
        return ""

    def kept(self, seq: int) -> None:
        """The caller holds photo ``seq`` safely (written whole): it counts."""
        self.done.append(seq)

    def end(self, done: PhotosDone) -> None:
        """The box finished answering the request: what it did not send whole is refused."""
        del done  # its count is the box's; what arrived is what counts
        while self._asked:
            self.refused[self._asked.popleft()] = "lost"
        self._streaming = False

    def link_lost(self) -> None:
        """The link dropped: the request in flight is asked again on the next one."""
        self._asked.clear()
        self._streaming = False
