"""Signals sent by the dialogue's services, from `transaction.on_commit` (receivers.py)."""
