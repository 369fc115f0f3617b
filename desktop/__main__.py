"""`python -m sealdesk.desktop` is the `sealdesk` command."""

from sealdesk.desktop.cli import entry

entry()
