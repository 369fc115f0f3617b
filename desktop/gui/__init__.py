"""The Qt GUI.

PySide6 is pinned to 6.11.3: 6.12.0 on CPython 3.11 drops a reference to None on every void
method call and to True on every ``Signal.emit()``, so the process aborts ("deallocating
None") after minutes of use. tests/desktop/test_gui.py checks the binding counts right.
"""
