"""The demo's นาทอน for a module-scoped fixture: the demo loaded once (without its PDFs), the
block run inside นาทอน's scope, and everything it wrote rolled back afterwards."""

from contextlib import contextmanager

from django.db import transaction
from django_scopes import scope, scopes_disabled

from ita_portal.demo import load_all_demo
from organisations.models import Organisation, User


@contextmanager
def nathon_rolled_back(django_db_blocker):
    """Yields (organisation, coordinator) of นาทอน; what the block writes is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        with scopes_disabled():
            if not Organisation.objects.filter(slug="nathon").exists():
                load_all_demo(render_pdfs=False)
        org = Organisation.objects.get(slug="nathon")
        with scope(organisation=org):
            yield org, User.objects.get(username="nathon_coordinator")
        transaction.set_rollback(True)
