"""Persistence: typed models, the engine, and the repository that holds every Session.

Every stage reads and writes through it; one transaction stores a source's items, matches and state.
"""
