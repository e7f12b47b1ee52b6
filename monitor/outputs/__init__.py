"""Outputs: stored items and reviews in, what people read out.

The weekly digest (HTML and text, e-mailed once per period), the draft update notes with
footnotes in the report's style, and the review round trips.
"""
