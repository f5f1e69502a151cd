"""Component ids, defined once."""

URL = "url"
URL_SEARCH = "url-search"  # a page's choices as '?lang=..&..'; written into the address bar
URL_WRITTEN = "url-search-written"

REGION_CONTEXT = "regio-context"
REGION_LANG = "regio-taal"
MAP = "kaart"
MAP_INDICATOR = "kaart-indicator"
MAP_KIND = "kaart-soort"
MAP_TABLE = "kaart-tabel"

AREA_CONTEXT = "gemeente-context"
AREA_LANG = "gemeente-taal"
AREA_INDICATOR = "gemeente-indicator"
TREND = "trend"
TREND_TABLE = "trend-tabel"
COMPARISON = "vergelijking"
COMPARISON_TABLE = "vergelijking-tabel"
