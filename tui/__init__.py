"""The Textual coding workbench. The only package that may import Textual."""
