"""The application layer: use cases the CLI and the GUI share, with no Qt (DESIGN.md).

Settings, the trust a verification uses (roots, seal makers, demo mode), the rules for the files
a command writes; the fronts parse arguments or draw widgets and call these.
"""
