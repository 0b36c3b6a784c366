"""kitgen serve: the local web app (see kitgen.web.app)."""
