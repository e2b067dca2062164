from django.core.management.base import BaseCommand

from ita_portal.demo import load_all_demo
from organisations.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo organisations (นาทอน, นาออก), users and plans; safe to run again."

    def handle(self, *args, **options):
        rows = load_all_demo()
        width = max(len(username) for username, _ in rows)
        self.stdout.write(f"Demo users (password: {DEMO_PASSWORD}):")
        for username, description in rows:
            self.stdout.write(f"  {username.ljust(width)}  {description}")
