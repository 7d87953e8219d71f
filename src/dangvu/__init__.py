"""dangvu: records and workflows of Party-building work."""
