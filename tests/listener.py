"""A TCP server on the host's 127.0.0.1 that remembers whether anything connected: the tests'
witness that sandboxed code cannot reach the network."""
import socket
import threading


class Listener:
    """Listens on 127.0.0.1:<port>; `connected` turns True once a client has connected."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connected = False
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        try:
            self.server.accept()
            self.connected = True
        except OSError:  # closed by the test
            pass
