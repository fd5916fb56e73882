//! Unit tests of the decoder on hand-assembled pickles: opcodes, memo sharing, BUILD through the memo,
//! byte orders, Fortran order, and refusals with their offsets.

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

fn arr(v: &Value) -> &NdArray {
    match v {
        Value::Array(a) => a,
        other => panic!("not an array: {other:?}"),
    }
}

#[test]
fn protocol0_text_opcodes_and_shared_list() {
    let p = b"(dp0\nVa\np1\nI1\nsVb\np2\n(lp3\nF0.5\naL12345678901234567890L\naI01\nasVc\\u00e9\\u005c\ng3\ns.";
    let v = decode(p).unwrap();
    let list = Value::List(vec![
        Value::Float(0.5),
        Value::Int(12345678901234567890),
        Value::Bool(true),
    ]);
    assert_eq!(
        v,
        Value::Dict(vec![
            (Value::Str("a".into()), Value::Int(1)),
            (Value::Str("b".into()), list.clone()),
            (Value::Str("c\u{e9}\\".into()), list),
        ])
    );
}

#[test]
fn append_through_memo_changes_every_reference() {
    // d = {'a': l, 'b': l}; then GET l, APPEND 7, POP
    let p = b"\x80\x02}q\x00(X\x01\x00\x00\x00a]q\x01X\x01\x00\x00\x00bh\x01uh\x01K\x07a0.";
    let l = Value::List(vec![Value::Int(7)]);
    assert_eq!(
        decode(p).unwrap(),
        Value::Dict(vec![
            (Value::Str("a".into()), l.clone()),
            (Value::Str("b".into()), l)
        ])
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
    let v = decode(&two_arrays_sharing_dtype(false)).unwrap();
    let Value::List(items) = v else { panic!() };
    assert_eq!(items.len(), 3);
    assert_eq!(arr(&items[0]).shape, vec![2, 2]);
    assert_eq!(arr(&items[0]).data, ArrayData::I2(vec![1, 2, 3, 4]));
    assert_eq!(
        arr(&items[1]).data,
        ArrayData::I2(vec![5]),
        "second array must see the built (big-endian) dtype"
    );
    assert_eq!(items[2], items[0], "the same array fetched by GET");
}

#[test]
fn fortran_order_is_converted_to_c_order() {
    let v = decode(&two_arrays_sharing_dtype(true)).unwrap();
    let Value::List(items) = v else { panic!() };
    // column-major [1, 2, 3, 4] of shape (2, 2) is [[1, 3], [2, 4]]
    assert_eq!(arr(&items[0]).data, ArrayData::I2(vec![1, 3, 2, 4]));
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
    let ArrayData::F4(d) = &a.data else { panic!() };
    assert_eq!(
        d.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        [1.5f32, -0.0, 2.5, f32::INFINITY].map(f32::to_bits)
    );
}

#[test]
fn protocol2_bytes_sets_and_longs() {
    let p = b"\x80\x02c_codecs\nencode\nX\x03\x00\x00\x00\xc3\xbfaX\x06\x00\x00\x00latin1\x86R.";
    assert_eq!(decode(p).unwrap(), Value::Bytes(vec![0xFF, b'a']));
    let p = b"\x80\x02c__builtin__\nset\n]K\x05aK\x05a\x85R.";
    assert_eq!(decode(p).unwrap(), Value::Set(vec![Value::Int(5)]));
    assert_eq!(
        decode(b"\x80\x04\x8f(K\x01K\x02K\x01\x90.").unwrap(),
        Value::Set(vec![Value::Int(1), Value::Int(2)])
    );
    assert_eq!(
        decode(b"\x80\x04(K\x01\x91.").unwrap(),
        Value::FrozenSet(vec![Value::Int(1)])
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
    assert!(matches!(
        decode(&big),
        Err(PickleError::Unsupported { offset: 2, .. })
    ));
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
        Value::Dict(vec![(Value::Int(1), Value::Int(3))])
    );
}

fn err(p: &[u8]) -> PickleError {
    decode(p).expect_err("must be refused")
}

#[test]
fn refusals_name_the_thing_and_the_offset() {
    let e = err(b"cos\nsystem\n(S'x'\ntR.");
    assert_eq!(
        e,
        PickleError::RefusedGlobal {
            name: "os.system".into(),
            offset: 0
        }
    );
    assert!(e.to_string().contains("`os.system` at byte 0"), "{e}");
    let p = cat(&[b"\x80\x04", &sbu("builtins"), &sbu("eval"), b"\x93."]);
    assert_eq!(
        err(&p),
        PickleError::RefusedGlobal {
            name: "builtins.eval".into(),
            offset: 18
        }
    );
    assert!(matches!(
        err(b"\x80\x04\x8c\x05ab"),
        PickleError::Truncated { offset: 2, .. }
    ));
    assert!(matches!(
        err(b"\x80\x04N"),
        PickleError::Truncated { offset: 3, .. }
    ));
    assert!(matches!(err(b""), PickleError::NotAPickle(_)));
    assert!(matches!(err(b"\x89PNG\r\n"), PickleError::NotAPickle(_)));
    assert!(matches!(
        err(b"\x80\x04\xff"),
        PickleError::Malformed { offset: 2, .. }
    ));
    assert!(matches!(
        err(b"\x80\x06N."),
        PickleError::Unsupported { offset: 0, .. }
    ));
    let e = err(b"\x80\x04]\x94h\x00a.");
    assert!(
        matches!(e, PickleError::Unsupported { offset: 2, .. })
            && e.to_string().contains("recursive"),
        "{e}"
    );
    let e = err(b"\x80\x04\x8c\x03a\xed\xa0.");
    assert!(
        matches!(
            e,
            PickleError::Malformed { .. } | PickleError::Unsupported { .. }
        ),
        "{e}"
    );
    let e = err(b"\x80\x04\x8c\x06a\xed\xa0\x80bc.");
    assert!(e.to_string().contains("surrogate"), "{e}");
    assert!(matches!(
        err(b"\x80\x04\x8c\x02\xff\xfe."),
        PickleError::Malformed { offset: 2, .. }
    ));
    assert!(matches!(
        err(b"\x80\x02\x82\x01."),
        PickleError::Unsupported { offset: 2, .. }
    ));
    assert!(matches!(
        err(b"\x80\x02N\x97."),
        PickleError::Unsupported { offset: 3, .. }
    ));
    assert!(matches!(
        err(b"\x80\x02K\x01Q."),
        PickleError::Unsupported { offset: 4, .. }
    ));
    assert!(matches!(
        err(b"\x80\x02a."),
        PickleError::Malformed { offset: 2, .. }
    ));
    assert!(matches!(
        err(b"\x80\x02h\x05."),
        PickleError::Malformed { offset: 2, .. }
    ));
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
    assert!(err(&dt("O8")).to_string().contains("object dtype"));
    assert!(err(&dt("V12")).to_string().contains("structured"));
    assert!(err(&dt("f8")).to_string().contains("dtype used as a value"));
}

#[test]
fn lying_array_header_is_refused_before_allocating() {
    // shape (2**31,) of f8 with 8 bytes of data; BUILD at the offset reported
    let p = cat(&[
        b"\x80\x04",
        &sbu("numpy.core.multiarray"),
        &sbu("_reconstruct"),
        b"\x93",
        &sbu("numpy"),
        &sbu("ndarray"),
        b"\x93K\x00\x85C\x01b\x87R(K\x01\x8a\x05\x00\x00\x00\x80\x00\x85",
        &sbu("numpy"),
        &sbu("dtype"),
        b"\x93",
        &sbu("f8"),
        b"\x89\x88\x87R\x89C\x08\x00\x00\x00\x00\x00\x00\x00\x00t",
    ]);
    let build_at = p.len();
    let p = cat(&[&p, b"b."]);
    let e = err(&p);
    assert!(
        matches!(e, PickleError::Malformed { offset, .. } if offset == build_at),
        "{e:?}"
    );
    assert!(e.to_string().contains("2147483648"), "{e}");
}

#[test]
fn pathological_sharing_ends_quickly() {
    // L0 = []; L(i+1) = [Li, Li]: 2**60 leaves if expanded
    let mut p = b"\x80\x04]\x94".to_vec();
    for i in 0..60u8 {
        p.extend_from_slice(&[b'(', b'h', i, b'h', i, b'l', 0x94]);
    }
    p.push(b'.');
    let t = std::time::Instant::now();
    let e = err(&p);
    assert!(e.to_string().contains("too much work"), "{e}");
    assert!(t.elapsed().as_secs() < 5);
    // deep nesting
    let mut p = b"\x80\x04".to_vec();
    p.extend(std::iter::repeat_n(b']', 1000));
    p.extend(std::iter::repeat_n(b'a', 999));
    p.push(b'.');
    assert!(err(&p).to_string().contains("deeper"));
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
    assert_eq!(decode(&p).unwrap(), Value::Bytes(want));
    // the same long text as a value, and a long text with a code point above 0xFF
    let mut p = b"\x80\x02X".to_vec();
    p.extend_from_slice(&(text.len() as u32).to_le_bytes());
    p.extend_from_slice(text.as_bytes());
    p.push(b'.');
    assert_eq!(decode(&p).unwrap(), Value::Str(text.clone()));
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
    assert!(matches!(err(&p), PickleError::Malformed { .. }));
}
