"""Who a verifier trusts, and how a certificate is judged: one rule for PDF and OFD.

- A chain is built to the trust roots by pyhanko-certvalidator (SM2 certificates too, through
  the SM2-aware signature validator); revocation is checked wherever a certificate says where.
- It is judged *now*. Only a trusted timestamp moves that moment back to the signing time: the
  time a signer's machine writes into a signature proves nothing, since its clock can be set back.
- A certificate that signs documents or seals must allow digitalSignature or nonRepudiation.
- Seal makers (制章机构) may have roots of their own, kept apart from the signers' roots.
- The demo's roots vouch only for the certificates the demo itself issued.

About 600 lines: the one rule is kept in one module, so that PDF and OFD cannot drift apart.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    DisallowedAlgorithmError,
    ExpiredError,
    InsufficientRevinfoError,
    InvalidCertificateError,
    NotYetValidError,
    PathBuildingError,
    RevokedError,
    ValidationError,
)
from pyhanko_certvalidator.path import ValidationPath

from sealdesk.signing.anchors import DemoTrust, load_certificates, load_crls
from sealdesk.signing.certinfo import SIGNING_KEY_USAGES
from sealdesk.signing.seals import Check
from sealdesk.signing.sm2_cms import SM2_AWARE_VALIDATOR
from sealdesk.signing.verdicts import AnchorKind, Reason, TrustedAnchor, fmt_time

CLOCK_TOLERANCE = dt.timedelta(minutes=5)
"""A claimed signing time this far ahead of our clock is still taken as 'now'."""

Role = Literal["signer", "maker"]
ChainKind = Literal[
    "ok",
    "untrusted",
    "demo_foreign",
    "expired",
    "not_yet_valid",
    "revoked",
    "revocation_unknown",
    "weak_algorithm",
    "key_usage",
    "malformed",
    "invalid",
]


@dataclass(frozen=True)
class Chain:
    """Outcome of certificate path validation at one moment."""

    kind: ChainKind
    path: ValidationPath | None = None
    when: dt.datetime | None = None
    detail: str = ""
    demo: bool = False  # the path ends in a demo root

    @property
    def reaches_root(self) -> bool:
        return self.kind in (
            "ok",
            "expired",
            "not_yet_valid",
            "revoked",
            "revocation_unknown",
            "key_usage",
        )

    @property
    def anchor_name(self) -> str | None:
        if self.path is None:
            return None
        return certificate_name(self.path.trust_anchor.authority.name)


def certificate_name(name: asn1_x509.Name) -> str:
    """A certificate name as its holder wrote it (the common name, else the organisation), not
    asn1crypto's English 'Common Name: …, Organization: …'."""
    try:
        native = name.native
    except (ValueError, TypeError):  # an odd string type: the raw form still names it
        return str(name.human_friendly)
    for field in ("common_name", "organization_name"):
        value = native.get(field) if isinstance(native, dict) else None
        if value:
            return ", ".join(value) if isinstance(value, list) else str(value)
    return str(name.human_friendly)


def _expired_in(path: ValidationPath | None, moment: dt.datetime) -> dt.datetime | None:
    """When the first certificate of ``path`` that had expired by ``moment`` expired."""
    if path is None:
        return None
    ends = []
    for cert in path.iter_certs(include_root=True):
        try:
            end = cert["tbs_certificate"]["validity"]["not_after"].native
        except (ValueError, TypeError, KeyError):
            continue
        if end is not None and end < moment:
            ends.append(end)
    return min(ends, default=None)


