from app.paging import paginate


def test_default_page_size():
    pages = paginate(list(range(25)))
    assert [len(p) for p in pages] == [10, 10, 5]


def test_explicit_page_size():
    assert paginate([1, 2, 3], page_size=2) == [[1, 2], [3]]
