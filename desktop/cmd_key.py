"""`sealdesk key …`, `demo init`, `records list` and `gui`: what the commands do."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from sealdesk.app.keys import key_session, open_module
from sealdesk.app.settings import Settings
from sealdesk.desktop import cli, i18n
from sealdesk.desktop.cliutil import (
    ENV_NEW_PIN,
    ENV_PIN,
    Output,
    cli_pin,
    read_secret,
)
from sealdesk.desktop.errors import EXIT_OK, UsageError
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.keys import (
    certificate_json,
    data_object_json,
    module_json,
    token_json,
)
from sealdesk.ukey import Pkcs11Module, TokenInfo


def _pin_text(info: TokenInfo) -> str:
    pin = info.pin
    for flag in ("locked", "final_try", "count_low", "to_be_changed"):
        if getattr(pin, flag):
            return tr(f"pin.{flag}")
    return tr("pin.ok")


def _module(args: argparse.Namespace, settings: Settings) -> tuple[Pkcs11Module, Any]:
    return open_module(getattr(args, "module", None), settings)


def cmd_key_list(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    module, choice = _module(args, settings)
    tokens = module.tokens()
    out.document({"module": module_json(module, choice), "tokens": [token_json(t) for t in tokens]})
    out.line(f"{tr('info.module')}: {choice.path} ({tr('source.' + choice.source)})")
    if not tokens:
        out.line(tr("no_tokens"))
    for t in tokens:
        out.line(
            f"- {t.label}  {tr('col.serial')}: {t.serial}  {tr('col.manufacturer')}: "
            f"{t.manufacturer}  {tr('col.model')}: {t.model}  {tr('col.pin')}: {_pin_text(t)}"
        )
    return EXIT_OK


def cmd_key_info(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    module, choice = _module(args, settings)
    token = module.open(args.token)
    with token.session() as session:
        certs = session.certificates()
        objects = session.list_data()
    out.document(
        {
            "module": module_json(module, choice),
            "token": token_json(token.info),
            "certificates": [certificate_json(c) for c in certs],
            "data_objects": [data_object_json(o) for o in objects],
        }
    )
    out.line(f"{tr('info.module')}: {choice.path} ({tr('source.' + choice.source)})")
    out.line(f"{tr('info.vendor')}: {module.profile.name}")
    t = token.info
    out.line(
        f"{tr('col.label')}: {t.label}  {tr('col.serial')}: {t.serial}  "
        f"{tr('col.manufacturer')}: {t.manufacturer}  {tr('col.pin')}: {_pin_text(t)}"
    )
    out.line(f"\n{tr('info.certificates')}:")
    for c in certs:
        info = c.info
        if info is None:
            out.line(f"- {c.label}: ?")
            continue
        out.line(f"- [{c.label}] {info.subject_cn}")
        out.line(f"    {tr('cert.subject')}: {info.subject}")
        out.line(f"    {tr('cert.issuer')}: {info.issuer}")
        out.line(
            f"    {tr('cert.validity')}: {info.not_before:%Y-%m-%d} – {info.not_after:%Y-%m-%d}"
        )
        out.line(f"    {tr('cert.key')}: {info.key_algorithm}")
        if info.credit_code:
            out.line(
                f"    {tr('cert.credit_code')}: {info.credit_code} "
                f"({tr('cert.source')} {info.credit_code_source})"
            )
        if info.entity_id:
            out.line(f"    {tr('cert.entity_id')}: {info.entity_id}")
        if info.device_id:
            out.line(f"    {tr('cert.device_id')}: {info.device_id}")
    out.line(f"\n{tr('info.data_objects')}:")
    if not objects:
        out.line(f"  {tr('info.none')}")
    for o in objects:
        out.line(f"- {o.application}/{o.label} ({o.size} B)")
    return EXIT_OK


def cmd_verify_pin(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    module, _ = _module(args, settings)
    with key_session(module, args.token, cli_pin) as session:
        label = session.token.info.label
    out.document({"token": label, "pin": "ok"})
    out.line(tr("ok.pin_verified", label=label))
    return EXIT_OK


def cmd_change_pin(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    module, _ = _module(args, settings)
    token = module.open(args.token)
    old = read_secret(ENV_PIN, tr("prompt.old_pin"))
    if ENV_NEW_PIN in os.environ:
        new = os.environ[ENV_NEW_PIN]
    else:
        new = read_secret(ENV_NEW_PIN, tr("prompt.new_pin"))
        if read_secret(ENV_NEW_PIN, tr("prompt.new_pin_again")) != new:
            raise UsageError(tr("err.pin_mismatch"), kind="pin_mismatch")
    token.change_pin(old, new)
    out.document({"token": token.info.label, "changed": True})
    out.line(tr("ok.pin_changed", label=token.info.label))
    return EXIT_OK


def cmd_watch(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.ukey.presence import PresenceEvent, make_watcher

    def list_tokens() -> list[TokenInfo]:
        module, _ = _module(args, settings)
        return module.tokens()

    def on_event(event: PresenceEvent) -> None:
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        if out.as_json:
            print(
                json.dumps(
                    {
                        "event": event.kind,
                        "source": event.source,
                        "reader": event.reader,
                        "atr": event.atr,
                        "label": event.label,
                        "serial": event.serial,
                        "time": now,
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
        else:
            name = event.label or event.reader
            print(f"{now}  {tr('event.' + event.kind)}  {name}  {event.atr}".rstrip(), flush=True)

    try:
        watcher = make_watcher(on_event, list_tokens=list_tokens)
    except RuntimeError as e:
        raise UsageError(tr("err.no_pcsc"), kind="no_presence_source") from e
    source = " + ".join(watcher.sources)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    watcher.start()
    watcher.wait_ready(10)
    # on stderr in both modes: stdout carries only events; a script may wait for this line
    print(tr("watch.started", source=source), file=sys.stderr, flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    return EXIT_OK


def cmd_demo_init(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    import platformdirs

    from sealdesk.app.demo import DEMO_TOKEN_LABEL, DEMO_USER_PIN, init_demo

    folder = args.dir or Path(
        os.environ.get(cli.ENV_DEMO_DIR) or Path(platformdirs.user_data_dir("sealdesk")) / "demo"
    )
    demo = init_demo(folder, force=args.force)
    out.document(
        {
            "folder": str(demo.folder),
            "created": demo.created,
            "token": DEMO_TOKEN_LABEL,
            "user_pin": DEMO_USER_PIN,
            "root_ca": str(demo.root_ca_pem),
            "environment": demo.environment,
        }
    )
    out.line(tr("ok.demo_created" if demo.created else "ok.demo_ready", folder=demo.folder))
    out.line(tr("ok.demo_env"))
    for name, value in demo.environment.items():
        out.line(f"export {name}={value}")
    return EXIT_OK


def cmd_records_list(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app.store import StoreError, shared_store, store_path

    try:
        store = shared_store()
    except StoreError as e:
        raise UsageError(tr("err.store", detail=str(e)), kind="store") from e
    for notice in store.notices:
        print(notice.message(i18n.language()), file=sys.stderr)
    records = store.records(args.search, limit=max(args.limit, 0))
    out.document({"store": str(store_path()), "records": [r.to_json() for r in records]})
    if not records:
        out.line(tr("records.none"))
    for r in records:
        out.line(f"{r.date}  {r.name}  {r.signer}  {r.seals}")
        out.line(f"    → {r.output}")
    return EXIT_OK
