from portal.core.history import track_history
from talent.models import ExpertProfile, Invitation

# Profiles and invitations keep a history (who changed or sent what, and when); it goes with
# them on erasure and retention (portal/core/privacy.py).
track_history(ExpertProfile, excluded_fields=["search_vector"])  # derived, not history
track_history(Invitation)
