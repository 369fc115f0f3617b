"""SealDesk: electronic seals, USB keys and smart seal boxes on the desktop."""

__version__ = "0.1.0"
