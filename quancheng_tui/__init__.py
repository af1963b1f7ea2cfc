"""quancheng (全程协办): full-process assisted service in the terminal.

Importing the package must stay cheap: `quancheng --version` imports only this.
"""

__version__ = "0.1.0"
