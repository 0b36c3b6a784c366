"""`kitgen serve`: the local web app for HR partners and trainers."""

from __future__ import annotations

import typer

from kitgen.cli.app import app, current_workspace, err, out, user_errors
from kitgen.i18n.messages import _

LOCAL = ("127.0.0.1", "localhost", "::1")


@app.command(help=_("Start the web app on this computer and print its address."))
@user_errors
def serve(ctx: typer.Context,
          host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS",
                                   help=_("Where to listen (default: only this computer).")),
          port: int = typer.Option(8000, "--port", metavar="N", help=_("The port."))) -> None:
    import uvicorn  # the web app's own dependencies, imported when it starts

    from kitgen.web.app import create_app

    workspace = current_workspace(ctx)
    if host not in LOCAL:
        err.print(_("warning: kitgen serve listens on {host}: anyone on that network can use it and see "
                    "its orders").format(host=host), markup=False, style="yellow")
    shown = f"[{host}]" if ":" in host else host
    out.print(_("kitgen serve: open http://{host}:{port}/ in your browser (Ctrl-C stops it)").format(
        host=shown, port=port), markup=False)
    if workspace.root is not None:
        out.print(_("workspace: {folder}").format(folder=workspace.root), markup=False)
    uvicorn.run(create_app(workspace), host=host, port=port, log_level="warning")
