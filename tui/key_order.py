"""Keys take effect in the order typed, however fast they come (a fast typist, a paste, tmux).

Textual hands a key to the widget focused at the moment the app reads it, into that widget's
message queue; the key's non-priority bindings run only when it has bubbled back up to the app,
and what they set off (a message to the form, a ``focus()``, which is itself deferred through
the app's queue) runs later still. Keys that arrive together are all read before any of that:
after ctrl+n the digits typed next still went to the table, and Enter's binding ran after the
following name was already in the input.

So the app takes one key (or paste) at a time: before it hands the next one on, the widgets on
the screen have handled everything queued for them (the key, the messages and focus events it
caused), and what reached the app's own queue meanwhile has run. Only then is the focus read to
decide where the next key goes. When the editor keeps up with the typist, this costs nothing:
the queues are already empty.
"""

from __future__ import annotations

import asyncio
from collections import deque

from textual import events
from textual.widgets import Footer, Header

MAX_ROUNDS = 20  # settle rounds per key; a widget that keeps posting to itself cannot stall input
MAX_YIELDS = 50  # times a key waits for the app's own queue to empty before it goes anyway
# what they show follows the focus, but no key goes to them: the next key need not wait for
# the footer to recompose its key list
DISPLAY_ONLY = (Footer, Header)
BARRIER_SECONDS = 0.5  # a widget busy in a long handler holds the next key at most this long


class InOrderInput:
    """Mixed into the App before ``App``: keys and pastes from the terminal are delivered one at
    a time, each after the effects of the one before it have settled."""

    _pending_input: deque | None = None
    _delivering = False
    _held = False

    def hold_input(self) -> None:
        """Keep keys and pastes queued (in order) until ``release_input``."""
        self._held = True

    def release_input(self) -> None:
        self._held = False
        if self._pending_input and not self._delivering:
            self._delivering = True
            self._begin_batch()
            self.call_later(self._deliver_next)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self._pending_input is None:
                self._pending_input = deque()
            self._pending_input.append(event)
            if not self._delivering and not self._held:
                self._delivering = True
                self._begin_batch()  # no repaint between the keys of a burst: one when it is done
                self.call_later(self._deliver_next)
            return
        await super().on_event(event)

    async def _deliver_next(self, yields: int = 0) -> None:
        try:
            await self._settle()
            if yields < MAX_YIELDS and not self._message_queue.empty():
                # what the last key set off reached the app (a bubbled key, a deferred focus):
                # let the app run it first, then come back for the next key
                self.call_later(self._deliver_next, yields + 1)
                return
            event = self._pending_input.popleft()
            await super().on_event(event)  # Textual's own delivery: priority bindings, then the focus
        except BaseException:
            self._done_delivering()
            raise
        if self._pending_input:
            self.call_later(self._deliver_next)
        else:
            self._done_delivering()

    def _done_delivering(self) -> None:
        self._delivering = False
        self._end_batch()

    async def _settle(self) -> None:
        """Wait until every widget of the screen has handled what is queued for it."""
        for _ in range(MAX_ROUNDS):
            try:
                screen = self.screen
            except Exception:  # no screen yet, or closing
                return
            nodes = [screen]
            for child in screen.children:
                if not isinstance(child, DISPLAY_ONLY):
                    nodes += child.walk_children(with_self=True)
            busy = [n for n in nodes if n.is_running and not n._message_queue.empty()]
            if not busy:
                return
            await asyncio.gather(*(_barrier(n) for n in busy))


async def _barrier(node) -> None:
    """Return once ``node`` has handled every message queued before this call."""
    done = asyncio.Event()
    if not node.call_later(done.set):
        return
    try:
        await asyncio.wait_for(done.wait(), BARRIER_SECONDS)
    except asyncio.TimeoutError:
        pass