@dataclass(frozen=True, kw_only=True)
class TrustAnchors:
    """What one verification trusts, loaded and checked."""

    roots: tuple[asn1_x509.Certificate, ...] = ()
    seal_makers: tuple[asn1_x509.Certificate, ...] = ()
    demo_roots: tuple[asn1_x509.Certificate, ...] = ()
    demo_certificates: frozenset[bytes] = frozenset()
    crls: tuple[asn1_crl.CertificateList, ...] = ()
    online: bool = False

    @classmethod
    def load(
        cls,
        *,
        roots: Sequence[bytes] = (),
        seal_makers: Sequence[bytes] = (),
        demo: DemoTrust | None = None,
        crls: Sequence[bytes] = (),
        online: bool = False,
    ) -> TrustAnchors:
        """:raises TrustInputError: a root, seal maker or CRL is unreadable."""
        return cls(
            roots=tuple(load_certificates(roots)),
            seal_makers=tuple(load_certificates(seal_makers, "seal_maker")),
            demo_roots=tuple(load_certificates(demo.roots)) if demo else (),
            demo_certificates=demo.certificates if demo else frozenset(),
            crls=tuple(load_crls(crls)),
            online=online,
        )

    def context(
        self,
        *,
        role: Role = "signer",
        moment: dt.datetime | None = None,
        other_certs: Sequence[asn1_x509.Certificate] = (),
        crls: Sequence[asn1_crl.CertificateList] = (),
        ocsps: Sequence[Any] = (),
        revocation_mode: str = "hard-fail",
    ) -> ValidationContext:
        """A validation context at ``moment`` (now when None); fetching only when online and
        judged now. Seal makers are anchors for the ``maker`` role only."""
        roots = [*self.roots, *self.demo_roots]
        if role == "maker":
            roots += self.seal_makers
        kwargs: dict[str, Any] = {"moment": moment} if moment is not None else {}
        return ValidationContext(
            trust_roots=roots,
            other_certs=list(other_certs),
            crls=[*self.crls, *crls],
            ocsps=list(ocsps),
            allow_fetching=self.online and moment is None,
            revocation_mode=revocation_mode,
            signature_validator=SM2_AWARE_VALIDATOR,
            **kwargs,
        )

    async def chain(
        self,
        cert: asn1_x509.Certificate,
        *,
        intermediates: Sequence[asn1_x509.Certificate] = (),
        role: Role = "signer",
        moment: dt.datetime | None = None,
        other_certs: Sequence[asn1_x509.Certificate] = (),
        crls: Sequence[asn1_crl.CertificateList] = (),
        ocsps: Sequence[Any] = (),
        for_signing: bool = True,
    ) -> Chain:
        """Path validation at ``moment`` (now), revocation checked wherever a certificate
        says where, then the demo restriction and (``for_signing``: not for a timestamp
        authority) the key usage."""
        try:
            context = self.context(
                role=role,
                moment=moment,
                other_certs=[*other_certs, *intermediates],
                crls=crls,
                ocsps=ocsps,
            )
            validator = CertificateValidator(
                cert, intermediate_certs=list(intermediates), validation_context=context
            )
            path = await validator.async_validate_path()
        except RevokedError as e:
            return self._restricted(Chain("revoked", path=e.original_path, when=e.revocation_dt))
        except ExpiredError as e:
            return self._restricted(Chain("expired", path=e.original_path, when=e.expired_dt))
        except NotYetValidError as e:
            return self._restricted(Chain("not_yet_valid", path=e.original_path, when=e.valid_from))
        except InsufficientRevinfoError as e:
            # revocation is looked at before validity: an expired certificate is said as such
            ended = _expired_in(e.original_path, moment or dt.datetime.now(dt.UTC))
            if ended is not None:
                return self._restricted(Chain("expired", path=e.original_path, when=ended))
            return self._restricted(
                Chain("revocation_unknown", path=e.original_path, detail=str(e))
            )
        except DisallowedAlgorithmError as e:
            return Chain("weak_algorithm", detail=str(e))
        except PathBuildingError as e:
            return Chain("untrusted", detail=str(e))
        except InvalidCertificateError as e:
            return Chain("untrusted" if "self-signed" in str(e) else "invalid", detail=str(e))
        except ValidationError as e:
            return Chain("invalid", detail=str(e))
        except (ValueError, TypeError, KeyError) as e:  # asn1crypto on a certificate's fields
            return Chain("malformed", detail=str(e).splitlines()[0] if str(e) else "")
        chain = self._restricted(Chain("ok", path=path))
        if chain.kind == "ok" and for_signing and not allowed_to_sign(cert):
            return Chain("key_usage", path=path, demo=chain.demo, detail=_usages(cert))
        return chain

    def _restricted(self, chain: Chain) -> Chain:
        """A path that ends in a demo root counts only for a certificate the demo issued."""
        if chain.path is None or not self.demo_roots:
            return chain
        anchor_key = chain.path.trust_anchor.authority.public_key.dump()
        if anchor_key not in {r.public_key.dump() for r in self.demo_roots}:
            return chain
        leaf = chain.path.leaf
        if leaf is None or hashlib.sha256(leaf.dump()).digest() not in self.demo_certificates:
            return Chain("demo_foreign", detail=certificate_name(leaf.subject) if leaf else "")
        return Chain(chain.kind, chain.path, chain.when, chain.detail, demo=True)

    async def chain_at_signing(
        self,
        cert: asn1_x509.Certificate,
        *,
        proven_time: dt.datetime | None,
        role: Role = "signer",
        intermediates: Sequence[asn1_x509.Certificate] = (),
        other_certs: Sequence[asn1_x509.Certificate] = (),
        crls: Sequence[asn1_crl.CertificateList] = (),
        ocsps: Sequence[Any] = (),
    ) -> tuple[Chain, Reason | None]:
        """The chain now; when it expired, was revoked or is not yet valid and a trusted
        timestamp proves the signing time, the chain then. Returns the chain that counts and,
        when the timestamp saved it, the reason saying so."""
        kwargs: dict[str, Any] = {
            "role": role,
            "intermediates": intermediates,
            "other_certs": other_certs,
            "crls": crls,
            "ocsps": ocsps,
        }
        now = await self.chain(cert, **kwargs)
        if now.kind not in _LATER_PROBLEMS or proven_time is None:
            return now, None
        then = await self.chain(cert, moment=proven_time, **kwargs)
        if then.kind != "ok":
            return now, None
        zh, en = _WHO[role]
        return then, Reason(
            "proved_by_timestamp" if role == "signer" else "maker_proved_by_timestamp",
            "info",
            f"{zh}后来{_LATER_PROBLEMS[now.kind][0]}，但时间戳证明签名时（{fmt_time(proven_time)}）"
            "证书有效。",
            f"The {en} {_LATER_PROBLEMS[now.kind][1]} later, but the timestamp proves it was "
            f"valid when signing ({fmt_time(proven_time)}).",
        )


