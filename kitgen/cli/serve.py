"""`kitgen serve`: the local web app for HR partners and trainers."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Optional

import typer

from kitgen.cli.app import app, current_workspace, err, out, user_errors
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _

LOCAL = ("127.0.0.1", "localhost", "::1")


@app.command(help=_("Start the web app on this computer and print its address."))
@user_errors
def serve(ctx: typer.Context,
          host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS",
                                   help=_("Where to listen (default: only this computer).")),
          port: int = typer.Option(8000, "--port", metavar="N", help=_("The port.")),
          workspace_dir: Optional[Path] = typer.Option(
              None, "--workspace", "-w", metavar="DIR",
              help=_("The workspace (a folder with kitgen.toml; default: the nearest one from here)."))) -> None:
    import uvicorn  # the web app's own dependencies, imported when it starts

    from kitgen.web.app import create_app
    from kitgen.workspace import find

    # `kitgen serve --workspace DIR` and `kitgen --workspace DIR serve` are the same
    workspace = find(explicit=workspace_dir) if workspace_dir is not None else current_workspace(ctx)
    if host not in LOCAL:
        err.print(_("warning: kitgen serve listens on {host}: anyone on that network can use it and see "
                    "its orders").format(host=host), markup=False, style="yellow")
    _port_free(host, port)
    shown = f"[{host}]" if ":" in host else host
    out.print(_("kitgen serve: open http://{host}:{port}/ in your browser (Ctrl-C stops it)").format(
        host=shown, port=port), markup=False)
    if workspace.root is not None:
        out.print(_("workspace: {folder}").format(folder=workspace.root), markup=False)
    uvicorn.run(create_app(workspace), host=host, port=port, log_level="warning")


def _port_free(host: str, port: int) -> None:
    """A clear message before uvicorn's log line when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserError(Problem("--port", "", _("cannot listen on {host}:{port} ({reason}); is kitgen serve "
                                                    "already running? Try another port, e.g. --port {other}")
                                    .format(host=host, port=port, reason=exc.strerror or exc,
                                            other=port + 1))) from None
