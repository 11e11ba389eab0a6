"""Schemathesis hooks: what the OpenAPI document cannot say about gongbao's parameters.

Two rules relate parameters, which OpenAPI cannot express: a date range whose start is after its
end, and a page beyond the first `max_result_window` results, are refused with 400
`invalid_parameter` (the document says so in words). The generator is told here not to count
such requests as valid data.
"""

import schemathesis

RANGES = (
    ("written_from", "written_to"),
    ("published_from", "published_to"),
    ("effective_from", "effective_to"),
)

# `max_result_window` of the server's defaults: page × page_size beyond it is refused.
MAX_RESULT_WINDOW = 1000


def ranges_in_order(query):
    """Whether no date range of the query ends before it starts."""
    for start, end in RANGES:
        first, last = query.get(start), query.get(end)
        if isinstance(first, str) and isinstance(last, str) and first and last and first > last:
            return False
    return True


def within_the_result_window(query):
    """Whether the page asked for ends within the first MAX_RESULT_WINDOW results."""
    try:
        page = int(query.get("page", 1) or 1)
        size = int(query.get("page_size", 20) or 20)
    except (TypeError, ValueError):
        return True
    return page * size <= MAX_RESULT_WINDOW


@schemathesis.hook
def filter_case(ctx, case):
    """Keeps generated requests whose query string both rules allow (in every phase)."""
    query = case.query
    if not query:
        return True
    return ranges_in_order(query) and within_the_result_window(query)
