from panj.cli import app

app(prog_name="panj")
