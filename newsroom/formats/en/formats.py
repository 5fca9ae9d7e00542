# Date formats for English pages.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y, H:i"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
