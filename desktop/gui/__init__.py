"""The Qt GUI."""
