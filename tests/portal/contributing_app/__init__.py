"""An app that exists only in tests: it contributes to the site through its contributions
module alone (tests/portal/test_contributions.py)."""
