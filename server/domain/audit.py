"""The audit log's pure rules (第三十八条): which fields a change touched, and the hash chain.

Events are chained in sequence order: an event's hash is sha256 over the previous event's hash
and a canonical JSON of the event as stored (every property but the hash itself). Neither engine
hashes inside Cypher, so the server's chainer sets the hashes within seconds of the write
(server/services/audit.py); `verify` recomputes the chain from the first event and names the
first event that was altered, inserted or is missing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = ""  # the "previous hash" of event 1


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that differ, as (before, after): a field absent on one side is None there."""
    keys = [key for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}


def canonical(props: Mapping[str, Any]) -> str:
    """The event as hashed: its stored properties but `hash`, keys sorted, no spaces, UTF-8 kept."""
    return json.dumps({k: v for k, v in props.items() if k != "hash" and v is not None},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def link(previous_hash: str, props: Mapping[str, Any]) -> str:
    """The hash of an event following `previous_hash` in the chain."""
    return hashlib.sha256((previous_hash + "\n" + canonical(props)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """A (sequence, hash) pair kept outside the system (`mulu audit checkpoint`)."""

    seq: int
    hash: str

    @staticmethod
    def parse(text: str) -> "Checkpoint":
        seq, sep, digest = text.strip().partition(":")
        if not sep:
            seq, _, digest = text.strip().partition(" ")
        if not seq.strip().isdigit() or len(digest.strip()) != 64:
            raise ValueError(f"检查点应为 序号:哈希 (a checkpoint is SEQ:HASH, 64 hex digits), got {text!r}")
        return Checkpoint(int(seq), digest.strip().lower())

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass(frozen=True)
class Verdict:
    """What `verify` found. `problem` is None when the chain holds; otherwise one of ALTERED,
    INSERTED, MISSING, CHECKPOINT, with the first event concerned and a message for the operator."""

    events: int  # events read
    chained_through: int  # the last event whose hash was checked (0: none)
    head_hash: str  # that event's hash
    unchained: int  # newer events the chainer has not reached yet
    problem: str | None = None
    seq: int | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


class _Walk:
    """The state of one verification pass over the events in sequence order."""

    def __init__(self, checkpoint: Checkpoint | None) -> None:
        self.checkpoint = checkpoint
        self.previous = GENESIS
        self.expected = 1
        self.events = 0
        self.chained_through = 0
        self.unchained_from: int | None = None
        self.checkpoint_seen = False


def verify(events: Iterable[Mapping[str, Any]], allocated: int, unnumbered: int = 0,
           checkpoint: Checkpoint | None = None) -> Verdict:
    """Recomputes the chain over `events` (their stored properties, in sequence order).
    `allocated` is the last sequence number the log handed out; `unnumbered` counts event nodes
    without a sequence number (anything there was put in by hand)."""
    walk = _Walk(checkpoint)

    def verdict(problem: str | None = None, seq: int | None = None, message: str = "") -> Verdict:
        unchained = 0 if walk.unchained_from is None else walk.expected - walk.unchained_from
        return Verdict(walk.events, walk.chained_through, walk.previous, unchained, problem, seq, message)

    if unnumbered:
        return verdict("INSERTED", None, f"发现 {unnumbered} 条无序号的审计事件，系被插入 "
                                          f"({unnumbered} event(s) without a sequence number were inserted)")
    for props in events:
        seq = props.get("seq")
        walk.events += 1
        if not isinstance(seq, int) or seq > allocated:
            return verdict("INSERTED", seq if isinstance(seq, int) else None,
                           f"事件 {seq} 超出日志已分配的最大序号 {allocated}，系被插入 "
                           f"(event {seq} is beyond the last allocated sequence {allocated}: inserted)")
        if seq != walk.expected:
            return verdict("MISSING", walk.expected,
                           f"缺少事件 {walk.expected}（已被删除）(event {walk.expected} is missing: deleted)")
        stored = props.get("hash")
        if stored is None:
            if walk.unchained_from is None:
                walk.unchained_from = seq
        elif walk.unchained_from is not None:
            return verdict("ALTERED", walk.unchained_from,
                           f"事件 {walk.unchained_from} 的哈希被删除 (event {walk.unchained_from} lost its hash: altered)")
        else:
            computed = link(walk.previous, props)
            if computed != stored:
                return verdict("ALTERED", seq, f"事件 {seq} 与其哈希不符，已被篡改 (event {seq} does not match its hash: altered)")
            walk.previous, walk.chained_through = computed, seq
            if checkpoint is not None and seq == checkpoint.seq:
                walk.checkpoint_seen = True
                if computed != checkpoint.hash:
                    return verdict("CHECKPOINT", seq, f"事件 {seq} 与检查点不符：检查点之前的记录已被改动 "
                                                      f"(event {seq} differs from the checkpoint: the log before it changed)")
        walk.expected = seq + 1
    if walk.expected <= allocated:
        return verdict("MISSING", walk.expected,
                       f"缺少事件 {walk.expected}（日志已分配至 {allocated}）(event {walk.expected} is missing: deleted)")
    if checkpoint is not None and not walk.checkpoint_seen:
        return verdict("CHECKPOINT", checkpoint.seq,
                       f"检查点 {checkpoint.seq} 尚未链接或不存在 (checkpoint event {checkpoint.seq} is not in the chain)")
    return verdict()
