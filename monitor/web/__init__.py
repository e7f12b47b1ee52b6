"""The team's web pages: browse, search and review by report section.

Starlette over the repository; security middleware (sessions, CSRF, headers) in ``security``.
"""
