"""Relevance: an item's text in, the report's sections, paragraphs and processes out.

Watchlists (six languages) compile into a pure matcher that returns each section with a score
and its evidence; evaluation measures it on the labelled set.
"""
