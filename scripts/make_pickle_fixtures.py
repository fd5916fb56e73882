#!/usr/bin/env python3
"""Writes the pickle decoder's fixtures into tests/fixtures/pickle/ (see tests/pickle_fixtures.rs).

Run once with numpy 1.x and once with numpy 2.x (files are prefixed np1_/np2_):
    python3 scripts/make_pickle_fixtures.py
    /opt/np2/bin/python scripts/make_pickle_fixtures.py

Each `NAME.pkl` has a `NAME.json` beside it: either {"value": <expected>} with the value the decoder must
return, written here by Python in an exact form (floats as IEEE bit patterns, ints as decimal strings), or
{"error": KIND, "mentions": [...]} for hostile/corrupt files the decoder must refuse. Hostile files are
crafted by pickling or by hand; none of them is ever unpickled here.
"""

import io
import json
import os
import pickle
import random
import struct
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "pickle")
NPV = "np%d" % int(np.__version__.split(".")[0])


# ---- expected values, exactly ----

def fbits(x, size=8):
    return "0x" + (struct.pack(">d", x).hex() if size == 8 else struct.pack(">f", x).hex())


def enc_array(a):
    dt = a.dtype
    if dt.kind not in "fiub" or dt.names is not None:
        raise ValueError(dt)
    name = dt.kind + str(dt.itemsize)
    flat = np.ascontiguousarray(a).reshape(-1)
    if dt.kind == "f":
        data = [fbits(float(x), dt.itemsize) for x in flat.tolist()]
    elif dt.kind == "b":
        data = [bool(x) for x in flat.tolist()]
    else:
        data = [str(int(x)) for x in flat.tolist()]
    return {"t": "array", "dtype": name, "shape": list(a.shape), "data": data}


def enc(v):
    if v is None:
        return {"t": "none"}
    if isinstance(v, np.ndarray):
        return enc_array(v)
    if isinstance(v, np.generic):
        dt = v.dtype
        name = dt.kind + str(dt.itemsize)
        if dt.kind == "f":
            return {"t": "scalar", "dtype": name, "bits": fbits(float(v))}
        if dt.kind == "b":
            return {"t": "scalar", "dtype": name, "v": bool(v)}
        return {"t": "scalar", "dtype": name, "v": str(int(v))}
    if isinstance(v, bool):
        return {"t": "bool", "v": v}
    if isinstance(v, int):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float):
        return {"t": "float", "bits": fbits(v), "repr": repr(v)}
    if isinstance(v, str):
        return {"t": "str", "v": v}
    if isinstance(v, (bytes, bytearray)):
        return {"t": "bytes", "hex": bytes(v).hex()}
    if isinstance(v, list):
        return {"t": "list", "v": [enc(x) for x in v]}
    if isinstance(v, tuple):
        return {"t": "tuple", "v": [enc(x) for x in v]}
    if isinstance(v, frozenset):
        return {"t": "frozenset", "v": [enc(x) for x in v]}
    if isinstance(v, set):
        return {"t": "set", "v": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"t": "dict", "v": [[enc(k), enc(x)] for k, x in v.items()]}
    raise TypeError(type(v))


def write(name, data, meta):
    with open(os.path.join(OUT, name + ".pkl"), "wb") as f:
        f.write(data)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(meta, f, indent=None, separators=(",", ":"))
        f.write("\n")


def good(name, obj, protocol):
    write(name, pickle.dumps(obj, protocol=protocol), {"value": enc(obj), "protocol": protocol, "numpy": np.__version__})


def bad(name, data, kind, mentions, offset=None):
    meta = {"error": kind, "mentions": mentions}
    if offset is not None:
        meta["offset"] = offset
    write(name, data, meta)


# ---- the sweep-shaped matrix ----

KEYS = {
    "float": [0.04, 0.5, 1.25],
    "int": [12, 16, 300],
    "npscalar": [np.float64(0.04), np.float64(0.5), np.float64(2.0)],
    "str": ["lrate", "I2E", "délai"],
}


def matrix():
    for protocol in range(6):
        for kind, keys in KEYS.items():
            for dtype in ("f4", "f8"):
                for order in ("C", "F"):
                    for trials in (1, 3, 5):
                        rng = np.random.default_rng(protocol * 1000 + trials)
                        d = {}
                        for i, k in enumerate(keys):
                            n = 8 + 4 * i  # 8, 12, 16 neurons
                            a = rng.random((trials, n)).astype(dtype)
                            if i == 0:
                                a[0, 0] = np.nan
                                a[0, 1] = np.inf
                                a[-1, -1] = -0.0
                            if order == "F":
                                a = np.asfortranarray(a)
                            d[k] = {"pre": a[:, :1] * 0, "post": a} if i == 1 else {"post": a}
                        if kind == "str" and trials == 3:
                            d[keys[2]] = {"pre": np.zeros((trials, 4), dtype=dtype)}  # only 'pre'
                        good("%s_p%d_%s_%s_%s_t%d" % (NPV, protocol, kind, dtype, order, trials), d, protocol)


