"""The platform's seal-box endpoints (/api/v1/sealbox) through :class:`PlatformClient`: one
method per endpoint, the server's JSON back. Requests that make something carry an
idempotency key, so a retry after a lost answer makes it once. A change of what the admins
edit (a box's keepers, a seal-box role, a template, a category's removal) takes ``seen``: the
row's version as the person saw it (``keepers_seq``, ``seq``; a template's 0: none), sent as
``If-Match`` — the platform refuses it (409 ``stale``, the row as it is now in the error's
document under ``current``) when the row changed since.

Nothing here speaks to a box: the application layer (``sealdesk.app.sealbox``) carries the
signed commands these calls return to the box and reports the box's answers back.
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

from sealdesk.sync.client import PlatformClient

Json = dict[str, Any]


def _key() -> str:
    return uuid.uuid4().hex


class SealboxApi:
    """The seal-box API of one platform session (``client`` carries the token).

    Every method :raises ServerRefused: the server said no (its error carried), or
    :raises ServerUnreachable: no answer.
    """

    def __init__(self, client: PlatformClient) -> None:
        self.client = client

    def _get(self, path: str, **params: Any) -> Json:
        clean = {k: v for k, v in params.items() if v is not None}
        return self.client.request("GET", f"/sealbox{path}", params=clean or None)

    def _send(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        once: bool = True,
        seen: int | None = None,
    ) -> Json:
        key = _key() if once else None
        return self.client.request(
            method, f"/sealbox{path}", json=body, idempotency_key=key, if_match=seen
        )

    # -- boxes
    def platform_key(self) -> Json:
        return self._get("/platform-key")

    def boxes(self) -> list[Json]:
        return list(self._get("/boxes")["boxes"])

    def box(self, box_id: str) -> Json:
        return dict(self._get(f"/boxes/{box_id}")["box"])

    def bind(self, body: Json) -> Json:
        return self._send("POST", "/boxes", body)

    def rename(self, box_id: str, *, name: str | None = None, note: str | None = None) -> Json:
        body = {k: v for k, v in (("name", name), ("note", note)) if v is not None}
        return self._send("PATCH", f"/boxes/{box_id}", body)

    def unbind(self, box_id: str) -> Json:
        return self._send("POST", f"/boxes/{box_id}/unbind")

    def set_role(self, person_id: str, role: str, seen: int | None = None) -> Json:
        return self._send("PUT", f"/roles/{person_id}", {"role": role}, seen=seen)

    def set_keepers(self, box_id: str, person_ids: list[str], seen: int | None = None) -> Json:
        body = {"person_ids": person_ids}
        return self._send("PUT", f"/boxes/{box_id}/keepers", body, seen=seen)

    # -- a client at the box
    def contact(self, box_id: str, info: Json) -> Json:
        return self._send("POST", f"/boxes/{box_id}/contact", info, once=False)

    def deliveries(self, box_id: str, results: list[Json], info: Json | None) -> Json:
        body = {"results": results, "info": info}
        return self._send("POST", f"/boxes/{box_id}/deliveries", body, once=False)

    def upload_records(self, box_id: str, records: list[Json], info: Json | None = None) -> Json:
        body = {"records": records, "info": info}
        return self._send("POST", f"/boxes/{box_id}/records", body, once=False)

    def upload_photos(self, box_id: str, photos: dict[int, bytes]) -> Json:
        """Photos by record number (at most 100, and under the server's 1 MiB a request)."""
        body = {
            "photos": [
                {"seq": seq, "jpeg": base64.b64encode(jpeg).decode("ascii")}
                for seq, jpeg in sorted(photos.items())
            ]
        }
        return self._send("POST", f"/boxes/{box_id}/photos", body, once=False)

    # -- records
    def records(
        self,
        *,
        kind: str = "all",
        box_id: str | None = None,
        after: int = 0,
        limit: int = 200,
        view: str = "all",
    ) -> Json:
        """使用记录 / 异常记录 visible to the caller, and ``unread_abnormal``; ``view``: all
        (全部), mine (我使用: the caller's own), managed (我管理: the boxes the caller keeps,
        every box for an admin)."""
        return self._get("/records", kind=kind, box_id=box_id, after=after, limit=limit, view=view)

    def track(
        self,
        box_id: str,
        *,
        from_ms: int | None = None,
        to_ms: int | None = None,
        person: str = "",
        place: str = "",
    ) -> Json:
        """轨迹: the box's newest 100 uses the caller may see, searched (fuzzy)."""
        return self._get(
            f"/boxes/{box_id}/track",
            from_ms=from_ms,
            to_ms=to_ms,
            person=person or None,
            place=place or None,
        )

    def sms(self, *, grant_id: str | None = None, box_id: str | None = None) -> Json:
        """The SMS about boxes the caller may see, and how many were ``capped``."""
        return self._get("/sms", grant_id=grant_id, box_id=box_id)

    def export_records(self, box_id: str, from_ms: int, to_ms: int, email: str) -> Json:
        """导出记录: the box's records of the range mailed to ``email`` as a CSV file (with an
        Idempotency-Key: a request resent after a lost answer mails nothing twice)."""
        body = {"from_ms": from_ms, "to_ms": to_ms, "email": email}
        return self._send("POST", f"/boxes/{box_id}/records/export", body)

    def photo(self, record_id: int) -> bytes:
        return base64.b64decode(self._get(f"/records/{record_id}/photo")["jpeg"])

    def seen(self, upto: int) -> Json:
        return self._send("POST", "/records/seen", {"upto": upto}, once=False)

    # -- settings and lost-lock
    def settings(self, box_id: str, **fields: Any) -> Json:
        body = {k: v for k, v in fields.items() if v is not None}
        return self._send("PUT", f"/boxes/{box_id}/settings", body)

    def offline_code(self, box_id: str) -> Json:
        return self._send("POST", f"/boxes/{box_id}/offline-code", once=False)

    def lock(self, box_id: str) -> Json:
        return self._send("POST", f"/boxes/{box_id}/lock", once=False)

    def unlock(self, box_id: str) -> Json:
        return self._send("POST", f"/boxes/{box_id}/unlock", once=False)

    # -- the approval flow
    def categories(self) -> list[Json]:
        return list(self._get("/categories")["categories"])

    def add_category(self, name: str) -> Json:
        return dict(self._send("POST", "/categories", {"name": name})["category"])

    def remove_category(self, category_id: str, seen: int | None = None) -> Json:
        return self._send("DELETE", f"/categories/{category_id}", seen=seen)

    def templates(self, box_id: str) -> list[Json]:
        return list(self._get("/templates", box_id=box_id)["templates"])

    def set_template(
        self,
        box_id: str,
        category_id: str,
        approvers: list[str],
        cc: list[str],
        seen: int | None = None,
    ) -> Json:
        body = {"box_id": box_id, "category_id": category_id, "approvers": approvers, "cc": cc}
        return self._send("PUT", "/templates", body, seen=seen)

    def remove_template(self, template_id: str, seen: int | None = None) -> Json:
        return self._send("DELETE", f"/templates/{template_id}", seen=seen)

    def apply(self, body: Json) -> Json:
        return dict(self._send("POST", "/applications", body)["application"])

    def applications(self, view: str = "mine", state: str | None = None) -> list[Json]:
        return list(self._get("/applications", view=view, state=state)["applications"])

    def approve(self, application_id: str, reason: str = "") -> Json:
        body = {"reason": reason}
        return dict(
            self._send("POST", f"/applications/{application_id}/approve", body)["application"]
        )

    def reject(self, application_id: str, reason: str) -> Json:
        body = {"reason": reason}
        return dict(
            self._send("POST", f"/applications/{application_id}/reject", body)["application"]
        )

    # -- an application's 文件图片 and 文件附件
    def upload_file(self, application_id: str, kind: str, name: str, data: bytes) -> Json:
        """One image or attachment (under the server's 1 MiB a request: at most 700 kB):
        ``file`` as the platform kept it and the application's ``files``."""
        body = {"kind": kind, "name": name, "data": base64.b64encode(data).decode("ascii")}
        return self._send("POST", f"/applications/{application_id}/files", body)

    def delete_file(self, application_id: str, file_id: str) -> list[Json]:
        """One's file taken off one's application still waiting; the files left."""
        reply = self._send("DELETE", f"/applications/{application_id}/files/{file_id}")
        return list(reply["files"])

    def files(self, application_id: str) -> list[Json]:
        return list(self._get(f"/applications/{application_id}/files")["files"])

    def file(self, application_id: str, file_id: str) -> tuple[Json, bytes]:
        """The file's details (name, type, size, sha256) and its bytes."""
        reply = self._get(f"/applications/{application_id}/files/{file_id}")
        return dict(reply["file"]), base64.b64decode(reply["data"])

    # -- grants
    def grant(self, body: Json) -> Json:
        return self._send("POST", "/grants", body)

    def grants(self, box_id: str | None = None) -> list[Json]:
        return list(self._get("/grants", box_id=box_id)["grants"])

    def my_grants(self) -> list[Json]:
        return list(self._get("/my-grants")["grants"])

    def end(self, grant_id: str) -> Json:
        return self._send("POST", f"/grants/{grant_id}/end")

    def activate(self, grant_id: str, code: str) -> Json:
        """The activated grant and the box's signed grant (``command``) to carry there."""
        return self._send("POST", f"/grants/{grant_id}/activate", {"code": code})

    # -- 功能配置
    def features(self) -> Json:
        return dict(self._get("/features")["features"])

    def set_features(
        self, mode: str | None = None, on: list[str] | None = None, off: list[str] | None = None
    ) -> Json:
        body: Json = {"on": on or [], "off": off or []}
        if mode is not None:
            body["mode"] = mode
        return dict(self._send("PUT", "/features", body, once=False)["features"])

    def use(self, box_id: str) -> Json:
        """功能配置 with nothing ticked: the caller's own grant on the free box, and the box's
        signed grant (``command``; None when the box has it already)."""
        return self._send("POST", f"/boxes/{box_id}/use")

    # -- the unit's departments (an application's 部门)
    def departments(self) -> list[Json]:
        return list(self.client.request("GET", "/departments")["departments"])

    # -- people (to name a grantee or a keeper by phone)
    def people(self, search: str = "") -> list[Json]:
        return list(self.client.request("GET", "/people", params={"search": search})["people"])
