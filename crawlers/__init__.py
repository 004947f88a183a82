"""The crawling room: sources registry, one config-driven Scrapy spider, decoding, main text, runs."""