def extras():
    for protocol in range(6):
        # png_counts style {value: array (n, 1)}
        good("%s_p%d_png_counts" % (NPV, protocol), {12: np.array([[3762.0], [4422.0], [1838.0]]), 16: np.zeros((3, 1))}, protocol)
        shared = np.arange(6, dtype="<i4").reshape(2, 3)
        misc = {
            "none": None,
            "bools": [True, False],
            "ints": [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31 - 1, 2**31, 2**63, -2**100, 2**127 - 1, -2**127],
            "floats": [0.0, -0.0, 1.5, 1e300, -1e-300, float("inf"), float("-inf"), float("nan"), 0.1],
            "text": ["", "ascii", "latin-1 é", "\\ back\nslash\r\x00\x1a", "日本語 \U0001F600"],
            "bytes": [b"", b"\x00\xff\\\n", bytearray(b"abc")],
            "tuple": (1, (2, 3), ()),
            "set": {1, 2, 3},
            "frozenset": frozenset(["a"]),
            "shared": [shared, shared],
            "dtypes": [np.arange(-3, 3, dtype=t) for t in ("i1", "<i2", ">i4", "=i8")]
            + [np.arange(0, 6, dtype=t) for t in ("u1", ">u2", "<u4", ">u8")]
            + [np.array([True, False, True]), np.array([1.5, -2.25], dtype=">f8"), np.array([0.5], dtype=">f4")],
            "fortran3d": np.asfortranarray(np.arange(24, dtype="f8").reshape(2, 3, 4)),
            "empty": np.zeros((0, 3)),
            "zero_d": np.array(7.5),
            "scalars": [np.float32(1.5), np.int64(-5), np.uint8(200), np.bool_(True), np.float64("nan")],
            np.int64(7): "numpy int key",
        }
        good("%s_p%d_misc" % (NPV, protocol), misc, protocol)


def bench_forms():
    """The form benches/decode.rs writes itself (tests/support/numpy_writer.rs), compared byte-for-byte."""
    if NPV != "np1":
        return
    small = {0.5 * (i + 1): {"post": np.arange(6.0).reshape(2, 3) + 100 * i} for i in range(2)}
    large = {0.5 * (i + 1): {"post": np.arange(8200.0).reshape(1, 8200) + 1e4 * i} for i in range(2)}  # > 64 KB each
    for p in (2, 4, 5):
        good("np1_p%d_benchform" % p, small, p)
    for p in (4, 5):
        write("np1_p%d_benchform_large" % p, pickle.dumps(large, protocol=p), {"bench_form": "large"})


# ---- hostile and corrupt ----

class Reduce:
    def __init__(self, f, args):
        self.f, self.args = f, args

    def __reduce__(self):
        return (self.f, self.args)


