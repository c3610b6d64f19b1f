"""Shared fixtures: a fresh workspace with the sample partnership, and the content pack."""

from __future__ import annotations

import pytest

from tpi_widgets.content import load_pack
from tpi_widgets.demo import SAMPLE_CONFIG
from tpi_widgets.partnership_config import build_config, read_config_file
from tpi_widgets.workspace import Workspace


@pytest.fixture(scope="session")
def pack():
    return load_pack("recovery-2016")


@pytest.fixture
def sample_config(pack):
    return build_config(read_config_file(SAMPLE_CONFIG), pack)


@pytest.fixture
def workspace(tmp_path, sample_config) -> Workspace:
    ws = Workspace.init(tmp_path / "ws")
    ws.add_partnership(sample_config)
    return ws
