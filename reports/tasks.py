"""Background work of reports: publishing (renders the final PDF) and notification e-mails."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5


@task()
def publish_report(report_id: int, user_id: int | None = None, ip: str | None = None) -> str:
    from reports import services
    from reports.models import Report

    with scopes_disabled():
        report = Report.objects.select_related("organisation").get(pk=report_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    with scope(organisation=report.organisation):
        report = services.report_publish(report=report, user=user, ip=ip)
    return report.pdf_sha256


@task()
def send_notification_email(notification_id: int, attempt: int = 1) -> str:
    """Send one notification by e-mail. A failure is logged and retried later with a growing
    delay; the decision that caused it stands whatever happens here."""
    from reports.models import Notification

    with scopes_disabled():
        notification = (
            Notification.objects.select_related("recipient", "report", "organisation")
            .filter(pk=notification_id)
            .first()
        )
    if notification is None or not notification.recipient.email:
        return "no address"
    report = notification.report
    link = f"{settings.PORTAL_URL}/o/{notification.organisation.slug}/reports/{report.pk}/"
    try:
        send_mail(
            subject=f"[ITA Portal] {notification.text}"[:200],
            message=f"{notification.text}\n\nเปิดรายงาน: {link}\n",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception:  # any failure of the mail server: log, retry, never lose the decision
        logger.exception("sending notification %s failed (attempt %s)", notification_id, attempt)
        if attempt < MAX_EMAIL_ATTEMPTS:
            delay = dt.timedelta(minutes=2**attempt)
            send_notification_email.using(run_after=timezone.now() + delay).enqueue(
                notification_id=notification_id, attempt=attempt + 1
            )
        return "failed"
    return "sent"


@task()
def render_preview(
    organisation_id: int,
    *,
    report_id: int | None = None,
    year: int | None = None,
    kind: str | None = None,
    round_: int | None = None,
    drafter_id: int | None = None,
) -> str:
    """Render a staff PDF preview (``reports.documents.previews``): of a saved report, or of a
    document kind of live data drafted by ``drafter_id``. Returns the storage name."""
    from organisations.models import FiscalYear, Organisation
    from reports.documents import kinds as documents
    from reports.documents import previews
    from reports.models import Report

    with scopes_disabled():
        organisation = Organisation.objects.get(pk=organisation_id)
    with scope(organisation=organisation):
        if report_id is not None:
            document = previews.of_report(Report.objects.get(pk=report_id))
        else:
            report = documents.transient_report(
                organisation=organisation,
                fiscal_year=FiscalYear.objects.get(year=year),
                kind=kind,
                round_=round_,
                drafter=get_user_model().objects.get(pk=drafter_id),
            )
            document = previews.of_draft(report, kind)
        return previews.render_and_store(document)


@task()
def render_eit_poster(organisation_id: int) -> str:
    """Render the public EIT poster of an organisation (``reports.documents.previews.Poster``).
    Returns the storage name, or "" when the organisation no longer has a survey URL."""
    from organisations.models import Organisation
    from reports.documents import previews

    with scopes_disabled():
        organisation = Organisation.objects.get(pk=organisation_id)
    if not organisation.eit_survey_url:
        return ""
    return previews.render_and_store(previews.Poster(organisation))
