"""Role-matrix cases for managing notices (drafting, publishing, correcting). The world is built
by tests/role_matrix/world_transparency.py."""

from tests.role_matrix.cases import Case

CASES: list[Case] = []
