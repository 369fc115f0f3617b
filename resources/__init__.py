"""Data files: vendor module table, icons, styles, demo trust roots."""
