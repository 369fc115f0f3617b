"""The client side of a seal box over BLE: the only package that imports bleak."""
