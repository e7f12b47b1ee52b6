"""The service: time in, jobs out.

APScheduler runs the tick (sources due), the weekly digest and retention; leases, digest
periods and next-check arithmetic keep two processes from doing the same work.
"""
