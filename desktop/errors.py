"""Errors to exit codes and words: the one table the CLI and the GUI use."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sealdesk.desktop import i18n
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.ukey.errors import PinIncorrect

# DESIGN.md's table, plus 10 for a key or module failure that fits no other line
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_PIN_INCORRECT = 3
EXIT_PIN_LOCKED = 4
EXIT_NOT_FOUND = 5
EXIT_MODULE = 6
EXIT_SEAL = 7
EXIT_INDETERMINATE = 8
EXIT_INPUT = 9
EXIT_DEVICE = 10
EXIT_SERVER_REFUSED = 11
EXIT_SERVER_UNREACHABLE = 12
EXIT_BOX_REFUSED = 13
EXIT_BOX_UNREACHABLE = 14
EXIT_INTERNAL = 70


class UsageError(Exception):
    """Bad options or missing input (exit 2)."""

    def __init__(self, message: str, *, kind: str = "usage") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Problem:
    """An error as a person and a script see it."""

    code: int
    kind: str
    message: str
    server: dict[str, object] | None = None  # the platform server's own error, as it sent it

    def as_json(self) -> dict[str, object]:
        error: dict[str, object] = {"code": self.code, "kind": self.kind, "message": self.message}
        if self.server is not None:
            error["server"] = self.server
        return {"error": error}


def _pin_incorrect(e: PinIncorrect) -> str:
    if e.tries_left is not None:
        return tr("err.pin_incorrect_left", tries=e.tries_left)
    return tr("err.pin_incorrect_low" if e.count_low else "err.pin_incorrect")


def _server_problem(e: BaseException) -> Problem | None:
    """The server's own setup errors (its module is loaded only with the `server` extra)."""
    from sealdesk.server.admin import MakerDiffers, OperatorExists, ReviewRefused, ServerSetupError
    from sealdesk.server.seal_maker import MakerError

    match e:
        case ServerSetupError():
            return Problem(EXIT_DEVICE, "server_db", tr("err.server_db", detail=str(e)))
        case OperatorExists():
            return Problem(EXIT_USAGE, "operator_exists", tr("err.operator_exists", name=e.name))
        case ReviewRefused():
            found = e.reason in ("no_application", "no_operator")
            code = EXIT_NOT_FOUND if found else EXIT_SERVER_REFUSED
            state = tr(f"platform.seal_state_{e.state}") if e.state else ""
            words = tr(f"err.review.{e.reason}", name=e.name, state=state)
            return Problem(code, e.reason, words)
        case MakerDiffers():
            words = tr("err.maker_differs", recorded=e.recorded, given=e.given)
            return Problem(EXIT_SERVER_REFUSED, "maker_differs", words)
        case MakerError():
            return Problem(EXIT_INPUT, "seal_maker", tr("err.seal_maker", detail=str(e)))
    return None


def _sealbox_problem(e: BaseException) -> Problem | None:
    """A seal box refused (13) or cannot be reached (14); a simulated box's folder (2); a
    file an application does not take (2; 11 for a download not as the platform said)."""
    from sealdesk.sealbox.appfiles import AppFileError
    from sealdesk.sealbox.errors import BoxRefused, BoxUnreachable, SimulatorError

    match e:
        case BoxRefused():
            return Problem(EXIT_BOX_REFUSED, f"box_{e.reason}", e.message(i18n.language()))
        case BoxUnreachable():
            return Problem(EXIT_BOX_UNREACHABLE, f"box_{e.reason}", e.message(i18n.language()))
        case SimulatorError():
            return Problem(EXIT_USAGE, f"sim_{e.reason}", e.message(i18n.language()))
        case AppFileError():
            code = EXIT_SERVER_REFUSED if e.reason == "corrupt" else EXIT_USAGE
            return Problem(code, f"file_{e.reason}", appfile_words(e))
    return None


def appfile_words(e: BaseException) -> str:
    """A file an application does not take, said with its name and the limits."""
    from sealdesk.sealbox import appfiles

    return tr(
        f"err.appfile.{getattr(e, 'reason', '')}",
        name=getattr(e, "name", ""),
        kb=appfiles.MAX_FILE // 1024,
        images=appfiles.MAX_IMAGES,
        attachments=appfiles.MAX_ATTACHMENTS,
    )