_LATER_PROBLEMS = {
    "expired": ("已过期", "expired"),
    "not_yet_valid": ("尚未生效", "was not yet valid"),
    "revoked": ("被吊销", "was revoked"),
}
_WHO: dict[Role, tuple[str, str]] = {
    "signer": ("签名证书", "signing certificate"),
    "maker": ("制章人证书", "seal maker's certificate"),
}


def allowed_to_sign(cert: asn1_x509.Certificate) -> bool:
    """Whether the certificate's key usage allows signing documents or seals (a certificate
    without the extension is not restricted, RFC 5280 §4.2.1.3)."""
    usage = cert.key_usage_value
    return usage is None or bool(set(usage.native) & SIGNING_KEY_USAGES)


def _usages(cert: asn1_x509.Certificate) -> str:
    usage = cert.key_usage_value
    return ", ".join(sorted(usage.native)) if usage is not None else "-"


def chain_reasons(chain: Chain, *, role: Role, signing_time: dt.datetime | None) -> list[Reason]:
    """What a chain outcome does to the verdict, in words; ``signing_time`` (claimed or proven)
    tells a revocation before signing from one after."""
    zh, en = _WHO[role]
    prefix = "" if role == "signer" else "maker_"

    def reason(code: str, effect: Literal["invalid", "indeterminate"], z: str, e: str) -> Reason:
        return Reason(prefix + code, effect, z, e)

    kind = chain.kind
    if kind == "ok":
        return []
    if kind == "untrusted" and role == "maker":
        return [
            reason(
                "untrusted",
                "indeterminate",
                "制章者不受信任：制章人证书不能追溯到受信任的根证书或制章机构。",
                "The seal maker is not trusted: its certificate does not chain to a trusted root "
                "or seal maker.",
            )
        ]
    if kind == "untrusted":
        return [
            reason(
                "untrusted",
                "indeterminate",
                "签名证书不能追溯到任何受信任的根证书。",
                "The signing certificate does not chain to any trusted root.",
            )
        ]
    if kind == "demo_foreign":
        return [
            reason(
                "demo_foreign",
                "indeterminate",
                f"{zh}由演示根证书签发，但不是演示钥匙的证书：演示根证书只对演示钥匙自己的证书有效。",
                f"The {en} was issued under a demo root but is not one of the demo key's "
                "certificates: demo roots vouch only for the demo's own.",
            )
        ]
    if kind == "expired":
        when = f"（{fmt_time(chain.when)}）" if chain.when else ""
        when_en = f" ({fmt_time(chain.when)})" if chain.when else ""
        return [
            reason(
                "expired",
                "indeterminate",
                f"{zh}已过期{when}，且没有可信的时间戳证明签名时证书有效。",
                f"The {en} has expired{when_en} and no trusted timestamp proves it was valid when "
                "signing.",
            )
        ]
    if kind == "not_yet_valid":
        return [
            reason(
                "not_yet_valid",
                "indeterminate",
                f"{zh}尚未生效。",
                f"The {en} is not yet valid.",
            )
        ]
    if kind == "revoked":
        revoked_at = chain.when
        if revoked_at is None or signing_time is None or revoked_at <= signing_time:
            return [
                reason(
                    "revoked",
                    "invalid",
                    f"{zh}在签名之前已被吊销（"
                    f"{fmt_time(revoked_at) if revoked_at else '时间不详'}）。",
                    f"The {en} was revoked before the signature was made ("
                    f"{fmt_time(revoked_at) if revoked_at else 'time unknown'}).",
                )
            ]
        return [
            reason(
                "revoked_after",
                "indeterminate",
                f"{zh}于 {fmt_time(revoked_at)} 被吊销，晚于声称的签名时间，但没有可信的时间戳证明"
                "签名早于吊销。",
                f"The {en} was revoked on {fmt_time(revoked_at)}, after the claimed signing time, "
                "but no trusted timestamp proves the signature came first.",
            )
        ]
    if kind == "revocation_unknown":
        return [
            reason(
                "revocation_unknown",
                "indeterminate",
                f"无法确定{zh}的吊销状态：文件中没有吊销信息，也没有缓存的 CRL（可联网查询）。",
                f"The {en}'s revocation status is unknown: the file carries no revocation data "
                "and no cached CRL applies (an online check may help).",
            )
        ]
    if kind == "weak_algorithm":
        return [
            reason(
                "weak_algorithm",
                "indeterminate",
                f"证书链使用了不安全的算法：{chain.detail}",
                f"The certificate chain uses an algorithm no longer considered safe: "
                f"{chain.detail}",
            )
        ]
    if kind == "malformed":
        return [
            reason(
                "cert_malformed",
                "indeterminate",
                f"{zh}的编码不符合 X.509 标准，无法核验其证书链（{chain.detail}）。",
                f"The {en} is not encoded as X.509 requires; its chain cannot be checked "
                f"({chain.detail}).",
            )
        ]
    if kind == "key_usage":
        return [
            reason(
                "key_usage",
                "indeterminate",
                f"{zh}不适用于签名（密钥用法只有 {chain.detail}，需要数字签名或不可否认）。",
                f"The {en} is not meant for signing (its key usage is only {chain.detail}; "
                "digital signature or non-repudiation is needed).",
            )
        ]
    return [
        reason(
            "chain_invalid",
            "indeterminate",
            f"{zh}链无效：{chain.detail}",
            f"The {en}'s chain is not valid: {chain.detail}",
        )
    ]


