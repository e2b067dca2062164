"""Settings package: ``base`` holds what every environment shares; ``dev`` (the default of
``manage.py``), ``test`` and ``prod`` add what differs. Everything that varies between
deployments is read from the environment through :mod:`ita_portal.settings.env`."""
