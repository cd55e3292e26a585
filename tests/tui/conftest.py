import pytest

from storage.workspace.store import Store


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    """Tests never read the developer's own keys.toml."""
    cfg = tmp_path / "config"
    cfg.mkdir()
    monkeypatch.setenv("JIXIAO_CONFIG_DIR", str(cfg))
    return cfg


@pytest.fixture
def make_app(sample_copy):
    from tui.app import JixiaoApp

    def make(root=None, **kw):
        kw.setdefault("poll_seconds", 0)
        kw.setdefault("journal_seconds", 0)
        return JixiaoApp(Store.open(root or sample_copy), **kw)

    return make
