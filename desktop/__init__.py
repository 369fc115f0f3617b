"""The fronts: the Qt GUI and the command line. The only package that imports PySide6."""
