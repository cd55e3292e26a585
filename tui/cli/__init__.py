"""The ``jixiao`` command line. Importing it loads no Textual: ``jixiao check`` never does."""

from tui.cli.main import main

__all__ = ["main"]
