"""Moderation by published guidelines: reports, the queue, word rules, sanctions, the audit log."""