def trusted_reason(chain: Chain, *, role: Role) -> Reason | None:
    """The info line naming the root a good chain ends in (a demo root said as such)."""
    if chain.kind != "ok" or chain.path is None:
        return None
    anchor = chain.anchor_name
    zh, en = _WHO[role]
    prefix = "" if role == "signer" else "maker_"
    if chain.demo:
        return Reason(
            prefix + "demo_root",
            "info",
            f"{zh}链追溯到演示根证书（{anchor}）：仅供演示，不是真实的证书机构。",
            f"The {en} chains to a demo root ({anchor}): for demonstration only, not a real "
            "certificate authority.",
        )
    return Reason(
        prefix + "trusted",
        "info",
        f"{zh}链可追溯到受信任的根证书：{anchor}。",
        f"The {en} chains to a trusted root: {anchor}.",
    )


def claimed_time_reasons(
    claimed: dt.datetime | None, *, now: dt.datetime | None = None
) -> list[Reason]:
    """A claimed signing time in the future is said, not taken (one rule for PDF and OFD)."""
    now = now or dt.datetime.now(dt.UTC)
    if claimed is None or claimed <= now + CLOCK_TOLERANCE:
        return []
    return [
        Reason(
            "claimed_time_future",
            "indeterminate",
            f"声称的签名时间 {fmt_time(claimed)} 晚于现在（签名方的时钟有误，或时间被改动），"
            "不能采信。",
            f"The claimed signing time {fmt_time(claimed)} lies in the future (the signer's clock "
            "is wrong, or the time was altered); it is not taken.",
        )
    ]


