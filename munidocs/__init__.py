"""munidocs: Danish municipal PDFs into datasets people can query and check."""
