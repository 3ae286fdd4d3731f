"""`newsloom serve`: a REST API under /api and server-rendered pages, over one store."""
