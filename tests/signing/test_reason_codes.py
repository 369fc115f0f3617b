"""The reason codes are a contract with scripts: listed once, documented in the README, and
never renamed (changing this frozen list is a deliberate, visible act)."""

from __future__ import annotations

import re
from pathlib import Path

from sealdesk.signing.verdicts import REASON_CODES

STABLE = {
    "algorithm", "annotations", "bad_signature", "byte_range", "cert_malformed",
    "chain_invalid", "changed", "claimed_time_future", "claimed_time_outside", "data_hash",
    "demo_foreign", "demo_root", "diff_failed", "docmdp", "document_timestamp", "expired",
    "existing_invalid", "signature_list_protected",
    "form_fill", "format", "hostile", "hybrid_xref", "key_usage", "maker_cert_malformed",
    "maker_chain_invalid", "maker_demo_foreign", "maker_demo_root", "maker_expired",
    "maker_key_usage", "maker_not_yet_valid", "maker_proved_by_timestamp",
    "maker_revocation_unknown", "maker_revoked", "maker_revoked_after", "maker_signature",
    "maker_trusted", "maker_untrusted", "maker_weak_algorithm", "malformed", "modified",
    "maker_no_revocation_source", "no_references", "no_revocation_source", "no_signer_cert",
    "not_intact", "not_yet_valid", "picture",
    "proved_by_timestamp", "revocation_unknown", "revoked", "revoked_after",
    "seal_claimed_time_outside", "seal_expired", "seal_malformed", "seal_not_yet_valid",
    "seal_timestamp_outside", "seal_validity_unreadable", "sign_unreadable",
    "signatures_list_changed", "signatures_missing", "signer_cert_unreadable", "signer_in_seal",
    "signer_signature", "signatures_added", "weak_digest",
    "structure", "timestamp_broken", "timestamp_invalid", "timestamp_outside",
    "timestamp_untrusted", "trusted", "unchanged", "uncovered_tail", "unprotected", "untrusted",
    "validation_error", "validity_unreadable", "weak_algorithm", "xref_repaired",
}  # fmt: skip


def test_the_codes_are_the_stable_list() -> None:
    assert set(REASON_CODES) == STABLE


def test_the_readme_documents_every_code() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    section = readme.split("### Verification results and reason codes", 1)[1].split("\n### ")[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE))
    expected = {c for c in REASON_CODES if not (c.startswith("maker_") and c[6:] in REASON_CODES)}
    assert documented == expected
