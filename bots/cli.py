"""The `ordersupport` command line: one sub-command per process or maintenance job."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from bots.root import build_root
from core.logs import configure_logging, secrets_of
from core.services import PolicyMissing, Services
from core.settings import Settings, get_settings
from core.storage.database import SchemaOutOfDate


def _with_services(job: Callable[[Services], Awaitable[int]]) -> int:
    """Run one job on the process's services, built by the composition root like `serve`'s."""

    async def run() -> int:
        root = await build_root(get_settings())
        try:
            return await job(root.services)
        finally:
            await root.aclose()

    return asyncio.run(run())


def cmd_serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from bots.serve import create_app

    settings = get_settings()
    host = args.host or settings.host
    port = args.port or settings.port
    print(f"order support: http://{host}:{port}/", flush=True)
    web.run_app(create_app(settings), host=host, port=port, print=None)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from bots.worker import run_worker, show_dead_letters

    if args.dead_letters:
        return asyncio.run(show_dead_letters(get_settings(), requeue=args.requeue))
    return asyncio.run(run_worker(get_settings(), once=args.once))


def cmd_shop_import(args: argparse.Namespace) -> int:
    from bots.shop import import_file

    async def job(services: Services) -> int:
        try:
            count = await import_file(services, Path(args.file))
        except (OSError, ValueError) as exc:
            print(f"import rejected, nothing imported: {exc}", file=sys.stderr)
            return 1
        print(f"imported {count} orders")
        return 0

    return _with_services(job)


def cmd_shop_demo(_: argparse.Namespace) -> int:
    from bots.shop import seed_demo

    async def job(services: Services) -> int:
        print(f"demo shop seeded: {await seed_demo(services)} orders")
        return 0

    return _with_services(job)


def cmd_shop_sync(args: argparse.Namespace) -> int:
    from bots.sync import run_sync

    async def job(services: Services) -> int:
        return await run_sync(services, args.source, full=args.full)

    return _with_services(job)


def cmd_events_replay(args: argparse.Namespace) -> int:
    from datetime import datetime

    from bots.sync import replay_events

    async def job(services: Services) -> int:
        queued, delivered = await replay_events(
            services.events,
            event_ids=args.event or None,
            endpoint=args.endpoint,
            kind=args.kind,
            since=datetime.fromisoformat(args.since) if args.since else None,
            include_failed=args.include_failed,
        )
        print(f"queued {queued} deliveries again, {delivered} delivered now")
        return 0

    return _with_services(job)


def cmd_nlu_parse(_: argparse.Namespace) -> int:
    from core.understanding.cli import parse_command

    return parse_command(sys.stdin, sys.stdout)


def cmd_nlu_train(args: argparse.Namespace) -> int:
    from core.understanding.cli import train_command

    return train_command(args.without)


def cmd_telegram_poll(args: argparse.Namespace) -> int:
    from bots.telegram import run_polling

    return run_polling(get_settings(), replace_webhook=args.replace_webhook)


def cmd_telegram_set_webhook(args: argparse.Namespace) -> int:
    from bots.telegram import set_webhook

    return set_webhook(get_settings(), args.url)


def cmd_link_telegram(args: argparse.Namespace) -> int:
    from bots.telegram import issue_link

    try:
        print(issue_link(get_settings(), args.customer))
    except ValueError as exc:
        print(f"cannot issue a link: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from core.audit import AuditHead, audit_head_file, newest_exported_head

    head = AuditHead.model_validate_json(Path(args.head).read_text()) if args.head else None

    async def job(services: Services) -> int:
        anchor = head or await newest_exported_head(audit_head_file(services.settings))
        verdict = await services.audit.verify(anchor)
        if verdict.ok:
            print(f"audit log intact: {verdict.count} entries")
            return 0
        print(
            f"audit log broken at entry {verdict.first_bad_id}: {verdict.reason}"
            + (f" ({verdict.detail})" if verdict.detail else ""),
            file=sys.stderr,
        )
        return 1

    return _with_services(job)


def cmd_audit_export(args: argparse.Namespace) -> int:
    async def job(services: Services) -> int:
        head = (await services.audit.export_head()).model_dump_json()
        if args.file:
            await asyncio.to_thread(Path(args.file).write_text, head + "\n", encoding="utf-8")
        print(head)
        return 0

    return _with_services(job)


def cmd_privacy_export(args: argparse.Namespace) -> int:
    import json

    from core.privacy import export_customer

    async def job(services: Services) -> int:
        data = await export_customer(services, args.customer)
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return 0

    return _with_services(job)


def cmd_privacy_erase(args: argparse.Namespace) -> int:
    from core.privacy import erase_customer

    async def run() -> int:
        root = await build_root(get_settings())
        try:
            refresh = root.slack.desk.refresh_card if root.slack is not None else None
            summary = await erase_customer(root.services, args.customer, refresh=refresh)
            print(summary.model_dump_json(indent=2))
            return 0 if summary.scan is None or summary.scan.total == 0 else 1
        finally:
            await root.aclose()

    return asyncio.run(run())


def cmd_privacy_scan(args: argparse.Namespace) -> int:
    from core.privacy import scan_for_customer

    async def job(services: Services) -> int:
        report = await scan_for_customer(services, args.customer)
        print(report.model_dump_json(indent=2))
        return 0 if report.total == 0 else 1

    return _with_services(job)


def cmd_report(args: argparse.Namespace) -> int:
    from bots.report import report_command

    return _with_services(lambda services: report_command(services, args))


def cmd_db_upgrade(_: argparse.Namespace) -> int:
    from core.storage.database import create_engine, migrate, schema_revision

    async def run() -> int:
        db = create_engine(get_settings().database_url)
        try:
            await migrate(db)
            print(f"database schema is up to date: revision {await schema_revision(db)}")
        finally:
            await db.dispose()
        return 0

    return asyncio.run(run())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ordersupport", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="web process: chat page, chat API, webhooks, REST API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="background jobs")
    worker.add_argument("--once", action="store_true", help="process what is due, then exit")
    worker.add_argument("--dead-letters", action="store_true", help="list events that failed")
    worker.add_argument("--requeue", metavar="ID", help="with --dead-letters: queue one again")
    worker.set_defaults(func=cmd_worker)

    shop = sub.add_parser("shop", help="orders in the embedded shop").add_subparsers(
        dest="shop_command", required=True
    )
    imp = shop.add_parser("import", help="import a JSON list of canonical orders")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_shop_import)
    shop.add_parser("demo", help="reseed the demo shop").set_defaults(func=cmd_shop_demo)
    sync = shop.add_parser("sync", help="backfill, then follow changes of a source by cursor")
    sync.add_argument("source", help="shopify, woocommerce or a configured REST source's name")
    sync.add_argument("--full", action="store_true", help="ignore the cursor: backfill again")
    sync.set_defaults(func=cmd_shop_sync)

    events = sub.add_parser("events", help="signed webhooks to ERP/WMS/CRM").add_subparsers(
        dest="events_command", required=True
    )
    replay = events.add_parser("replay", help="send failed deliveries again")
    replay.add_argument("--event", action="append", help="an event id (repeatable)")
    replay.add_argument("--endpoint")
    replay.add_argument("--kind")
    replay.add_argument("--since", help="ISO 8601 time")
    replay.add_argument("--include-failed", action="store_true", help="also those still retrying")
    replay.set_defaults(func=cmd_events_replay)

    nlu = sub.add_parser("nlu", help="understanding").add_subparsers(
        dest="nlu_command", required=True
    )
    nlu.add_parser("parse", help="one message a line in, one JSON object a line out").set_defaults(
        func=cmd_nlu_parse
    )
    train = nlu.add_parser("train", help="rebuild the intent model")
    train.add_argument(
        "--without",
        nargs="+",
        default=[],
        metavar="FILE",
        help="development sets to leave out (file names under core/data/nlu/dev/), to measure on",
    )
    train.set_defaults(func=cmd_nlu_train)

    telegram = sub.add_parser("telegram", help="Telegram bot").add_subparsers(
        dest="telegram_command", required=True
    )
    poll = telegram.add_parser("poll", help="long polling, for development")
    poll.add_argument("--replace-webhook", action="store_true", help="delete a webhook first")
    poll.set_defaults(func=cmd_telegram_poll)
    hook = telegram.add_parser("set-webhook", help="register the webhook URL (at deploy time)")
    hook.add_argument("url")
    hook.set_defaults(func=cmd_telegram_set_webhook)

    link = sub.add_parser("link", help="deep links that tie a chat user to a customer")
    link_sub = link.add_subparsers(dest="link_channel", required=True)
    link_tg = link_sub.add_parser("telegram", help="a signed, expiring t.me/...?start= link")
    link_tg.add_argument("--customer", required=True)
    link_tg.set_defaults(func=cmd_link_telegram)

    audit = sub.add_parser("audit", help="audit log").add_subparsers(
        dest="audit_command", required=True
    )
    verify = audit.add_parser(
        "verify", help="check the hash chain; exit 1 naming the first bad entry"
    )
    verify.add_argument(
        "--head",
        help="a head exported earlier (default: the newest the worker exported): also detects "
        "a deleted tail and an edit with recomputed hashes",
    )
    verify.set_defaults(func=cmd_audit_verify)
    export = audit.add_parser("export", help="print (and save) the head hash for anchoring")
    export.add_argument("file", nargs="?")
    export.set_defaults(func=cmd_audit_export)

    privacy = sub.add_parser("privacy", help="PIPL/GDPR requests").add_subparsers(
        dest="privacy_command", required=True
    )
    for name, func, text in (
        ("export", cmd_privacy_export, "everything held about a customer, as JSON"),
        (
            "erase",
            cmd_privacy_erase,
            "erase the customer from every store but the orders, then scan to prove it",
        ),
        (
            "scan",
            cmd_privacy_scan,
            "count records outside the orders still holding the customer's identifiers "
            "(exit 1 when any)",
        ),
    ):
        command = privacy.add_parser(name, help=text)
        command.add_argument("--customer", required=True)
        command.set_defaults(func=func)

    from bots.report import add_parser as add_report

    add_report(sub).set_defaults(func=cmd_report)

    db = sub.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply schema migrations").set_defaults(func=cmd_db_upgrade)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings: Settings = get_settings()
    configure_logging(settings.log_level, settings.log_json, secrets=secrets_of(settings))
    try:
        return int(args.func(args) or 0)
    except (PolicyMissing, SchemaOutOfDate) as refused:  # a start that must not go ahead
        print(f"ordersupport: {refused}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
