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
def admin(world) -> Client:
    return _client(world.admin_a)


@pytest.fixture
def bob(world) -> Client:
    return _client(world.bob)
