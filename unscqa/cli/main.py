"""`unscqa` console command: one module per subcommand, shared flags that override settings."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from unscqa.settings import Settings

COMMANDS = {
    "setup": "unscqa.cli.setup_cmd",
    "ingest": "unscqa.cli.ingest_cmd",
    "docs": "unscqa.cli.docs_cmd",
    "show": "unscqa.cli.show_cmd",
    "search": "unscqa.cli.search_cmd",
    "ask": "unscqa.cli.ask_cmd",
    "eval": "unscqa.cli.eval_cmd",
    "serve": "unscqa.cli.serve_cmd",
    "users": "unscqa.cli.users_cmd",
}


def common_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("settings (also UNSCQA_* environment variables)")
    group.add_argument("--data-dir", help="where the store and indexes live (UNSCQA_DATA_DIR, default ./data)")
    group.add_argument("--models-dir", help="assembled models (UNSCQA_MODELS_DIR, default ~/.cache/unscqa/models)")
    group.add_argument("--chroma-mode", choices=["persistent", "http"], help="UNSCQA_CHROMA_MODE")
    group.add_argument("--chroma-host", help="UNSCQA_CHROMA_HOST")
    group.add_argument("--chroma-port", type=int, help="UNSCQA_CHROMA_PORT")
    group.add_argument("--embedding-backend", choices=["auto", "bf16", "int8", "fp32", "hashing"],
                       help="UNSCQA_EMBEDDING_BACKEND (hashing: model-free, for tests)")
    group.add_argument("--reranker-model", help="local cross-encoder folder that reranks retrieved paragraphs "
                       "(UNSCQA_RERANKER_MODEL; default: no reranking)")
    return parent


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {name: getattr(args, name, None)
                 for name in ("data_dir", "models_dir", "chroma_mode", "chroma_host", "chroma_port",
                              "embedding_backend", "reranker_model")}
    from pathlib import Path

    for name in ("data_dir", "models_dir"):
        value = overrides[name]
        if value is not None:
            overrides[name] = Path(value)
    return Settings.load(**overrides)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="unscqa", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parent = common_options()
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, parents=[parent], help=module.HELP, description=module.__doc__)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args, settings_from(args)))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # one clear line for expected failures; a traceback with UNSCQA_DEBUG=1
        import os

        if os.environ.get("UNSCQA_DEBUG"):
            raise
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
