"""Blueprint: filled in by its issue."""

from flask import Blueprint

blueprint = Blueprint("feeds", __name__)
