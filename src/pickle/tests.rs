//! Unit tests of the decoder on hand-assembled pickles: opcodes, memo sharing, BUILD through the memo,
//! byte orders, Fortran order, refusals with their kinds and offsets, and the issue-7 regressions. Every
//! expected value or refusal here was checked with CPython 3.11's `pickle.loads` (numpy 1.26).

use std::sync::Arc;

use super::*;

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// SHORT_BINUNICODE
fn sbu(s: &str) -> Vec<u8> {
    let mut v = vec![0x8c, s.len() as u8];
    v.extend_from_slice(s.as_bytes());
    v
}

fn s(t: &str) -> Value<'static> {
    Value::Str(Text::Shared(t.into()))
}

fn list(items: Vec<Value<'static>>) -> Value<'static> {
    Value::List(items.into())
}

fn dict(items: Vec<(Value<'static>, Value<'static>)>) -> Value<'static> {
    Value::Dict(items.into())
}

fn arr<'v, 'a>(v: &'v Value<'a>) -> &'v NdArray<'a> {
    match v {
        Value::Array(a) => a,
        other => panic!("not an array: {other:?}"),
    }
}

fn err(p: &[u8]) -> PickleError {
    decode(p).expect_err("must be refused")
}

fn kind(p: &[u8]) -> &'static str {
    err(p).kind.name()
}

/// `n` empty lists (EMPTY_LIST at offsets 2 to n + 1), then `n - 1` APPENDs that put each into the one
/// below it: a list nested `n` deep, built from the inside out.
fn nested_lists(n: usize) -> Vec<u8> {
    let mut p = b"\x80\x04".to_vec();
    p.extend(std::iter::repeat_n(b']', n));
    p.extend(std::iter::repeat_n(b'a', n - 1));
    p.push(b'.');
    p
}

