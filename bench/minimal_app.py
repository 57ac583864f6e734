"""The reference for the startup and memory figures: a minimal Textual app."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

READY = "Minimal Textual app ready"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(READY)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
