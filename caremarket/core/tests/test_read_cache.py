import pytest

from caremarket.core.read_cache import cached_read, data_version
from caremarket.orgs.factories import make_organisation

pytestmark = pytest.mark.django_db


def test_a_cached_read_is_served_until_anything_changes():
    calls = []

    def compute():
        calls.append(1)
        return f"answer {len(calls)}".encode()

    assert cached_read("test", {"q": "x"}, compute) == b"answer 1"
    assert cached_read("test", {"q": "x"}, compute) == b"answer 1"  # a hit
    assert cached_read("test", {"q": "y"}, compute) == b"answer 2"  # another key
    version = data_version()
    make_organisation()  # any change writes an audit event and moves the version
    assert data_version() != version
    assert cached_read("test", {"q": "x"}, compute) == b"answer 3"
