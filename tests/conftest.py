import shutil
from pathlib import Path

import pytest

from tests.paths import SAMPLE, SEED


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the committed sample workspace."""
    dest = tmp_path / "ws"
    shutil.copytree(SAMPLE, dest)
    return dest


@pytest.fixture
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip("shared/seeds is not beside the checkout")
    return SEED
