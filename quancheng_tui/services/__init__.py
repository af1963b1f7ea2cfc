"""Use cases. Each public function is one transaction, checks the actor's
permission and appends to the audit trail. The TUI and the CLI both call
these; neither touches tables directly."""
