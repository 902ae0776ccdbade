"""Benchmarks: `make bench` fills a database with the generator and times the scenarios.

See bench/README.md. Run with `python -m bench`; it uses the settings in portal.settings.bench.
"""
