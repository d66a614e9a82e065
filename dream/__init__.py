"""DREAM: the Digital Restoration Ecosystem for Accountable Management."""
