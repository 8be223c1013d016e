"""MiniLM's forward pass as an ONNX Runtime session, built in memory from the NumPy weights.

The graph is written op by op with ``onnx.helper`` from the same (possibly LoRA-merged) weights the
NumPy forward uses, so nothing is exported with PyTorch and no model file is downloaded or shipped.
ONNX Runtime fuses and runs it about 2-3x faster than NumPy for a one-message batch (fewer Python
round trips, fused LayerNorm/GELU kernels). With ``int8`` the block's matrix products run on 8-bit
integers: each weight matrix is quantised per output column when the graph is built (symmetric,
7-bit range), each activation per call (ONNX's ``DynamicQuantizeLinear``), which is another ~4x
and what keeps the classifier's p99 within target when a message reaches the second stage
(docs/classifier.md, "Int8 forward"). It needs the ``onnx`` and ``onnxruntime`` packages (the
``semantic`` extra); without them :func:`build_onnx_forward` returns None and NumPy runs the model.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]

logger = logging.getLogger(__name__)

_OPSET = 20  # Gelu (tanh form) is an ONNX op from opset 20
_HEADS = 12
_EPS = 1e-12
# Weights are quantised to +-63 (7 bits, ONNX Runtime's "reduce_range"): with unsigned 8-bit
# activations, full-range weights can saturate the 16-bit intermediate sums of the AVX2 kernels
# that machines without VNNI use, which silently changes results from one CPU to another.
_WEIGHT_LEVELS = 63


def onnx_runtime_available() -> bool:
    """True when both ``onnx`` (to build the graph) and ``onnxruntime`` (to run it) are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnx", "onnxruntime"))


class OnnxForward:
    """Runs MiniLM on padded token ids; returns the pooled features of the configured layers.

    The word-embedding rows are looked up here, in ``words`` (the table the encoders share, mapped
    from the weights file), and fed to the session: the graph holds no copy of the 47 MB table.
    """

    def __init__(self, session: Any, words: FloatArray) -> None:
        self._session = session
        self._words = words

    def __call__(self, token_ids: npt.NDArray[np.int64], mask: FloatArray) -> FloatArray:
        """Features of a batch: ``token_ids`` and ``mask`` are (batch, length), padding masked out."""
        length = token_ids.shape[1]
        counts = np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
        feeds = {
            "embedded": np.ascontiguousarray(self._words[token_ids], dtype=np.float32),
            "positions": np.arange(length, dtype=np.int64),
            "bias": ((1.0 - mask) * np.float32(-1e9))[:, None, None, :].astype(np.float32),
            "pool": (mask / counts)[:, :, None].astype(np.float32),
        }
        result: FloatArray = self._session.run(["features"], feeds)[0]
        return result


def build_onnx_forward(
    embed: Sequence[FloatArray],
    layers: Sequence[Mapping[str, FloatArray]],
    feature_layers: Sequence[int],
    *,
    int8: bool = False,
) -> OnnxForward | None:
    """An ONNX Runtime session over the weights of :class:`SentenceEncoder`, or None when unavailable.

    ``embed`` is (word, position, token type row, LayerNorm gain, LayerNorm shift), the word table
    being read at call time, not copied into the graph; each of
    ``layers`` holds the block's weights as the NumPy forward stores them (``(in, out)`` matrices).
    The output is, per feature layer, the masked mean of the states, L2-normalised, concatenated.
    With ``int8`` the blocks' dense layers multiply 8-bit integers (see the module's docstring).
    """
    if not onnx_runtime_available():
        return None
    try:
        model = _graph(embed, layers, feature_layers, int8=int8)
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # One thread: a message's matrices are small, and threads waiting for a busy core cost more
        # than they save (the NumPy forward limits BLAS to one thread for the same reason).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(
            model.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # a broken install must not stop the classifier: NumPy still works
        logger.warning("ONNX Runtime could not load MiniLM (%s); using the NumPy forward", exc)
        return None
    return OnnxForward(session, embed[0])


def quantize_columns(weight: FloatArray) -> tuple[npt.NDArray[np.int8], FloatArray]:
    """``weight`` (in, out) as int8 levels within +-63 and one float scale per output column."""
    peak = np.abs(weight).max(axis=0)
    scale = np.where(peak > 0, peak / _WEIGHT_LEVELS, 1.0).astype(np.float32)
    levels = np.clip(np.rint(weight / scale), -_WEIGHT_LEVELS, _WEIGHT_LEVELS).astype(np.int8)
    return levels, scale


