"""印章申请 (seed 004 S4:391-450, WAVE2-NOTES A5): a unit applies for a USB KEY seal (the unit
UKey user only, signed with the key: the PIN at 提交申请) or a cloud seal (云端印章: also
系统管理员, 印章管理员, 印章制作员), with its image uploaded or generated in one of the four
styles; the application waits for the CA's review as 待审核 (pending). Nothing of it before
the unit's 申请数字证书 (409 ``certificate_required``, :func:`certified`). The CA reviews it
(`sealdesk server seal review`, server.admin): approved, the platform makes a USB KEY seal
naming the key that applied, 待回执; the unit's 回执 with that key makes it 有效, and the seal is
read (``…/seal``) to be written into the key; 注销 makes a 有效 seal 已注销; 冻结/解冻 is a flag
of a 有效 seal (``frozen_ms``; not written into a key meanwhile)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session as DbSession

from sealdesk.sealbox import appfiles
from sealdesk.server.db import Person, now_ms
from sealdesk.server.errors import ApiError
from sealdesk.server.permissions import Role
from sealdesk.server.routes.common import (
    PREFIX,
    Caller,
    Change,
    Db,
    IdempotencyKey,
    _change,
    _conflict,
    _not_found,
    _quota,
    audit_refusal,
    audited_read,
    certified,
    perm,
    replay_of,
    requires,
    router,
    unit_key,
)
from sealdesk.server.routes.sealbox_files import _refusal as file_refusal
from sealdesk.server.schemas import KeyProof, SealApplicationIn
from sealdesk.server.seals_db import STATES, TYPES, SealApplication

READ_ACTION = "seal.read"  # one application read whole (its image, the ID number)
SEAL_ACTION = "seal.download"  # the seal the platform made, read (to write it into the key)
RECEIPT_ACTION = "seal.receipt"
REVOKE_ACTION = "seal.revoke"
FREEZE_ACTIONS = {True: "seal.freeze", False: "seal.unfreeze"}
PENDING_PER_UNIT = 20
"""Applications a unit has waiting for review at once (429 ``seal_application_quota``)."""
ACTION = "seal.apply"


@dataclass(frozen=True)
class _Image:
    name: str
    file_type: str  # png | jpeg | gif
    data: bytes
    style: str | None


def _invalid(kind: str, zh: str, en: str) -> ApiError:
    return ApiError(422, kind, zh, en)


def _generated(caller: Caller, style: str, width: int, height: int) -> _Image:
    """The unit's round seal in ``style`` (signing.seal_image), as PNG.

    :raises ApiError: 422 the size is not a generated seal's, or the unit's name cannot be
        drawn on one.
    """
    from sealdesk.signing.seal_image import (
        OFFICIAL_RANGE_MM,
        SealStyle,
        generate_official_seal,
    )

    lo, hi = (int(v) for v in OFFICIAL_RANGE_MM)
    if width != height or not lo <= width <= hi:
        raise _invalid(
            "seal_size",
            f"自动生成的印章是圆形公章，规格须为 {lo}–{hi} 毫米见方（默认 42×42）；"
            f"其他规格请上传印章图片。",
            f"A generated seal is round: its size is {lo}–{hi} mm square (42×42 by default); "
            "upload an image for another size.",
        )
    try:
        made = generate_official_seal(
            style=SealStyle(style), name=caller.unit.name, size_mm=float(width)
        )
    except ValueError as e:
        raise _invalid(
            "seal_text",
            f"单位名称“{caller.unit.name[:40]}”无法绘制在印章上（最多 40 个字，且须为印章字体"
            "所含的字符）；请上传印章图片。",
            f"The unit's name '{caller.unit.name[:40]}' cannot be drawn on a seal (at most 40 "
            "characters the seal font has): upload an image instead.",
        ) from e
    return _Image(f"{style}.png", "png", made.png, style)


def _uploaded(name: str, data_b64: str) -> _Image:
    """An uploaded image checked by its bytes as the seal-box files are (appfiles), then as
    a seal picture (decodes whole, at most 2400 px a side).

    :raises ApiError: 413 over 700 kB; 422 not base64, not a JPEG/PNG/GIF, damaged.
    """
    from sealdesk.signing.errors import SealImageError
    from sealdesk.signing.seal_image import seal_picture_size

    try:
        data = base64.b64decode(data_b64, validate=True)
    except (binascii.Error, ValueError) as e:
        raise _invalid("invalid", "印章图片不是 Base64。", "The seal image is not base64.") from e
    try:
        clean, file_type = appfiles.check_file("image", name, data)
    except appfiles.AppFileError as e:
        raise file_refusal(e) from e
    try:
        seal_picture_size(data)
    except SealImageError as e:
        raise _invalid(
            e.reason if e.reason == "not_image" else f"image_{e.reason}",
            f"印章图片“{clean}”不能使用：{e.message_zh}",
            f"The seal image '{clean}' cannot be used: {e.message_en}",
        ) from e
    return _Image(clean, file_type, data, None)


def _image(caller: Caller, body: SealApplicationIn) -> _Image:
    if body.style is not None and body.image is None:
        return _generated(caller, body.style, body.width_mm, body.height_mm)
    if body.image is not None and body.style is None:
        return _uploaded(body.image.name, body.image.data)
    raise _invalid(
        "image_choice",
        "印章图片须二选一：上传图片（image）或自动生成（style：党纪委公章 party、普通公章 "
        "official、工会公章 union、共青团章 youth）。",
        "Give the seal's image one way: uploaded (image) or generated (style: party, "
        "official, union, youth).",
    )


def _proof_fits(caller: Caller, body: SealApplicationIn) -> None:
    """A USB KEY seal's application is the unit UKey user's and carries the key's proof; a
    cloud seal's carries none (the proof itself is checked last, :func:`unit_key`).

    :raises ApiError: 403 not the unit UKey user; 422 no proof, or one for a cloud seal.
    """
    if body.type == "cloud":
        if body.proof is not None:
            raise _invalid(
                "proof_not_needed",
                "云端印章的申请不用 UKey 签名（不要附带 proof）。",
                "A cloud seal's application is not signed with the key: send no proof.",
            )
        return
    if not caller.person.key_holder:
        raise ApiError(
            403,
            "key_holder_only",
            "USB KEY 印章只能由单位 UKey 用户（超级管理员）申请；您可以申请云端印章。",
            "Only the unit's UKey user (the super administrator) applies for a USB key seal; "
            "you may apply for a cloud seal.",
        )
    if body.proof is None:
        raise _invalid(
            "proof_required",
            "申请 USB KEY 印章须以单位 UKey 签名（输入 UKey 密码）：请附带 proof。",
            "A USB key seal's application is signed with the unit's key (its PIN): send the proof.",
        )


def may_read(caller: Caller, row: SealApplication) -> bool:
    """The admins every application; 印章管理员 the cloud ones (S4:395); anyone their own."""
    if caller.roles & {Role.SUPER_ADMIN, Role.SYSTEM_ADMIN}:
        return True
    if Role.SEAL_ADMIN in caller.roles and row.seal_type == "cloud":
        return True
    return row.applicant_id == caller.person.id


def readable(db: DbSession, caller: Caller, application_id: uuid.UUID) -> SealApplication:
    """The caller's unit's application ``application_id``, which the caller may read.

    :raises ApiError: 404 none of the unit's; 403 ``not_visible`` (:func:`may_read`).
    """
    row = db.get(SealApplication, str(application_id))
    if row is None or row.unit_id != caller.unit.id:
        raise _not_found("印章申请", "seal application")
    if not may_read(caller, row):
        raise ApiError(
            403,
            "not_visible",
            "印章管理员只能查看云端印章的申请；其他人只能查看自己的申请。",
            "A seal administrator reads the cloud seals' applications; others their own.",
        )
    return row


def _valid(row: SealApplication, done_zh: str, done_en: str) -> None:
    """:raises ApiError: 409 ``not_valid``: the seal is not 有效 (to be ``done``)."""
    if row.state != "valid":
        raise _conflict(
            "not_valid",
            f"印章“{row.name}”不是有效状态（{_STATE_ZH[row.state]}）：只有有效的印章可以"
            f"{done_zh}。",
            f"The seal '{row.name}' is not valid ({row.state}): only a valid seal is {done_en}.",
        )


def _applicant(db: DbSession, row: SealApplication) -> str:
    applicant = db.get(Person, row.applicant_id)
    return applicant.name if applicant is not None else ""


def _awaiting_receipt(row: SealApplication) -> None:
    """:raises ApiError: 409 ``not_awaiting_receipt``: the application is not 待回执."""
    if row.state != "receipt":
        raise _conflict(
            "not_awaiting_receipt",
            f"印章“{row.name}”不是待回执状态（{_STATE_ZH[row.state]}）：只有审核通过、"
            "尚未回执的印章可以回执。",
            f"The seal '{row.name}' is not awaiting its receipt ({row.state}): only a seal "
            "the CA approved and not yet receipted is.",
        )


_STATE_ZH = dict(
    zip(STATES, ("待审核", "待回执", "有效", "已过期", "已注销", "已否决"), strict=True)
)


def _masked(id_number: str) -> str:
    return id_number[:4] + "*" * (len(id_number) - 4)


def application_json(
    row: SealApplication, applicant: str, *, image: bool = False
) -> dict[str, Any]:
    """An application as the API shows it; the handler's ID number and the image's bytes
    (base64) only when one is read (``image``), not in lists."""
    out = {
        "id": row.id,
        "name": row.name,
        "type": row.seal_type,
        "state": row.state,
        "handler_name": row.handler_name,
        "handler_phone": row.handler_phone,
        "handler_id_number": row.handler_id_number if image else _masked(row.handler_id_number),
        "width_mm": row.width_mm,
        "height_mm": row.height_mm,
        "style": row.style,
        "image_name": row.image_name,
        "image_type": row.image_type,
        "image_size": len(row.image),
        "image_sha256": row.image_sha256,
        "key_entity_id": row.key_entity_id,
        "applicant_id": row.applicant_id,
        "applicant_name": applicant,
        "created_ms": row.created_ms,
        "reviewed_ms": row.reviewed_ms,
        "reject_reason": row.reject_reason,
        "valid_from_ms": row.valid_from_ms,
        "valid_to_ms": row.valid_to_ms,
        "receipt_ms": row.receipt_ms,
        "revoked_ms": row.revoked_ms,
        "frozen_ms": row.frozen_ms,
    }
    if image:
        out["image"] = base64.b64encode(row.image).decode()
    return out


def _public_key(certificate: bytes) -> bytes:
    from asn1crypto import x509 as asn1_x509

    tbs = asn1_x509.Certificate.load(certificate)["tbs_certificate"]
    return bytes(tbs["subject_public_key_info"].dump())


def _applicant_key(applied_with: bytes | None, certificate: bytes) -> None:
    """The receipt's key is the one that applied: the same public key (403
    ``key_not_applicant`` another), with the same certificate — the seal the CA made names that
    certificate and signs with no other, so a renewed one (the same key) is refused, 409
    ``certificate_changed``: the CA rejects the application (it may, 待回执) and the unit
    applies again with its new certificate, as a CA remakes a seal for a new certificate.

    :raises ApiError: as said.
    """
    if applied_with is None or _public_key(certificate) != _public_key(applied_with):
        raise ApiError(
            403,
            "key_not_applicant",
            "回执须使用申请该印章的 UKey：印章只能写入这把 UKey。",
            "The receipt is signed with the key that applied for the seal: the seal goes into "
            "that key only.",
        )
    if certificate != applied_with:
        raise _conflict(
            "certificate_changed",
            "这把 UKey 的证书在申请印章后已更换（如续期）：平台制作的印章指向原证书，不能回执。"
            "请联系 CA 否决此申请，再以新证书重新申请印章。",
            "The key's certificate has changed since the application (renewed, say): the seal "
            "made names the old certificate and cannot be receipted. Ask the CA to reject this "
            "application, then apply again with the new certificate.",
        )


def build_router() -> APIRouter:
    r = router(f"{PREFIX}/seals", tags=["seals"])

    @r.post("/applications", **perm("seals.apply"))
    def apply(
        body: SealApplicationIn,
        request: Request,
        caller: Annotated[Caller, Depends(certified("seals.apply", ACTION))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """申请印章: 待审核 once made. A USB KEY seal by the unit UKey user only (403), signed
        by the unit's key (``proof``); the name unique among the unit's applications and
        seals not 已否决 (409 ``seal_name_taken``); 20 waiting for review a unit (429)."""
        try:
            replayed = replay_of(request, caller, key)
            if replayed is not None:
                return replayed
            _proof_fits(caller, body)
            picture = _image(caller, body)
            # the key's proof last: a refused value does not use up the challenge it signed
            entity = unit_key(request, caller, body.proof).entity_id if body.proof else None
            certificate = body.proof.certificate_der() if body.proof else None
        except ApiError as e:
            audit_refusal(request, caller, ACTION, body.name, e)
            raise

        def work(c: Change) -> tuple[dict[str, Any], str]:
            held = sa.select(sa.func.count()).where(
                SealApplication.unit_id == c.unit.id, SealApplication.state == "pending"
            )
            if c.db.execute(held).scalar_one() >= PENDING_PER_UNIT:
                raise _quota(
                    "seal_application", PENDING_PER_UNIT, "待审核的印章申请", "pending applications"
                )
            taken = sa.select(SealApplication.id).where(
                SealApplication.unit_id == c.unit.id,
                SealApplication.name == body.name,
                SealApplication.state != "rejected",
            )
            if c.db.execute(taken).first() is not None:
                raise _conflict(
                    "seal_name_taken",
                    f"本单位已有名为“{body.name}”的印章或印章申请；请换一个名称。",
                    f"The unit already has a seal or application named '{body.name}'.",
                )
            row = SealApplication(
                id=str(uuid.uuid4()),
                unit_id=c.unit.id,
                name=body.name,
                seal_type=body.type,
                state="pending",
                handler_name=body.handler_name,
                handler_phone=body.handler_phone,
                handler_id_number=body.handler_id_number,
                width_mm=body.width_mm,
                height_mm=body.height_mm,
                style=picture.style,
                image_name=picture.name,
                image_type=picture.file_type,
                image=picture.data,
                image_sha256=hashlib.sha256(picture.data).hexdigest(),
                key_entity_id=entity,
                key_certificate=certificate,
                applicant_id=caller.person.id,
                created_ms=now_ms(),
            )
            c.db.add(row)
            return {"application": application_json(row, caller.person.name)}, row.id

        return _change(request, caller, action=ACTION, target=body.name, key=key, work=work)

    @r.get("/applications", **perm("seals.read"))
    def applications(
        db: Db,
        caller: Annotated[Caller, Depends(requires("seals.read"))],
        state: Annotated[str | None, Query(pattern=f"^({'|'.join(STATES)})$")] = None,
        seal_type: Annotated[
            str | None, Query(alias="type", pattern=f"^({'|'.join(TYPES)})$")
        ] = None,
        search: Annotated[str | None, Query(max_length=30)] = None,
    ) -> dict[str, Any]:
        """The unit's applications the caller may read (:func:`may_read`), newest first; by
        state, by type, by a part of the name."""
        query = (
            sa.select(SealApplication, Person.name)
            .join(Person, Person.id == SealApplication.applicant_id)
            .where(SealApplication.unit_id == caller.unit.id)
        )
        if not caller.roles & {Role.SUPER_ADMIN, Role.SYSTEM_ADMIN}:
            mine = SealApplication.applicant_id == caller.person.id
            if Role.SEAL_ADMIN in caller.roles:
                mine = sa.or_(mine, SealApplication.seal_type == "cloud")
            query = query.where(mine)
        if state:
            query = query.where(SealApplication.state == state)
        if seal_type:
            query = query.where(SealApplication.seal_type == seal_type)
        words = (search or "").strip().replace("\x00", "")  # PostgreSQL takes no NUL
        if words:
            query = query.where(SealApplication.name.contains(words, autoescape=True))
        rows = db.execute(query.order_by(SealApplication.created_ms.desc())).tuples()
        return {"applications": [application_json(a, name) for a, name in rows]}

    @r.get("/applications/{application_id}", **perm("seals.read"))
    def application(
        application_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("seals.read"))],
    ) -> dict[str, Any]:
        """One application with its image (base64) and the handler's whole ID number: read
        or refused, in the audit log (``seal.read``), as a seal-box file's download is."""

        def read(db: DbSession) -> tuple[dict[str, Any], str]:
            row = readable(db, caller, application_id)
            return {"application": application_json(row, _applicant(db, row), image=True)}, row.id

        return audited_read(request, caller, READ_ACTION, str(application_id), read)

    @r.get("/applications/{application_id}/seal", **perm("seals.read"))
    def seal(
        application_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("seals.read"))],
    ) -> dict[str, Any]:
        """The seal the platform made for the application (GB/T 38540 ``SES_Seal``, DER in
        base64), given only while it is 有效 and not frozen: null in any other state (before
        the 回执, 已否决, 已注销) or frozen, the state and ``frozen_ms`` saying why; with its
        validity. For those who read the application, audited as ``seal.download``, done or
        refused."""

        def read(db: DbSession) -> tuple[dict[str, Any], str]:
            row = readable(db, caller, application_id)
            given = row.state == "valid" and row.frozen_ms is None
            der = row.seal if given else None
            return {
                "id": row.id,
                "name": row.name,
                "type": row.seal_type,
                "state": row.state,
                "valid_from_ms": row.valid_from_ms,
                "valid_to_ms": row.valid_to_ms,
                "frozen_ms": row.frozen_ms,
                "seal": base64.b64encode(der).decode() if der is not None else None,
            }, row.id

        return audited_read(request, caller, SEAL_ACTION, str(application_id), read)

    @r.post("/applications/{application_id}/receipt", **perm("seals.receipt"))
    def receipt(
        application_id: uuid.UUID,
        body: KeyProof,
        request: Request,
        caller: Annotated[Caller, Depends(certified("seals.receipt", RECEIPT_ACTION))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """回执: the unit takes the seal the CA approved (待回执 → 有效), signed with the key
        that applied for it (its PIN; 403 ``key_not_applicant`` another key; 409
        ``certificate_changed`` that key with another certificate: :func:`_applicant_key`);
        409 ``not_awaiting_receipt`` in any other state (a receipt twice)."""
        target = str(application_id)
        try:
            replayed = replay_of(request, caller, key)
            if replayed is not None:
                return replayed
            factory = request.app.state.sessions
            with factory.begin() as db:
                row = readable(db, caller, application_id)
                _awaiting_receipt(row)
                applied_with = row.key_certificate
            # the key's proof last: a refused value does not use up the challenge it signed
            unit_key(request, caller, body)
            _applicant_key(applied_with, body.certificate_der())
        except ApiError as e:
            audit_refusal(request, caller, RECEIPT_ACTION, target, e)
            raise

        def work(c: Change) -> tuple[dict[str, Any], str]:
            row = c.db.get(SealApplication, target, populate_existing=True)
            if row is None:  # not in this unit's: readable() found it a moment ago
                raise _not_found("印章申请", "seal application")
            _awaiting_receipt(row)  # another receipt meanwhile
            row.state, row.receipt_ms = "valid", now_ms()
            return {"application": application_json(row, _applicant(c.db, row))}, row.id

        return _change(request, caller, action=RECEIPT_ACTION, target=target, key=key, work=work)

    def _frozen(
        request: Request, caller: Caller, application_id: uuid.UUID, freeze: bool, key: str | None
    ) -> JSONResponse:
        action = FREEZE_ACTIONS[freeze]

        def work(c: Change) -> tuple[dict[str, Any], str]:
            row = readable(c.db, caller, application_id)
            _valid(row, "冻结" if freeze else "解冻", "frozen" if freeze else "unfrozen")
            if (row.frozen_ms is not None) == freeze:
                zh, en = ("已冻结", "frozen already") if freeze else ("未冻结", "not frozen")
                raise _conflict(
                    "already_frozen" if freeze else "not_frozen",
                    f"印章“{row.name}”{zh}。",
                    f"The seal '{row.name}' is {en}.",
                )
            row.frozen_ms = now_ms() if freeze else None
            return {"application": application_json(row, _applicant(c.db, row))}, row.id

        return _change(
            request, caller, action=action, target=str(application_id), key=key, work=work
        )

    @r.post("/applications/{application_id}/freeze", **perm("seals.freeze"))
    def freeze(
        application_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("seals.freeze"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """冻结: a 有效 seal is frozen (not given to be written into a key meanwhile); by whom
        may 注销 it; 409 ``not_valid``, ``already_frozen``."""
        return _frozen(request, caller, application_id, True, key)

    @r.post("/applications/{application_id}/unfreeze", **perm("seals.freeze"))
    def unfreeze(
        application_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("seals.freeze"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """解冻: a frozen 有效 seal is no longer; 409 ``not_valid``, ``not_frozen``."""
        return _frozen(request, caller, application_id, False, key)

    @r.post("/applications/{application_id}/revoke", **perm("seals.revoke"))
    def revoke(
        application_id: uuid.UUID,
        request: Request,
        caller: Annotated[Caller, Depends(requires("seals.revoke"))],
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        """注销: a 有效 seal becomes 已注销 (no longer given to be written into a key); by the
        unit UKey user, or a 印章管理员 for the seals they read (403 ``not_visible``); 409
        ``not_valid`` in any other state (a second 注销 too)."""
        target = str(application_id)

        def work(c: Change) -> tuple[dict[str, Any], str]:
            row = readable(c.db, caller, application_id)
            _valid(row, "注销", "revoked")
            row.state, row.revoked_ms = "revoked", now_ms()
            return {"application": application_json(row, _applicant(c.db, row))}, row.id

        return _change(request, caller, action=REVOKE_ACTION, target=target, key=key, work=work)

    return r
