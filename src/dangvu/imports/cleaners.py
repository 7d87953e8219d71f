"""The cleaning of cell values, from the one place that does it for the whole project (``dangvu.core.cleaning``:
TCVN3/VNI text, names, dates with their precision, CCCD/CMND, card numbers)."""

from dangvu.core.cleaning import CleanError, card_number, date_value, identity_number, person_name, text

__all__ = ["CleanError", "card_number", "date_value", "identity_number", "person_name", "text"]
