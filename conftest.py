"""Fixtures shared by every test: fast password hashing, actors, clients, a frozen clock."""

import pytest
import time_machine

from caremarket.core.actor import Actor


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 is the production hasher (tested in tests/test_security.py); tests that make
    # many people use a fast one so the suite stays quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_public_rate_limit(settings):
    # The public API's rate limit (caremarket/api/transparency/throttles.py) counts every request
    # from the test client's one address: a test that means to meet it sets a rate of its own.
    settings.CAREMARKET_PUBLIC_API_RATE = ""


@pytest.fixture
def system():
    return Actor.system("tests")


@pytest.fixture(autouse=True)
def _media_in_a_folder_of_its_own(settings, tmp_path_factory):
    # Uploaded evidence goes to a temporary folder, never into var/media.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def travel():
    """`travel(moment)` moves the clock (and keeps it there) for the rest of the test."""
    travellers = []

    def to(moment):
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield to
    for traveller in reversed(travellers):
        traveller.stop()
