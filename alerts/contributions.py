"""What the alerts app contributes to the site (the contract: portal/core/contract.py)."""

from portal.core.contract import Contributions

CONTRIBUTIONS = Contributions()
