"""`sealdesk seal …`: seal images, building, showing and checking seals, seals in the key."""

from __future__ import annotations

import argparse
from typing import Any, Literal

from sealdesk.app.keys import key_session, key_signer, open_module
from sealdesk.app.outputs import check_outputs
from sealdesk.app.seals import make_seal, seal_validity, usable_seal
from sealdesk.app.settings import Settings
from sealdesk.app.verification import verification_trust
from sealdesk.desktop import cli_seal, i18n
from sealdesk.desktop.cliutil import (
    Output,
    cli_pin,
    key_file_signer,
    read_input,
)
from sealdesk.desktop.errors import EXIT_OK, EXIT_SEAL, UsageError
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.keys import certificate_summary
from sealdesk.signing.certinfo import CertificateError, certificate_info
from sealdesk.signing.fileio import write_atomic
from sealdesk.signing.seal_image import (
    SealImage,
    SealStyle,
    generate_official_seal,
    generate_personal_seal,
    import_seal_image,
    seal_picture_size,
)
from sealdesk.signing.seals import (
    Report,
    check_seal,
    check_signature,
)
from sealdesk.signing.ses import SEAL_TYPES, Seal, SealFormatError, parse_seal, parse_signature
from sealdesk.signing.signer import Signer
from sealdesk.signing.softkey import load_certificate

SEAL_TYPE_NAMES = {"unit": 1, "org": 1, "personal": 2, "person": 2, "legal": 3}


def _seal_type(text: str) -> int:
    if text.isdigit() and int(text) in SEAL_TYPES:
        return int(text)
    if text.lower() in SEAL_TYPE_NAMES:
        return SEAL_TYPE_NAMES[text.lower()]
    raise UsageError(tr("err.seal_type", value=text))


def _checks_json(report: Report) -> list[dict[str, str]]:
    lang = i18n.language()
    return [{"name": c.name, "status": c.status, "message": c.message(lang)} for c in report.checks]


def _seal_json(seal: Seal) -> dict[str, Any]:
    return {
        "version": seal.version,
        "name": seal.name,
        "type": seal.seal_type,
        "type_name": SEAL_TYPES.get(seal.seal_type, ("?", "?"))[i18n.language() == "en"],
        "es_id": seal.es_id,
        "vid": seal.vid,
        "created": seal.created.isoformat() if seal.created else None,
        "valid_from": seal.valid_from.isoformat() if seal.valid_from else None,
        "valid_to": seal.valid_to.isoformat() if seal.valid_to else None,
        "maker": certificate_summary(seal.maker_cert),
        "cert_list_type": seal.cert_list_type,
        "signer_certificates": [
            certificate_summary(c) if seal.cert_list_type == 1 else {"digest": c.hex()}
            for c in seal.cert_list
        ],
        "picture": {
            "type": seal.picture_type,
            "width_mm": seal.picture_width_mm,
            "height_mm": seal.picture_height_mm,
            "bytes": len(seal.picture),
        },
    }


def _print_seal(out: Output, seal: Seal) -> None:
    type_name = SEAL_TYPES.get(seal.seal_type, ("?", "?"))[i18n.language() == "en"]
    out.line(f"{tr('seal.name')}: {seal.name}  ({type_name}, V{seal.version})")
    out.line(f"esID: {seal.es_id}  vid: {seal.vid}")
    if seal.valid_from and seal.valid_to:
        out.line(f"{tr('cert.validity')}: {seal.valid_from:%Y-%m-%d} – {seal.valid_to:%Y-%m-%d}")
    maker = certificate_summary(seal.maker_cert)
    out.line(f"{tr('seal.maker')}: {maker.get('subject_cn') or maker.get('error')}")
    out.line(f"{tr('seal.signers')}:")
    for c in seal.cert_list:
        if seal.cert_list_type == 1:
            summary = certificate_summary(c)
            code = summary.get("credit_code") or ""
            out.line(f"  - {summary.get('subject_cn') or summary.get('error')} {code}".rstrip())
        else:
            out.line(f"  - {tr('seal.digest')} {c.hex()}")
    out.line(
        f"{tr('seal.picture')}: {seal.picture_type}, {seal.picture_width_mm}×"
        f"{seal.picture_height_mm} mm, {len(seal.picture)} B"
    )


