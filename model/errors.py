"""The root of every error jixiao raises on purpose: its message is for the user, in Chinese.

Catching ``JixiaoError`` catches a refused edit, an unreadable workspace, a git failure, a
workbook that cannot be imported — never a bug, which should still surface as one.
"""


class JixiaoError(Exception):
    """Something the user can act on; ``str(error)`` says what, in Chinese."""
