"""The team's web pages: browse, search and review developments by report section."""
