class ServiceError(Exception):
    """A business rule said no. ``message`` is Thai and written for the person who acted;
    views show it as an error message and keep what the user entered."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
