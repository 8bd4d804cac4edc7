import shutil
import subprocess


def render(html_path, pdf_path):
    """Renders an HTML invoice to PDF with wkhtmltopdf (a system package)."""
    subprocess.run([shutil.which("wkhtmltopdf"), html_path, pdf_path], check=True)
