"""Roles (seed 004 §角色管理) and what each may do: the one table every endpoint is checked by.

超级管理员 is the unit's UKey holder and has every right of the unit for good; 公务人员 is every
person in service. The others are given by 超级管理员 or 系统管理员 (权限管理).
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    SUPER_ADMIN = "super_admin"
    SYSTEM_ADMIN = "system_admin"
    APP_ADMIN = "app_admin"
    PEOPLE_ADMIN = "people_admin"
    SEAL_ADMIN = "seal_admin"
    AUDITOR = "auditor"
    SEAL_MAKER = "seal_maker"
    MEMBER = "member"
    # seal boxes (seed 003, WAVE2-NOTES B1): 超级管理员 is their 主管理员; these two are given on
    # the 印控 side (PUT /sealbox/roles/{person}), never with the other roles
    BOX_ADMIN = "box_admin"  # 管理员: one per unit
    KEEPER = "keeper"  # 管章人


ROLE_NAMES: dict[Role, tuple[str, str]] = {
    Role.SUPER_ADMIN: ("超级管理员", "Super administrator"),
    Role.SYSTEM_ADMIN: ("系统管理员", "System administrator"),
    Role.APP_ADMIN: ("应用管理员", "Application administrator"),
    Role.PEOPLE_ADMIN: ("公务人员管理员", "People administrator"),
    Role.SEAL_ADMIN: ("印章管理员", "Seal administrator"),
    Role.AUDITOR: ("审计员", "Auditor"),
    Role.SEAL_MAKER: ("印章制作员", "Seal maker"),
    Role.MEMBER: ("公务人员", "Civil servant"),
    Role.BOX_ADMIN: ("印控管理员", "Seal-box administrator"),
    Role.KEEPER: ("管章人", "Seal keeper"),
}

BOX_ROLES = frozenset({Role.BOX_ADMIN, Role.KEEPER})
ASSIGNABLE = frozenset(Role) - {Role.SUPER_ADMIN, Role.MEMBER} - BOX_ROLES
"""Roles a person is given (权限管理): 超级管理员 comes with the unit's first key, 公务人员 with
being in service, the seal-box roles from the 印控 side (:data:`BOX_ROLES`)."""

EVERYONE = frozenset(Role)
_VALUES = frozenset(r.value for r in Role)
_ADMINS = frozenset({Role.SUPER_ADMIN, Role.SYSTEM_ADMIN})
# seal boxes (S3:35-68): 主管理员 = 超级管理员, 管理员 = box_admin, 管章人 = keeper, 成员 = everyone
_BOX_ADMINS = frozenset({Role.SUPER_ADMIN, Role.BOX_ADMIN})
_BOX_KEEPERS = _BOX_ADMINS | {Role.KEEPER}
# 印章管理 (S4:391-400, WAVE2-NOTES A4): the UKey user, 系统管理员, 印章管理员 and 印章制作员 apply
_SEAL_APPLICANTS = _ADMINS | {Role.SEAL_ADMIN, Role.SEAL_MAKER}

PERMISSIONS: dict[str, frozenset[Role]] = {
    "me.read": EVERYONE,
    "me.write": EVERYONE,  # one's own login and signing passwords
    "session.end": EVERYONE,
    "sync.read": EVERYONE,
    "people.read": EVERYONE,  # others view and search (S4:573)
    "people.write": _ADMINS | {Role.PEOPLE_ADMIN},
    "departments.read": EVERYONE,
    "departments.write": _ADMINS | {Role.PEOPLE_ADMIN},
    "roles.read": EVERYONE,
    "roles.write": _ADMINS,  # 权限管理 (S4:643)
    "whitelist.read": _ADMINS,  # the main key's holder is 超级管理员 (S4:686)
    "whitelist.write": _ADMINS,
    "audit.read": frozenset({Role.SUPER_ADMIN, Role.AUDITOR}),  # issue 17: only these two
    "certificate.read": _ADMINS,
    "certificate.request": _ADMINS,  # 申请数字证书 (S4:646)
    # 申请印章, after 申请数字证书; a USB KEY 印章 only by the unit UKey user (checked per call)
    "seals.apply": _SEAL_APPLICANTS,
    # the admins every application, 印章管理员 the cloud ones and their own, 印章制作员 their own
    "seals.read": _SEAL_APPLICANTS,
    # 回执 of a USB KEY seal the CA made: its key's holder, with the key that applied (per call)
    "seals.receipt": frozenset({Role.SUPER_ADMIN}),
    # 注销 a valid seal: the UKey user any, 印章管理员 those they read (cloud, their own)
    "seals.revoke": frozenset({Role.SUPER_ADMIN, Role.SEAL_ADMIN}),
    "seals.freeze": frozenset({Role.SUPER_ADMIN, Role.SEAL_ADMIN}),  # 冻结/解冻, as 注销
    # seal boxes; where a keeper may act, only on the boxes they keep (checked per box)
    "sealbox.read": EVERYONE,  # boxes, categories, templates, the platform key
    "sealbox.bind": _BOX_ADMINS,  # 绑定设备, unbind, rename
    "sealbox.roles": _BOX_ADMINS,  # 添加角色, 设置管章人 (管理员 itself: 主管理员 only)
    "sealbox.keepers": _BOX_ADMINS,  # a box's keepers
    "sealbox.flow": _BOX_ADMINS,  # 配置审批流程: categories, templates
    "sealbox.apply": EVERYONE,  # 用印申请
    "sealbox.approve": EVERYONE,  # 用印审批, by the approvers an application names
    "sealbox.files": EVERYONE,  # 文件图片/附件 of an application: its applicant uploads them
    # an application's files: its applicant, approvers and CC, the box's keepers, the admins
    "sealbox.files.read": EVERYONE,
    "sealbox.grant": _BOX_KEEPERS,  # 用印授权
    # 结束用印: the box's keepers and admins, and whoever granted it (S3:317 授权人), so the
    # person who took a box by 直接使用 frees it for others before its 8 hours are up
    "sealbox.end": EVERYONE,
    "sealbox.grants.read": _BOX_KEEPERS,  # 查看授权记录
    "sealbox.use": EVERYONE,  # 使用盖章: one's grants, activation
    "sealbox.contact": EVERYONE,  # a box's keepers, admins and current grantee report it
    "sealbox.records.read": EVERYONE,  # 查看使用记录: others see their own
    "sealbox.export": _BOX_ADMINS,  # 导出记录: a box's records of a time range, mailed
    "sealbox.track": EVERYONE,  # 轨迹: a box's keepers and admins all its uses, others their own
    "sealbox.sms.read": EVERYONE,  # the SMS sent to one, and those of the grants one made
    "sealbox.settings": _BOX_KEEPERS,  # backlight, auto-off, 无网络设置 (with the code below)
    "sealbox.offline_code": frozenset({Role.SUPER_ADMIN}),  # 主管理员's code for 无网络设置
    "sealbox.lock": frozenset({Role.SUPER_ADMIN}),  # 挂失锁定: 主管理员 only (S3's table)
    "sealbox.features": frozenset({Role.SUPER_ADMIN}),  # 功能配置: 主管理员 only (S3:1160)
}


def allowed(roles: frozenset[Role], permission: str) -> bool:
    """Whether a person with ``roles`` may do ``permission`` (a key of :data:`PERMISSIONS`)."""
    return bool(roles & PERMISSIONS[permission])


def roles_of(stored: list[str], *, super_admin: bool) -> frozenset[Role]:
    """The roles a person in service holds: the given ones, 公务人员, and 超级管理员 for the
    unit's key holder."""
    held = {Role(r) for r in stored if r in _VALUES} | {Role.MEMBER}
    if super_admin:
        held.add(Role.SUPER_ADMIN)
    return frozenset(held)
