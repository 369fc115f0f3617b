"""Key sessions for every front: which module, which token, the PIN asked through a handler.

The handler is how a front asks the person (STYLE rule 7): the CLI prompts (or reads
SEALDESK_PIN), the window shows its dialog, a test answers. The PIN goes straight to the key
and is never kept; only the logged-in session is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sealdesk.app.settings import Settings
from sealdesk.ukey import ModuleChoice, Pkcs11Module, TokenInfo, TokenSession, choose_module

if TYPE_CHECKING:
    from sealdesk.ukey.signer import TokenSigner

PinSource = Callable[[TokenInfo], str]
"""Asks the person for the PIN of this key; raises (e.g. Cancelled, UsageError) to give up."""

_loaded: dict[str, Pkcs11Module] = {}


def open_module(option: str | None, settings: Settings) -> tuple[Pkcs11Module, ModuleChoice]:
    """Load the module chosen by option > environment > settings > detection (cached).

    :raises ModuleMissing: nothing found.
    :raises ModuleInvalid: not a PKCS#11 module.
    """
    choice = choose_module(option=option, settings_module=settings.pkcs11_module)
    module = _loaded.get(choice.path)
    if module is None:
        module = _loaded[choice.path] = Pkcs11Module.load(choice)
    return module, choice


def key_session(
    module: Pkcs11Module, label: str | None, pin: PinSource | None = None, *, rw: bool = False
) -> TokenSession:
    """A session on the token ``label`` (the only one when None), logged in with the PIN
    ``pin`` gives when given.

    :raises TokenNotFound | AmbiguousToken: no such token, or several and no label.
    :raises PinIncorrect | PinLocked | PinFormatInvalid: the PIN was refused.
    """
    token = module.open(label)
    return token.session(pin(token.info) if pin is not None else None, rw=rw)


def signer_for(
    session: TokenSession, key_id: bytes | None = None, seal_der: bytes | None = None
) -> TokenSigner:
    """The key that signs: ``key_id`` when given; else the one whose certificate the seal names,
    may sign, first by CKA_ID (never the token's object order).

    :raises ObjectNotFound: no such key pair.
    """
    from sealdesk.ukey.signer import TokenSigner

    prefer = None
    if seal_der is not None:
        from sealdesk.signing.seals import names_certificate

        def prefer(cert: bytes) -> bool:
            return names_certificate(seal_der, cert)

    return TokenSigner.from_session(session, key_id, prefer=prefer)


def key_signer(
    module: Pkcs11Module,
    label: str | None,
    pin: PinSource,
    key_id: bytes | None = None,
    seal_der: bytes | None = None,
) -> tuple[TokenSigner, TokenSession]:
    """A signer on the token's key (see :func:`signer_for`) and its logged-in session, which
    the caller closes when the batch is done.

    :raises UKeyError: as :func:`key_session`, or no signing key.
    """
    session = key_session(module, label, pin)
    try:
        return signer_for(session, key_id, seal_der), session
    except BaseException:
        session.close()
        raise
