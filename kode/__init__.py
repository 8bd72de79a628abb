"""The command line and the composition root: opens projects, runs migrations and wires the layers."""

__version__ = "0.1.0"
