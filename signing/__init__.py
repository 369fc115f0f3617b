"""Seals and documents: GM crypto, certificates, seal structures, PDF/OFD signatures.

Nothing here touches a USB key or a GUI: signing asks for a :class:`Signer`.
"""

from sealdesk.signing.signer import SignatureAlgorithm, Signer

__all__ = ["SignatureAlgorithm", "Signer"]