def _graph(
    embed: Sequence[FloatArray],
    layers: Sequence[Mapping[str, FloatArray]],
    feature_layers: Sequence[int],
    *,
    int8: bool = False,
) -> Any:
    from onnx import TensorProto, helper, numpy_helper

    nodes: list[Any] = []
    initializers: list[Any] = []
    quantized_inputs: set[str] = set()
    counter = iter(range(1_000_000))

    def const(name: str, array: npt.NDArray[Any]) -> str:
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(kind: str, inputs: Sequence[str], **attributes: Any) -> str:
        output = f"{kind.lower()}_{next(counter)}"
        nodes.append(helper.make_node(kind, list(inputs), [output], **attributes))
        return output

    def dense(x: str, name: str, weight: FloatArray, bias: FloatArray) -> str:
        if not int8:
            return op("Add", [op("MatMul", [x, const(name, weight)]), const(f"{name}_b", bias)])
        # y = (x_q - x_zero) @ w_q * (x_scale * w_scale) + b; ONNX Runtime fuses the chain into one
        # DynamicQuantizeMatMul kernel.
        levels, scale = quantize_columns(weight)
        quantized = f"{x}_quantized"
        if quantized not in quantized_inputs:  # q, k and v read the same input: quantise it once
            quantized_inputs.add(quantized)
            nodes.append(
                helper.make_node("DynamicQuantizeLinear", [x], [quantized, f"{x}_scale", f"{x}_zero"])
            )
        product = op(
            "MatMulInteger",
            [
                quantized,
                const(name, levels),
                f"{x}_zero",
                const(f"{name}_zero", np.zeros_like(scale, np.int8)),
            ],
        )
        rescale = op("Mul", [f"{x}_scale", const(f"{name}_scale", scale)])
        return op(
            "Add",
            [op("Mul", [op("Cast", [product], to=TensorProto.FLOAT), rescale]), const(f"{name}_b", bias)],
        )

    def layer_norm(x: str, gain: str, shift: str) -> str:
        return op("LayerNormalization", [x, gain, shift], axis=-1, epsilon=_EPS)

    words, positions, token_type, gain, shift = embed
    width = int(words.shape[1])
    head = width // _HEADS
    split_heads = const("split_heads", np.array([0, 0, _HEADS, head], dtype=np.int64))
    merge_heads = const("merge_heads", np.array([0, 0, width], dtype=np.int64))
    scale = const("scale", np.array(1.0 / np.sqrt(head), dtype=np.float32))
    sum_axes = const("sum_axes", np.array([1], dtype=np.int64))

    x = op("Add", ["embedded", op("Gather", [const("pos", positions), "positions"])])
    x = op("Add", [x, const("token_type", token_type)])
    x = layer_norm(x, const("ln0", gain), const("ln0_b", shift))
    pooled: list[str] = []
    for number, w in enumerate(layers, start=1):
        p = f"l{number}_"
        qkv_w, qkv_b = w["qkv"], w["qkv_b"]
        parts = []
        for index, name in enumerate(("q", "k", "v")):
            columns = slice(index * width, (index + 1) * width)
            projected = dense(x, f"{p}{name}", qkv_w[:, columns], qkv_b[columns])
            parts.append(op("Reshape", [projected, split_heads]))
        query = op("Transpose", [parts[0]], perm=[0, 2, 1, 3])
        key = op("Transpose", [parts[1]], perm=[0, 2, 3, 1])
        value = op("Transpose", [parts[2]], perm=[0, 2, 1, 3])
        scores = op("Add", [op("Mul", [op("MatMul", [query, key]), scale]), "bias"])
        context = op("MatMul", [op("Softmax", [scores], axis=-1), value])
        context = op("Reshape", [op("Transpose", [context], perm=[0, 2, 1, 3]), merge_heads])
        attended = dense(context, f"{p}out", w["out"], w["out_b"])
        x = layer_norm(op("Add", [x, attended]), const(f"{p}ln1", w["ln1"]), const(f"{p}ln1_b", w["ln1_b"]))
        hidden = op("Gelu", [dense(x, f"{p}ff1", w["ff1"], w["ff1_b"])], approximate="tanh")
        x = layer_norm(
            op("Add", [x, dense(hidden, f"{p}ff2", w["ff2"], w["ff2_b"])]),
            const(f"{p}ln2", w["ln2"]),
            const(f"{p}ln2_b", w["ln2_b"]),
        )
        if number in feature_layers:
            mean = op("ReduceSum", [op("Mul", [x, "pool"]), sum_axes], keepdims=0)
            pooled.append(op("LpNormalization", [mean], axis=1, p=2))
    features = op("Concat", pooled, axis=1) if len(pooled) > 1 else op("Identity", pooled)
    nodes.append(helper.make_node("Identity", [features], ["features"]))
    graph = helper.make_graph(
        nodes,
        "minilm_features",
        [
            helper.make_tensor_value_info("embedded", TensorProto.FLOAT, ["batch", "length", width]),
            helper.make_tensor_value_info("positions", TensorProto.INT64, ["length"]),
            helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["batch", 1, 1, "length"]),
            helper.make_tensor_value_info("pool", TensorProto.FLOAT, ["batch", "length", 1]),
        ],
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", width * len(pooled)])],
        initializer=initializers,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", _OPSET)], ir_version=10)
