"""A kind of post made only for the tests (installed by config/settings_test.py): a tasting
note with a score, registered with posts.kinds exactly as a real kind's app would register.

It shows that a new kind gets its cards, its page and its row through the registry, without an
edit in posts (hiroba/posts/tests/test_kind_registry.py).
"""
