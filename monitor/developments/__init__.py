"""Developments: matched items in, the event each one reports out.

One development is one event or outcome, reported by many outlets in several languages.
"""
