"""Widgets of the workbench: they get domain objects through reactives and report intent with messages."""
