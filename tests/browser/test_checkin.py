"""Check-in at the door on a phone (390 px): search as you type, one tap to check in and one
to undo, a check-in code typed in, read from a photo of its QR code or by the camera (Chromium's
fake camera playing a video of the code), walk-ins within and over capacity, and taps made
offline sent once when the connection returns."""

import io
import re
import uuid

import pytest
from PIL import Image
from playwright.sync_api import expect

from portal.core.roles import PROGRAMME_OFFICERS, roles_sync
from registrations import services
from registrations.checkin_codes import checkin_code, qr_png
from registrations.models import Registration
from tests.browser.conftest import CHROMIUM
from tests.browser.test_editorial import log_in
from tests.events.factories import SessionFactory
from tests.portal.factories import StaffFactory
from tests.registrations.factories import details

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Status = Registration.Status


@pytest.fixture
def officer():
    roles_sync()
    return StaffFactory(username="door-officer", role=PROGRAMME_OFFICERS)


@pytest.fixture
def session():
    """Capacity 3: Amina, Babacar and Chantal confirmed; Dieudonné waiting."""
    session = SessionFactory(capacity=3, event__title_en="Diaspora info session")
    for n, name in enumerate(
        ["Amina Diallo", "Babacar Ndiaye", "Chantal Uwase", "Dieudonné Habimana"]
    ):
        services.registration_create(session=session, **details(n, name=name))
    return session


def open_checkin(page, user, session, language="en"):
    base = page.evaluate("() => location.origin") if page.url.startswith("http") else None
    if base is None:
        page.goto("/robots.txt")
        base = page.evaluate("() => location.origin")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    log_in(page, user)
    page.goto(f"/admin/registrations/registration/session/{session.pk}/checkin/")


def queue_key(user, session) -> str:
    return f"checkin-queue-{user.pk}-{session.pk}"


def row(page, name):
    return page.locator(".checkin-row", has_text=name)


def arrived(name) -> bool:
    return Registration.objects.get(name=name).attended_at is not None


