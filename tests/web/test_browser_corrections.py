"""The event page's correction forms and the Review page, driven in headless Chromium (Debian's chromium with
Python playwright); screenshots go to test-artifacts/screenshots/. Skips, saying why, where either is missing."""
from __future__ import annotations

import pytest
from browser_support import live_server, missing, shot

if missing():
    pytest.skip(missing(), allow_module_level=True)
from playwright.sync_api import expect  # noqa: E402


@pytest.fixture
def server(web_store, tmp_path):
    with live_server(web_store, tmp_path) as url:  # a fresh copy per test: these tests write
        yield url


def event(page, server: str, event_id: str) -> dict:
    return page.request.get(f"{server}/api/events/{event_id}").json()["event"]


def test_without_the_token_every_form_is_refused(page, server):
    page.goto(server + "/event/evt_assault")
    forms = {"#form-set": lambda f: (f.locator("select[name=field]").select_option("status"),
                                     f.locator("input[name=value]").fill("claimed")),
             "#form-split": lambda f: f.locator("input[name=mention]").first.check(),
             "#form-merge": lambda f: f.locator("input[name=other]").fill("evt_accuse"),
             "#form-reject": lambda f: None}
    for selector, fill in forms.items():
        form = page.locator(selector)
        fill(form)
        form.locator("input[name=note]").fill("no token given")
        form.locator("button[type=submit]").click()
        expect(page.locator("#correct-result")).to_contain_text("not saved: this request changes state")
        page.locator("#correct-result").evaluate("e => e.textContent = ''")
    shot(page, "corrections-refused")
    assert event(page, server, "evt_assault")["status"] == "disputed"
    assert page.request.get(f"{server}/api/events/evt_assault/corrections").json()["items"] == []
    assert [p for p in page.problems if "403" not in p] == []  # the refusals, and nothing else


def test_analyst_corrects_splits_merges_and_rejects_with_the_token(page, server):
    page.goto(server + "/event/evt_assault")
    page.locator("#token").fill("t")
    page.locator("#by").fill("Ana")
    form = page.locator("#form-set")
    form.locator("select[name=field]").select_option("status")
    form.locator("input[name=value]").fill("claimed")
    form.locator("input[name=note]").fill("ISKP claimed it; the denial came later")
    form.locator("button[type=submit]").click()
    expect(page.locator(".corrected-badge")).to_be_visible()
    expect(page.locator("#correction-history tbody tr")).to_have_count(1)
    assert "ISKP claimed it" in page.locator("#correction-history").inner_text()
    assert '"disputed"' in page.locator("#machine-values").inner_text()
    assert event(page, server, "evt_assault")["status"] == "claimed"
    shot(page, "corrections-set")

    split = page.locator("#form-split")  # the token stays for the session
    split.locator("input[name=mention]").nth(1).check()
    split.locator("input[name=note]").fill("the wire story is about another post")
    split.locator("button[type=submit]").click()
    expect(page.locator("#correction-history tbody tr")).to_have_count(2)
    assert len(event(page, server, "evt_assault")["mention_ids"]) == 1
    assert event(page, server, "evt_assault")["status"] == "claimed"  # the earlier correction still holds

    merge = page.locator("#form-merge")
    merge.locator("input[name=other]").fill("evt_accuse")
    merge.locator("input[name=note]").fill("the accusation is about this attack")
    merge.locator("button[type=submit]").click()
    expect(page.locator("#correction-history tbody tr")).to_have_count(3)
    assert page.request.get(f"{server}/api/events/evt_accuse").status == 404
    shot(page, "corrections-merged")

    page.goto(server + "/event/evt_agree")
    reject = page.locator("#form-reject")
    reject.locator("input[name=note]").fill("a routine communiqué")
    reject.locator("button[type=submit]").click()
    page.wait_for_url("**/review")
    assert page.request.get(f"{server}/api/events/evt_agree").status == 404
    assert [p for p in page.problems if "/api/events/evt_accuse" not in p and "evt_agree" not in p] == []


def test_review_page_lists_events_that_need_a_human(page, server):
    page.goto(server + "/")
    page.locator("nav a[href='/review']").click()
    page.wait_for_url("**/review")
    assert page.locator("#disputed tbody tr[data-id='evt_assault']").count() == 1
    assert page.locator("#orphaned").inner_text().count("None.") == 1
    shot(page, "review")
    page.locator("#disputed a").first.click()
    page.wait_for_url("**/event/evt_assault")
    assert page.problems == []