def _files_problem(e: BaseException) -> Problem | None:
    """An application made whose file was not uploaded: the cause's code, said with the file
    and how to send it again."""
    from sealdesk.app.sealbox_files import FileNotUploaded

    if not isinstance(e, FileNotUploaded):
        return None
    cause = describe(e.cause) or Problem(EXIT_INTERNAL, "internal", str(e.cause))
    app_id = str(e.application.get("id", ""))
    message = tr("err.file_not_uploaded", name=e.name, id=app_id, cause=cause.message)
    return Problem(cause.code, f"file_not_uploaded_{cause.kind}", message, server=cause.server)


def _keeper_problem(e: BaseException) -> Problem | None:
    """No such box, person or grant on the platform (5); a box out of reach (14)."""
    from sealdesk.app.sealbox import BoxPending, SealboxLookupError

    match e:
        case SealboxLookupError():
            return Problem(EXIT_NOT_FOUND, e.reason, e.message(i18n.language()))
        case BoxPending():
            return _sealbox_problem(e.cause)
    return None


def _platform_problem(e: BaseException) -> Problem | None:
    from sealdesk.app.platform import InvalidInput, NotLoggedIn
    from sealdesk.sync.client import ServerRefused, ServerUnreachable

    match e:
        case InvalidInput():
            message = tr(f"err.input.{e.field}.{e.reason}")
            return Problem(EXIT_USAGE, f"invalid_{e.field}", message)
        case ServerRefused():
            message = tr("err.server_refused", message=e.message)
            return Problem(EXIT_SERVER_REFUSED, "server_refused", message, server=e.as_json())
        case ServerUnreachable():
            message = tr("err.server_unreachable", url=e.url, detail=e.detail)
            return Problem(EXIT_SERVER_UNREACHABLE, "server_unreachable", message)
        case NotLoggedIn():
            return Problem(EXIT_USAGE, "not_logged_in_platform", tr("err.not_logged_in_platform"))
    return None


def _platform_seal_problem(e: BaseException) -> Problem | None:
    """A seal the platform made that is not to be written: not 有效 yet (11, as the platform's
    refusal), or for another key (7)."""
    from sealdesk.app.platform_seals import SealNotForKey, SealNotValid

    match e:
        case SealNotValid():
            state = tr(f"platform.seal_state_{e.state}")
            message = tr("err.seal_not_valid", name=e.name, state=state)
            return Problem(EXIT_SERVER_REFUSED, "seal_not_valid", message)
        case SealNotForKey():
            message = tr("err.seal_not_for_key", name=e.name, token=e.token)
            return Problem(EXIT_SEAL, "seal_not_for_key", message)
    return None


