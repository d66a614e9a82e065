"""Demonstration data built through the same services as real data, so the guards and the audit log hold."""
