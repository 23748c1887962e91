"""Caremarket: procurement and commissioning for health and care in England."""
