from panj.cli import app

if __name__ == "__main__":  # not when a spawned worker process imports this module (panj/parallel.py)
    app(prog_name="panj")
