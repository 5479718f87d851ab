"""The dialogue's writes and rules, one module per task: asking, moderation, reports."""
