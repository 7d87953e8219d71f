"""The dashboard of an office or a commission: its sub-tree at a glance, in charts with their tables."""
