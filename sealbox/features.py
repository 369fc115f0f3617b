"""功能配置 (seed 003, S3:1158-1213, WAVE2-NOTES §B6): the items of the 用印申请 and 下发授权
forms a unit uses, chosen by its 主管理员. One list for the platform and the client.

An item ticked is asked in the forms; an item not ticked is not asked, and the platform takes
its default (``DEFAULTS``): a value other than the default is refused (422 feature_off). With
nothing ticked there are no applications: a person asks the platform for the box and gets an
unlimited grant of ``FREE_WINDOW_S`` when the box is free (P, README)."""

from __future__ import annotations

from collections.abc import Iterable

# item -> (中文, English), in the seed's order
ITEMS: dict[str, tuple[str, str]] = {
    "photo_required": ("申请用印强制上传图片", "image required with an application"),
    "department": ("用印部门", "department"),
    "count": ("用印次数", "count"),
    "start": ("开始时间", "start time"),
    "end": ("结束时间", "end time"),
    "area": ("用印区域", "area"),
    "note": ("备注", "note"),
    "file_code": ("文件标识", "document code"),
    "photo": ("盖章拍照", "photo of each stamp"),
    "fingerprint": ("校验指纹", "fingerprint check"),
    "wechat": ("微信通知", "WeChat notice"),
    "force_upload": ("强制上传使用记录", "forced record upload"),
    "sms": ("是否短信", "SMS on each use"),
    "preauthorize": ("预先授权", "pre-authorization"),
}
MODES = ("manual", "batch")  # 手动配置: starts with nothing ticked; 批量配置: everything
DEFAULT_WINDOW_S = 8 * 3600  # 结束时间 not ticked: the window ends 8 hours after its start
FREE_WINDOW_S = DEFAULT_WINDOW_S  # nothing ticked: the grant a person takes for themself


class UnknownItem(ValueError):
    """``item`` is not one of :data:`ITEMS`."""

    def __init__(self, item: str) -> None:
        super().__init__(f"unknown item {item[:40]!r}")
        self.item = item


def resolve(
    mode: str | None, current: Iterable[str], on: Iterable[str] = (), off: Iterable[str] = ()
) -> frozenset[str]:
    """The items ticked after choosing ``mode`` (None: keep ``current``), then ticking ``on``
    and unticking ``off``, one by one.

    :raises UnknownItem: an item not of :data:`ITEMS`.
    """
    on, off = list(on), list(off)
    for item in on + off:
        if item not in ITEMS:
            raise UnknownItem(item)
    base = {"manual": frozenset(), "batch": frozenset(ITEMS)}.get(mode or "", frozenset(current))
    return (base | set(on)) - set(off)
