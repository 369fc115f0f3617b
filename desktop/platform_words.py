"""The platform's answers said in words, alike on the command line and in the window."""

from __future__ import annotations

from typing import Any

from sealdesk.desktop.i18n import tr


def certificate_lines(reply: dict[str, Any]) -> list[tuple[str, str]]:
    """(the i18n key of a label, the value in words): the request's state, its handler, then
    (once requested) the certificate as seed 004 lists it: 颁发对象, 颁发者, 证件号, 序列号,
    有效期, DN, 有效性."""
    issued = reply["state"] == "issued"
    lines = [("platform.cert_state", tr(f"platform.cert_{reply['state']}"))]
    if reply.get("handler_name"):
        lines.append(("platform.cert_handler", reply["handler_name"]))
    cert = reply["certificate"]
    if issued:
        lines += [
            ("platform.cert_subject", cert["subject_cn"]),
            ("platform.cert_issuer", cert["issuer_cn"]),
            ("platform.cert_credit_code", cert["credit_code"] or "-"),
            ("platform.cert_serial", cert["serial"]),
            (
                "platform.cert_validity",
                f"{cert['not_before'][:10]} ~ {cert['not_after'][:10]}",
            ),
            ("platform.cert_dn", cert["subject"]),
            (
                "platform.cert_valid_now",
                tr("platform.cert_valid" if cert["valid"] else "platform.cert_invalid"),
            ),
        ]
    return lines


def overridden_line(change: dict[str, Any]) -> str:
    """A change made here that did not take effect, the server having a newer version of its
    row (a sync report's ``overridden``), in words: whose row, and which change."""
    kind = {"PATCH": "edit", "PUT": "roles"}.get(change["method"], "remove")
    target = change.get("target") or {}
    return tr(f"platform.overridden_{kind}", name=target.get("name") or target.get("id") or "")


def application_lines(app: dict[str, Any], category: str | None = None) -> list[str]:
    """A 用印申请's optional fields that are filled in, one line each: 用印类别 (``category``:
    its name, when the caller knows it), the file (名称, 类型, 份数), 部门, 区域, 文件标识 (条码
    or 二维码), 载体, 强制上传图片, 备注, then its 文件图片 and 文件附件 (name and size)."""
    lines = []
    if app.get("category_id") and category is not None:
        lines.append(tr("sb.app_category", name=category))
    if app.get("file_name") or app.get("file_type"):
        name, kind = app.get("file_name") or "-", app.get("file_type") or "-"
        lines.append(tr("sb.app_file", name=name, type=kind, copies=app.get("copies") or 1))
    if app.get("department_id"):
        lines.append(tr("sb.app_department", name=app.get("department_name") or "?"))
    if app.get("area"):
        lines.append(tr("sb.app_area", area=app["area"]))
    if app.get("file_code"):
        code = "barcode" if app.get("file_code_kind") == "barcode" else "qr"
        lines.append(tr(f"sb.app_code_{code}", code=app["file_code"]))
    if app.get("carrier"):
        lines.append(tr("sb.app_carrier", carrier=app["carrier"]))
    if app.get("photo_required"):
        lines.append(tr("sb.app_photo_required"))
    if app.get("note"):
        lines.append(tr("sb.app_note", note=app["note"]))
    return lines + [file_line(f) for f in app.get("files") or []]


def file_line(f: dict[str, Any]) -> str:
    """An application's file in words: 图片 or 附件, its name, type and size."""
    kb = max(1, round(int(f.get("size") or 0) / 1024))
    return tr(f"sb.app_file_{f['kind']}", name=f["name"], type=f.get("type") or "?", kb=kb)


def grant_usage(grant: dict[str, Any]) -> str:
    """A grant's 使用模式, and its 用印区域 when it has one."""
    words = tr(f"sb.usage_{grant.get('usage_mode') or 'physical'}")
    if grant.get("area"):
        words += "  " + tr("sb.grant_area", area=grant["area"])
    return words


def grant_line(grant: dict[str, Any], when: Any) -> str:
    """A grant in one line: the box, the person, its state (待激活 for a 预先授权 not yet
    activated), used/count, the window (``when`` says a time in seconds), 授权方式,
    使用模式 and 用印区域."""
    count = grant["count"] or "∞"
    return "  ".join(
        (
            str(grant.get("box_name") or "?"),
            str(grant.get("user_name") or "?"),
            tr(f"sb.grant_state_{grant['state']}"),
            f"{grant['used']}/{count}",
            f"{when(grant['not_before'])} ~ {when(grant['not_after'])}",
            tr(f"sb.grant_way_{grant['mode']}"),
            grant_usage(grant),
        )
    )