def period_reasons(
    *,
    start: dt.datetime | None,
    end: dt.datetime | None,
    signing_time: dt.datetime | None,
    proven: bool,
    what: Literal["certificate", "seal"],
    now: dt.datetime | None = None,
) -> list[Reason]:
    """Whether a certificate or seal was within its validity when signing.

    The signing time counts when a trusted timestamp proves it. Otherwise the period must hold
    now (for certificates path validation checks that), and a claimed time outside it is said:
    it proves nothing either way. Times are compared to the second, as they are written.
    """
    zh, en = ("证书", "certificate") if what == "certificate" else ("印章", "seal")
    prefix = "" if what == "certificate" else "seal_"
    if start is None or end is None:
        return [
            Reason(
                prefix + "validity_unreadable",
                "indeterminate",
                f"{zh}的有效期无法读取。",
                f"The {en}'s validity period cannot be read.",
            )
        ]
    start, end = _second(start), _second(end)
    span = f"{fmt_time(start)} – {fmt_time(end)}"
    if proven and signing_time is not None:
        if start <= _second(signing_time) <= end:
            return []
        return [
            Reason(
                prefix + "timestamp_outside",
                "indeterminate",
                f"时间戳证明的签名时间 {fmt_time(signing_time)} 不在{zh}有效期（{span}）之内。",
                f"The timestamped signing time {fmt_time(signing_time)} lies outside the {en}'s "
                f"validity ({span}).",
            )
        ]
    reasons = []
    if what == "seal":
        current = _second(now or dt.datetime.now(dt.UTC))
        if current > end:
            reasons.append(
                Reason(
                    "seal_expired",
                    "indeterminate",
                    f"印章已过期（{fmt_time(end)} 到期），且没有可信的时间戳证明签章时印章有效。",
                    f"The seal has expired ({fmt_time(end)}) and no trusted timestamp proves it "
                    "was valid when signing.",
                )
            )
        elif current < start:
            reasons.append(
                Reason(
                    "seal_not_yet_valid",
                    "indeterminate",
                    f"印章尚未生效（{fmt_time(start)} 起）。",
                    f"The seal is not yet valid (from {fmt_time(start)}).",
                )
            )
    if signing_time is not None and not start <= _second(signing_time) <= end:
        reasons.append(
            Reason(
                prefix + "claimed_time_outside",
                "indeterminate",
                f"声称的签名时间 {fmt_time(signing_time)} 不在{zh}有效期（{span}）之内。",
                f"The claimed signing time {fmt_time(signing_time)} lies outside the {en}'s "
                f"validity ({span}).",
            )
        )
    return reasons


def _second(when: dt.datetime) -> dt.datetime:
    return when.replace(microsecond=0)


def maker_trust_check(maker_cert: bytes, anchors: TrustAnchors) -> Check:
    """Whether a seal's maker (制章人) chains, now, to a trusted root or seal maker, as one
    of `signing.seals`' checks (``seal show``)."""
    try:
        cert = asn1_x509.Certificate.load(maker_cert)
        cert["tbs_certificate"]["subject_public_key_info"]
    except (ValueError, TypeError, KeyError):
        return Check(
            "maker_trusted",
            "failed",
            "制章人证书无法读取，不能判断制章者是否可信",
            "the maker's certificate cannot be read: whether it is trusted is unknown",
        )
    chain = asyncio.run(anchors.chain(cert, role="maker"))
    said = (
        trusted_reason(chain, role="maker")
        or chain_reasons(chain, role="maker", signing_time=None)[0]
    )
    return Check("maker_trusted", "ok" if chain.kind == "ok" else "unknown", said.zh, said.en)


def trusted_anchors(
    *, roots: Sequence[bytes], seal_makers: Sequence[bytes], demo: DemoTrust | None
) -> tuple[TrustedAnchor, ...]:
    """The roots a verification trusts, named, for its report.

    :raises TrustInputError: one is not a certificate.
    """
    groups: list[tuple[AnchorKind, Sequence[bytes]]] = [
        ("root", roots),
        ("seal_maker", seal_makers),
        ("demo", demo.roots if demo else ()),
    ]
    return tuple(
        TrustedAnchor(
            name=certificate_name(cert.subject),
            kind=kind,
            sha256=hashlib.sha256(cert.dump()).hexdigest(),
        )
        for kind, items in groups
        for cert in load_certificates(items)
    )
