"""Our GATT service: one characteristic the client writes, one the box notifies on.

UUIDs are lower-case 128-bit strings (what bleak compares against). A box advertises the
service UUID and its name, so a scan finds boxes without connecting.
"""

SERVICE_UUID = "5ea1b0c5-0000-4d65-8a3e-5ea1de5c0001"
WRITE_UUID = "5ea1b0c5-0001-4d65-8a3e-5ea1de5c0001"  # write and write-without-response
NOTIFY_UUID = "5ea1b0c5-0002-4d65-8a3e-5ea1de5c0001"  # notify: the box's byte stream
REQUESTED_MTU = 247  # asked for, never assumed: the stream reassembles at any MTU
# a 31-byte advertisement with flags (3) and the service UUID (18) leaves 8 bytes of name
ADV_NAME_ROOM = 8
