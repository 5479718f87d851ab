"""Side effects of the dialogue's signals (dialogue/signals.py): emails queued as tasks,
the page cache renewed when what the public sees changes."""
