"""Persistence: typed models, the engine, and the repository that holds every Session."""
