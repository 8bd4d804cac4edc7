from app.consolidation import consolidate


def test_account_1_is_kept():
    assert consolidate({"1": [1]}) == {"1": 1}


def test_account_2_is_kept():
    assert consolidate({"2": [1]}) == {"2": 1}


def test_account_3_is_kept():
    assert consolidate({"3": [1]}) == {"3": 1}


def test_account_4_is_kept():
    assert consolidate({"4": [1]}) == {"4": 1}


def test_account_5_is_kept():
    assert consolidate({"5": [1]}) == {"5": 1}


def test_account_6_is_kept():
    assert consolidate({"6": [1]}) == {"6": 1}


def test_account_7_is_kept():
    assert consolidate({"7": [1]}) == {"7": 1}


def test_account_8_is_kept():
    assert consolidate({"8": [1]}) == {"8": 1}


def test_account_9_is_kept():
    assert consolidate({"9": [1]}) == {"9": 1}


def test_sums_all_entries():
    result = consolidate({"cash": [2, 3]})["cash"]
    assert result == 5, f"Expected 5, got {result}"
