"""`ordersupport report --since --until [--format html|json|csv] [--output FILE]`: the outcome
report (`core.outcomes.report`) of episodes started in the period, as of now."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from core.outcomes.render import render
from core.outcomes.report import build_report, parse_moment, period
from core.services import Services

FORMATS = ("html", "json", "csv")
__all__ = ["FORMATS", "add_parser", "parse_moment", "period", "report_command"]


async def report_command(services: Services, args: argparse.Namespace) -> int:
    settings = services.settings
    try:
        start, end = period(args.since, args.until, settings.default_timezone)
    except ValueError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    report = await build_report(services.outcomes, start, end)
    text = render(report, args.format, shop=settings.shop_name)
    if args.output:
        await asyncio.to_thread(Path(args.output).write_text, text, encoding="utf-8")
        print(f"report written to {args.output}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    parser: argparse.ArgumentParser = sub.add_parser(
        "report", help="outcomes: resolution, satisfaction, ROI"
    )
    parser.add_argument(
        "--since", help="ISO date or date-time (shop's time zone); default 7 days ago"
    )
    parser.add_argument("--until", help="ISO date or date-time, exclusive; default now")
    parser.add_argument("--format", choices=FORMATS, default="html")
    parser.add_argument("--output", "-o", help="write to this file instead of standard output")
    return parser
