"""Content files → plain records: articles (Markdown + YAML front matter) and registry YAML."""
