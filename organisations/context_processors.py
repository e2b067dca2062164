def tenancy(request):
    """The current organisation and the visitor's membership of it, for every template."""
    return {
        "organisation": getattr(request, "organisation", None),
        "membership": getattr(request, "membership", None),
    }
