"""The talent pool's writes and rules, one module per topic."""