def describe(e: BaseException) -> Problem | None:
    """The problem for a known error; None for one we did not expect."""
    # the error classes are imported here, when something failed: a command that goes well
    # never loads the modules that define them (start-up time)
    from sealdesk.app.errors import DemoError, DemoFolderRefused, TrustFileError
    from sealdesk.app.outputs import OutputRefused
    from sealdesk.app.settings import SettingsError
    from sealdesk.signing.anchors import TrustInputError
    from sealdesk.signing.errors import (
        OfdInputError,
        OfdSignError,
        PdfSignError,
        SealImageError,
        SealUnusable,
        SignError,
    )
    from sealdesk.signing.ses import SealFormatError
    from sealdesk.signing.softkey import SoftKeyError
    from sealdesk.ukey import errors as ue

    if type(e).__module__.startswith("sealdesk.sealbox."):
        return _sealbox_problem(e)
    if type(e).__module__ == "sealdesk.app.sealbox":
        return _keeper_problem(e)
    if type(e).__module__ == "sealdesk.app.sealbox_files":
        return _files_problem(e)
    if type(e).__module__.startswith("sealdesk.server."):
        return _server_problem(e)
    if type(e).__module__ in ("sealdesk.sync.client", "sealdesk.app.platform"):
        return _platform_problem(e)
    if type(e).__module__ == "sealdesk.app.platform_seals":
        return _platform_seal_problem(e)

    match e:
        case ue.PinIncorrect():
            return Problem(EXIT_PIN_INCORRECT, "pin_incorrect", _pin_incorrect(e))
        case ue.PinFormatInvalid():
            message = tr(f"err.pin_format.{e.reason}", min=e.min_length, max=e.max_length)
            return Problem(EXIT_PIN_INCORRECT, "pin_format", message)
        case ue.PinLocked():
            return Problem(EXIT_PIN_LOCKED, "pin_locked", tr("err.pin_locked"))
        case ue.TokenNotFound() if e.label and e.available:
            message = tr(
                "err.token_not_found_available", label=e.label, available="、".join(e.available)
            )
            return Problem(EXIT_NOT_FOUND, "token_not_found", message)
        case ue.TokenNotFound():
            label = f"“{e.label}”" if e.label else ""
            return Problem(
                EXIT_NOT_FOUND, "token_not_found", tr("err.token_not_found", label=label)
            )
        case ue.AmbiguousToken():
            message = tr("err.token_ambiguous", labels="、".join(e.labels))
            return Problem(EXIT_USAGE, "token_ambiguous", message)
        case ue.TokenRemoved():
            return Problem(EXIT_NOT_FOUND, "token_removed", tr("err.token_removed"))
        case ue.ModuleMissing() if e.path:
            return Problem(EXIT_MODULE, "module_missing", tr("err.module_missing", path=e.path))
        case ue.ModuleMissing():
            return Problem(EXIT_MODULE, "module_missing", tr("err.module_missing_none"))
        case ue.ModuleInvalid():
            message = tr("err.module_invalid", path=e.path, reason=e.reason)
            return Problem(EXIT_MODULE, "module_invalid", message)
        case ue.NotSupported():
            return Problem(EXIT_MODULE, "not_supported", tr("err.not_supported", what=e.what))
        case ue.ObjectNotFound():
            return Problem(
                EXIT_NOT_FOUND, "object_not_found", tr("err.object_not_found", what=e.what)
            )
        case ue.NotLoggedIn():
            return Problem(EXIT_PIN_INCORRECT, "not_logged_in", tr("err.not_logged_in"))
        case ue.WriteVerifyFailed():
            return Problem(
                EXIT_DEVICE, "write_verify_failed", tr("err.write_verify", label=e.label)
            )
        case DemoFolderRefused():
            message = tr(f"err.demo_folder_{e.reason}", folder=e.folder)
            return Problem(EXIT_USAGE, "demo_folder", message)
        case DemoError():
            return Problem(EXIT_DEVICE, "demo_failed", tr("err.demo", detail=str(e)))
        case ue.DeviceError():
            return Problem(EXIT_DEVICE, "device_error", tr("err.device", detail=e.code or str(e)))
        case SealUnusable():
            return Problem(EXIT_SEAL, e.reason, e.message(i18n.language()))
        case SealFormatError():
            return Problem(EXIT_SEAL, "seal_malformed", tr("err.seal_malformed", detail=str(e)))
        case SoftKeyError() if e.reason == "password":
            return Problem(EXIT_PIN_INCORRECT, "key_password", tr("err.key_password"))
        case SoftKeyError():
            return Problem(EXIT_USAGE, f"key_file_{e.reason}", tr("err.key_file", detail=str(e)))
        case FileExistsError():
            return Problem(EXIT_USAGE, "output_exists", tr("err.output_exists", path=str(e)))
        case OSError() if e.errno == errno.ENOSPC:
            return Problem(EXIT_USAGE, "disk_full", tr("err.disk_full", path=e.filename or ""))
        case OSError() if e.filename is not None:
            message = tr("err.file_io", path=e.filename, detail=e.strerror or str(e))
            return Problem(EXIT_USAGE, "file_io", message)
        case SealImageError():
            return Problem(EXIT_INPUT, f"image_{e.reason}", e.message(i18n.language()))
        case SignError():
            code = (
                EXIT_INPUT
                if e.reason in ("unreadable", "encrypted", "pubkey", "locked")
                else EXIT_NOT_FOUND
                if e.reason in ("page", "keyword")
                else EXIT_DEVICE
                if e.reason == "tsa"
                else EXIT_SEAL
                if e.reason in ("seal", "seal_signer")
                else EXIT_USAGE
            )
            kind = (
                "pdf"
                if isinstance(e, PdfSignError)
                else "ofd"
                if isinstance(e, OfdSignError)
                else "sign"
            )
            return Problem(code, f"{kind}_{e.reason}", e.message(i18n.language()))
        case OfdInputError():
            return Problem(EXIT_INPUT, f"ofd_{e.reason}", e.message(i18n.language()))
        case OutputRefused():
            return Problem(EXIT_USAGE, e.reason, e.message(i18n.language()))
        case TrustFileError() | TrustInputError():
            return Problem(EXIT_USAGE, e.reason, e.message(i18n.language()))
        case SettingsError():
            return Problem(EXIT_USAGE, "settings_invalid", tr("err.settings", detail=str(e)))
        case UsageError():
            return Problem(EXIT_USAGE, e.kind, str(e))
    return None
