"""What the reports lend to core (the home page's dashboard)."""
