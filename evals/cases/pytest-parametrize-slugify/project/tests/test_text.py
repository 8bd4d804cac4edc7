import pytest

from app.text import slugify


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Hello World", "hello-world"),
        ("  spaced   out ", "spaced-out"),
        ("Hello, World!", "hello-world"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug
