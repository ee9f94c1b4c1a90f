import pytest
from django.test import Client


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice(world) -> Client:
    return _client(world.alice)


@pytest.fixture
def lead(world) -> Client:
    """The safeguarding lead of org A."""
    return _client(world.safeguarding_a)