def hostile():
    base = pickle.dumps({0.5: {"post": np.ones((2, 8))}}, protocol=4)
    bad("%s_bad_truncated_p4" % NPV, base[: len(base) // 2], "Truncated", ["byte"])
    p2 = pickle.dumps({0.5: {"post": np.ones((2, 8))}}, protocol=2)
    bad("%s_bad_truncated_p2" % NPV, p2[:-1], "Truncated", ["STOP"])
    if NPV != "np1":
        return  # the rest does not depend on numpy's version
    bad("bad_empty", b"", "Empty", ["empty"])
    bad("bad_random", bytes([0x07]) + random.Random(1).randbytes(1000), "NotAPickle", ["0x07"])
    bad("bad_random_after_proto", b"\x80\x04" + random.Random(2).randbytes(1000), "Malformed", ["SETITEM"])
    for p in (0, 2, 4):
        bad("bad_os_system_p%d" % p, pickle.dumps(Reduce(os.system, ("echo pwned",)), protocol=p), "RefusedGlobal", ["system"])
    bad("bad_eval_p4", pickle.dumps(Reduce(eval, ("1+1",)), protocol=4), "RefusedGlobal", ["builtins.eval"])
    bad("bad_nt_system_p0", b"cnt\nsystem\n(S'x'\ntR.", "RefusedGlobal", ["nt.system"], 0)
    bad("bad_subprocess_p4", b"\x80\x04\x8c\nsubprocess\x8c\x05Popen\x93.", "RefusedGlobal", ["subprocess.Popen"], 21)
    bad("bad_object_array_p4", pickle.dumps(np.array([1, "a", None], dtype=object), protocol=4), "UnsupportedDtype", ["Python objects"])
    bad("bad_structured_p4", pickle.dumps(np.zeros(3, dtype=[("a", "f8"), ("b", "i4")]), protocol=4), "UnsupportedDtype", ["structured"])
    rec = []
    rec.append(rec)
    bad("bad_recursive_list_p4", pickle.dumps(rec, protocol=4), "Recursive", ["recursive"])
    recd = {}
    recd["self"] = [recd]
    bad("bad_recursive_dict_p2", pickle.dumps(recd, protocol=2), "Recursive", ["recursive"])
    # An array header claiming 2^31 float64 elements with 1 KB of data (protocol 4 _reconstruct + BUILD).
    good_small = pickle.dumps(np.zeros(128), protocol=4)
    lying = good_small.replace(b"K\x80\x85", b"\x8a\x05\x00\x00\x00\x80\x00\x85", 1)  # shape (2**31,)
    assert lying != good_small
    lying = lying[:2] + lying[11:]  # drop the FRAME header, whose length no longer matches
    bad("bad_lying_array_length_p4", lying, "ArraySize", ["2147483648", "1024 bytes"])
    bad("bad_binbytes8_huge", b"\x80\x04\x8e" + (2**62).to_bytes(8, "little") + b"x" * 100 + b".", "Truncated", ["BINBYTES8"], 2)
    bad("bad_binunicode8_huge", b"\x80\x04\x8d" + (2**64 - 1).to_bytes(8, "little") + b"x.", "Truncated", ["BINUNICODE8"], 2)
    lying5 = pickle.dumps(np.zeros(128), protocol=5).replace(b"K\x80\x85", b"J\x00\x00\x00\x10\x85", 1)  # (2**28,)
    bad("bad_frombuffer_lying_p5", lying5[:2] + lying5[11:], "ArraySize", ["268435456"])

    class P(pickle.Pickler):
        def persistent_id(self, obj):
            return "ext" if isinstance(obj, str) and obj == "outside" else None

    f = io.BytesIO()
    P(f, protocol=4).dump({"k": "outside"})
    bad("bad_persistent_id_p4", f.getvalue(), "RefusedOpcode", ["persistent"])
    f = io.BytesIO()
    P(f, protocol=0).dump(["outside"])
    bad("bad_persistent_id_p0", f.getvalue(), "RefusedOpcode", ["persistent"])
    bufs = []
    bad("bad_out_of_band_p5", pickle.dumps(np.ones(16), protocol=5, buffer_callback=bufs.append), "RefusedOpcode", ["NEXT_BUFFER"])
    depth = 20000
    bad("bad_deep_lists", b"\x80\x04" + b"]" * depth + b"a" * (depth - 1) + b".", "TooDeep", ["deeper"])
    bad("bad_deep_marks", b"\x80\x04" + b"(" * depth + b")" + b".", "TooDeep", ["MARK"])
    bad("bad_deep_tuples", b"\x80\x04)" + b"\x85" * depth + b".", "TooDeep", ["deeper"])
    bad("bad_ext1", b"\x80\x02\x82\x01.", "RefusedOpcode", ["EXT"], 2)
    bad("bad_huge_int_p4", pickle.dumps(2**200, protocol=4), "IntTooLarge", ["128-bit"])
    bad("bad_huge_int_p0", pickle.dumps(2**200, protocol=0), "IntTooLarge", ["128-bit"])
    bad("bad_surrogate_p4", pickle.dumps("a\ud800b", protocol=4), "Surrogate", ["surrogate"])
    bad("bad_invalid_utf8", b"\x80\x04\x8c\x02\xff\xfe.", "InvalidText", ["UTF-8"], 2)
    bad("bad_builtins_dict_p4", pickle.dumps(Reduce(dict, ()), protocol=4), "RefusedGlobal", ["builtins.dict"])
    bad("bad_copyreg_p0", pickle.dumps(Reduce(__import__("copyreg")._reconstructor, (object, object, None)), protocol=0), "RefusedGlobal", ["copy_reg._reconstructor"])
    bad("bad_no_stop", b"\x80\x04K\x01", "Truncated", ["STOP"], 4)
    bad("bad_dtype_outside_array_p4", pickle.dumps(np.dtype("f8"), protocol=4), "Unsupported", ["dtype"])


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    matrix()
    extras()
    bench_forms()
    hostile()
    print("wrote fixtures for numpy", np.__version__, "into", os.path.normpath(OUT))
