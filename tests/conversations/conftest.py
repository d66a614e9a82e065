from tests.donors import donors, everyone  # noqa: F401 - a fixture shared with the showcase's tests.
from tests.publishing.test_privacy import dataset  # noqa: F401 - the publishing crawl's data, reused.
