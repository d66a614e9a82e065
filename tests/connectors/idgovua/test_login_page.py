"""The sign-in page offers id.gov.ua only where this deployment has a client id for it."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_links_to_id_gov_ua_when_it_is_set_up(client, provider):
    page = client.get("/accounts/login/", {"next": "/downloads/"}).content.decode()
    assert "Увійти через id.gov.ua" in page
    assert 'href="/accounts/idgovua/start/?next=/downloads/"' in page


def test_the_sign_in_page_has_no_link_without_a_client_id(client, settings):
    settings.DREAM_IDGOVUA = {**settings.DREAM_IDGOVUA, "client_id": ""}
    page = client.get("/accounts/login/").content.decode()
    assert "id.gov.ua" not in page


def test_the_link_reads_in_english_for_english_readers(client, provider):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign in with id.gov.ua" in page
