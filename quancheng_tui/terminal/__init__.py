"""What the app writes to the terminal, and how cheaply (slow links)."""
