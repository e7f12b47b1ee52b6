"""Ingest: sources and queries in, parsed and sanitized items out.

The catalogue and the watchlists' generated queries say what to fetch; the fetcher turns them
into bytes, the adapters and parser into items, the pipeline stores them one source at a time.
"""
