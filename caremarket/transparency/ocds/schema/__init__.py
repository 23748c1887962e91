"""The vendored OCDS 1.1 UK profile, written by `caremarket ocds build-schema` (do not edit)."""
