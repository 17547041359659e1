"""The audit log: who did what to which target, why, and when (``AuditEntry``), appended by
services through ``record_audit``. It sits at the bottom of the stack with core and the
activity log, so that every app audits its staff acts without importing the moderation app,
which shows the log. How entries name their targets: hiroba.core.audit_targets."""
