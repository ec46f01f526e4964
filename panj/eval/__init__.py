"""`panj eval ...`: each module in this package registers one subcommand on `eval_app`."""
import typer

eval_app = typer.Typer(help="Score panj against gold sets and public benchmarks.", no_args_is_help=True)

EVAL_MODULES = ("gold", "plover", "timeml", "geo", "factuality", "ecbplus")
