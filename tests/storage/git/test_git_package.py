"""storage.git re-exports its modules' public names, lazily and without copies."""

import importlib

import pytest

from storage import git as sgit


def test_every_exported_name_resolves_to_its_module():
    for name in sgit.__all__:
        value = getattr(sgit, name)
        if hasattr(value, "__module__"):  # a class or a function (constants are plain strings)
            assert value.__module__.startswith("storage.git."), name
            assert getattr(importlib.import_module(value.__module__), name) is value, name
    with pytest.raises(AttributeError):
        sgit.no_such_name  # noqa: B018


def test_a_patched_function_is_what_the_package_gives(monkeypatch):
    from storage.git import commits

    monkeypatch.setattr(commits, "commit", lambda *a, **kw: "patched")
    assert sgit.commit("x", "y") == "patched"
    from storage.git import commit

    assert commit() == "patched"
