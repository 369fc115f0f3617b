"""PDF verification of one signature or document timestamp: pyHanko's integrity and
difference analysis, our chain rule (signing.trust), the time, the revocation, in one result."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    SignatureCoverageLevel,
    async_validate_pdf_signature,
    async_validate_pdf_timestamp,
)
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext

from sealdesk.signing.pdf.appearance import (
    DictionaryFacts,
    dictionary_facts,
    identity_of,
    seal_picture_of,
)
from sealdesk.signing.pdf.integrity import (
    coverage_reasons,
    gap_reasons,
    modification_level,
    only_signatures_added,
    signing_time_of,
    weak_digest_reason,
)
from sealdesk.signing.pdf.revinfo import (
    RevInfo,
    cms_revocation_info,
    revocation_of,
)
from sealdesk.signing.trust import (
    Chain,
    TrustAnchors,
    chain_reasons,
    claimed_time_reasons,
    period_reasons,
    trusted_reason,
)
from sealdesk.signing.verdicts import (
    Modifications,
    Reason,
    SealPicture,
    SignatureResult,
    fmt_time,
)

log = logging.getLogger(__name__)

_SIGNATURE_SUBFILTERS = {"/adbe.pkcs7.detached", "/ETSI.CAdES.detached"}
_TIMESTAMP_SUBFILTERS = {"/ETSI.RFC3161"}
_reason = Reason
_fmt = fmt_time


class Stopped(Exception):
    """The caller gave up (cancel or deadline); raised inside the worker."""


@dataclass
class SignatureCheck:
    """Checks the signatures of one open document against one set of trust anchors."""

    data: bytes
    password: str | None
    anchors: TrustAnchors

    async def verify_one(
        self,
        reader: PdfFileReader,
        fq_name: str,
        sig_field: Any,
        sig_ref: Any,
        dss: RevInfo,
    ) -> SignatureResult:
        try:
            sig_field = sig_field.get_object()
            sig_object = sig_ref.get_object()
            if not isinstance(sig_object, generic.DictionaryObject):
                raise TypeError("the signature value is not a dictionary")
        except RecursionError:
            raise
        except Exception as e:
            return broken(fq_name, _malformed(e))
        sig_type = str(sig_object.get("/Type", "/Sig"))
        subfilter = str(sig_object.get("/SubFilter", ""))
        is_timestamp = sig_type == "/DocTimeStamp" or subfilter in _TIMESTAMP_SUBFILTERS
        allowed = _TIMESTAMP_SUBFILTERS if is_timestamp else _SIGNATURE_SUBFILTERS
        if subfilter not in allowed:
            return broken(
                fq_name,
                _reason(
                    "format",
                    "indeterminate",
                    f"签名格式 {subfilter or '（未注明）'} 不受支持，无法核验。",
                    f"The signature format {subfilter or '(none given)'} is not supported; it "
                    "cannot be checked.",
                ),
            )
        try:
            embedded = EmbeddedPdfSignature(reader, sig_field, fq_name)
            embedded.signer_cert  # noqa: B018 - fails here on a CMS without a signer certificate
        except RecursionError:
            raise
        except Exception as e:
            return broken(fq_name, _malformed(e))
        facts = dictionary_facts(sig_object)
        picture = seal_picture_of(self.data, self.password, sig_field)
        if is_timestamp:
            return await self.verify_timestamp(embedded, fq_name, dss, picture)
        return await self.verify_signature(embedded, fq_name, dss, facts, picture)

    def context(self, dss: RevInfo) -> ValidationContext:
        """pyHanko's context for integrity and its own status; the verdict's chain comes from
        :meth:`TrustAnchors.chain`, where the demo restriction and one key-usage rule apply."""
        return self.anchors.context(
            other_certs=dss.certs, crls=dss.crls, ocsps=dss.ocsps, revocation_mode="soft-fail"
        )

    async def chain(
        self, embedded: EmbeddedPdfSignature, dss: RevInfo, proven_time: dt.datetime | None
    ) -> tuple[Chain, Reason | None]:
        return await self.anchors.chain_at_signing(
            embedded.signer_cert,
            proven_time=proven_time,
            intermediates=list(embedded.other_embedded_certs),
            other_certs=dss.certs,
            crls=dss.crls,
            ocsps=dss.ocsps,
        )

    async def pyhanko_status(
        self, embedded: EmbeddedPdfSignature, dss: RevInfo, *, timestamp: bool
    ) -> tuple[Any, Reason | None]:
        """pyHanko's status; when the difference analysis itself fails, the status without
        it and a reason saying the changes could not be analysed."""
        validate: Any = async_validate_pdf_timestamp if timestamp else async_validate_pdf_signature
        extra = cms_revocation_info(embedded)
        dss_all = dss.merged(extra)
        kwargs: dict[str, Any] = {}
        if not timestamp:
            kwargs["ts_validation_context"] = self.context(dss_all)
        try:
            status = await validate(embedded, self.context(dss_all), **kwargs)
            return status, None
        except (Stopped, RecursionError):
            raise
        except Exception as e:
            first = e
        try:
            status = await validate(
                embedded,
                self.context(dss_all),
                skip_diff=True,
                **kwargs,
            )
        except (Stopped, RecursionError):
            raise
        except Exception:
            raise first from None
        log.warning("difference analysis failed", exc_info=first)
        detail = str(first) or type(first).__name__
        return status, _reason(
            "diff_failed",
            "invalid",
            f"无法分析签名之后的修改（{detail}），不能确认文档未被改动。",
            f"The changes made after signing could not be analysed ({detail}); that the "
            "document is unchanged cannot be confirmed.",
        )

    async def verify_signature(
        self,
        embedded: EmbeddedPdfSignature,
        fq_name: str,
        dss: RevInfo,
        facts: DictionaryFacts,
        picture: SealPicture | None,
    ) -> SignatureResult:
        identity = identity_of(embedded)
        try:
            status, diff_reason = await self.pyhanko_status(embedded, dss, timestamp=False)
        except (Stopped, RecursionError):
            raise
        except NotImplementedError as e:
            return broken(
                fq_name,
                _reason(
                    "algorithm",
                    "indeterminate",
                    f"签名算法不受支持，无法核验：{e}",
                    f"The signature algorithm is not supported; it cannot be checked: {e}",
                ),
                identity=identity,
                facts=facts,
                picture=picture,
            )
        except Exception as e:
            return broken(fq_name, _failed(e), identity=identity, facts=facts, picture=picture)

        reasons: list[Reason] = []
        intact = bool(status.intact)
        math_ok = bool(status.valid)
        coverage = status.coverage
        covers_whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
        modifications = modification_level(status, coverage)
        if modifications == "form_fill" and only_signatures_added(status, embedded.reader):
            modifications = "signatures"
        if not intact:
            reasons.append(
                _reason(
                    "not_intact",
                    "invalid",
                    "签名所覆盖的内容已被改动（摘要不符）。",
                    "The content the signature covers was changed (digest mismatch).",
                )
            )
        elif not math_ok:
            reasons.append(
                _reason(
                    "bad_signature",
                    "invalid",
                    "签名值与证书公钥不符（签名被伪造或损坏）。",
                    "The signature value does not match the certificate's key (forged or damaged).",
                )
            )
        reasons.extend(coverage_reasons(coverage, modifications, status))
        reasons.extend(gap_reasons(self.data, embedded, reasons))
        if diff_reason is not None:
            reasons.append(diff_reason)
        if any(r.code == "byte_range" for r in reasons):
            modifications = "other"

        # time: only a trusted timestamp proves it; a claimed one in the future is said
        signing_time, time_source, ts_trusted, time_reasons = signing_time_of(status)
        reasons.extend(time_reasons)
        if not ts_trusted:
            reasons.extend(claimed_time_reasons(signing_time))

        # certificate chain and revocation, judged now unless the timestamp proves the time
        cert = embedded.signer_cert
        all_info = dss.merged(cms_revocation_info(embedded))
        chain, proved = await self.chain(embedded, all_info, signing_time if ts_trusted else None)
        if proved is not None:
            reasons.append(proved)
        reasons.extend(chain_reasons(chain, role="signer", signing_time=signing_time))
        if chain.kind != "weak_algorithm":
            reasons.extend(weak_digest_reason(status))
        trusted = chain.reaches_root
        revocation = revocation_of(chain, status)
        if proved is None:
            validity = cert["tbs_certificate"]["validity"]
            reasons.extend(
                period_reasons(
                    start=validity["not_before"].native,
                    end=validity["not_after"].native,
                    signing_time=signing_time,
                    proven=ts_trusted,
                    what="certificate",
                )
            )
        failed = any(r.effect == "invalid" for r in reasons)
        weak = any(r.code == "weak_digest" for r in reasons)
        if not failed and not weak and intact and math_ok and modifications == "none":
            reasons.insert(
                0,
                _reason(
                    "unchanged",
                    "info",
                    "签名之后文档未被修改。"
                    if covers_whole
                    else "签名所覆盖的版本之后只有签名或验证数据等允许的更新。",
                    "The document was not changed after signing."
                    if covers_whole
                    else "After the signed revision there are only permitted updates "
                    "(signatures, validation data).",
                ),
            )
        anchor_reason = trusted_reason(chain, role="signer")
        if not failed and anchor_reason is not None:
            reasons.append(anchor_reason)
        if revocation == "unknown" and chain.kind == "ok" and not failed:
            reasons.append(
                _reason(
                    "no_revocation_source",
                    "info",
                    "证书未注明吊销状态的查询地址，无从查询吊销状态。",
                    "The certificate names no CRL or OCSP service; its revocation status "
                    "cannot be looked up.",
                )
            )
        return SignatureResult(
            id=fq_name,
            format="pdf",
            kind="signature",
            signer=identity[0],
            unit=identity[1],
            credit_code=identity[2],
            certificate=cert.dump(),
            seal_name=facts.seal_name,
            stated_reason=facts.reason,
            signing_time=signing_time,
            time_source=time_source,
            intact=intact,
            covers_whole_document=covers_whole,
            modifications=modifications,
            signature_valid=intact and math_ok,
            trusted=trusted,
            revocation=revocation,
            reasons=tuple(reasons),
            seal_picture=picture,
        )

    async def verify_timestamp(
        self,
        embedded: EmbeddedPdfSignature,
        fq_name: str,
        dss: RevInfo,
        picture: SealPicture | None,
    ) -> SignatureResult:
        identity = identity_of(embedded)
        try:
            status, diff_reason = await self.pyhanko_status(embedded, dss, timestamp=True)
        except (Stopped, RecursionError):
            raise
        except Exception as e:
            return broken(fq_name, _failed(e), identity=identity, picture=picture)
        reasons: list[Reason] = []
        intact, math_ok = bool(status.intact), bool(status.valid)
        coverage = status.coverage
        modifications = modification_level(status, coverage)
        if not intact or not math_ok:
            reasons.append(
                _reason(
                    "not_intact",
                    "invalid",
                    "文档时间戳所覆盖的内容已被改动或时间戳被伪造。",
                    "The content the document timestamp covers was changed, or the timestamp "
                    "is forged.",
                )
            )
        reasons.extend(coverage_reasons(coverage, modifications, status))
        reasons.extend(gap_reasons(self.data, embedded, reasons))
        if diff_reason is not None:
            reasons.append(diff_reason)
        cert = embedded.signer_cert
        info = dss.merged(cms_revocation_info(embedded))
        chain = await self.anchors.chain(
            cert,
            intermediates=list(embedded.other_embedded_certs),
            other_certs=info.certs,
            crls=info.crls,
            ocsps=info.ocsps,
            for_signing=False,
        )
        reasons.extend(chain_reasons(chain, role="signer", signing_time=status.timestamp))
        if not reasons:
            reasons.append(
                _reason(
                    "document_timestamp",
                    "info",
                    f"文档时间戳证明文档在 {_fmt(status.timestamp)} 时已是此状态。",
                    f"The document timestamp proves the document existed in this state at "
                    f"{_fmt(status.timestamp)}.",
                )
            )
        return SignatureResult(
            id=fq_name,
            format="pdf",
            kind="timestamp",
            signer=identity[0],
            unit=identity[1],
            credit_code=identity[2],
            certificate=cert.dump(),
            seal_name=None,
            stated_reason=None,
            signing_time=status.timestamp,
            time_source="timestamp",
            intact=intact,
            covers_whole_document=coverage == SignatureCoverageLevel.ENTIRE_FILE,
            modifications=modifications,
            signature_valid=intact and math_ok,
            trusted=chain.reaches_root,
            revocation=revocation_of(chain, status),
            reasons=tuple(reasons),
            seal_picture=picture,
        )


# --- helpers -----------------------------------------------------------------------------------


def with_reasons(result: SignatureResult, extra: Sequence[Reason]) -> SignatureResult:
    if not extra:
        return result
    kept = result.reasons
    if any(r.effect == "invalid" for r in extra):
        kept = tuple(r for r in kept if r.code not in ("unchanged", "trusted"))
    reasons = (*kept, *extra)
    modifications: Modifications = (
        "other" if any(r.code == "uncovered_tail" for r in extra) else result.modifications
    )
    return dataclasses.replace(result, reasons=reasons, modifications=modifications)


def _failed(e: BaseException) -> Reason:
    """Validation stopped on ``e``: malformed signature data (pyHanko's reading errors), or a
    failure of unknown kind, which says nothing about the signature: indeterminate, logged, and
    for this signature only."""
    if isinstance(e, (SignatureValidationError, PdfError, ValueError)):
        return _malformed(e)
    log.warning("validation failed", exc_info=e)
    detail = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    return _reason(
        "validation_error",
        "indeterminate",
        f"核验这个签名时出错，无法判断其是否有效（{detail}）。",
        f"Checking this signature failed; whether it is valid cannot be told ({detail}).",
    )


def _malformed(e: BaseException) -> Reason:
    detail = str(e) or type(e).__name__
    return _reason(
        "malformed",
        "invalid",
        f"签名数据格式错误（/Contents 或 /ByteRange 缺失、为空或损坏），签名无效：{detail}",
        f"The signature data is malformed (/Contents or /ByteRange missing, empty or "
        f"damaged); the signature is not valid: {detail}",
    )


def broken(
    fq_name: str,
    reason: Reason,
    *,
    identity: tuple[str | None, str | None, str | None] = (None, None, None),
    facts: DictionaryFacts | None = None,
    picture: SealPicture | None = None,
) -> SignatureResult:
    """A signature that could not be checked at all."""
    return SignatureResult(
        id=fq_name,
        format="pdf",
        kind="signature",
        signer=identity[0],
        unit=identity[1],
        credit_code=identity[2],
        certificate=None,
        seal_name=facts.seal_name if facts else None,
        stated_reason=facts.reason if facts else None,
        signing_time=None,
        time_source=None,
        intact=False,
        covers_whole_document=False,
        modifications="other" if reason.effect == "invalid" else "none",
        signature_valid=False,
        trusted=False,
        revocation="unknown",
        reasons=(reason,),
        seal_picture=picture,
    )
