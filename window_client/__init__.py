"""window-client: the comprehensive-window (综合窗口) client for "一件事一次办"."""

__version__ = "0.1.0"
