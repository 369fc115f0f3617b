"""文件记录 from the command line: what `sign` signed is listed by `records list`."""

from __future__ import annotations

from pathlib import Path

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_UNIT
from tests.conftest import seal_sign
from tests.signing.pdf_attacks import make_pdf


def test_signed_files_are_recorded_and_listed(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"SEALDESK_DATA_DIR": str(tmp_path / "data")}
    empty = cli("records", "list", "--json", env=env)
    assert empty.code == 0 and empty.json["records"] == []
    sources = []
    for name in ("采购合同.pdf", "租赁合同.pdf"):
        path = tmp_path / name
        path.write_bytes(make_pdf())
        sources.append(path)
    from sealdesk.app.demo import DEMO_USER_PIN

    for source in sources:
        out = source.with_name(source.stem + "_signed.pdf")
        signed = seal_sign(source, out, "--place", "1:20,20",
                           env={**env, "SEALDESK_PIN": DEMO_USER_PIN})  # fmt: skip
        assert signed.code == 0, signed.stdout + signed.stderr
    listed = cli("records", "list", "--json", env=env)
    assert listed.code == 0
    records = listed.json["records"]
    assert [r["name"] for r in records] == ["租赁合同_signed.pdf", "采购合同_signed.pdf"]
    first = records[-1]
    assert first["output"] == str((tmp_path / "采购合同_signed.pdf").resolve())
    assert first["source"] == str(sources[0].resolve())
    assert first["signer"] == DEMO_UNIT.name and first["seals"] == DEMO_SEAL_NAME
    assert listed.json["store"] == str(tmp_path / "data" / "sealdesk.db")
    searched = cli("records", "list", "--search", "租赁", "--json", env=env)
    assert [r["name"] for r in searched.json["records"]] == ["租赁合同_signed.pdf"]
