"""Role-matrix cases for transparency (feed). The world is built by
tests/role_matrix/world_transparency.py."""

from tests.role_matrix.cases import Case

CASES: list[Case] = []
