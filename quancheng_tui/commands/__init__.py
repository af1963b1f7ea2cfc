"""One module per command group. Heavy imports (SQLAlchemy, Textual) happen
inside the commands that need them, so `--help` and `deadline` stay fast."""