def test_search_one_tap_undo_and_admit_from_the_waiting_list(page, officer, session, run_axe):
    open_checkin(page, officer, session)
    expect(page.locator("#count-expected")).to_have_text("3")
    expect(page.locator("#count-waiting")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert run_axe(page) == []

    page.fill("#checkin-q", "bab")
    expect(row(page, "Babacar Ndiaye")).to_be_visible()
    expect(row(page, "Amina Diallo")).to_be_hidden()
    page.fill("#checkin-q", "")

    row(page, "Amina Diallo").get_by_role("button").click()
    expect(page.locator("#count-arrived")).to_have_text("1")
    expect(row(page, "Amina Diallo")).to_contain_text("Arrived at")
    assert arrived("Amina Diallo")
    row(page, "Amina Diallo").get_by_role("button", name=re.compile("Undo")).click()
    expect(page.locator("#checkin-status")).to_contain_text("undone")
    expect(page.locator("#count-arrived")).to_have_text("0")
    assert not arrived("Amina Diallo")

    # Dieudonné is on the waiting list and the session is full: admitted over capacity.
    waiting = row(page, "Dieudonné Habimana")
    expect(waiting).to_contain_text("On the waiting list")
    waiting.get_by_role("button", name=re.compile("Admit and check in")).click()
    expect(page.locator("#checkin-confirm")).to_be_visible()
    expect(page.locator("#checkin-confirm-text")).to_contain_text("raises its capacity to 4")
    page.click("#checkin-confirm-yes")
    expect(row(page, "Dieudonné Habimana")).to_contain_text("Arrived at")
    person = Registration.objects.get(name="Dieudonné Habimana")
    assert person.status == Status.CONFIRMED and person.attended_at is not None
    person.session.refresh_from_db()
    assert person.session.capacity == 4
    assert page.watcher.console_errors == [] and page.watcher.foreign_requests == []


def test_code_typed_in_and_read_from_a_photo_of_its_qr_code(page, officer, session, tmp_path):
    amina = Registration.objects.get(name="Amina Diallo")
    chantal = Registration.objects.get(name="Chantal Uwase")
    open_checkin(page, officer, session)
    page.locator("#checkin-code-panel summary").click()
    # Typed as read out: lower case, spaces for the dashes.
    page.fill("#checkin-code", checkin_code(amina).lower().replace("-", " "))
    page.locator("#checkin-code-form button[type=submit]").click()
    expect(row(page, "Amina Diallo")).to_contain_text("Arrived at")
    assert arrived("Amina Diallo")

    # A photo of the QR code from Chantal's email, decoded in the page.
    photo = tmp_path / "qr.png"
    photo.write_bytes(qr_png(checkin_code(chantal)))
    page.set_input_files("#checkin-photo", str(photo))
    expect(row(page, "Chantal Uwase")).to_contain_text("Arrived at")
    assert arrived("Chantal Uwase")

    # A code for another session says so, and checks nobody in.
    other = services.registration_create(
        session=SessionFactory(city_en="Liège"), **details(9, name="Elsewhere Person")
    )
    page.fill("#checkin-code", checkin_code(other))
    page.locator("#checkin-code-form button[type=submit]").click()
    expect(page.locator("#checkin-status")).to_contain_text("another session")
    assert not arrived("Elsewhere Person")


def test_walk_ins_within_and_over_capacity(page, officer, session):
    session.capacity = 4
    session.save()
    open_checkin(page, officer, session)
    page.locator("#checkin-walk-in-panel summary").click()
    page.fill("#walk-in-name", "Fatou Sow")
    page.locator("#checkin-walk-in-form button[type=submit]").click()
    expect(page.locator("#checkin-status")).to_contain_text("Fatou Sow is added and checked in")
    walk_in = Registration.objects.get(name="Fatou Sow")
    assert walk_in.source == "door" and walk_in.email == "" and walk_in.attended_at

    page.fill("#walk-in-name", "Grace Mukamana")
    page.fill("#walk-in-email", "grace@example.org")
    page.locator("#checkin-walk-in-form button[type=submit]").click()
    expect(page.locator("#checkin-confirm-text")).to_contain_text("raises its capacity to 5")
    assert not Registration.objects.filter(name="Grace Mukamana").exists()
    # Online, the new row waits for the answer to the question, not for the connection.
    expect(row(page, "Grace Mukamana")).to_have_attribute(
        "data-pending", "Waiting for your confirmation (over capacity)."
    )
    expect(page.locator("#checkin-capacity-line")).to_have_text("4 of 4 places taken.")
    page.click("#checkin-confirm-yes")
    expect(page.locator("#checkin-status")).to_contain_text("Grace Mukamana is added")
    expect(page.locator("#checkin-capacity-line")).to_have_text("5 of 5 places taken.")
    expect(row(page, "Grace Mukamana")).to_contain_text("Added at the door")
    assert Registration.objects.filter(name="Grace Mukamana").count() == 1
    session.refresh_from_db()
    assert (session.capacity, session.places_taken) == (5, 5)


def test_taps_made_offline_are_sent_once_when_the_connection_returns(page, officer, session):
    session.capacity = None
    session.save()
    open_checkin(page, officer, session)
    page.context.set_offline(True)
    row(page, "Babacar Ndiaye").get_by_role("button").click()
    expect(row(page, "Babacar Ndiaye")).to_have_class(re.compile("is-pending"))
    page.locator("#checkin-walk-in-panel summary").click()
    page.fill("#walk-in-name", "Offline Walk-in")
    page.locator("#checkin-walk-in-form button[type=submit]").click()
    page.wait_for_timeout(500)
    assert not arrived("Babacar Ndiaye")
    assert not Registration.objects.filter(name="Offline Walk-in").exists()
    assert (
        len(page.evaluate(f"JSON.parse(localStorage.getItem('{queue_key(officer, session)}'))"))
        == 2
    )

    page.context.set_offline(False)
    expect(row(page, "Babacar Ndiaye")).not_to_have_class(re.compile("is-pending"))
    expect(row(page, "Offline Walk-in")).not_to_have_class(re.compile("is-pending"))
    assert arrived("Babacar Ndiaye")
    assert Registration.objects.filter(name="Offline Walk-in").count() == 1
    assert page.evaluate(f"localStorage.getItem('{queue_key(officer, session)}')") == "[]"
    # The page's periodic resend finds nothing left: still one walk-in.
    page.wait_for_timeout(5500)
    assert Registration.objects.filter(name="Offline Walk-in").count() == 1


def test_stale_taps_and_another_staff_members_queue_are_never_sent(page, officer, session):
    """A shared phone: what was left queued 7 hours ago, or by another staff member (or
    before queues were per person), is dropped; a recent tap of this one's is sent."""
    session.capacity = None
    session.save()
    open_checkin(page, officer, session)
    people = {r.name: r.pk for r in Registration.objects.all()}
    url = f"/admin/registrations/registration/session/{session.pk}/checkin/set/"

    def tap(name, hours_ago):
        action_id = str(uuid.uuid4())
        fields = {"registration": str(people[name]), "arrived": "1", "action_id": action_id}
        return {"id": action_id, "url": url, "fields": fields, "at": hours_ago}

    queues = {
        queue_key(officer, session): [tap("Babacar Ndiaye", 7), tap("Amina Diallo", 0)],
        f"checkin-queue-{officer.pk + 1000}-{session.pk}": [tap("Chantal Uwase", 0)],
        f"checkin-queue-{session.pk}": [tap("Dieudonné Habimana", 0)],
    }
    page.evaluate(
        """queues => { for (const [key, queue] of Object.entries(queues)) {
            queue.forEach(a => { a.at = Date.now() - a.at * 3600 * 1000; });
            localStorage.setItem(key, JSON.stringify(queue)); } }""",
        queues,
    )
    page.reload()
    expect(row(page, "Amina Diallo")).to_contain_text("Arrived at")
    page.wait_for_timeout(1000)
    assert arrived("Amina Diallo")
    assert not arrived("Babacar Ndiaye")
    assert not arrived("Chantal Uwase") and not arrived("Dieudonné Habimana")
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('checkin-'))")
    assert keys == [queue_key(officer, session)]
    assert page.evaluate(f"localStorage.getItem('{queue_key(officer, session)}')") == "[]"


