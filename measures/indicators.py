"""The ten ITA indicators: reference data from measures/data/ita_indicators.tsv (a copy of
shared/data). Loaded by a data migration and again by load_demo, because test runs that
flush the database (transactional tests) remove what migrations inserted."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "ita_indicators.tsv"


def load_indicators(indicator_model) -> None:
    """Create or update the indicators; ``indicator_model`` is the model class (the
    historical one inside a migration)."""
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            indicator_model.objects.update_or_create(
                number=int(row["number"]),
                defaults={"instrument": row["instrument"], "title": row["title_th"]},
            )
