#!/usr/bin/env python3
"""Writes the pickle decoder's fixtures into tests/fixtures/pickle/ (see tests/pickle_fixtures.rs).

Run once with numpy 1.x and once with numpy 2.x (files are prefixed np1_/np2_):
    python3 scripts/make_pickle_fixtures.py
    /opt/np2/bin/python scripts/make_pickle_fixtures.py

Each `NAME.pkl` has a `NAME.json` beside it: either {"value": <expected>} with the value the decoder must
return, written here by Python in an exact form (floats as IEEE bit patterns, ints as decimal strings, runs
of one shared object as {"runs": [[count, item]]}), or {"error": KIND, "mentions": [...], "offset": N} for
files the decoder must refuse, KIND being the exact `ErrorKind` variant name the Rust test matches.

Crafted files (the regressions of issue 7, protocol-0 text, numpy forms) are checked here against CPython's
C unpickler (`pickle.Unpickler`, what `pickle.loads` runs) through `Checked`, an Unpickler whose find_class
admits only the decoder's allow-list, so nothing else can ever be imported or called: a value CPython
returns becomes the expected value, and an expected refusal must be one CPython raises too, unless it is
declared `deliberate` (a form CPython accepts that the decoder refuses on purpose, e.g. lone surrogates).
Files with other globals (os.system, ...) are never unpickled.

The property fixtures (`NPV_prop_NNN`) are seeded random data pickles: nested dicts/lists/tuples/sets with
objects shared through the memo, arrays of every allowed dtype in both byte orders and C/Fortran order,
numpy scalars, all protocols 0-5; their expected values are what CPython loads back.
"""

import io
import json
import os
import pickle
import random
import struct
import sys
import warnings
import zipfile

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
    order = "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"
    if dt.kind == "f":
        data = [fbits(float(x), dt.itemsize) for x in flat.tolist()]
    elif dt.kind == "b":
        data = [bool(x) for x in flat.tolist()]
    else:
        data = [str(int(x)) for x in flat.tolist()]
    return {"t": "array", "dtype": name, "shape": list(a.shape), "data": data, "order": order}


def enc_seq(tag, items):
    """Items of a list or tuple; consecutive references to one object become a run (shared by the memo)."""
    runs = []
    for x in items:
        if runs and runs[-1][1] is x:
            runs[-1][0] += 1
        else:
            runs.append([1, x])
    if all(n == 1 for n, _ in runs):
        return {"t": tag, "v": [enc(x) for x in items]}
    return {"t": tag, "runs": [[n, enc(x)] for n, x in runs]}


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
        return enc_seq("list", v)
    if isinstance(v, tuple):
        return enc_seq("tuple", v)
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
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:  # the layout torch.save writes: a zip holding data.pkl
        zf.writestr("archive/data.pkl", pickle.dumps({0.5: {"post": np.ones((2, 8))}}, protocol=2))
    bad("bad_zip_archive", z.getvalue(), "ZipArchive", ["zip archive", "torch.save"], 0)
    n = io.BytesIO()
    np.save(n, np.ones((2, 3)))
    bad("bad_npy_file", n.getvalue(), "NpyFile", [".npy", "np.load"], 0)
    bad("bad_protocol_6", b"\x80\x06N.", "UnsupportedProtocol", ["protocol 6"], 0)


# ---- files checked against CPython's C unpickler ----

ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.numeric", "_frombuffer"), ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
    ("numpy", "ndarray"), ("numpy", "dtype"), ("_codecs", "encode"),
}
for _m in ("builtins", "__builtin__"):
    ALLOWED |= {(_m, "bytes"), (_m, "bytearray"), (_m, "set"), (_m, "frozenset")}


class Checked(pickle.Unpickler):
    """CPython's C unpickler, importing only the decoder's allow-list (anything else raises)."""

    def find_class(self, module, name):
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError("refused %s.%s" % (module, name))
        return super().find_class(module, name)


