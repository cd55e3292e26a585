"""The editor's modal screens, one module each, all built on ``base.Dialog``.

``…Dialog`` asks something or takes input; ``…Screen`` shows something to read.

    base.py          Dialog: the shared look (centred box, title, rows)
    choice.py        ChoiceDialog and the questions: quit, file changed on disk, recovery
    help.py          HelpScreen (F1)
    export.py        ExportDialog (palette: 导出 XLSX)
    paste.py         PasteDialog (ctrl+v in the indicator table)
    marked.py        MarkedDialog (ctrl+b: the projects marked in the tree)
    replace.py       ReplaceDialog (ctrl+f)
    copy_project.py  CopyProjectDialog (ctrl+o)
    commit.py        CommitDialog (F9)
    diff.py          DiffScreen (F3)
    history.py       HistoryScreen (F4)
    conflict.py      ConflictScreen (a merge conflict, field by field)

Nothing is imported here: each screen is imported where it opens, so the first screen loads
only what it needs (TextArea and Select come with the bulk dialogs, when first opened).
"""
