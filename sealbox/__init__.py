"""Smart seal boxes over Bluetooth LE (to come)."""
