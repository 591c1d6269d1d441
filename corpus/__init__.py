"""The embedded default corpus: seed PDFs, their seed texts, and the sources manifest."""