fn ints(a: &NdArray) -> Vec<i64> {
    a.iter_c()
        .map(|e| match e {
            Element::Int(i) => i,
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn protocol0_text_opcodes_and_shared_list() {
    let p = b"(dp0\nVa\np1\nI1\nsVb\np2\n(lp3\nF0.5\naL12345678901234567890L\naI01\nasVc\\u00e9\\u005c\ng3\ns.";
    let v = decode(p).unwrap();
    let l = list(vec![
        Value::Float(0.5),
        Value::Int(12345678901234567890),
        Value::Bool(true),
    ]);
    assert_eq!(
        v,
        dict(vec![
            (s("a"), Value::Int(1)),
            (s("b"), l.clone()),
            (s("c\u{e9}\\"), l),
        ])
    );
    // the list reached twice is one shared object
    let Value::Dict(items) = &v else { panic!() };
    let (Value::List(a), Value::List(b)) = (&items[1].1, &items[2].1) else {
        panic!()
    };
    assert!(Arc::ptr_eq(a, b));
}

#[test]
fn append_through_memo_changes_every_reference() {
    // d = {'a': l, 'b': l}; then GET l, APPEND 7, POP
    let p = b"\x80\x02}q\x00(X\x01\x00\x00\x00a]q\x01X\x01\x00\x00\x00bh\x01uh\x01K\x07a0.";
    let l = list(vec![Value::Int(7)]);
    assert_eq!(
        decode(p).unwrap(),
        dict(vec![(s("a"), l.clone()), (s("b"), l)])
    );
}

/// Issue 7, defect 1: `{1: d, 2: d}` with `d = {'k': 'v'}` decoded as `{1: {'k': 'v'}, 2: {None: None}}`.
#[test]
fn a_dict_shared_by_two_keys_is_the_same_value_under_both() {
    let p =
        b"\x80\x02}q\x00(K\x01}q\x01X\x01\x00\x00\x00kq\x02X\x01\x00\x00\x00vq\x03sK\x02h\x01u.";
    let inner = dict(vec![(s("k"), s("v"))]);
    assert_eq!(
        decode(p).unwrap(),
        dict(vec![(Value::Int(1), inner.clone()), (Value::Int(2), inner)])
    );
}

/// `[a1, a2, a1]` where a2 takes a1's dtype (big-endian i2, set by BUILD) from the memo.
fn two_arrays_sharing_dtype(fortran: bool) -> Vec<u8> {
    let tf: &[u8] = if fortran { b"\x88" } else { b"\x89" };
    cat(&[
        b"\x80\x04]\x94(",
        &sbu("numpy.core.multiarray"),
        &sbu("_reconstruct"),
        b"\x93\x94", // memo 1
        &sbu("numpy"),
        &sbu("ndarray"),
        b"\x93\x94",                 // memo 2
        b"K\x00\x85C\x01b\x87R\x94", // memo 3: array 1, pending
        b"(K\x01K\x02K\x02\x86",     // state: version, shape (2, 2)
        &sbu("numpy"),
        &sbu("dtype"),
        b"\x93",
        &sbu("i2"),
        b"\x89\x88\x87R\x94", // memo 4: dtype
        b"(K\x03",
        &sbu(">"),
        b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb", // dtype BUILD: big-endian
        tf,
        b"C\x08\x00\x01\x00\x02\x00\x03\x00\x04tb", // array 1 BUILD
        b"h\x01h\x02K\x00\x85C\x01b\x87R",          // array 2, pending
        b"(K\x01K\x01\x85h\x04\x89C\x02\x00\x05tb", // array 2 BUILD with the memoised dtype
        b"h\x03e.",                                 // array 1 again
    ])
}

#[test]
fn build_through_memo_is_seen_by_later_gets() {
    let p = two_arrays_sharing_dtype(false);
    let v = decode(&p).unwrap();
    let Value::List(items) = &v else { panic!() };
    assert_eq!(items.len(), 3);
    let a = arr(&items[0]);
    assert_eq!(a.shape, vec![2, 2]);
    assert_eq!(a.byte_order, ByteOrder::Big);
    assert_eq!(ints(a), [1, 2, 3, 4]);
    // zero copy: the array's bytes are a slice of the input
    let ArrayBytes::Borrowed(b) = &a.data else {
        panic!("not borrowed")
    };
    assert!(p.as_ptr_range().contains(&b.as_ptr()));
    assert_eq!(
        ints(arr(&items[1])),
        [5],
        "second array must see the built (big-endian) dtype"
    );
    let (Value::Array(x), Value::Array(y)) = (&items[0], &items[2]) else {
        panic!()
    };
    assert!(
        Arc::ptr_eq(x, y),
        "the same array fetched by GET is one object"
    );
}

#[test]
fn fortran_order_is_kept_as_stored_and_read_in_c_order() {
    let p = two_arrays_sharing_dtype(true);
    let v = decode(&p).unwrap();
    let Value::List(items) = &v else { panic!() };
    let a = arr(&items[0]);
    assert_eq!(a.order, Order::Fortran);
    // column-major [1, 2, 3, 4] of shape (2, 2) is [[1, 3], [2, 4]]
    assert_eq!(ints(a), [1, 3, 2, 4]);
}

#[test]
fn protocol5_frombuffer_and_scalar_keys() {
    let p = cat(&[
        b"\x80\x05}\x94(",
        &sbu("numpy._core.multiarray"),
        &sbu("scalar"),
        b"\x93\x94", // memo 1
        &sbu("numpy"),
        &sbu("dtype"),
        b"\x93\x94", // memo 2
        &sbu("<f8"),
        b"\x89\x88\x87R\x94", // memo 3: dtype f8
        b"C\x08",
        &0.04f64.to_le_bytes(),
        b"\x86R", // scalar key
        &sbu("numpy._core.numeric"),
        &sbu("_frombuffer"),
        b"\x93(\x96\x10\x00\x00\x00\x00\x00\x00\x00",
        &1.5f32.to_be_bytes(),
        &2.5f32.to_be_bytes(),
        &(-0.0f32).to_be_bytes(),
        &f32::INFINITY.to_be_bytes(),
        b"h\x02",
        &sbu(">f4"),
        b"\x89\x88\x87R",
        b"K\x02K\x02\x86",
        &sbu("F"),
        b"tRu.",
    ]);
    let Value::Dict(items) = decode(&p).unwrap() else {
        panic!()
    };
    assert_eq!(
        items[0].0,
        Value::Scalar(Scalar::Float {
            dtype: DType::F8,
            value: 0.04
        })
    );
    let a = arr(&items[0].1);
    assert_eq!(a.shape, vec![2, 2]);
    assert_eq!(
        (a.dtype, a.byte_order, a.order),
        (DType::F4, ByteOrder::Big, Order::Fortran)
    );
    let bits: Vec<u32> = a
        .iter_c()
        .map(|e| match e {
            Element::F4(x) => x.to_bits(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(bits, [1.5f32, -0.0, 2.5, f32::INFINITY].map(f32::to_bits));
}

#[test]
fn protocol2_bytes_sets_and_longs() {
    let p = b"\x80\x02c_codecs\nencode\nX\x03\x00\x00\x00\xc3\xbfaX\x06\x00\x00\x00latin1\x86R.";
    assert_eq!(decode(p).unwrap(), Value::Bytes(vec![0xFF, b'a'].into()));
    let p = b"\x80\x02c__builtin__\nset\n]K\x05aK\x05a\x85R.";
    assert_eq!(decode(p).unwrap(), Value::Set(vec![Value::Int(5)].into()));
    assert_eq!(
        decode(b"\x80\x04\x8f(K\x01K\x02K\x01\x90.").unwrap(),
        Value::Set(vec![Value::Int(1), Value::Int(2)].into())
    );
    assert_eq!(
        decode(b"\x80\x04(K\x01\x91.").unwrap(),
        Value::FrozenSet(vec![Value::Int(1)].into())
    );
    assert_eq!(decode(b"\x80\x02\x8a\x00.").unwrap(), Value::Int(0));
    assert_eq!(decode(b"\x80\x02\x8a\x01\xff.").unwrap(), Value::Int(-1));
    let mut min = vec![0x80, 2, 0x8a, 16];
    min.extend_from_slice(&i128::MIN.to_le_bytes());
    min.push(b'.');
    assert_eq!(decode(&min).unwrap(), Value::Int(i128::MIN));
    let mut sext = vec![0x80, 2, 0x8a, 17];
    sext.extend_from_slice(&[0xFF; 17]);
    sext.push(b'.');
    assert_eq!(decode(&sext).unwrap(), Value::Int(-1));
    let mut big = vec![0x80, 2, 0x8a, 17];
    big.extend_from_slice(&[0; 15]);
    big.extend_from_slice(&[0x80, 0]); // 2**127
    big.push(b'.');
    assert_eq!(err(&big), PickleError::new(2, ErrorKind::IntTooLarge));
    assert_eq!(
        decode(b"\x80\x02G\x3f\xf8\x00\x00\x00\x00\x00\x00.").unwrap(),
        Value::Float(1.5)
    );
    assert_eq!(
        decode(b"\x80\x04\x95\x02\x00\x00\x00\x00\x00\x00\x00N.").unwrap(),
        Value::None
    );
}

#[test]
fn equal_dict_keys_merge_as_in_python() {
    // {1: 2, 1.0: 3} is {1: 3} in Python
    let p = b"\x80\x02}(K\x01K\x02G\x3f\xf0\x00\x00\x00\x00\x00\x00K\x03u.";
    assert_eq!(
        decode(p).unwrap(),
        dict(vec![(Value::Int(1), Value::Int(3))])
    );
    // equal frozensets made apart are one key: {frozenset({1}): 'a', frozenset({1.0}): 'b'}
    let p = b"\x80\x04}((K\x01\x91X\x01\x00\x00\x00a(G\x3f\xf0\x00\x00\x00\x00\x00\x00\x91X\x01\x00\x00\x00bu.";
    let Value::Dict(items) = decode(p).unwrap() else {
        panic!()
    };
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0],
        (Value::FrozenSet(vec![Value::Int(1)].into()), s("b"))
    );
    // equal tuples of equal strings made apart are one key
    let p = b"\x80\x04}(X\x01\x00\x00\x00a\x85K\x01X\x01\x00\x00\x00a\x85K\x02u.";
    let Value::Dict(items) = decode(p).unwrap() else {
        panic!()
    };
    assert_eq!(
        &items[..],
        &[(Value::Tuple(vec![s("a")].into()), Value::Int(2))]
    );
}

#[test]
fn refusals_have_kinds_offsets_and_escaped_names() {
    let e = err(b"cos\nsystem\n(S'x'\ntR.");
    assert_eq!(e.offset, 0);
    assert_eq!(e.kind.name(), "RefusedGlobal");
    assert!(e.to_string().contains("global \"os.system\""), "{e}");
    let p = cat(&[b"\x80\x04", &sbu("builtins"), &sbu("eval"), b"\x93."]);
    assert_eq!(err(&p).offset, 18);
    assert_eq!(kind(b"\x80\x04\x8c\x05ab"), "Truncated");
    assert_eq!(err(b"\x80\x04\x8c\x05ab").offset, 2);
    assert_eq!(err(b"\x80\x04N").offset, 3);
    assert_eq!(kind(b""), "Empty");
    assert_eq!(kind(b"\x07PNG\r\n"), "NotAPickle");
    assert_eq!(kind(b"PK\x03\x04\x14\x00\x00\x00"), "ZipArchive");
    assert_eq!(kind(b"\x93NUMPY\x01\x00"), "NpyFile");
    assert_eq!(
        err(b"\x80\x04\xff"),
        PickleError::new(2, ErrorKind::UnknownOpcode { opcode: 0xff })
    );
    assert_eq!(
        err(b"\x80\x06N."),
        PickleError::new(0, ErrorKind::UnsupportedProtocol { protocol: 6 })
    );
    let e = err(b"\x80\x04]\x94h\x00a.");
    assert_eq!((e.offset, e.kind.name()), (2, "Recursive"));
    assert_eq!(kind(b"\x80\x04\x8c\x03a\xed\xa0."), "Surrogate");
    assert_eq!(kind(b"\x80\x04\x8c\x06a\xed\xa0\x80bc."), "Surrogate");
    assert_eq!(err(b"\x80\x04\x8c\x02\xff\xfe.").offset, 2);
    assert_eq!(kind(b"\x80\x04\x8c\x02\xff\xfe."), "InvalidText");
    assert_eq!(kind(b"\x80\x02\x82\x01."), "RefusedOpcode");
    assert_eq!(err(b"\x80\x02N\x97.").offset, 3);
    assert_eq!(kind(b"\x80\x02K\x01Q."), "RefusedOpcode");
    assert_eq!(
        (err(b"\x80\x02a.").offset, kind(b"\x80\x02a.")),
        (2, "Malformed")
    );
    assert_eq!(kind(b"\x80\x02h\x05."), "Malformed");
}

/// Issue 7, defect 5: a crafted global name must not reach a terminal raw.
#[test]
fn text_from_the_file_is_escaped_in_messages() {
    let p = b"\x80\x02cos\x1b[2J\x1b[H\nall files read OK\x07\n.";
    let e = err(p).to_string();
    assert!(!e.contains('\x1b') && !e.contains('\x07'), "{e:?}");
    assert!(e.contains("\\u{1b}[2J"), "{e}");
    let p = cat(&[
        b"\x80\x04",
        &sbu("numpy"),
        &sbu("dtype"),
        b"\x93",
        &sbu("\x1b]0;x\x07"),
        b"\x85R.",
    ]);
    let e = err(&p);
    assert_eq!(e.kind.name(), "UnsupportedDtype");
    assert!(!e.to_string().contains('\x1b'), "{e}");
    let e = err(b"F1.5\x1b[31m\n.").to_string();
    assert!(!e.contains('\x1b') && e.contains("\\u{1b}[31m"), "{e}");
}

/// Issue 7, defect 6: protocol-0 text read as CPython's C unpickler reads it.
#[test]
fn protocol0_text_as_cpython() {
    assert_eq!(decode(b"I010\n.").unwrap(), Value::Int(8));
    assert_eq!(decode(b"I01\n.").unwrap(), Value::Bool(true));
    assert_eq!(decode(b"I0x1f\n.").unwrap(), Value::Int(31));
    assert_eq!(decode(b"V\\\\u0041\n.").unwrap(), s("\\\\u0041"));
    assert_eq!(decode(b"V\\\\\\u0041\n.").unwrap(), s("\\\\A"));
    assert_eq!(kind(b"I5L\n."), "BadNumber");
    assert_eq!(kind(b"L007L\n."), "BadNumber");
    assert_eq!(kind(b"F1e999\n."), "BadNumber");
    assert_eq!(kind(b"V\\u+041\n."), "InvalidText");
    assert_eq!(decode(b"F1e-400\n.").unwrap(), Value::Float(0.0));
}

#[test]
fn numpy_forms_are_checked_as_numpy_checks_them() {
    // ADDITEMS on a frozenset raises AttributeError in CPython; an empty ADDITEMS is a no-op there
    assert_eq!(kind(b"\x80\x04(\x91(K\x01\x90."), "Malformed");
    assert_eq!(
        decode(b"\x80\x04(\x91(\x90.").unwrap(),
        Value::FrozenSet(vec![].into())
    );
    // an array state's shape must be a tuple: a list raises TypeError in numpy
    let state_shape_list = cat(&[
        b"\x80\x04",
        &sbu("numpy.core.multiarray"),
        &sbu("_reconstruct"),
        b"\x93",
        &sbu("numpy"),
        &sbu("ndarray"),
        b"\x93K\x00\x85C\x01b\x87R(K\x01]K\x01a",
        &sbu("numpy"),
        &sbu("dtype"),
        b"\x93",
        &sbu("u1"),
        b"\x85R\x89C\x01\x07tb.",
    ]);
    assert_eq!(kind(&state_shape_list), "Malformed");
    let ok = state_shape_list
        .windows(4)
        .position(|w| w == b"]K\x01a")
        .map(|i| {
            let mut p = state_shape_list.clone();
            p.splice(i..i + 4, b"K\x01\x85".iter().copied());
            p
        })
        .unwrap();
    assert_eq!(arr(&decode(&ok).unwrap()).to_c_vec_f64(), [7.0]);
}

#[test]
fn dtype_refusals() {
    let dt = |s: &str| {
        cat(&[
            b"\x80\x04",
            &sbu("numpy"),
            &sbu("dtype"),
            b"\x93",
            &sbu(s),
            b"\x89\x88\x87R.",
        ])
    };
    assert!(err(&dt("O8")).to_string().contains("Python objects"));
    assert_eq!(kind(&dt("V12")), "UnsupportedDtype");
    assert!(err(&dt("f8")).to_string().contains("dtype used as a value"));
}

fn lying_header(shape: &[u8], dtype: &str, data: &[u8], fortran: bool) -> (Vec<u8>, usize) {
    let p = cat(&[
        b"\x80\x04",
        &sbu("numpy.core.multiarray"),
        &sbu("_reconstruct"),
        b"\x93",
        &sbu("numpy"),
        &sbu("ndarray"),
        b"\x93K\x00\x85C\x01b\x87R(K\x01",
        shape,
        &sbu("numpy"),
        &sbu("dtype"),
        b"\x93",
        &sbu(dtype),
        b"\x89\x88\x87R",
        if fortran { b"\x88" } else { b"\x89" },
        b"B",
        &(data.len() as u32).to_le_bytes(),
        data,
        b"t",
    ]);
    let build_at = p.len();
    (cat(&[&p, b"b."]), build_at)
}

#[test]
fn lying_array_header_is_refused_before_allocating() {
    // shape (2**31,) of f8 with 8 bytes of data; BUILD at the offset reported
    let (p, build_at) = lying_header(b"\x8a\x05\x00\x00\x00\x80\x00\x85", "f8", &[0; 8], false);
    let e = err(&p);
    assert_eq!((e.offset, e.kind.name()), (build_at, "ArraySize"));
    assert!(
        e.to_string()
            .contains("(2147483648,) of f8 (17179869184 bytes)"),
        "{e}"
    );
}

/// Issue 7, defect 2: `(2**31, 2**31, 0)` in Fortran order with no data hung the CLI. numpy's
/// `__setstate__` accepts it (an empty array); the decoder returns it at once.
#[test]
fn empty_fortran_array_with_huge_dimensions_is_returned_at_once() {
    let shape = b"\x8a\x05\x00\x00\x00\x80\x00\x8a\x05\x00\x00\x00\x80\x00K\x00\x87";
    let (p, _) = lying_header(shape, "f8", &[], true);
    let t = std::time::Instant::now();
    let v = decode(&p).unwrap();
    let a = arr(&v);
    assert_eq!(a.shape, vec![1 << 31, 1 << 31, 0]);
    assert_eq!((a.len(), a.iter_c().count()), (0, 0));
    assert!(t.elapsed().as_millis() < 100);
    // (2**62, 2, 0): numpy raises MemoryError
    let shape = b"\x8a\x08\x00\x00\x00\x00\x00\x00\x00\x40K\x02K\x00\x87";
    assert_eq!(kind(&lying_header(shape, "f8", &[], true).0), "ArrayTooBig");
}

#[test]
fn pathological_sharing_ends_quickly() {
    // L0 = []; L(i+1) = [Li, Li]: 2**60 leaves if expanded, 61 lists shared
    let mut p = b"\x80\x04]\x94".to_vec();
    for i in 0..60u8 {
        p.extend_from_slice(&[b'(', b'h', i, b'h', i, b'l', 0x94]);
    }
    p.push(b'.');
    let t = std::time::Instant::now();
    let v = decode(&p).unwrap();
    assert!(t.elapsed().as_secs() < 1);
    let mut depth = 0;
    let mut cur = &v;
    while let Value::List(items) = cur {
        if items.is_empty() {
            break;
        }
        assert!(
            matches!((&items[0], &items[1]), (Value::List(a), Value::List(b)) if Arc::ptr_eq(a, b))
        );
        cur = &items[0];
        depth += 1;
    }
    assert_eq!(depth, 60);
    // deep nesting is refused while it is built
    assert_eq!(kind(&nested_lists(1000)), "TooDeep");
}

#[test]
fn long_latin1_text_fast_path_agrees_with_utf8() {
    let text: String = (0..600u32)
        .map(|i| char::from_u32(i % 256).unwrap())
        .collect();
    let mut p = b"\x80\x02c_codecs\nencode\nX".to_vec();
    p.extend_from_slice(&(text.len() as u32).to_le_bytes());
    p.extend_from_slice(text.as_bytes());
    p.extend_from_slice(b"X\x06\x00\x00\x00latin1\x86R.");
    let want: Vec<u8> = (0..600u32).map(|i| (i % 256) as u8).collect();
    assert_eq!(decode(&p).unwrap(), Value::Bytes(want.into()));
    // the same long text as a value, and a long text with a code point above 0xFF
    let mut p = b"\x80\x02X".to_vec();
    p.extend_from_slice(&(text.len() as u32).to_le_bytes());
    p.extend_from_slice(text.as_bytes());
    p.push(b'.');
    assert_eq!(decode(&p).unwrap(), s(&text));
    let wide = format!("{text}\u{0100}");
    let mut p = b"\x80\x02c_codecs\nencode\nX".to_vec();
    p.extend_from_slice(&(wide.len() as u32).to_le_bytes());
    p.extend_from_slice(wide.as_bytes());
    p.extend_from_slice(b"X\x06\x00\x00\x00latin1\x86R.");
    assert!(err(&p).to_string().contains("U+0100"));
    // invalid UTF-8 that looks latin-1 shaped at a glance is still refused
    let mut p = b"\x80\x02X\x00\x01\x00\x00".to_vec();
    p.extend(std::iter::repeat_n(b'a', 255));
    p.push(0xC3);
    p.push(b'.');
    assert_eq!(kind(&p), "InvalidText");
}

/// LONG_BINPUT / LONG_BINGET with a 4-byte memo index.
fn put(i: u32) -> Vec<u8> {
    cat(&[b"r", &i.to_le_bytes()])
}
fn get(i: u32) -> Vec<u8> {
    cat(&[b"j", &i.to_le_bytes()])
}

/// `T_0 = (L_0,)`, ..., `T_{n-1} = (L_{n-1},)`, each built while its list is empty, then `L_i.append(T_{i+1})`
/// through the memo: a chain of `2n` containers whose depth no container had while it was built, as
/// `t = [([],) for _ in range(n)]; [t[i][0].append(t[i + 1]) for i in range(n - 1)]; pickle.dumps(t[0], 2)`
/// does not make it (the pickler writes nesting directly), but a hand-made file can.
fn tuple_chain_through_memo(n: u32) -> Vec<u8> {
    let mut p = b"\x80\x02".to_vec();
    for i in 0..n {
        p.extend(cat(&[b"]", &put(2 * i), b"\x85", &put(2 * i + 1), b"0"]));
    }
    for i in 0..n - 1 {
        p.extend(cat(&[&get(2 * i), &get(2 * (i + 1) + 1), b"a0"]));
    }
    p.extend(cat(&[&get(1), b"."]));
    p
}

#[test]
fn nesting_made_through_the_memo_is_measured_through_tuples_too() {
    // 100 tuple/list pairs: 200 levels, the limit, decode to the chain CPython gives.
    let p = tuple_chain_through_memo(100);
    let v = decode(&p).unwrap();
    let mut depth = 0;
    let mut cur = &v;
    loop {
        match cur {
            Value::Tuple(t) => cur = &t[0],
            Value::List(l) if l.is_empty() => {
                depth += 1;
                break;
            }
            Value::List(l) => cur = &l[0],
            other => panic!("{other:?}"),
        }
        depth += 1;
    }
    assert_eq!(depth, 200);
    // One pair more is refused by the final check, at the outer tuple.
    let e = err(&tuple_chain_through_memo(101));
    assert_eq!(e.kind.name(), "TooDeep", "{e}");
}

#[test]
fn a_list_reached_again_through_its_own_tuple_is_recursive() {
    // l = []; l.append((l,)); pickle.dumps(l, 2) -> CPython gives [([...],)]; a DAG cannot hold it.
    let p = cat(&[
        b"\x80\x02]",
        &put(0),
        b"\x85",
        &put(1),
        b"0",
        &get(0),
        &get(1),
        b"a.",
    ]);
    assert_eq!(err(&p).kind.name(), "Recursive");
}

#[test]
fn nesting_is_refused_at_the_operation_that_passes_the_limit_while_it_is_built() {
    // 1000 empty lists, then APPENDs that nest each into the one below it: the k-th APPEND (at offset
    // 1001 + k) makes a list of height k + 1, so the 200th, at offset 1201, is the first beyond 200 levels.
    // Refusing there, not in the final check after the whole file, is what keeps deep input cheap.
    let e = err(&nested_lists(1000));
    assert_eq!((e.kind.name(), e.offset), ("TooDeep", 1201), "{e}");
    // 200 levels exactly are built.
    assert!(decode(&nested_lists(200)).is_ok());
    // Through tuples: None, then TUPLE1 after TUPLE1 (the k-th, at offset 2 + k, has height k).
    let mut p = b"\x80\x02N".to_vec();
    p.extend(std::iter::repeat_n(0x85, 300));
    p.push(b'.');
    let e = err(&p);
    assert_eq!((e.kind.name(), e.offset), ("TooDeep", 203), "{e}");
}