def cpython(data):
    """(True, value) or (False, exception) from CPython's C unpickler restricted to the allow-list."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return True, Checked(io.BytesIO(data)).load()
    except Exception as e:  # what Python raises is the point
        return False, e


def checked(name, data, expect=None, mentions=(), offset=None, deliberate=False, run_cpython=True):
    """A crafted file whose expectation is checked against CPython: `expect=None` means CPython's value;
    an error kind must be something CPython raises on too, unless `deliberate` (the decoder refuses a form
    CPython accepts, on purpose). `run_cpython=False` only for deliberate refusals CPython would need
    gigabytes for."""
    if run_cpython:
        ok, got = cpython(data)
        if expect is None and not ok:
            raise SystemExit("%s: CPython raises %r, but a value was expected" % (name, got))
        if expect is not None and ok != bool(deliberate):
            raise SystemExit("%s: CPython %s, but %s was declared %s" % (
                name, "accepts it" if ok else "raises %r" % (got,), expect,
                "deliberate" if deliberate else "not deliberate"))
    if expect is None:
        write(name, data, {"value": enc(got), "cpython": "value"})
        return
    meta = {"error": expect, "mentions": list(mentions)}
    if not run_cpython:
        meta["cpython"] = "not run (would need gigabytes); refused deliberately"
    elif deliberate:
        meta["cpython"] = "accepts it; refused deliberately"
    else:
        meta["cpython"] = "raises %s" % type(got).__name__
    if offset is not None:
        meta["offset"] = offset
    write(name, data, meta)


class Crafted:
    """Pickles as `f(*args)` and, with a state, `BUILD state`: any numpy call form at any protocol."""

    def __init__(self, f, args, state=None):
        self.f, self.args, self.state = f, args, state

    def __reduce__(self):
        return (self.f, self.args) if self.state is None else (self.f, self.args, self.state)


def regressions():
    """One fixture (or a few) per defect of issue 7."""
    _reconstruct = np.ndarray.__reduce__(np.zeros(1))[0]
    _frombuffer = np.zeros(1).__reduce_ex__(5)[0]
    for protocol in range(6):
        # 1. silently wrong shared data: a dict reached twice through the memo
        d = {"post": np.arange(16.0).reshape(2, 8)}
        good("%s_regress_shared_post_p%d" % (NPV, protocol), {0.1: d, 0.2: d}, protocol)
        inner = {"k": "v"}
        good("%s_regress_shared_dict_p%d" % (NPV, protocol), {1: inner, 2: inner}, protocol)
        text, raw, arr = "x" * 300, b"\x00\xff" * 5, np.arange(3, dtype=">i2")
        c = [text, raw, arr]
        good("%s_regress_shared_leaves_p%d" % (NPV, protocol), {"a": c, "b": c, "c": (c, c)}, protocol)
        # 2. the hang: an empty Fortran array with huge dimensions (numpy's __setstate__ accepts it)
        state = (1, (2**31, 2**31, 0), np.dtype("f8"), True, b"")
        checked("%s_regress_huge_empty_fortran_p%d" % (NPV, protocol),
                pickle.dumps(Crafted(_reconstruct, (np.ndarray, (0,), b"b"), state), protocol))
        state = (1, (2**62, 2, 0), np.dtype("f8"), True, b"")
        checked("%s_regress_huge_empty_overflow_p%d" % (NPV, protocol),
                pickle.dumps(Crafted(_reconstruct, (np.ndarray, (0,), b"b"), state), protocol), "ArrayTooBig")
    numpy_forms(_reconstruct, _frombuffer)
    for protocol in (2, 5):
        fb = lambda dt, shape: pickle.dumps(Crafted(_frombuffer, (b"", np.dtype(dt), shape, "F")), protocol)
        checked("%s_regress_frombuffer_huge_f8_p%d" % (NPV, protocol), fb("f8", (2**31, 2**31, 0)), "ArrayTooBig",
                ["(2147483648, 2147483648, 0)"])
        checked("%s_regress_frombuffer_huge_i1_p%d" % (NPV, protocol), fb("i1", (2**31, 2**31, 0)))
    if NPV != "np1":
        return  # the rest does not depend on numpy's version
    # 4. memory amplification (full-size variants are in tests/pickle_memory.rs)
    p = b"\x80\x04(](" + b"".join(b"K" + bytes([i]) for i in range(100)) + b"e" + b"2" * 99999 + b"l."
    checked("regress_dup_list_100k", p)
    x = b"\xab" * 10000
    p = (b"\x80\x04B" + struct.pack("<I", len(x)) + x + b"\x94\x8c\x08builtins\x8c\x05bytes\x93\x94" + b"0]("
         + b"h\x01h\x00\x85R" * 200 + b"e.")
    checked("regress_bytes_copies", p)
    t = "".join(chr(40 + i % 200) for i in range(2000)).encode()
    p = (b"\x80\x02c_codecs\nencode\nq\x00X" + struct.pack("<I", len(t)) + t + b"q\x01X\x06\x00\x00\x00latin1q\x020]("
         + b"h\x00h\x01h\x02\x86R" * 20 + b"e.")
    checked("regress_latin1_copies", p)
    lst = b"\x80\x04](" + b"".join(b"M" + struct.pack("<H", i) for i in range(1000)) + b"e\x94"
    p = lst + b"\x8c\x08builtins\x8c\x03set\x93\x94" + b"00](" + b"h\x01h\x00\x85R" * 20000 + b"e."
    checked("regress_set_copies", p, "Budget", ["too much"], deliberate=True, run_cpython=False)
    depth = 20000
    checked("regress_deep_dict_setitem", b"\x80\x04" + b"}K\x01" * depth + b"}" + b"s" * depth + b".", "TooDeep",
            ["deeper than 200"], deliberate=True)
    checked("regress_deep_dict_marks", b"\x80\x04" + b"}(K\x01" * depth + b"}" + b"u" * depth + b".", "TooDeep",
            ["MARK"], deliberate=True)
    n = 2000
    p = b"\x80\x04" + b"]\x94" * n + b"".join(b"j" + struct.pack("<I", i) + b"j" + struct.pack("<I", i + 1) + b"a0"
                                            for i in range(n - 1)) + b"j\x00\x00\x00\x00."
    checked("regress_deep_lists_through_memo", p, "TooDeep", ["deeper than 200"], deliberate=True)
    # 5. text from the file reaches messages escaped
    checked("regress_escape_global", b"\x80\x02cos\x1b[2J\x1b[H\nall files read OK\x07\n.", "RefusedGlobal",
            ["\\u{1b}[2J\\u{1b}[H", "OK\\u{7}"], 2)
    checked("regress_escape_stack_global", b"\x80\x04\x8c\x05numpy\x8c\x07ev\xe2\x80\xaeil\x93.", "RefusedGlobal",
            ["\\u{202e}"], 18)
    checked("regress_escape_dtype", b"\x80\x04\x8c\x05numpy\x8c\x05dtype\x93\x8c\x07\x1b]0;x\x07f\x85R.",
            "UnsupportedDtype", ["\\u{1b}]0;x\\u{7}f"], 27)
    checked("regress_escape_float", b"F1.5\x1b[31m\n.", "BadNumber", ["\\u{1b}[31m"], 0)
    checked("regress_escape_int", b"I1\r\x1b[1A\n.", "BadNumber", ["\\r\\u{1b}[1A"], 0)
    # 6. protocol 0 as CPython reads it, and numpy forms CPython refuses
    protocol0_text()
    checked("regress_additems_frozenset", b"\x80\x04(\x91(K\x01\x90.", "Malformed", ["AttributeError"], 7)
    checked("regress_additems_frozenset_empty", b"\x80\x04(\x91(\x90.")
    checked("regress_additems_list", b"\x80\x04](K\x01\x90.", "Malformed", ["ADDITEMS"])
    checked("regress_appends_empty_on_dict", b"\x80\x04}(e.")
    state = (1, [2], np.dtype("f8"), False, b"\x00" * 16)
    checked("regress_state_shape_list", pickle.dumps(Crafted(_reconstruct, (np.ndarray, (0,), b"b"), state), 2),
            "Malformed", ["not a tuple"])
    checked("regress_frombuffer_shape_list", pickle.dumps(Crafted(_frombuffer, (b"\x00" * 16, np.dtype("f8"), [2], "C")), 4))


def protocol0_text():
    """INT, LONG, FLOAT, UNICODE, PUT/GET text lines, each checked against pickle.loads (no globals here)."""
    cases = []
    for t in [b"010", b"08", b"0x10", b"0X1f", b"0o10", b"0b11", b"1_000", b"5L", b" 12", b"12 ", b"+1", b"-0",
              b" 1", b"1\x00", b"0\x00", b"\x00", b"\x00\x00", b"5\x00junk", b"x1", b"+", b"", b"00", b"01", b"001",
              b"-1", b"1 ", b"\t1", b"99999999999999999999", b"0x", b"0_7", b"0_0", b"-0x10", b"- 1", b"\x0b1",
              b"1\r", b"1\x0c", b"0x_1f", b"0x__1", b"1__0", b"1_", b"_1", b"0777777777777777777777777",
              b"-9223372036854775808", b"9223372036854775808", b"-9223372036854775809", b"0b", b"1e3", b"\xff1",
              b"170141183460469231731687303715884105727", b"170141183460469231731687303715884105728", b"1" * 4301]:
        cases.append((b"I", t))
    for t in [b"007L", b"7L", b"7", b"0L", b"00L", b"5LL", b"0x1FL", b" 5 L", b"5 L", b"1_0L", b"-0o7L", b"L",
              b"5\x00L", b"5\x00jL", b"-170141183460469231731687303715884105728L", b"0b101L", b"0O17L", b"1" * 4301,
              b"0" * 4301, b"+L", b"0_L"]:
        cases.append((b"L", t))
    for t in [b"1e999", b"-1e999", b"1e-400", b" 1.5", b"1.5 ", b"inf", b"-inf", b"nan", b"-nan", b"Infinity",
              b"iNF", b"+nan", b"1_0.5", b"0x1p3", b"1.5\x00x", b"", b".5", b"5.", b"1e5", b"1E+05", b"nan(1)",
              b"infinit", b"1e", b"1e+", b".", b"-.5e-3", b"1.7976931348623157e308", b"1.7976931348623159e308",
              b"4.9e-324", b"2.4e-324", b"0e99999", b"1e0000000000000000000005", b"00001.5", b"+0.0", b"-0.0"]:
        cases.append((b"F", t))
    for t in [rb"\u0041", rb"\\u0041", rb"\\\u0041", rb"\u+041", rb"\u004", rb"\U00110000", rb"\U0001F600",
              rb"\ud800", rb"\x41", b"\xe9", rb"\u00e9\\", b"a\x00b", rb"\u 041", rb"\u004G", rb"\U0000004", b"\\",
              b"\\\\", rb"\uDFFF", rb"\U0010FFFF", b"\r", rb"\u00", b""]:
        cases.append((b"V", t))
    for i, (op, t) in enumerate(cases):
        data = op + t + b"\n."
        ok, got = True, None
        try:
            got = pickle.loads(data)
        except Exception as e:
            ok, got = False, e
        name = "p0text_%03d_%s" % (i, op.decode())
        if ok:
            deliberate = (op == b"V" and any(0xD800 <= ord(c) <= 0xDFFF for c in got)) or (
                isinstance(got, int) and not -2**127 <= got < 2**127)
            if deliberate:
                kind = "Surrogate" if op == b"V" else "IntTooLarge"
                write(name, data, {"error": kind, "mentions": [], "offset": 0, "cpython": "accepts it; refused deliberately"})
            else:
                write(name, data, {"value": enc(got), "cpython": "value"})
        else:
            kind = "InvalidText" if op == b"V" else "BadNumber"
            write(name, data, {"error": kind, "mentions": [], "offset": 0, "cpython": "raises %s" % type(got).__name__})
    for i, t in enumerate([b"0", b" 0", b"+0", b"0_0", b"00", b"-1", b"1 ", b"x", b"", b"0x0", b"9" * 30]):
        data = b"Np" + t + b"\n0g" + t + b"\n."
        try:
            got = pickle.loads(data)
            write("p0memo_%02d" % i, data, {"value": enc(got), "cpython": "value"})
        except Exception as e:
            write("p0memo_%02d" % i, data, {"error": "BadNumber", "mentions": [], "offset": 1,
                                            "cpython": "raises %s" % type(e).__name__})


def numpy_forms(_reconstruct, _frombuffer):
    """Array, dtype and scalar call forms, as numpy accepts or refuses them (run with both numpy versions)."""

    def c(name, *args, **kwargs):
        checked("%s_%s" % (NPV, name), *args, **kwargs)

    rec = lambda state, args=((0,), b"b"), p=2: pickle.dumps(Crafted(_reconstruct, (np.ndarray,) + args, state), p)
    f8, u1 = np.dtype("f8"), np.dtype("u1")
    six = bytes(range(6))
    c("np_state_v1", rec((1, (2, 3), u1, False, six)))
    c("np_state_v0", rec((0, (2, 3), u1, False, six)))
    c("np_state_4tuple", rec(((2, 3), u1, False, six)))
    c("np_state_v2", rec((2, (2, 3), u1, False, six)), "Malformed", ["version"])
    c("np_state_fortran_true", rec((1, (2, 3), u1, True, six)))
    c("np_state_fortran_2", rec((1, (2, 3), u1, 2, six)))
    c("np_state_fortran_float", rec((1, (2, 3), u1, 1.0, six)), "Malformed", ["is_fortran"])
    c("np_state_bytearray", rec((1, (2, 3), u1, False, bytearray(six))), "Malformed", ["bytearray"])
    c("np_state_str", rec((1, (2,), u1, False, "ab")))
    c("np_state_str_wide", rec((1, (1,), u1, False, "\u0100")), "Malformed", ["U+0100"])
    c("np_state_shape_int", rec((1, 2, f8, False, b"\x00" * 16)), "Malformed", ["not a tuple"])
    c("np_state_shape_bool", rec((1, (True,), f8, False, b"\x00" * 8)), "Malformed", ["shape"])
    c("np_state_shape_npint", rec((1, (np.int64(2),), f8, False, b"\x00" * 16)))
    c("np_state_negative", rec((1, (-1,), f8, False, b"")), "Malformed", ["shape"])
    c("np_state_short", rec((1, (3,), f8, False, b"\x00" * 16)), "ArraySize", ["(3,) of f8 (24 bytes)"])
    c("np_state_dims_33", rec((1, (1,) * 33, u1, False, b"\x00")), "Unsupported", ["33 dimensions"],
            deliberate=NPV == "np2")
    c("np_state_dims_32", rec((1, (1,) * 32, u1, False, b"\x07")))
    c("np_reconstruct_shape_5", rec((1, (1,), f8, False, b"\x00" * 8), ((5,), b"f8")), "Unsupported",
            ["(ndarray, (0,), b'b')"], deliberate=True)
    c("np_reconstruct_bad_dtype", rec((1, (1,), f8, False, b"\x00" * 8), ((0,), b"zz")), "Unsupported",
            ["(ndarray, (0,), b'b')"])
    c("np_reconstruct_str_b", rec((1, (1,), f8, False, b"\x00" * 8), ((0,), "b")))
    c("np_reconstruct_list_shape", rec((1, (1,), f8, False, b"\x00" * 8), ([0], b"b")))
    fb = lambda buf, dt, shape, order, p=5: pickle.dumps(Crafted(_frombuffer, (buf, np.dtype(dt), shape, order)), p)
    for o in ["C", "F", "A", "a", "c", "f", None, b"F"]:
        c("np_frombuffer_order_%s" % (repr(o).replace("'", "").replace('"', "")), fb(six, "u1", (2, 3), o))
    for o in ["K", "k", "", "CF", "Fortran"]:
        c("np_frombuffer_order_bad_%s" % (o or "empty"), fb(six, "u1", (2, 3), o), "Malformed", ["order"])
    c("np_frombuffer_shape_int", fb(b"\x00" * 16, "f8", 2, "C"))
    c("np_frombuffer_shape_neg", fb(b"\x00" * 16, "f8", (-1,), "C"), "Malformed", ["shape"], deliberate=True)
    c("np_frombuffer_shape_bool", fb(b"\x00" * 8, "f8", (True,), "C"), "Malformed", ["shape"])
    c("np_frombuffer_odd", fb(b"\x00" * 9, "f8", (1,), "C"), "ArraySize", ["9"])
    c("np_frombuffer_empty_0d", fb(b"", "f8", (), "C"), "ArraySize", ["() of f8"])
    c("np_frombuffer_0d", fb(b"\x00" * 8, "f8", (), "C"))
    c("np_frombuffer_str", fb("ab", "u1", (2,), "C"), "Malformed", ["buffer"])
    c("np_frombuffer_bytearray", fb(bytearray(b"\x01\x02"), "u1", (2,), "C"))
    c("np_frombuffer_i1_u1_2_63", fb(b"", "u1", (2**63 - 1, 0), "C"))
    c("np_frombuffer_u2_2_63", fb(b"", "u2", (2**63 - 1, 0), "C"), "ArrayTooBig")
    # READONLY_BUFFER of a bytearray (a memoryview) as _frombuffer's buffer, and as a value
    ro = (b"\x80\x05\x8c\x12numpy.core.numeric\x8c\x0b_frombuffer\x93(\x96\x02\x00\x00\x00\x00\x00\x00\x00\x01\x02\x98"
          b"\x8c\x05numpy\x8c\x05dtype\x93\x8c\x02u1\x85RK\x02\x85\x8c\x01CtR.")
    c("np_frombuffer_readonly_buffer", ro)
    c("np_readonly_buffer_as_value", b"\x80\x05\x96\x01\x00\x00\x00\x00\x00\x00\x00a\x98.", "Unsupported",
            ["memoryview"], deliberate=True)
    scalar = np.int64(1).__reduce__()[0]
    sc = lambda dt, raw: pickle.dumps(Crafted(scalar, (np.dtype(dt), raw)), 2)
    c("np_scalar_bytes", sc("f8", b"\x00" * 8))
    c("np_scalar_longer", sc("f8", b"\x00" * 8 + b"\x01"))
    c("np_scalar_shorter", sc("f8", b"\x00" * 4), "Malformed", ["needs 8 bytes"])
    c("np_scalar_bytearray", sc("f8", bytearray(8)), "Malformed", ["scalar"])
    c("np_scalar_str", sc("u1", "a"))
    c("np_scalar_bool_2", sc("?", b"\x02"))
    dt = lambda s, st=None: pickle.dumps(Crafted(np.dtype, (s, False, True), st) if st else Crafted(np.dtype, (s,)), 2)
    for s_ in ["<float64", ">bool", "float", "i", "U5", "O8", "V12", "f8,i4"]:
        try:
            np.dtype(s_)
            deliberate = True
        except TypeError:
            deliberate = False
        c("np_dtype_refused_%s" % "".join(c if c.isalnum() else "_" for c in s_), dt(s_), "UnsupportedDtype",
                [], deliberate=deliberate)
    for s_ in ["float64", "d", "<d", "|f8", "=f8", ">u1", ">i2", "bool", "?", "uint64", ">u8"]:
        d = np.dtype(s_)
        state = (1, (1,), Crafted(np.dtype, (s_, False, True)), False, bytes(range(1, d.itemsize + 1)))
        c("np_dtype_%s" % "".join(c if c.isalnum() else "_" for c in s_),
                pickle.dumps(Crafted(_reconstruct, (np.ndarray, (0,), b"b"), state), 2))

    def dstate(st):
        return pickle.dumps(Crafted(_reconstruct, (np.ndarray, (0,), b"b"),
                                    (1, (1,), Crafted(np.dtype, ("f8", False, True), st), False, b"\x00" * 7 + b"\x40")), 2)
    c("np_dtype_state_big", dstate((3, ">", None, None, None, -1, -1, 0)))
    c("np_dtype_state_native", dstate((3, "=", None, None, None, -1, -1, 0)))
    c("np_dtype_state_pipe", dstate((3, "|", None, None, None, -1, -1, 0)))
    c("np_dtype_state_len7", dstate((3, "<", None, None, None, -1, -1)))
    c("np_dtype_state_meta", dstate((3, "<", None, None, None, -1, -1, 0, {"a": 1})))
    c("np_dtype_state_v5", dstate((5, "<", None, None, None, -1, -1, 0)), "Malformed", ["version"])
    c("np_dtype_state_len5", dstate((1, "<", None, -1, -1)), "Unsupported", ["5 items"])
    c("np_dtype_state_endian_x", dstate((3, "x", None, None, None, -1, -1, 0)), "Unsupported", ["byte order"],
            deliberate=True)
    c("np_dtype_state_fields", dstate((3, "<", None, None, {}, -1, -1, 0)), "Unsupported", ["structured"])
    # __builtin__ exists for Python 2 protocols only
    c("builtin_set_p2", b"\x80\x02c__builtin__\nset\n]K\x01a\x85R.")
    c("builtin_set_p3", b"\x80\x03c__builtin__\nset\n]K\x01a\x85R.", "RefusedGlobal", ["__builtin__.set"], 2)
    c("codecs_encode_utf8", b"\x80\x02c_codecs\nencode\nX\x01\x00\x00\x00aX\x05\x00\x00\x00utf-8\x86R.",
            "Unsupported", ["latin-1"], deliberate=True)
    c("codecs_encode_ignore", b"\x80\x02c_codecs\nencode\nX\x02\x00\x00\x00\xc4\x80X\x06\x00\x00\x00latin1"
            b"X\x06\x00\x00\x00ignore\x87R.", "Unsupported", ["latin-1"], deliberate=True)
    c("codecs_encode_l1_upper", b"\x80\x02c_codecs\nencode\nX\x02\x00\x00\x00\xc3\xa9X\x0a\x00\x00\x00ISO-8859-1\x86R.")
    # dict keys merged as Python merges them: 1 == 1.0 == True, equal tuples, equal frozensets
    c("keys_merge_numbers", b"\x80\x02}(K\x01K\x02G?\xf0\x00\x00\x00\x00\x00\x00K\x03\x88K\x04u.")
    c("keys_merge_frozensets", b"\x80\x04}((K\x01\x91K\x01(G?\xf0\x00\x00\x00\x00\x00\x00\x91K\x02u.")
    c("keys_merge_tuples", b"\x80\x04}(\x8c\x01a\x85K\x01\x8c\x01a\x85K\x02u.")
    c("keys_nan_identity", b"\x80\x04}(G\x7f\xf8\x00\x00\x00\x00\x00\x00\x94K\x01h\x00K\x02G\x7f\xf8\x00\x00\x00"
            b"\x00\x00\x00K\x03u.")
    c("keys_big_float_int", b"\x80\x04}(\x8a\x10" + int(1e38).to_bytes(16, "little", signed=True) +
            b"K\x01G" + struct.pack(">d", 1e38) + b"K\x02u.")
    c("keys_unhashable_list", b"\x80\x04}(]K\x01u.", "Malformed", ["unhashable"])


# ---- property fixtures: random data pickles ----

DTYPES = ["f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"]


class RandomData:
    """Random nested Python/numpy data; a share of the containers, strings, arrays and scalars are reused
    objects (pickled once, then fetched from the memo)."""

    def __init__(self, rng):
        self.rng = rng
        self.pool = []
        self.budget = 60

    def pick(self, options):
        return options[self.rng.randrange(len(options))]

    def int_(self):
        r = self.rng
        bits = self.pick([4, 8, 16, 31, 32, 63, 64, 100, 126])
        return r.randrange(-(2**bits), 2**bits)

    def float_(self):
        r = self.rng
        return self.pick([r.uniform(-1e3, 1e3), r.random(), float(r.randrange(-5, 5)), -0.0, float("inf"),
                          float("-inf"), float("nan"), 5e-324, 1.7976931348623157e308, r.uniform(-1, 1) * 1e-300,
                          r.uniform(-1, 1) * 1e300])

    def str_(self):
        r = self.rng
        alphabet = "abcXYZ019 _-.\\\n\r\t\x00\x1a'\"é€日\U0001F600\u0100\xff"
        return "".join(self.pick(alphabet) for _ in range(r.randrange(0, 12)))

    def bytes_(self):
        return bytes(self.rng.randrange(256) for _ in range(self.rng.randrange(0, 12)))

    def scalar(self):
        dt = np.dtype(self.pick(DTYPES))
        return self.array_values(dt, 1)[0]

    def array_values(self, dt, n):
        r = self.rng
        if dt.kind == "f":
            vals = [self.float_() if r.random() < 0.3 else r.uniform(-10, 10) for _ in range(n)]
            with np.errstate(over="ignore"):
                return np.array(vals, dtype="f8").astype(dt)
        if dt.kind == "b":
            return np.array([r.random() < 0.5 for _ in range(n)], dtype=dt)
        info = np.iinfo(dt)
        return np.array([r.randint(int(info.min), int(info.max)) for _ in range(n)], dtype=dt)

    def array(self):
        r = self.rng
        dt = np.dtype(self.pick(DTYPES))
        ndim = self.pick([0, 1, 1, 2, 2, 3])
        shape = tuple(r.randrange(0, 4) if r.random() < 0.15 else r.randrange(1, 5) for _ in range(ndim))
        n = int(np.prod(shape)) if shape else 1
        a = self.array_values(dt, n).reshape(shape)
        if dt.itemsize > 1 and r.random() < 0.5:
            a = a.astype(dt.newbyteorder(">"))
        if ndim >= 2 and r.random() < 0.6:
            a = np.asfortranarray(a)
        if ndim >= 1 and r.random() < 0.15 and a.shape[0] > 1:
            a = a[::2]  # not contiguous: numpy pickles a contiguous copy
        return a

    def hashable(self, depth):
        r = self.rng
        k = self.pick(["none", "bool", "int", "int", "float", "str", "str", "bytes", "tuple", "frozenset", "npscalar"])
        if depth > 2 and k in ("tuple", "frozenset"):
            k = "str"
        if k == "none":
            return None
        if k == "bool":
            return r.random() < 0.5
        if k == "int":
            return self.int_()
        if k == "float":
            return self.float_()
        if k == "str":
            return self.str_()
        if k == "bytes":
            return self.bytes_()
        if k == "tuple":
            return tuple(self.hashable(depth + 1) for _ in range(r.randrange(0, 3)))
        if k == "frozenset":
            return frozenset(self.hashable(depth + 1) for _ in range(r.randrange(0, 3)))
        dt = np.dtype(self.pick(["f8", "f4", "i8", "i4", "u2", "b1"]))
        return self.array_values(dt, 1)[0]

    def value(self, depth=0):
        r = self.rng
        self.budget -= 1
        if depth > 0 and self.pool and r.random() < 0.25:
            return self.pick(self.pool)
        leaf = depth >= 4 or self.budget <= 0
        kinds = ["none", "bool", "int", "float", "str", "bytes", "bytearray", "scalar", "array", "array"]
        if not leaf:
            kinds += ["list", "list", "tuple", "dict", "dict", "set", "frozenset"]
        k = self.pick(kinds) if depth > 0 else self.pick(["list", "tuple", "dict", "dict"])
        if k == "none":
            return None
        if k == "bool":
            return r.random() < 0.5
        if k == "int":
            return self.int_()
        if k == "float":
            return self.float_()
        if k == "bytearray":
            return bytearray(self.bytes_())
        simple = {"str": self.str_, "bytes": self.bytes_, "scalar": self.scalar, "array": self.array}
        if k in simple:
            v = simple[k]()
        elif k in ("list", "tuple"):
            items = [self.value(depth + 1) for _ in range(r.randrange(0 if depth else 3, 6))]
            v = items if k == "list" else tuple(items)
        elif k == "dict":
            v = {self.hashable(0): self.value(depth + 1) for _ in range(r.randrange(0 if depth else 3, 6))}
        else:
            items = [self.hashable(0) for _ in range(r.randrange(0, 5))]
            v = set(items) if k == "set" else frozenset(items)
        self.pool.append(v)
        return v


def properties(count=200):
    rng = random.Random(7 if NPV == "np1" else 8)
    for i in range(count):
        protocol = i % 6
        obj = RandomData(rng).value()
        data = pickle.dumps(obj, protocol=protocol)
        ok, got = cpython(data)
        if not ok:
            raise SystemExit("property %d: CPython raises %r" % (i, got))
        write("%s_prop_%03d_p%d" % (NPV, i, protocol), data, {"value": enc(got), "protocol": protocol})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    matrix()
    extras()
    bench_forms()
    hostile()
    regressions()
    properties()
    print("wrote fixtures for numpy", np.__version__, "into", os.path.normpath(OUT))
