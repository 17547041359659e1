"""How dates and times are written, one way per language (settings.FORMAT_MODULE_PATH).

Pages, e-mails, messages and the console write a day as DATE_FORMAT and a moment as
DATETIME_FORMAT (templates: ``{{ day|date:"DATE_FORMAT" }}``, code:
``date_format(localtime(moment), "DATETIME_FORMAT")``); the SHORT_ names are the same formats.
Machine-read places keep ISO 8601: ``<time datetime>``, the API, feeds' timestamps and CSV
files (docs/conventions.md).
"""
