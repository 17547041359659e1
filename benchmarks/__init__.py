"""Page benchmarks: ``python benchmarks/pages.py`` (see the README's "Benchmarks" section).

Not part of the test suite: pytest's testpaths are ``hiroba`` and ``tests`` only.
"""
