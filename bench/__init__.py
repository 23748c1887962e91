"""Caremarket's benchmarks. `make bench` runs them all; `make bench ONLY=<name>` runs one.

Each benchmark is a module here with `run() -> dict[str, float]`; the runner writes every
result to bench/results.json as {"<benchmark>": {"<metric>": number, ...}}.
"""
