"""Command line of the ETL: `python -m etl build`, `diff`, `check-seed` and `sjabloon`.

Errors are printed in one line; exit codes are documented in README.md (see etl.errors).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import config
from etl.errors import EXIT_OK, EXIT_USAGE, EtlError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Wijkmonitor ETL")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the warehouse from the data directory")
    build.add_argument(
        "--extracts",
        type=Path,
        default=config.DATA_DIR,
        help="data directory with meta/, cbs/ and extracts/ (default: %(default)s)",
    )
    build.add_argument(
        "--out",
        type=Path,
        default=config.WAREHOUSE_PATH,
        help="warehouse file to (re)place (default: %(default)s)",
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 4) and keep the old warehouse when any row is rejected, or when published "
        "figures change or disappear for an indicator not acknowledged",
    )
    build.add_argument(
        "--erken",
        default="",
        metavar="INDICATOR[,...]",
        help="acknowledge changed or removed published figures of these indicators (with --strict)",
    )
    diff = sub.add_parser("diff", help="figures added, changed and removed between two warehouses")
    diff.add_argument("old", type=Path, help="the published (older) warehouse")
    diff.add_argument("new", type=Path, help="the new warehouse")
    build.add_argument("--quiet", action="store_true", help="print errors only")
    check = sub.add_parser("check-seed", help="find every loaded monitor value in the monitor text")
    check.add_argument("--warehouse", type=Path, default=config.WAREHOUSE_PATH)
    check.add_argument("--seed", type=Path, required=True, help="the monitor as text")
    sjabloon = sub.add_parser("sjabloon", help="an Excel template for one indicator's wijk figures")
    sjabloon.add_argument("indicator", help="indicator code, e.g. volw_ernstig_eenzaam")
    sjabloon.add_argument("--out", type=Path, default=None,
                          help="the .xlsx to write; its .toml goes next to it "
                               "(default: ./sjabloon_<indicator>.xlsx)")
    sjabloon.add_argument("--indeling", default=None,
                          help="wijk division (default: the newest, e.g. wijk2024)")
    sjabloon.add_argument("--jaren", default=None,
                          help="years, comma-separated, e.g. 2023,2024 (default: the latest 3 with figures)")
    sjabloon.add_argument("--warehouse", type=Path, default=config.WAREHOUSE_PATH,
                          help="the built warehouse to take wijken and years from (default: %(default)s)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK

    try:
        if args.command == "build":
            from etl.build import build_warehouse

            erken = [code.strip() for code in args.erken.split(",") if code.strip()]
            build_warehouse(args.extracts, args.out, strict=args.strict, quiet=args.quiet, erken=erken)
            return EXIT_OK
        if args.command == "diff":
            from etl.diff import diff_files, format_diff

            for line in format_diff(diff_files(args.old, args.new), str(args.old), str(args.new)):
                print(line)
            return EXIT_OK
        if args.command == "sjabloon":
            from etl.sjabloon import lees_jaren, schrijf_sjabloon

            jaren = lees_jaren(args.jaren) if args.jaren is not None else None
            xlsx, toml = schrijf_sjabloon(args.warehouse, args.indicator, args.out, args.indeling, jaren)
            print(f"{xlsx}\n{toml}")
            return EXIT_OK
        from etl.check_seed import check_seed

        missing = check_seed(args.warehouse, args.seed)
        for line in missing:
            print(line)
        print(f"{len(missing)} waarde(n) niet in de tekst gevonden", file=sys.stderr)
        return EXIT_OK if not missing else 1
    except EtlError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
