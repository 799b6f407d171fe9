"""Use cases that combine the pure core with the store and the audit log."""
