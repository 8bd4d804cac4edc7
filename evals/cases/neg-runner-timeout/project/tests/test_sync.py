from app.sync import sync_all


def test_sync_completes():
    sync_all()
