"""The desk as one Bolt app, built from settings, and served on aiohttp at `POST /slack/events`
(events, interactivity and slash commands share the URL) and `GET /files/{token}/{name}`.

`register(app, slack)` plugs the same middlewares and listeners into any `AsyncApp` (a shop's
own Bolt app)."""

from __future__ import annotations

from dataclasses import dataclass

import structlog
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.config import SlackConfig
from adapters.slack.desk import SlackDesk
from adapters.slack.files import FILES_PATH, SlackFiles, serve_file
from adapters.slack.listeners import add_listeners
from adapters.slack.middleware import once, staff_only
from adapters.slack.shape import malformed, signed_by_slack
from adapters.slack.threads import StaffThreads
from core.keys import KeyStore
from core.settings import Settings
from core.staff import StaffActions

log = structlog.get_logger(__name__)

PATH = "/slack/events"
DEFAULT_API_BASE = "https://slack.com/api/"
STAMP_HEADER = "X-Slack-Request-Timestamp"
SIGNATURE_HEADER = "X-Slack-Signature"


@dataclass(frozen=True)
class Slack:
    desk: SlackDesk
    threads: StaffThreads
    files: SlackFiles
    bot_token: str
    signing_secret: str
    api_base: str


def build(
    settings: Settings,
    staff: StaffActions,
    keys: KeyStore,
    *,
    channels: dict[str, str] | None = None,
) -> Slack | None:
    """The desk of these settings over the core's staff actions (and a key store for file
    links, relayed messages and Slack's retries), or None when the bot token or signing secret
    is unset."""
    slack = settings.slack
    if slack.bot_token is None or slack.signing_secret is None:
        return None
    token, secret = slack.bot_token.get_secret_value(), slack.signing_secret.get_secret_value()
    if not token or not secret:
        return None
    base = slack.api_base or DEFAULT_API_BASE
    client = AsyncWebClient(token=token, base_url=base.rstrip("/") + "/")
    config = SlackConfig.from_settings(settings, channels)
    desk = SlackDesk(client, config, staff, keys)
    files = SlackFiles(client, keys, config.public_url, config.file_link_seconds)
    return Slack(desk, StaffThreads(desk, files), files, token, secret, base)


def register(app: AsyncApp, slack: Slack) -> None:
    """The desk's middlewares (once per event, staff only) and listeners on `app`."""
    app.middleware(once(slack.desk.keys))
    app.middleware(staff_only(slack.desk.config, slack.desk, slack.threads))
    add_listeners(app, slack.desk, slack.threads)


DESK_KEY = web.AppKey("slack_desk", SlackDesk)
APP_KEY = web.AppKey("slack_app", AsyncApp)


def mount(web_app: web.Application, slack: Slack) -> AsyncApp:
    """Serve the desk at `POST /slack/events` and its file links at `GET /files/...`."""
    app = AsyncApp(
        client=slack.desk.client, signing_secret=slack.signing_secret, process_before_response=True
    )
    register(app, slack)
    web_app[DESK_KEY] = slack.desk
    web_app[APP_KEY] = app

    async def events(request: web.Request) -> web.Response:
        body = await request.read()
        headers = request.headers
        stamp, signature = headers.get(STAMP_HEADER), headers.get(SIGNATURE_HEADER)
        if not signed_by_slack(slack.signing_secret, body, stamp, signature):
            return web.json_response({"error": "invalid request"}, status=401)
        problem = malformed(body, request.content_type)
        if problem is not None:
            log.warning("slack_request_malformed", problem=problem[:200])
            return web.json_response({"error": problem}, status=400)
        answer = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(answer)

    async def file(request: web.Request) -> web.StreamResponse:
        return await serve_file(request, slack.files, slack.bot_token, slack.api_base)

    web_app.router.add_post(PATH, events)
    web_app.router.add_get(FILES_PATH, file)
    log.info("slack_mounted", path=PATH, channels=len(slack.desk.config.channels))
    return app
