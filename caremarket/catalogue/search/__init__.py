"""Catalogue search: one interface over two full-text engines (FTS5 on SQLite, tsvector and GIN
on PostgreSQL), with filters, facet counts, sorting and stable pages.

`run_search(SearchQuery) -> SearchResult`. The engine finds the documents matching the words
and scores them; everything after (visibility, filters, facet counts, order, the page) runs
over columns held in memory, the same on both engines, so both give the same results.
"""

from caremarket.catalogue.search.query import run_search
from caremarket.catalogue.search.types import Facet, FacetValue, SearchHit, SearchQuery, SearchResult

__all__ = ["Facet", "FacetValue", "SearchHit", "SearchQuery", "SearchResult", "run_search"]