def _print_checks(out: Output, report: Report) -> None:
    lang = i18n.language()
    out.line(f"\n{tr('seal.checks')}:")
    marks = {"ok": "✓", "failed": "✗", "unknown": "?"}
    for c in report.checks:
        out.line(f"  {marks[c.status]} {c.message(lang)}")


def cmd_show(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    if args.picture:
        check_outputs([args.picture], [args.file, *args.trust], overwrite=args.overwrite)
    data = read_input(args.file)
    try:
        signature = parse_signature(data)
    except SealFormatError:
        signature = None
    if signature is not None:
        seal = signature.seal
        report = check_signature(data)
        doc: dict[str, Any] = {
            "kind": "signature",
            "version": signature.version,
            "signing_time": signature.signing_time.isoformat() if signature.signing_time else None,
            "time_info": signature.time_info,
            "property_info": signature.property_info,
            "signer": certificate_summary(signature.signer_cert),
            "seal": _seal_json(seal),
        }
    else:
        seal = parse_seal(data)  # raises SealFormatError → exit 7 with the reason
        report = check_seal(data)
        doc = {"kind": "seal", **_seal_json(seal)}
    from sealdesk.signing.trust import TrustAnchors, maker_trust_check

    trust = verification_trust(settings, roots=args.trust)
    anchors = TrustAnchors.load(roots=trust.roots, seal_makers=trust.seal_makers, demo=trust.demo)
    report = Report((*report.checks, maker_trust_check(seal.maker_cert, anchors)))
    if args.picture:
        write_atomic(args.picture, seal.picture, overwrite=args.overwrite)
    doc["checks"] = _checks_json(report)
    doc["ok"] = report.ok
    out.document(doc)
    if signature is not None:
        signer = doc["signer"]
        out.line(
            f"{tr('seal.signature')}: {signer.get('subject_cn') or '?'}  "
            f"{signature.signing_time or signature.time_info}"
        )
    _print_seal(out, seal)
    _print_checks(out, report)
    return EXIT_OK if report.ok else EXIT_SEAL


def _maker(args: argparse.Namespace, settings: Settings) -> tuple[Signer, Any]:
    if args.maker_key:
        return key_file_signer(args.maker_key, args.maker_cert), None
    module, _ = open_module(args.module, settings)
    key_id = bytes.fromhex(args.key_id) if args.key_id else None
    return key_signer(module, args.token, cli_pin, key_id)


def cmd_build(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    inputs = [args.image, *args.signer_cert, *filter(None, (args.maker_key, args.maker_cert))]
    check_outputs([args.output], inputs, overwrite=args.overwrite)
    picture = read_input(args.image)
    certs = [load_certificate(read_input(p)) for p in args.signer_cert]
    for path, der in zip(args.signer_cert, certs, strict=True):
        try:
            certificate_info(der)  # never name a non-certificate in a seal
        except CertificateError as e:
            raise UsageError(tr("err.not_certificate", path=path)) from e
    seal_type = _seal_type(args.type)
    if args.size is not None:
        image = import_seal_image(picture, size_mm=args.size)
        picture, width, height = image.png, image.width_mm, image.height_mm
    else:
        width, height = seal_picture_size(picture)
    try:
        validity = seal_validity(certs, valid_from=args.valid_from, valid_to=args.valid_to)
    except ValueError as e:
        raise UsageError(str(e)) from e
    maker, session = _maker(args, settings)
    try:
        der = make_seal(
            maker=maker,
            name=args.name,
            seal_type=seal_type,
            picture=picture,
            width_mm=width,
            height_mm=height,
            signer_certs=certs,
            validity=validity,
        )
    except ValueError as e:
        raise UsageError(str(e)) from e
    finally:
        if session is not None:
            session.close()
    write_atomic(args.output, der, overwrite=args.overwrite)
    seal = parse_seal(der)
    out.document({"output": str(args.output), **_seal_json(seal), "capped_by": validity.capped_by})
    out.line(tr("ok.seal_built", path=args.output, name=seal.name))
    if validity.capped_by:
        out.line(tr("seal.capped", end=f"{validity.valid_to:%Y-%m-%d}", cert=validity.capped_by))
    return EXIT_OK


def _token_session(args: argparse.Namespace, settings: Settings, *, pin: bool) -> Any:
    module, _ = open_module(args.module, settings)
    return key_session(module, args.token, cli_pin if pin else None, rw=pin)


def _draw(args: argparse.Namespace) -> SealImage:
    style = args.style.lower()
    try:
        if style in ("personal", "personal-rect"):
            shape: Literal["square", "rect"] = "rect" if style == "personal-rect" else "square"
            return generate_personal_seal(name=args.name, shape=shape, size_mm=args.size)
        chosen = next((s for s in SealStyle if style in (s.value, s.display_name)), None)
        if chosen is None:
            raise UsageError(
                tr("err.seal_style", value=args.style, styles="|".join(cli_seal.IMAGE_STYLES))
            )
        return generate_official_seal(
            style=chosen, name=args.name, text=args.text, code=args.code, size_mm=args.size or 42.0
        )
    except ValueError as e:
        raise UsageError(str(e)) from e


def _write_image(out: Output, args: argparse.Namespace, image: SealImage) -> int:
    svg = args.output.suffix.lower() == ".svg"
    if svg and image.svg is None:
        raise UsageError(tr("err.no_svg"))
    data = image.svg.encode("utf-8") if svg and image.svg is not None else image.png
    write_atomic(args.output, data, overwrite=args.overwrite)
    width, height = image.pixel_size
    out.document(
        {
            "output": str(args.output),
            "width_mm": image.width_mm,
            "height_mm": image.height_mm,
            "width_px": width,
            "height_px": height,
            "dpi": image.dpi,
        }
    )
    out.line(tr("ok.seal_image", path=args.output, w=image.width_mm, h=image.height_mm))
    return EXIT_OK


def cmd_image(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    check_outputs([args.output], [], overwrite=args.overwrite)
    return _write_image(out, args, _draw(args))


def cmd_import(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    check_outputs([args.output], [args.image], overwrite=args.overwrite)
    try:
        image = import_seal_image(read_input(args.image), size_mm=args.size)
    except ValueError as e:
        raise UsageError(str(e)) from e
    return _write_image(out, args, image)


def cmd_list(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    rows = []
    with _token_session(args, settings, pin=False) as session:
        for obj in session.list_data():
            entry: dict[str, Any] = {"label": obj.label, "size": obj.size}
            try:
                seal = parse_seal(session.read_data(obj.label))
                entry.update(
                    name=seal.name,
                    type=seal.seal_type,
                    es_id=seal.es_id,
                    valid_to=seal.valid_to.isoformat() if seal.valid_to else None,
                )
            except SealFormatError as e:
                entry["error"] = str(e)
            rows.append(entry)
    out.document({"seals": rows})
    if not rows:
        out.line(tr("seal.none_in_key"))
    for r in rows:
        out.line(
            f"- {r['label']}  {r.get('valid_to', '')[:10] if r.get('valid_to') else ''}  "
            f"{r['size']} B" + (f"  ✗ {r['error']}" if "error" in r else "")
        )
    return EXIT_OK


def cmd_write(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    data = read_input(args.file)
    seal = usable_seal(data)  # never write something that is not a seal, or cannot sign
    label = args.label or seal.name
    with _token_session(args, settings, pin=True) as session:
        session.write_data(label, data)
    out.document({"label": label, "name": seal.name, "written": True})
    out.line(tr("ok.seal_written", label=label))
    return EXIT_OK


def cmd_read(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    check_outputs([args.output], [], overwrite=args.overwrite)
    with _token_session(args, settings, pin=False) as session:
        data = session.read_data(args.name)
    write_atomic(args.output, data, overwrite=args.overwrite)
    out.document({"label": args.name, "output": str(args.output), "bytes": len(data)})
    out.line(tr("ok.seal_read", label=args.name, path=args.output))
    return EXIT_OK


def cmd_delete(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    with _token_session(args, settings, pin=True) as session:
        session.delete_data(args.name)
    out.document({"label": args.name, "deleted": True})
    out.line(tr("ok.seal_deleted", label=args.name))
    return EXIT_OK
