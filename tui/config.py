"""The user's configuration folder (keys.toml, and the crash log when there is no workspace);
kept apart from ``tui.keys`` so the command line can name it without loading Textual."""

from __future__ import annotations

import os
from pathlib import Path


def config_dir() -> Path:
    """``$JIXIAO_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/jixiao``, else ``~/.config/jixiao``."""
    env = os.environ.get("JIXIAO_CONFIG_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(Path.home(), ".config")
    return Path(base) / "jixiao"
