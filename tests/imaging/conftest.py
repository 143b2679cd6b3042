import pytest

from window_client.devtools import image_samples as samples


@pytest.fixture(scope="session")
def a4_page():
    """The upright A4 original (200 dpi, RGB) the tests photograph and scan."""
    return samples.document_page(seed=1)


@pytest.fixture(scope="session")
def a4_pages():
    """Three different upright A4 originals."""
    return [samples.document_page(seed=s) for s in (11, 12, 13)]


@pytest.fixture(scope="session")
def scans(a4_page):
    """The original as a flatbed delivers it: clean PNG, noisy PNG (σ = 6), JPEG."""
    return {"clean": samples.scan(a4_page), "noisy": samples.scan(a4_page, noise=6, seed=3),
            "jpeg": samples.scan(a4_page, fmt="JPEG")}
