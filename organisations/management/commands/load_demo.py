from django.core.management.base import BaseCommand

from oit_checklist.demo import load_oit_demo
from organisations.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo organisations (นาทอน, นาออก) and users; safe to run again."

    def handle(self, *args, **options):
        rows = load_demo()
        load_oit_demo()  # the FY2566 OIT framework and นาทอน's checklist
        width = max(len(username) for username, _ in rows)
        self.stdout.write(f"Demo users (password: {DEMO_PASSWORD}):")
        for username, description in rows:
            self.stdout.write(f"  {username.ljust(width)}  {description}")
