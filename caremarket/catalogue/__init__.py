"""The catalogue: listings, price lists, search, compare, shortlists, advisors and benchmarks."""
