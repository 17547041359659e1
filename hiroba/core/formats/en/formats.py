# 6 Dec 2026 and 6 Dec 2026, 14:05: the month in letters, so that no reader takes 06/12 for
# June 12; the 24-hour clock, as the community's Japanese pages use.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
