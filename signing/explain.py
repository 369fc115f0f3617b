"""A verification result in the words a person reads it (the window's cards, the command
line, the PDF report): one sentence with the verdict and why, then facts that agree with it.

Every text is a pair (Chinese, English); :func:`said` picks one.
"""

from __future__ import annotations

import os

from sealdesk.signing.verdicts import DocumentReport, Reason, SignatureResult, fmt_time

Words = tuple[str, str]

_VERDICT: dict[str, Words] = {
    "valid": ("有效", "Valid"),
    "invalid": ("无效", "Invalid"),
    "indeterminate": ("无法确定", "Cannot tell"),
    "unsigned": ("没有签名", "No signature"),
}
_CONTENT_CHANGED = {"not_intact", "changed", "modified", "byte_range", "uncovered_tail", "docmdp"}
_FORGED = {"bad_signature", "signer_signature", "data_hash"}
_UNREADABLE = {
    "malformed",
    "seal_malformed",
    "format",
    "algorithm",
    "validation_error",
    "sign_unreadable",
    "hostile",
}
# the cause in a sentence, where the reason's own message says more than a reader needs
_CAUSES: dict[str, Words] = {
    "not_intact": (
        "签署之后，签名所覆盖的内容被改动了",
        "the signed content was changed after signing",
    ),
    "modified": (
        "签署之后文件被改动了，改动超出了填写表单和追加签名",
        "the file was changed after signing, beyond filling in forms and adding signatures",
    ),
    "byte_range": (
        "签名没有覆盖整个文件，未覆盖的部分可能被替换过",
        "the signature does not cover the whole file; the rest may have been swapped",
    ),
    "uncovered_tail": (
        "签署之后文件末尾被附加了未签名的内容",
        "unsigned content was appended to the file after signing",
    ),
    "docmdp": (
        "签署之后的改动超出了认证签名允许的范围",
        "the changes after signing go beyond what the certifying signature allows",
    ),
    "diff_failed": (
        "无法分析签署之后的改动，不能确认文件未被改动",
        "the changes after signing could not be analysed, so the file may have been changed",
    ),
    "bad_signature": (
        "签名值与签署人的证书不符，签名是伪造的或已损坏",
        "the signature does not match the signer's certificate: forged or damaged",
    ),
    "signer_signature": (
        "签名值与签署人的证书不符，签名是伪造的或已损坏",
        "the signature does not match the signer's certificate: forged or damaged",
    ),
    "maker_signature": (
        "印章不是由其所称的制作机构制作的",
        "the seal was not made by the maker it names",
    ),
    "data_hash": (
        "签章数据不属于这个签名（被替换或改动过）",
        "the seal data does not belong to this signature (replaced or edited)",
    ),
    "malformed": ("签名数据已损坏，无法读取", "the signature data is damaged and cannot be read"),
    "seal_malformed": ("签章数据已损坏，无法读取", "the seal data is damaged and cannot be read"),
    "untrusted": (
        "签署人的证书不是由受信任的机构签发的",
        "the signer's certificate was not issued by a trusted authority",
    ),
    "maker_untrusted": ("印章的制作机构不受信任", "the seal's maker is not trusted"),
    "revocation_unknown": (
        "无法查到签署人的证书是否已被吊销",
        "whether the signer's certificate was revoked cannot be found out",
    ),
}


SIGNED_AT: Words = ("签署时间", "Signed at")


def said(words: Words, lang: str) -> str:
    return words[1] if lang == "en" else words[0]


def _cause(reason: Reason) -> Words:
    if reason.code in _CAUSES:
        return _CAUSES[reason.code]
    if reason.code == "changed":  # "…被改动：第 1 页的内容。": the parts, in a sentence
        parts_zh = reason.zh.split("：", 1)[-1].rstrip("。")
        parts_en = reason.en.split(": ", 1)[-1].rstrip(".")
        return f"签署之后，{parts_zh}被改动了", f"{parts_en} changed after signing"
    return reason.zh.rstrip("。. "), reason.en.rstrip("。. ")


