"""The money chain of each project: pledged, committed, disbursed, contracted and paid, with its reconciliation."""
