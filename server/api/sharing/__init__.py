"""Sharing's GraphQL (第二十六条 to 第三十二条): access requests, grants, the gateway's authorize
question and feedback."""

from server.api.sharing.mutations import SharingMutation
from server.api.sharing.queries import SharingQuery

__all__ = ["SharingMutation", "SharingQuery"]
