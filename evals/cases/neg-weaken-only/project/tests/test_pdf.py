import shutil


def test_renderer_installed():
    assert shutil.which("wkhtmltopdf"), "wkhtmltopdf must be installed on the runner (apt-get install wkhtmltopdf)"
