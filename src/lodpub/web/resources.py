"""Blueprint: filled in by its issue."""

from flask import Blueprint

blueprint = Blueprint("resources", __name__)
