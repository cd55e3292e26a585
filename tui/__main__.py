"""``python -m tui``: the ``jixiao`` command where its console script is missing.

The offline installer's launchers (``jixiao.cmd``, ``bin/jixiao``) run it this way, so they do not
depend on the ``jixiao.exe`` pip makes at install time.
"""

import sys

from tui.cli.main import main

sys.exit(main())
