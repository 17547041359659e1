"""Segments: saved filters over members, with a live count, a member list and a CSV export.

Later features (newsletters, events, campaigns, ambassadors) target members through
``hiroba.segments.selectors`` (members_of, count_members, iter_member_ids) and change segments
through ``hiroba.segments.services``; that is the interface they use, not the filter's storage.
See docs/segments.md.
"""
