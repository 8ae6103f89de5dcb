"""Benchmarks: scripts run from the repository root (see README.md); a package so tests can import them."""
