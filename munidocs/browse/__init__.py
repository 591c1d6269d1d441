"""Reading an output folder: safe SQL (`safesql`), its output formats (`formats`), and the web
view: the SQLite copy with full-text search (`sqlite_copy`), Datasette's metadata
(`datasette_meta`), the server and its plugin (`web`), and page pictures (`pictures`).
"""
