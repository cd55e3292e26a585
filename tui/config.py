"""The user's configuration folder (keys.toml, and the crash log when there is no workspace);
kept apart from ``tui.keys`` so the command line can name it without loading Textual.

The folder is where the platform keeps such things (platformdirs): ``%APPDATA%\\jixiao`` on
Windows, ``$XDG_CONFIG_HOME/jixiao`` or ``~/.config/jixiao`` on Linux (Kylin, UOS),
``~/Library/Application Support/jixiao`` on macOS; ``JIXIAO_CONFIG_DIR`` overrides it.

Before, every system used ``~/.config/jixiao`` (``$XDG_CONFIG_HOME/jixiao``). On Windows and macOS
a folder there is still read — used as it is, not moved — as long as the platform's folder does
not exist: a keys.toml written there keeps working, and nothing of the user's is moved behind
their back. Moving the folder to the platform's place ends that.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "jixiao"


def config_dir() -> Path:
    """``$JIXIAO_CONFIG_DIR``, else the platform's folder, else (when only it exists) the old
    ``~/.config/jixiao``."""
    env = os.environ.get("JIXIAO_CONFIG_DIR")
    if env:
        return Path(env)
    new, old = platform_dir(), old_dir()
    if new != old and not new.exists() and old.is_dir():
        return old
    return new


def platform_dir(system: type | None = None) -> Path:
    """The platform's folder for jixiao's configuration (roaming on Windows: ``%APPDATA%``);
    ``system``: a platformdirs class (``platformdirs.windows.Windows`` …) instead of this one's."""
    import platformdirs  # only when asked: not on every `jixiao check`

    dirs = (system or platformdirs.PlatformDirs)(APP, appauthor=False, roaming=True)
    return dirs.user_config_path


def old_dir() -> Path:
    """Where every system kept it before: ``$XDG_CONFIG_HOME/jixiao``, else ``~/.config/jixiao``."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(Path.home(), ".config")
    return Path(base) / APP
