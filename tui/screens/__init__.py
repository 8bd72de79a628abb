"""The workbench's screens: one per file, each owning its bindings and actions."""
