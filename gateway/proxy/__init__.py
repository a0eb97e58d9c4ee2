"""The HTTP side: identity, upstream client, API shapes, SSE relay, and the request path."""
