"""The preparation meeting and its minutes (รายงานการประชุม, seed 003): services, forms, views,
urls and the document's content. Its models are ``reports.models.minutes``."""
