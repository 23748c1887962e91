"""Role-matrix cases for contract performance pages and routes."""

from tests.role_matrix.cases import Case

CASES: list[Case] = []
