"""The one rule for files a command writes: never over one of its inputs, never over an existing
file unless the user said so (``--overwrite``, or yes in the window)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from sealdesk.signing.errors import WordedError


class OutputRefused(WordedError):
    """An output would replace an input (``output_is_input``), an existing file
    (``output_exists``) or another output of the same run (``output_twice``)."""

    def __init__(self, reason: str, path: Path) -> None:
        zh, en = {
            "output_is_input": (
                f"输出文件 {path} 就是输入文件：不会覆盖原文件，请换一个输出位置。",
                f"The output {path} is one of the inputs: the original is never overwritten; "
                "choose another output.",
            ),
            "output_exists": (
                f"输出文件 {path} 已存在；如需替换请加 --overwrite。",
                f"The output {path} exists; add --overwrite to replace it.",
            ),
            "output_twice": (
                f"两个输入会写到同一个输出文件 {path}。",
                f"Two inputs would be written to the same output {path}.",
            ),
        }[reason]
        super().__init__(reason, zh, en)
        self.path = path


def _same(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)  # hard links, bind mounts
    except OSError:
        return False


def check_outputs(
    outputs: Iterable[Path], inputs: Iterable[Path], *, overwrite: bool = False
) -> None:
    """Refuse a run whose outputs would replace an input, an existing file (unless
    ``overwrite``), or each other.

    :raises OutputRefused: with the first such output.
    """
    sources = list(inputs)
    seen: list[Path] = []
    for target in outputs:
        if any(_same(target, source) for source in sources):
            raise OutputRefused("output_is_input", target)
        if any(_same(target, other) for other in seen):
            raise OutputRefused("output_twice", target)
        if target.exists() and not overwrite:
            raise OutputRefused("output_exists", target)
        seen.append(target)


def signed_name(source: Path, folder: Path | None = None, taken: set[Path] | None = None) -> Path:
    """``name_signed.pdf`` beside the original (or in ``folder``); ``name_signed(2).pdf`` if
    that exists (or is ``taken`` by another file of the batch)."""
    where = folder or source.parent
    target = where / f"{source.stem}_signed{source.suffix}"
    n = 2
    while target.exists() or target in (taken or set()):
        target = where / f"{source.stem}_signed({n}){source.suffix}"
        n += 1
    return target
