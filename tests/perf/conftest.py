from tests.comments.conftest import moderator_client, staff  # noqa: F401  (the demo staff)
