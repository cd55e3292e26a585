import shutil
from pathlib import Path

import pytest

from tests.gitrepo import BOTH_ENGINES, ENGINES
from tests.paths import SAMPLE, SEED

ROOT = Path(__file__).resolve().parent.parent


def pytest_generate_tests(metafunc):
    """The git-heavy modules' tests run with both git engines (the git command and dulwich)."""
    if "git_env" in metafunc.fixturenames:
        where = metafunc.definition.path.relative_to(ROOT).as_posix()
        if where.startswith(BOTH_ENGINES):
            metafunc.parametrize("git_env", ENGINES, indirect=True)


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