def test_capacity_that_emails_the_waiting_list_asks_in_the_page(page, officer, session):
    """Dieudonné waits: a fourth place would email him, so the page asks first."""
    open_checkin(page, officer, session)
    page.locator("details.checkin-panel", has=page.locator("#checkin-capacity")).locator(
        "summary"
    ).click()
    page.fill("#checkin-capacity", "4")
    page.locator("#checkin-capacity-form button[type=submit]").click()
    expect(page.locator("#checkin-capacity-confirm-text")).to_have_text(
        "1 person on the waiting list will be offered a place and emailed."
    )
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert Registration.objects.get(name="Dieudonné Habimana").status == Status.WAITING
    page.click("#checkin-capacity-no")
    expect(page.locator("#checkin-capacity-confirm")).to_be_hidden()
    page.locator("#checkin-capacity-form button[type=submit]").click()
    page.click("#checkin-capacity-yes")
    expect(page.locator("#checkin-status")).to_contain_text(
        "1 person on the waiting list was offered a place and emailed."
    )
    expect(page.locator("#checkin-capacity-line")).to_have_text("4 of 4 places taken.")
    assert Registration.objects.get(name="Dieudonné Habimana").status == Status.OFFERED
    # The list is drawn again: Dieudonné now holds an offer, nobody is waiting.
    expect(page.locator("#count-waiting")).to_have_text("0")
    expect(row(page, "Dieudonné Habimana")).not_to_contain_text("On the waiting list")


def test_replayed_walk_in_makes_one_person(page, officer, session):
    """The same queued walk-in sent twice (a lost answer): one person."""
    session.capacity = None
    session.save()
    open_checkin(page, officer, session)
    client_id = str(uuid.uuid4())
    script = """async ([url, id]) => {
        const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
        const send = () => { const body = new FormData(); body.append('name', 'Twice Sent');
            body.append('client_id', id);
            return fetch(url, {method: 'POST', body, headers: {'Accept': 'application/json',
                'X-CSRFToken': token}}).then(r => r.json()); };
        return [await send(), await send()];
    }"""
    url = f"/admin/registrations/registration/session/{session.pk}/checkin/walk-in/"
    first, second = page.evaluate(script, [url, client_id])
    assert first["id"] == second["id"]
    assert Registration.objects.filter(name="Twice Sent").count() == 1


def test_french_page_passes_axe_and_fits_a_phone(page, officer, session, run_axe):
    open_checkin(page, officer, session, language="fr")
    expect(page.locator("h1")).to_have_text("Pointage à l’entrée")
    for panel in page.locator("details.checkin-panel").all():
        panel.locator("summary").click()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert run_axe(page) == []


def y4m_of(png: bytes, path) -> None:
    """A few seconds of video showing `png` (what Chromium's fake camera plays)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    side = 480
    frame = Image.new("L", (side, side), 255)
    frame.paste(image.resize((360, 360)), (60, 60))
    luma = frame.tobytes()
    chroma = bytes([128]) * ((side // 2) * (side // 2))
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{side} H{side} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            video.write(b"FRAME\n" + luma + chroma + chroma)


def test_the_phone_camera_reads_a_qr_code(browser, live_server, officer, session, tmp_path):
    """Chromium's fake camera plays a video of Babacar's QR code: the page checks him in."""
    babacar = Registration.objects.get(name="Babacar Ndiaye")
    video = tmp_path / "qr.y4m"
    y4m_of(qr_png(checkin_code(babacar)), video)
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(
            base_url=live_server.url, viewport={"width": 390, "height": 844}
        )
        context.grant_permissions(["camera"], origin=live_server.url)
        page = context.new_page()
        open_checkin(page, officer, session)
        page.locator("#checkin-code-panel summary").click()
        page.click("#checkin-camera")
        expect(row(page, "Babacar Ndiaye")).to_contain_text("Arrived at", timeout=15_000)
        assert arrived("Babacar Ndiaye")
        expect(page.locator("#checkin-camera")).to_have_text("Stop the camera")
        page.click("#checkin-camera")
        expect(page.locator("#checkin-video")).to_be_hidden()
    finally:
        camera_browser.close()


def test_an_empty_session_says_nobody_is_registered_until_a_search_finds_nobody(page, officer):
    empty = SessionFactory(capacity=3, event__title_en="Nobody yet")
    open_checkin(page, officer, empty)
    expect(page.locator("#checkin-empty")).to_have_text(
        "Nobody is registered for this session yet."
    )
    page.fill("#checkin-q", "zz")
    expect(page.locator("#checkin-empty")).to_have_text("Nobody matches this search.")
    page.fill("#checkin-q", "")
    expect(page.locator("#checkin-empty")).to_have_text(
        "Nobody is registered for this session yet."
    )