def _codes(sig: SignatureResult) -> set[str]:
    return {r.code for r in sig.reasons}


def headline(sig: SignatureResult) -> Words:
    """One sentence: the verdict, and why."""
    verdict = sig.verdict
    zh, en = _VERDICT[verdict]
    if verdict != "valid":
        deciding = next(r for r in sig.reasons if r.effect == verdict)
        cause_zh, cause_en = _cause(deciding)
        return f"{zh}：{cause_zh}。", f"{en}: {cause_en}."
    if sig.kind == "timestamp" and sig.signing_time is not None:
        when = fmt_time(sig.signing_time)
        return (
            f"{zh}：文档时间戳证明文件在 {when} 时已是现在的样子。",
            f"{en}: the document timestamp proves the file was as it is now at {when}.",
        )
    content_zh, content_en = {
        "signatures": (
            "签署之后只追加了其他签名，签署的内容没有改动",
            "only further signatures were added after signing",
        ),
        "form_fill": ("签署之后只填写了表单", "only form fields were filled in after signing"),
        "annotations": ("签署之后只添加了批注", "only annotations were added after signing"),
    }.get(
        sig.modifications, ("签署之后文件没有被改动", "the file has not been changed since signing")
    )
    if "demo_root" in _codes(sig):
        who_zh, who_en = (
            "签署人的证书来自演示根证书（仅供演示）",
            "the certificate is a demo's (for demonstration only)",
        )
    else:
        who_zh, who_en = (
            "签署人的证书由受信任的机构签发",
            "a trusted authority issued the signer's certificate",
        )
    return f"{zh}：{content_zh}，{who_zh}。", f"{en}: {content_en}; {who_en}."


def file_headline(report: DocumentReport) -> Words:
    """The file's verdict in one sentence."""
    verdict = report.verdict
    zh, en = _VERDICT[verdict]
    n = len(report.signatures)
    if verdict == "unsigned":
        return (
            f"{zh}：这个文件不含电子签名或签章。",
            f"{en}: this file carries no electronic signature.",
        )
    if verdict == "valid":
        return f"{zh}：{n} 个签名全部有效。", f"{en}: all {n} signature(s) are valid."
    for k, sig in enumerate(report.signatures, 1):
        if sig.verdict == verdict:
            cause_zh, cause_en = _cause(next(r for r in sig.reasons if r.effect == verdict))
            return f"{zh}：签名 {k}，{cause_zh}。", f"{en}: signature {k}, {cause_en}."
    cause_zh, cause_en = _cause(next(r for r in report.problems if r.effect == verdict))
    return f"{zh}：{cause_zh}。", f"{en}: {cause_en}."


def time_words(sig: SignatureResult) -> Words:
    """When it was signed, local with the zone, and whether a timestamp proves it."""
    if sig.signing_time is None:
        return "不详", "unknown"
    when = fmt_time(sig.signing_time)
    if sig.time_source == "timestamp":
        return f"{when}（时间戳证明）", f"{when} (proved by a timestamp)"
    return f"{when}（签署人电脑的时间，未经证明）", f"{when} (the signer's clock, not proved)"


def identity(sig: SignatureResult) -> list[tuple[Words, str]]:
    """Who signed, and with which seal (a seal only where the file names one)."""
    rows: list[tuple[Words, str]] = [(("签署人", "Signed by"), sig.signer or "?")]
    if sig.unit:
        rows.append((("单位", "Unit"), sig.unit))
    if sig.credit_code:
        rows.append((("统一社会信用代码", "Unified social credit code"), sig.credit_code))
    if sig.seal_name:
        rows.append((("印章名称", "Seal"), sig.seal_name))
    return rows


