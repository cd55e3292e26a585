"""Command palette entries: go to a project by (fuzzy) name. (导出 XLSX, the app's own command,
opens tui.screens.export.)"""

from __future__ import annotations

from functools import partial

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

MAX_HITS = 50
PLACEHOLDER = "输入命令或项目名称的一部分…"


class PaletteActions:
    """Mixed into JixiaoApp: ctrl+p opens the palette with a Chinese placeholder (Textual's own
    action passes none, so its English default would show)."""

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=PLACEHOLDER))


class ProjectProvider(Provider):
    """转到项目: every project of the workspace, matched fuzzily by name."""

    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        q = query.strip()
        hits = 0
        for u, p in app.session.ws.projects():
            name = p.name or p.id
            # cheap prefilter: every character of the query occurs in the name
            if q and not all(ch in name for ch in q):
                continue
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(app.goto_project, u.id, p.id),
                          help=f"转到项目 · {u.name}")
                hits += 1
                if hits >= MAX_HITS:
                    return

    async def discover(self) -> Hits:
        app = self.app
        for n, (u, p) in enumerate(app.session.ws.projects()):
            if n >= 20:
                return
            yield DiscoveryHit(p.name or p.id, partial(app.goto_project, u.id, p.id), help=f"转到项目 · {u.name}")
