"""Keyboard use of the window: the Tab chain, Enter on a focused button, names read out."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QPushButton,
    QWidget,
)

FOCUS_STYLE = "QPushButton:focus { border: 2px solid #1a5fb4; }"
"""A focus ring for buttons whose own style sheet would hide the platform's."""


def tab_chain(*widgets: QWidget) -> None:
    """Tab goes through ``widgets`` in this order (Shift+Tab back)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def keyboard_ready(root: QWidget) -> None:
    """Every push button under ``root`` is clicked by Enter when it has the focus (Qt does
    that in dialogs only; Space works everywhere), and every button without words (−, +, ✕)
    is named for screen readers by its tooltip. Tab leaves tables (arrows move in them)."""
    for button in root.findChildren(QPushButton):
        button.setAutoDefault(True)
    for button in root.findChildren(QAbstractButton):
        if not button.accessibleName() and button.toolTip() and len(button.text()) < 4:
            button.setAccessibleName(button.toolTip())
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
