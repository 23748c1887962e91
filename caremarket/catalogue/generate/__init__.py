"""Realistic catalogue data: the vocabulary of services and prices, and the bulk generator."""
