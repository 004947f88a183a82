"""The spiders of pharmanews: a single config-driven NewsSpider serves every source."""
