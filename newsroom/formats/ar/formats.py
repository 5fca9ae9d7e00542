# Date formats for Arabic pages (Django's own Arabic formats have no time of day).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y، H:i"
SHORT_DATETIME_FORMAT = "j F Y، H:i"
