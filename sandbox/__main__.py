"""``python -m sandbox [--port P] [--pages-per-portal N] [--latency-ms N] [--seed S] [--hostile]
[--reposts R]``."""

from __future__ import annotations

import argparse

from sandbox.runner import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox", description="Serve the vnarchive sandbox portals."
    )
    parser.add_argument("--port", type=int, default=8800, help="port on 127.0.0.1 (0: any)")
    parser.add_argument("--pages-per-portal", type=int, default=12, help="articles per portal")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay added to each response")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated content")
    parser.add_argument(
        "--hostile", action="store_true", help="also serve the hostile portal (issue 15)"
    )
    parser.add_argument(
        "--reposts",
        type=float,
        default=0.0,
        help="share of district and commune articles that republish a provincial one (0-1)",
    )
    args = parser.parse_args(argv)
    if not 0 <= args.reposts <= 1:
        parser.error("--reposts must be between 0 and 1")
    serve(
        port=args.port,
        pages_per_portal=args.pages_per_portal,
        latency_ms=args.latency_ms,
        seed=args.seed,
        hostile=args.hostile,
        reposts=args.reposts,
    )


if __name__ == "__main__":
    main()
