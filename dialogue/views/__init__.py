"""The dialogue's views, one module per audience (urls.py)."""
