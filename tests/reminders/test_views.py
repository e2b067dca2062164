"""The notification centre of the top bar and the reminder settings page."""

import datetime as dt

from django_scopes import scopes_disabled

from reminders import services
from reminders.enums import Channel
from reminders.models import ReminderPreference, ReminderSettings
from reports.models import Notification


def _unread(user) -> list[Notification]:
    with scopes_disabled():
        return list(Notification.objects.filter(recipient=user, read_at=None))


def test_the_top_bar_counts_unread_and_get_never_marks_read(client_of, staff_palad):
    unread = _unread(staff_palad)
    assert unread  # the demo's reminders
    client = client_of(staff_palad)
    page = client.get("/o/nathon/").content.decode()
    assert f'การแจ้งเตือน <span class="badge rounded-pill text-bg-warning">{len(unread)}' in page
    listing = client.get("/o/nathon/notifications/").content.decode()
    assert unread[0].text in listing
    assert client.get(f"/o/nathon/notifications/{unread[0].pk}/read/").status_code == 405
    assert len(_unread(staff_palad)) == len(unread)


def test_opening_a_notification_marks_it_read_and_goes_to_the_page(client_of, staff_palad):
    note = _unread(staff_palad)[0]
    response = client_of(staff_palad).post(f"/o/nathon/notifications/{note.pk}/read/")
    assert response.status_code == 302
    assert response["Location"] == note.url
    assert note.pk not in [n.pk for n in _unread(staff_palad)]


def test_someone_elses_notification_answers_404(client_of, staff_palad, staff_klang):
    note = _unread(staff_palad)[0]
    assert (
        client_of(staff_klang).post(f"/o/nathon/notifications/{note.pk}/read/").status_code == 404
    )
    assert note.pk in [n.pk for n in _unread(staff_palad)]


def test_mark_all_read(client_of, staff_palad):
    client_of(staff_palad).post("/o/nathon/notifications/read-all/")
    assert _unread(staff_palad) == []


def test_notifications_older_than_a_year_are_removed(nathon, staff_palad):
    with scopes_disabled():
        old = Notification.objects.filter(recipient=staff_palad).first()
        Notification.objects.filter(pk=old.pk).update(
            created_at=old.created_at - dt.timedelta(days=400)
        )
        services.reminders_send(day=dt.date(2031, 11, 5), organisation_ids=[nathon.pk])
        assert not Notification.objects.filter(pk=old.pk).exists()


def test_a_person_chooses_channels_but_cannot_switch_off_their_own_approvals(
    client_of, staff_palad, approvers
):
    response = client_of(staff_palad).post("/o/nathon/reminders/", {"kind_due": "portal"})
    assert response.status_code == 302
    with scopes_disabled():
        assert ReminderPreference.objects.get(user=staff_palad).channel == Channel.PORTAL
    client = client_of(approvers[0])
    page = client.get("/o/nathon/reminders/").content.decode()
    assert "ปิดไม่ได้ เพราะเป็นเรื่องที่รอการตัดสินใจของท่าน" in page
    assert 'value="off"' not in page
    assert client.post("/o/nathon/reminders/", {"kind_approval": "off"}).status_code == 400


def test_the_coordinator_sets_the_lead_times(client_of, coordinator, staff_palad, nathon):
    data = {"action": "leads", "lead_days_far": 21, "lead_days_near": 7, "waiting_days": 2}
    assert client_of(staff_palad).post("/o/nathon/reminders/organisation/", data).status_code == 403
    assert client_of(coordinator).post("/o/nathon/reminders/organisation/", data).status_code == 302
    with scopes_disabled():
        row = ReminderSettings.objects.get(organisation=nathon)
    assert (row.lead_days_far, row.lead_days_near, row.waiting_days) == (21, 7, 2)
    bad = {**data, "lead_days_near": 30}
    response = client_of(coordinator).post("/o/nathon/reminders/organisation/", bad)
    assert response.status_code == 400
    assert "วันเตือนครั้งที่สองต้องน้อยกว่าครั้งแรก" in response.content.decode()
