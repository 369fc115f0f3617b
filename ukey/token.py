"""PKCS#11 tokens: listing, PIN sessions, certificates, data objects.

A :class:`Pkcs11Module` wraps one loaded module; :meth:`Pkcs11Module.open` gives a
:class:`Token` (a slot with a key in it); :meth:`Token.session` logs in and gives a
:class:`TokenSession`, a context manager. All calls into the module for one token go through
that token's lock: PKCS#11 sessions are not safe to share between threads.
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

import pkcs11
from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass, TokenFlag

from sealdesk.ukey._translate import Translator, vendor_member
from sealdesk.ukey.errors import (
    AmbiguousToken,
    ObjectNotFound,
    PinFormatInvalid,
    TokenNotFound,
    UKeyError,
    WriteVerifyFailed,
)
from sealdesk.ukey.module import ModuleChoice, Pkcs11Lib, load_library
from sealdesk.ukey.profiles import VendorProfile, load_profiles, profile_for

if TYPE_CHECKING:
    from sealdesk.signing.certinfo import CertificateInfo

log = logging.getLogger(__name__)

SEALDESK_APPLICATION = "sealdesk"
# A data object being replaced is first written under this application; see write_data().
PENDING_SUFFIX = "#pending"


@dataclass(frozen=True)
class PinStatus:
    """PIN flags as the token reports them (PKCS#11 gives no exact count of tries left)."""

    count_low: bool
    final_try: bool
    locked: bool
    to_be_changed: bool

    @classmethod
    def from_flags(cls, flags: int) -> PinStatus:
        return cls(
            count_low=bool(flags & TokenFlag.USER_PIN_COUNT_LOW),
            final_try=bool(flags & TokenFlag.USER_PIN_FINAL_TRY),
            locked=bool(flags & TokenFlag.USER_PIN_LOCKED),
            to_be_changed=bool(flags & TokenFlag.USER_PIN_TO_BE_CHANGED),
        )

    @property
    def tries_left(self) -> int | None:
        """1 on the final try, 0 when locked, else unknown."""
        return 0 if self.locked else 1 if self.final_try else None


@dataclass(frozen=True)
class TokenInfo:
    """A key plugged into a slot, as C_GetTokenInfo describes it."""

    slot_id: int
    slot_description: str
    label: str
    serial: str
    manufacturer: str
    model: str
    pin: PinStatus
    login_required: bool
    protected_auth_path: bool
    write_protected: bool


@dataclass(frozen=True)
class CertificateObject:
    """A certificate stored on the key, with the CKA_ID that ties it to its private key."""

    id: bytes
    label: str
    der: bytes

    @property
    def info(self) -> CertificateInfo | None:
        # asn1crypto is loaded when a certificate is first read, not for listing keys
        from sealdesk.signing.certinfo import CertificateError, certificate_info

        """Parsed fields, or None when the stored bytes are not a readable certificate."""
        try:
            return certificate_info(self.der)
        except CertificateError:
            return None


@dataclass(frozen=True)
class DataObject:
    """A CKO_DATA object: an application's named blob on the key."""

    application: str
    label: str
    size: int
    private: bool


def check_pin_format(pin: str, profile: VendorProfile) -> None:
    """Refuse a PIN that the key would refuse anyway, so no try is used on it.

    :raises PinFormatInvalid: empty, non-ASCII, or outside the vendor's length range.
    """
    limits = {"min_length": profile.pin_min_length, "max_length": profile.pin_max_length}
    if not pin:
        raise PinFormatInvalid("empty", **limits)
    if not all(0x20 <= ord(c) < 0x7F for c in pin):
        raise PinFormatInvalid("not_ascii", **limits)
    if len(pin) < profile.pin_min_length:
        raise PinFormatInvalid("too_short", **limits)
    if len(pin) > profile.pin_max_length:
        raise PinFormatInvalid("too_long", **limits)


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class Pkcs11Module:
    """One loaded PKCS#11 module and the vendor profile that describes it."""

    def __init__(self, lib: Pkcs11Lib, *, path: str, profile: VendorProfile) -> None:
        self.lib = lib
        self.path = path
        self.profile = profile
        self._tokens: dict[int, Token] = {}
        self._tokens_lock = threading.Lock()
        if profile.sm2 is not None:
            vendor_member(KeyType, profile.sm2.key_type)

    @classmethod
    def load(cls, choice: ModuleChoice) -> Pkcs11Module:
        """Load the chosen module; the profile is refined by the module's manufacturer ID.

        :raises ModuleMissing: the file does not exist.
        :raises ModuleInvalid: the file is not a PKCS#11 module.
        """
        lib = load_library(choice.path)
        profile = choice.profile
        if profile.id == "generic":
            profile = profile_for(
                load_profiles(), module_path=choice.path, manufacturer_id=lib.manufacturer_id
            )
        return cls(lib, path=choice.path, profile=profile)

    def _present_slots(self) -> list[Any]:
        with Translator():
            return [s for s in self.lib.get_slots(token_present=True)]

    def tokens(self) -> list[TokenInfo]:
        """Initialised keys present now, one per slot (SoftHSM2's empty slot is left out).

        :raises DeviceError: if the module fails to enumerate slots.
        """
        infos = []
        for slot in self._present_slots():
            with Translator():
                try:
                    token = slot.get_token()
                except (pkcs11.TokenNotPresent, pkcs11.TokenNotRecognised, pkcs11.DeviceRemoved):
                    continue  # unplugged between the two calls
                if not token.flags & TokenFlag.TOKEN_INITIALIZED:
                    continue
                infos.append(
                    TokenInfo(
                        slot_id=int(slot.slot_id),
                        slot_description=_text(slot.slot_description).strip(),
                        label=_text(token.label).strip(),
                        serial=_text(token.serial).strip(),
                        manufacturer=_text(token.manufacturer_id).strip(),
                        model=_text(token.model).strip(),
                        pin=PinStatus.from_flags(int(token.flags)),
                        login_required=bool(token.flags & TokenFlag.LOGIN_REQUIRED),
                        protected_auth_path=bool(
                            token.flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH
                        ),
                        write_protected=bool(token.flags & TokenFlag.WRITE_PROTECTED),
                    )
                )
        return infos

    def open(self, label: str | None = None) -> Token:
        """The token with this label, or the only one present when no label is given.

        :raises TokenNotFound: no key, or none with that label.
        :raises AmbiguousToken: several keys and no label.
        """
        infos = self.tokens()
        labels = tuple(i.label for i in infos)
        matches = [i for i in infos if label is None or i.label == label]
        if not matches:
            raise TokenNotFound(label, labels)
        if len(matches) > 1:
            raise AmbiguousToken(labels)
        info = matches[0]
        slot = next(s for s in self._present_slots() if int(s.slot_id) == info.slot_id)
        with self._tokens_lock:
            token = self._tokens.get(info.slot_id)
            if token is None or token.info.serial != info.serial:
                token = Token(self, slot, info)
                self._tokens[info.slot_id] = token
            return token


class Token:
    """A key in a slot. Obtain with :meth:`Pkcs11Module.open`; one lock per token."""

    def __init__(self, module: Pkcs11Module, slot: Any, info: TokenInfo) -> None:
        self.module = module
        self.slot = slot
        self.info = info
        self.lock = threading.RLock()
        self._logins: weakref.WeakSet[TokenSession] = weakref.WeakSet()  # logged-in sessions
        self._mechanisms: set[int] | None = None
        self._translator = Translator(
            self._pin_flags,
            present=self.present,
            pin_limits=(module.profile.pin_min_length, module.profile.pin_max_length),
        )

    @property
    def profile(self) -> VendorProfile:
        return self.module.profile

    def pin_status(self) -> PinStatus:
        """Fresh PIN flags from the token."""
        with self.lock, self.translated():
            return PinStatus.from_flags(int(self.slot.get_token().flags))

    def _pin_flags(self) -> tuple[bool, bool, bool]:
        status = self.pin_status()
        return status.count_low, status.final_try, status.locked

    def present(self) -> bool:
        """Whether this very key (same serial) is still plugged in."""
        try:
            return any(t.serial == self.info.serial for t in self.module.tokens())
        except UKeyError:
            return False

    def translated(self) -> Translator:
        """Error translation that can ask this token for its PIN flags and presence."""
        return self._translator

    def mechanisms(self) -> set[int]:
        """Mechanism numbers the token offers (read once)."""
        if self._mechanisms is None:
            with self.lock, self.translated():
                self._mechanisms = {int(m) for m in self.slot.get_mechanisms()}
        return self._mechanisms

    def session(self, pin: str | None = None, *, rw: bool = False) -> TokenSession:
        """Open a session, logged in as the user when a PIN is given. A PIN is always checked
        by the key: a session of ours already logged in is closed first (PKCS#11 keeps one
        login per application, and its sessions without a PIN share it).

        :raises PinFormatInvalid: PIN refused before reaching the key.
        :raises PinIncorrect: the key refused the PIN (``tries_left`` when known).
        :raises PinLocked: the PIN is locked.
        :raises TokenRemoved: the key is gone.
        """
        if pin is not None:
            check_pin_format(pin, self.profile)
        with self.lock, self.translated():
            if pin is not None:
                # PKCS#11 logs in once per application: while another session of ours is
                # logged in, C_Login answers "already logged in" without looking at the PIN.
                # Those sessions are closed first, so that every PIN entered reaches the key.
                for other in list(self._logins):
                    other.close()
            session = self.slot.get_token().open(rw=rw, user_pin=pin)
        opened = TokenSession(self, session, logged_in=pin is not None)
        if pin is not None:
            self._logins.add(opened)
        return opened

    def change_pin(self, old_pin: str, new_pin: str) -> None:
        """Change the user PIN (needs the current one).

        :raises PinFormatInvalid: either PIN has a bad format.
        :raises PinIncorrect: the current PIN is wrong.
        """
        check_pin_format(new_pin, self.profile)
        with self.session(old_pin, rw=True) as s, self.lock, self.translated():
            s.p11.set_pin(old_pin, new_pin)


class TokenSession:
    """An open (possibly logged-in) session on one token. Use as a context manager."""

    def __init__(self, token: Token, p11_session: Any, *, logged_in: bool) -> None:
        self.token = token
        self.p11 = p11_session
        self.logged_in = logged_in
        self._closed = False

    def __enter__(self) -> TokenSession:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Log out and close; a key already unplugged is not an error here."""
        if self._closed:
            return
        self._closed = True
        with self.token.lock:
            try:
                self.p11.close()
            except pkcs11.PKCS11Error as e:
                log.debug("closing session: %s", type(e).__name__)

    def _objects(self, template: dict[Attribute, Any]) -> list[Any]:
        with self.token.lock, self.token.translated():
            return list(self.p11.get_objects(template))

    # certificates -------------------------------------------------------------------------

    def certificates(self) -> list[CertificateObject]:
        """X.509 certificates stored on the key."""
        certs = []
        for obj in self._objects(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            }
        ):
            with self.token.lock, self.token.translated():
                certs.append(
                    CertificateObject(
                        id=bytes(obj[Attribute.ID] or b""),
                        label=_text(obj[Attribute.LABEL]),
                        der=bytes(obj[Attribute.VALUE]),
                    )
                )
        return certs

    def private_key(self, key_id: bytes) -> Any:
        """The private key object with this CKA_ID (needs a login on most keys).

        :raises ObjectNotFound: no such key.
        """
        keys = list(self._objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: key_id}))
        if not keys:
            raise ObjectNotFound(f"private key {key_id.hex()}")
        return keys[0]

    # data objects -------------------------------------------------------------------------

    def _data_objects(self, application: str, label: str | None = None) -> list[Any]:
        template: dict[Attribute, Any] = {
            Attribute.CLASS: ObjectClass.DATA,
            Attribute.APPLICATION: application,
        }
        if label is not None:
            template[Attribute.LABEL] = label
        return list(self._objects(template))

    def list_data(self, application: str = SEALDESK_APPLICATION) -> list[DataObject]:
        """Data objects of one application; an interrupted replace shows its surviving copy."""
        result: dict[str, DataObject] = {}
        for app in (application, application + PENDING_SUFFIX):
            for obj in self._data_objects(app):
                with self.token.lock, self.token.translated():
                    label = _text(obj[Attribute.LABEL])
                    if label not in result:
                        result[label] = DataObject(
                            application=application,
                            label=label,
                            size=len(bytes(obj[Attribute.VALUE])),
                            private=bool(obj[Attribute.PRIVATE]),
                        )
        return sorted(result.values(), key=lambda d: d.label)

    def read_data(self, label: str, application: str = SEALDESK_APPLICATION) -> bytes:
        """The value of one data object.

        :raises ObjectNotFound: no object with this label.
        """
        for app in (application, application + PENDING_SUFFIX):
            objs = self._data_objects(app, label)
            if objs:
                with self.token.lock, self.token.translated():
                    return bytes(objs[0][Attribute.VALUE])
        raise ObjectNotFound(f"{application}/{label}")

    def _create_data(self, application: str, label: str, value: bytes, private: bool) -> Any:
        with self.token.lock, self.token.translated():
            return self.p11.create_object(
                {
                    Attribute.CLASS: ObjectClass.DATA,
                    Attribute.TOKEN: True,
                    Attribute.PRIVATE: private,
                    Attribute.MODIFIABLE: True,
                    Attribute.APPLICATION: application,
                    Attribute.LABEL: label,
                    Attribute.VALUE: value,
                }
            )

    def _destroy(self, objs: list[Any]) -> None:
        with self.token.lock, self.token.translated():
            for obj in objs:
                obj.destroy()

    def write_data(
        self,
        label: str,
        value: bytes,
        application: str = SEALDESK_APPLICATION,
        *,
        private: bool = False,
    ) -> None:
        """Create or replace a data object so that a complete copy exists at every moment.

        The new value is written under ``application#pending``, read back and compared; only
        then is the old object destroyed and the new one renamed. If the key is pulled at any
        point, either the old or the new complete value survives, and :meth:`read_data` finds it.

        :raises WriteVerifyFailed: the read-back differed (the old value is kept).
        :raises TokenRemoved: the key was pulled.
        """
        with self.token.lock:  # the whole replace is one operation for this token
            pending_app = application + PENDING_SUFFIX
            old = self._data_objects(application, label)
            stale = self._data_objects(pending_app, label)  # left by an interrupted write
            if stale and not old:
                # the interrupted write had already removed the old value: its pending copy
                # is the only one left, so it becomes the old value of this write
                self._promote(stale[0], application, label, private)
                stale, old = stale[1:], self._data_objects(application, label)
            self._destroy(stale)
            new = self._create_data(pending_app, label, value, private)
            with self.token.translated():
                written = bytes(new[Attribute.VALUE])
            if written != value:
                self._destroy([new])
                raise WriteVerifyFailed(label)
            self._destroy(old)
            self._promote(new, application, label, private)

    def _promote(self, obj: Any, application: str, label: str, private: bool) -> None:
        """Give a pending copy its final application (a fresh copy where the key refuses
        C_SetAttributeValue)."""
        with self.token.lock, self.token.translated():
            try:
                obj[Attribute.APPLICATION] = application
                return
            except (pkcs11.AttributeReadOnly, pkcs11.FunctionNotSupported):
                value = bytes(obj[Attribute.VALUE])
        self._create_data(application, label, value, private)
        self._destroy([obj])

    def delete_data(self, label: str, application: str = SEALDESK_APPLICATION) -> None:
        """Delete a data object (and any interrupted copy of it).

        :raises ObjectNotFound: nothing with this label.
        """
        with self.token.lock:
            objs = self._data_objects(application, label) + self._data_objects(
                application + PENDING_SUFFIX, label
            )
            if not objs:
                raise ObjectNotFound(f"{application}/{label}")
            self._destroy(objs)
