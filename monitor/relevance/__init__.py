"""Relevance: an item's text in, the report's sections, paragraphs and processes out.

Watchlists (six languages) compile into a pure matcher that returns each section with a score
and its evidence; evaluation measures it on the labelled set. An optional model trained on
reviews (features, learned, training, simulation) can veto the rules' sections, or add one for
which a watchlist term was found; it is off unless ``MONITOR_REVIEW_MODEL`` is set.
"""
