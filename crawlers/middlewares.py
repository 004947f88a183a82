"""Downloader middleware: retries on 5xx and timeouts with exponential backoff.

Scrapy's RetryMiddleware re-schedules a failed request at once, which hammers a struggling
server. Here retry n (1 for the first) waits PHARMANEWS_RETRY_BACKOFF_BASE * 2**n seconds,
capped at PHARMANEWS_RETRY_BACKOFF_MAX, before the retry request goes back to the scheduler.
The wait is a non-blocking sleep on the event loop: the download slot is already free by the
time process_response/process_exception run, so other requests keep flowing meanwhile.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

__all__ = ["BackoffRetryMiddleware", "backoff_delay"]


def backoff_delay(retry: int, base: float, cap: float) -> float:
    """Seconds to wait before retry number `retry` (1-based): base * 2**retry, at most `cap`."""
    if retry <= 0 or base <= 0:
        return 0.0
    return min(cap, base * 2 ** min(retry, 30))


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware (same settings and meta keys) that waits longer before each retry."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("PHARMANEWS_RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("PHARMANEWS_RETRY_BACKOFF_MAX", 60.0)

    async def _wait_then(self, retry: Request | None) -> Request | None:
        if retry is not None:
            delay = backoff_delay(retry.meta.get("retry_times", 1), self.base, self.cap)
            if delay > 0:
                await sleep(delay)
        return retry

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = await self._wait_then(self._retry(request, response_status_message(response.status)))
        return retry or response

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:  # type: ignore[override]
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        return await self._wait_then(self._retry(request, exception))
