"""The seal-box protocol, sans-IO: no bleak, no asyncio, bytes in and out.

``gatt`` names the service, ``frames`` carries messages over any MTU with sequence numbers and
cumulative ACKs, ``messages`` defines what is said, ``commands`` the platform-signed commands
(grants) and how a box checks them.
"""
