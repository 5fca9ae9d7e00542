"""Fixtures of the comment desk's tests (the staff, one per role, is tests/conftest.py's)."""

import pytest


@pytest.fixture
def moderator_client(client, staff):
    client.force_login(staff["moderator"])
    return client
