app_name = "talent"

urlpatterns: list = [
    # Member pages (talent/views/profile.py) and the invitation link (talent/views/invitation.py).
]
