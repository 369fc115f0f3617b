"""Request bodies: every field bounded, unknown fields refused (422), no control characters
or unpaired surrogates (PostgreSQL would refuse them later, as a 500)."""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from sealdesk.server.permissions import ASSIGNABLE, Role

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _plain(value: str) -> str:
    value = value.strip()
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError("not valid text") from e
    if not value:
        raise ValueError("empty")
    return value


def _base64(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as e:
        raise ValueError("not base64") from e


def _id_number(value: str) -> str:
    """A 居民身份证号 with its GB 11643 check character."""
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if "10X98765432"[total % 11] != value[17]:
        raise ValueError("the check character is wrong")
    return value


def _roles(value: list[Role]) -> list[Role]:
    extra = set(value) - ASSIGNABLE
    if extra:
        raise ValueError(f"not assignable: {', '.join(sorted(extra))}")
    return sorted(set(value))


Text = Annotated[str, Field(min_length=1, max_length=50), AfterValidator(_plain)]
LongText = Annotated[str, Field(max_length=100), AfterValidator(lambda v: _plain(v) if v else v)]
Phone = Annotated[str, Field(pattern=r"^1[3-9][0-9]{9}$")]
IdNumber = Annotated[str, Field(pattern=r"^[0-9]{17}[0-9X]$"), AfterValidator(_id_number)]
Email = Annotated[str, Field(max_length=100, pattern=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$")]
B64 = Annotated[str, Field(max_length=16384)]
EntityId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
Roles = Annotated[list[Role], Field(max_length=len(Role)), AfterValidator(_roles)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=16384)


class KeyProof(_Body):
    """A UKey's signature over a challenge of ``/auth/challenge``, with its certificate."""

    challenge: Annotated[str, Field(max_length=64)]
    certificate: B64
    signature: Annotated[str, Field(max_length=2048)]

    def certificate_der(self) -> bytes:
        return _base64(self.certificate)

    def signature_bytes(self) -> bytes:
        return _base64(self.signature)


class UkeyLogin(KeyProof):
    pass


class PasswordLogin(_Body):
    phone: Phone
    password: Annotated[str, Field(min_length=1, max_length=64)]


class SmsRequest(_Body):
    """A code to ``phone``, after the answer to the 图形验证码 picture ``captcha_id``."""

    phone: Phone
    captcha_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{16,32}$")]
    captcha: Annotated[str, Field(min_length=1, max_length=10)]


class SmsLogin(_Body):
    phone: Phone
    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")]


class PasswordReset(_Body):
    """找回密码 (S4:217): the SMS code sent to the phone and the new login password."""

    phone: Phone
    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")]
    password: Annotated[str, Field(min_length=1, max_length=64)]


class NewPassword(_Body):
    password: Annotated[str, Field(min_length=1, max_length=64)]


class NewSigningPassword(_Body):
    password: Annotated[str, Field(pattern=r"^[0-9]{6}$")]


class PersonIn(_Body):
    id: uuid.UUID | None = None  # made by the client, so an offline add has its id at once
    name: Text
    phone: Phone
    id_number: IdNumber | None = None
    department_id: uuid.UUID | None = None
    roles: Roles = []


class PersonPatch(_Body):
    """The fields to change; null empties the ID number or the department, never the name or
    the phone (a person has both)."""

    name: Text | None = None
    phone: Phone | None = None
    id_number: IdNumber | None = None
    department_id: uuid.UUID | None = None

    @field_validator("name", "phone", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may be left out, not null")
        return value


class RolesIn(_Body):
    roles: Roles


class DepartmentIn(_Body):
    id: uuid.UUID | None = None
    name: Text


class WhitelistIn(_Body):
    entity_id: EntityId
    label: LongText = ""
    person_id: uuid.UUID | None = None


class CertificateRequestIn(KeyProof):
    """申请数字证书 (S4:130-169): the handler's details and the subscriber agreement, signed
    by a key of the unit (the PIN the seed asks for: the request is the key holder's)."""

    handler_name: Text
    handler_id_number: IdNumber
    handler_phone: Phone
    handler_email: Email
    agreed: bool  # 《数字证书订户协议》 ticked


SEAL_MM = (10, 60)
"""印章规格 bounds in mm, either side (the default is 42×42; a generated seal 38–45, square)."""


class SealImageIn(_Body):
    """An uploaded 印章图片: its file name and its bytes in base64 (JPEG, PNG or GIF by its
    bytes, at most 700 kB once decoded: checked by the endpoint, 413/422)."""

    name: Annotated[str, Field(min_length=1, max_length=255)]
    data: Annotated[str, Field(min_length=1, max_length=1 << 20)]


class SealApplicationIn(_Body):
    """申请印章 (S4:391-450): 名称, 类型, 经办人, 规格 and the image, uploaded (``image``) or
    generated (``style``), one of them; a USB KEY seal (``ukey``) is signed by the unit's key
    (``proof``: the PIN the seed asks at 提交申请), a cloud seal takes no proof."""

    name: Annotated[str, Field(min_length=1, max_length=30), AfterValidator(_plain)]
    type: Literal["cloud", "ukey"]
    handler_name: Text
    handler_phone: Phone
    handler_id_number: IdNumber
    width_mm: Annotated[int, Field(ge=SEAL_MM[0], le=SEAL_MM[1])] = 42
    height_mm: Annotated[int, Field(ge=SEAL_MM[0], le=SEAL_MM[1])] = 42
    # 自动生成 (S4:414): 党纪委公章, 普通公章, 工会公章, 共青团章 (signing.seal_image.SealStyle)
    style: Literal["party", "official", "union", "youth"] | None = None
    image: SealImageIn | None = None
    proof: KeyProof | None = None