def facts(sig: SignatureResult) -> list[tuple[Words, Words]]:
    """(label, value) rows below the headline; they say what the headline says, in parts."""
    codes = _codes(sig)
    rows: list[tuple[Words, Words]] = [(SIGNED_AT, time_words(sig))]
    rows.append((("文件内容", "Content"), _content(sig, codes)))
    rows.append((("签名值", "Signature value"), _value(sig, codes)))
    rows.append((("签署人证书", "Signer's certificate"), _certificate(sig, codes)))
    if sig.maker_trusted is not None:
        maker = ("受信任", "trusted") if sig.maker_trusted else ("不受信任", "not trusted")
        rows.append((("印章制作机构", "Seal maker"), maker))
    revocation = {
        "good": ("未吊销", "not revoked"),
        "revoked": ("已吊销", "revoked"),
    }.get(sig.revocation, ("未查到（没有可用的吊销信息）", "not known (no revocation data)"))
    rows.append((("吊销状态", "Revocation"), revocation))
    return rows


def details(sig: SignatureResult) -> list[tuple[Words, str]]:
    """What a specialist looks up: the signature's field or ID, the package paths."""
    label = ("签名域", "Signature field") if sig.format == "pdf" else ("签名标识", "Signature ID")
    rows: list[tuple[Words, str]] = [(label, sig.id)]
    if sig.changed_files:
        rows.append((("改动的文件", "Changed files"), "\n".join(sig.changed_files)))
    if sig.unprotected_files:
        rows.append((("未受保护的文件", "Unprotected files"), "\n".join(sig.unprotected_files)))
    return rows


def _content(sig: SignatureResult, codes: set[str]) -> Words:
    if codes & _UNREADABLE:
        return "无法核验", "cannot be checked"
    if codes & _CONTENT_CHANGED or (not sig.intact and not codes & _FORGED):
        return "签署之后被改动", "changed after signing"
    if "diff_failed" in codes:
        return "无法分析签署之后的改动", "changes after signing could not be analysed"
    if "signatures_list_changed" in codes:
        return (
            "只有签名列表改动了（追加签名时会这样）",
            "only the list of signatures changed (as a later signature does)",
        )
    return {
        "signatures": ("签署之后只追加了签名", "only signatures added since"),
        "form_fill": ("签署之后只填写了表单", "only form fields filled in since"),
        "annotations": ("签署之后只添加了批注", "only annotations added since"),
    }.get(sig.modifications, ("签署之后没有改动", "unchanged since signing"))


def _value(sig: SignatureResult, codes: set[str]) -> Words:
    if codes & _FORGED:
        return "与签署人的证书不符", "does not match the signer's certificate"
    if codes & _UNREADABLE:
        return "无法核验", "cannot be checked"
    if sig.signature_valid:
        return "与签署人的证书相符", "matches the signer's certificate"
    if not sig.intact:
        return "与现在的内容不符（内容被改动过）", "does not match the content as it is now"
    return "无法核验", "cannot be checked"


def _certificate(sig: SignatureResult, codes: set[str]) -> Words:
    for code, words in (
        ("revoked", ("签署之前已被吊销", "revoked before signing")),
        ("revoked_after", ("已被吊销", "revoked")),
        ("expired", ("已过期", "expired")),
        ("not_yet_valid", ("尚未生效", "not yet valid")),
        ("key_usage", ("不是用于签名的证书", "not meant for signing")),
        ("demo_foreign", ("冒用演示根证书", "falsely under a demo root")),
        (
            "demo_root",
            ("由演示根证书签发（仅供演示）", "issued under a demo root (demonstration only)"),
        ),
    ):
        if code in codes:
            return words
    if sig.trusted:
        return "由受信任的机构签发", "issued by a trusted authority"
    return "不是由受信任的机构签发", "not issued by a trusted authority"


def report_name(file: str, lang: str = "zh") -> str:
    """The report's default file name, after the file it is about."""
    stem = os.path.splitext(os.path.basename(file))[0]
    return f"{stem}-verification-report.pdf" if lang == "en" else f"{stem}_验证报告.pdf"
