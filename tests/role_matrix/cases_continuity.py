"""Role-matrix cases for contract continuity pages and routes."""

from tests.role_matrix.cases import Case

CASES: list[Case] = []
