"""The talent pool's rules, one module per topic (imported as `talent.services.<topic>`)."""
