"""导出记录 (S3:603-607): an admin mails a box's records of a time range to an address."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from sealdesk.sealbox.protocol.messages import CAUSE_WORDS, Cause
from sealdesk.server import mail
from sealdesk.server.db import AuditRow, now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.routes.common import Caller, Change, perm, requires
from sealdesk.server.routes.sealbox_common import BoxId, change_box, sealbox_router
from sealdesk.server.sealbox_core import names_of
from sealdesk.server.sealbox_db import Box, Record
from sealdesk.server.sealbox_schemas import ExportIn
from sealdesk.server.sealbox_sms import CHINA, china_day_start

EXPORTS_PER_DAY = 20  # per unit: the platform is not a way to fill someone's mailbox
MAX_ROWS = 20_000  # a mail's attachment stays a few MB (a year of a busy box is ~10,000)
SENDER = "SealDesk 印控平台 <noreply@sealdesk.invalid>"
_HEADER = ["序号", "用印时间", "类型", "异常原因", "使用人", "使用位置", "已用次数", "照片", "说明"]


def _time(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, CHINA).strftime("%Y-%m-%d %H:%M:%S")


def _filename(box: Box, first: str, last: str) -> str:
    name = "".join("_" if ch in '/\\:*?"<>|' else ch for ch in box.name)
    return f"使用记录-{name}-{first}-{last}.csv"


def _cause(code: str) -> str:
    try:
        return CAUSE_WORDS[Cause[code.upper()]][0]
    except KeyError:
        return code


def _exports_today(c: Change) -> int:
    """The unit's exports since midnight in China, counted in the audit log (it has them all,
    in the unit's lock: no table of its own to keep)."""
    start_ms = china_day_start(now_ms())
    since = dt.datetime.fromtimestamp(start_ms / 1000, dt.UTC).isoformat(timespec="milliseconds")
    return c.db.execute(
        sa.select(sa.func.count())
        .select_from(AuditRow)
        .where(
            AuditRow.unit_id == c.unit.id,
            AuditRow.action == "sealbox.export",
            AuditRow.result == "ok",
            AuditRow.at >= since,
        )
    ).scalar_one()


def _csv(c: Change, rows: list[Record]) -> bytes:
    names = names_of(c.db, c.unit)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_HEADER)
    for x in rows:
        writer.writerow(
            [
                x.seq,
                _time(x.time_ms),
                "盖章" if x.kind == "stamp" else "异常",
                _cause(x.cause) if x.cause else "",
                names.get(x.user_id) or x.user_id,
                x.place,
                x.used,
                "有" if x.has_photo else ("未上传" if x.photo_bytes else "无"),
                x.detail,
            ]
        )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")  # the BOM: Excel reads UTF-8


def build_router() -> APIRouter:
    r = sealbox_router()

    @r.post("/boxes/{box_id}/records/export", **perm("sealbox.export"))
    def export(
        box_id: BoxId,
        body: ExportIn,
        request: Request,
        caller: Annotated[Caller, Depends(requires("sealbox.export"))],
    ) -> JSONResponse:
        """The box's records (stamps and abnormal ones) from ``from_ms`` to ``to_ms`` as a CSV
        file mailed to ``email``; the reply says how many. At most :data:`EXPORTS_PER_DAY` a
        unit a day (429) and :data:`MAX_ROWS` records a mail (422: a shorter range)."""

        def work(c: Change, b: Box) -> tuple[dict[str, Any], str]:
            if _exports_today(c) >= EXPORTS_PER_DAY:
                raise ApiError(
                    429,
                    "export_quota",
                    f"每个单位每天最多导出 {EXPORTS_PER_DAY} 次记录，请明天再试。",
                    f"A unit exports records at most {EXPORTS_PER_DAY} times a day.",
                )
            rows = list(
                c.db.execute(
                    sa.select(Record)
                    .where(
                        Record.box_id == b.id,
                        Record.time_ms >= body.from_ms,
                        Record.time_ms <= body.to_ms,
                    )
                    .order_by(Record.time_ms, Record.seq)
                    .limit(MAX_ROWS + 1)
                ).scalars()
            )
            if len(rows) > MAX_ROWS:
                raise ApiError(
                    422,
                    "export_too_large",
                    f"该时间段的记录超过 {MAX_ROWS} 条，请缩短时间段分次导出。",
                    f"More than {MAX_ROWS} records in the range: export a shorter one.",
                )
            first, last = _time(body.from_ms)[:10], _time(body.to_ms)[:10]
            text = (
                f"{c.unit.name}的印章盒“{b.name}”（{b.device_id}）{first} 至 {last} 的使用记录"
                f"共 {len(rows)} 条，见附件（CSV，可用 Excel 打开）。\n\n"
                f"导出人：{caller.person.name}\n"
            )
            message = mail.compose(
                body.email,
                f"印章盒使用记录：{b.name} {first} 至 {last}",
                text,
                [mail.Attachment(_filename(b, first, last), "text/csv", _csv(c, rows))],
                SENDER,
            )
            try:  # in the change: a mail that did not go is audited as refused, not counted
                mail.deliver(request.app.state.config.mail_sink, message)
            except OSError as e:
                raise ApiError(
                    503,
                    "mail_unavailable",
                    "邮件暂时无法发出，请稍后再试。",
                    "The mail could not be sent: try again later.",
                ) from e
            reply = {"records": len(rows), "email": body.email}
            return reply, f"{b.device_id}:{len(rows)}"

        return change_box(request, caller, box_id, action="sealbox.export", work=work, bound=False)

    return r
