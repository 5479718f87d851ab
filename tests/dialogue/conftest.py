from functools import partial

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block queued for after the commit (the emails),
    as a real commit would; work rolled back inside the block queues nothing."""
    return partial(django_capture_on_commit_callbacks, execute=True)
