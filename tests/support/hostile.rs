//! Builders of hostile pickles that amplify memory or work in a naive decoder (issue 7, defect 4, and
//! the decoder's own worst cases), shared by `tests/pickle_memory.rs` and `examples/pickle_mem.rs`.
#![allow(dead_code)]

/// A named input (built on demand) and what decoding it must give.
pub struct Case {
    pub name: &'static str,
    pub build: fn() -> Vec<u8>,
    /// `Ok(())` when the pickle is plain (if odd) data, `Err(kind name)` when it must be refused.
    pub expect: Result<(), &'static str>,
}

const PROTO4: &[u8] = b"\x80\x04";

fn sbu(s: &str) -> Vec<u8> {
    let mut v = vec![0x8c, s.len() as u8];
    v.extend_from_slice(s.as_bytes());
    v
}

/// `[l] * dups` where `l` is a list of 100 small ints: one list, shared `dups` times through DUP.
pub fn dup_list(dups: usize) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    p.extend_from_slice(b"(](");
    for i in 0..100u8 {
        p.extend_from_slice(&[b'K', i]);
    }
    p.push(b'e');
    p.extend(std::iter::repeat_n(b'2', dups - 1));
    p.extend_from_slice(b"l.");
    p
}

/// `[bytes(x)] * copies` with `x` a 100 kB bytes object: every call reuses the same bytes.
pub fn bytes_copies(copies: usize) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    p.push(b'B');
    p.extend_from_slice(&100_000u32.to_le_bytes());
    p.extend(std::iter::repeat_n(0xAB, 100_000));
    p.push(0x94); // memo 0: x
    p.extend_from_slice(&sbu("builtins"));
    p.extend_from_slice(&sbu("bytes"));
    p.extend_from_slice(b"\x93\x94"); // memo 1: bytes
    p.extend_from_slice(b"0]("); // drop bytes from the stack, start the list
    for _ in 0..copies {
        p.extend_from_slice(b"h\x01h\x00\x85R");
    }
    p.extend_from_slice(b"e.");
    p
}

/// `[x.encode('latin1')] * copies` at protocol 2 with `x` a 100 kB text: decoded once.
pub fn latin1_copies(copies: usize) -> Vec<u8> {
    let mut p = b"\x80\x02c_codecs\nencode\nq\x00X".to_vec();
    let text: String = (0..100_000u32)
        .map(|i| char::from((i % 200) as u8 + 40))
        .collect();
    p.extend_from_slice(&(text.len() as u32).to_le_bytes());
    p.extend_from_slice(text.as_bytes());
    p.extend_from_slice(b"q\x01X\x06\x00\x00\x00latin1q\x020](");
    for _ in 0..copies {
        p.extend_from_slice(b"h\x00h\x01h\x02\x86R");
    }
    p.extend_from_slice(b"e.");
    p
}

/// `[set(l)] * copies` where `l` is a memoised list of 1000 ints: each call builds a new set.
pub fn set_copies(copies: usize) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    p.extend_from_slice(b"](");
    for i in 0..1000u32 {
        p.push(b'M');
        p.extend_from_slice(&(i as u16).to_le_bytes());
    }
    p.extend_from_slice(b"e\x94"); // memo 0: l
    p.extend_from_slice(&sbu("builtins"));
    p.extend_from_slice(&sbu("set"));
    p.extend_from_slice(b"\x93\x94"); // memo 1: set
    p.extend_from_slice(b"00](");
    for _ in 0..copies {
        p.extend_from_slice(b"h\x01h\x00\x85R");
    }
    p.extend_from_slice(b"e.");
    p
}

/// `{1: {1: {1: ...}}}` `depth` deep, every dict made first and filled by SETITEMs at the end.
pub fn deep_dict_setitem(depth: usize) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    for _ in 0..depth {
        p.extend_from_slice(b"}K\x01");
    }
    p.push(b'}');
    p.extend(std::iter::repeat_n(b's', depth));
    p.push(b'.');
    p
}

/// The same dict nesting written with a MARK per level (SETITEMS).
pub fn deep_dict_marks(depth: usize) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    for _ in 0..depth {
        p.extend_from_slice(b"}(K\x01");
    }
    p.push(b'}');
    p.extend(std::iter::repeat_n(b'u', depth));
    p.push(b'.');
    p
}

/// `n` memoised empty lists, then each appended into the previous through the memo, top-down, so every
/// APPEND sees a shallow child: only the final check can see the depth.
pub fn deep_lists_through_memo(n: u32) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    for _ in 0..n {
        p.extend_from_slice(b"]\x94");
    }
    for i in 0..n - 1 {
        p.push(b'j');
        p.extend_from_slice(&i.to_le_bytes());
        p.push(b'j');
        p.extend_from_slice(&(i + 1).to_le_bytes());
        p.extend_from_slice(b"a0");
    }
    p.extend_from_slice(b"j\x00\x00\x00\x00.");
    p
}

/// A list of `n` distinct empty lists: one node per input byte, the arena's worst case.
pub fn empty_lists(n: usize) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    p.push(b'(');
    p.extend(std::iter::repeat_n(b']', n));
    p.extend_from_slice(b"l.");
    p
}

/// A list of `n` Nones: one output value per input byte, the conversion's worst case.
pub fn nones(n: usize) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    p.push(b'(');
    p.extend(std::iter::repeat_n(b'N', n));
    p.extend_from_slice(b"l.");
    p
}

/// A dict of `n` distinct int keys (BININT) to None.
pub fn int_dict(n: u32) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    p.extend_from_slice(b"}(");
    for i in 0..n {
        p.push(b'J');
        p.extend_from_slice(&i.to_le_bytes());
        p.push(b'N');
    }
    p.extend_from_slice(b"u.");
    p
}

/// A dict of 65535 distinct BININT2 keys to None (4 bytes an entry), or the set of the same ints.
pub fn int2_container(set: bool) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    p.extend_from_slice(if set { b"\x8f(" } else { b"}(" });
    for i in 1..=u16::MAX {
        p.push(b'M');
        p.extend_from_slice(&i.to_le_bytes());
        if !set {
            p.push(b'N');
        }
    }
    p.extend_from_slice(if set { b"\x90." } else { b"u." });
    p
}

/// A memoised tuple chain `t(i+1) = (t(i), t(i))` 150 deep, then used `keys` times as a dict key: its
/// hash would be exponential without memoised fingerprints.
pub fn shared_tuple_keys(keys: usize) -> Vec<u8> {
    let mut p = PROTO4.to_vec();
    p.extend_from_slice(b")\x94");
    for i in 0..150u32 {
        p.push(b'j');
        p.extend_from_slice(&i.to_le_bytes());
        p.extend_from_slice(b"2\x86\x94");
    }
    p.extend_from_slice(b"0}(");
    for k in 0..keys {
        p.extend_from_slice(b"j\x96\x00\x00\x00");
        p.push(b'J');
        p.extend_from_slice(&(k as u32).to_le_bytes());
    }
    p.extend_from_slice(b"u.");
    p
}

/// The cases and the decoder's own worst cases, all under 1 MB except the 4 MB deep dicts.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "dup_list_100k",
            build: || dup_list(100_000),
            expect: Ok(()),
        },
        Case {
            name: "dup_list_900k",
            build: || dup_list(900_000),
            expect: Ok(()),
        },
        Case {
            name: "bytes_copies_2k",
            build: || bytes_copies(2_000),
            expect: Ok(()),
        },
        Case {
            name: "latin1_copies_2k",
            build: || latin1_copies(2_000),
            expect: Ok(()),
        },
        Case {
            name: "set_copies_20k",
            build: || set_copies(20_000),
            expect: Err("Budget"),
        },
        Case {
            name: "deep_dict_setitem_1e6",
            build: || deep_dict_setitem(1_000_000),
            expect: Err("TooDeep"),
        },
        Case {
            name: "deep_dict_marks_1e6",
            build: || deep_dict_marks(1_000_000),
            expect: Err("TooDeep"),
        },
        Case {
            name: "deep_lists_memo_1e5",
            build: || deep_lists_through_memo(100_000),
            expect: Err("TooDeep"),
        },
        Case {
            name: "empty_lists_10k",
            build: || empty_lists(10_000),
            expect: Ok(()),
        },
        Case {
            name: "empty_lists_1m",
            build: || empty_lists(1_000_000),
            expect: Err("Budget"),
        },
        Case {
            name: "nones_1m",
            build: || nones(1_000_000),
            expect: Ok(()),
        },
        Case {
            name: "int_dict_150k",
            build: || int_dict(150_000),
            expect: Ok(()),
        },
        Case {
            name: "int2_dict_65k",
            build: || int2_container(false),
            expect: Ok(()),
        },
        Case {
            name: "int2_set_65k",
            build: || int2_container(true),
            expect: Ok(()),
        },
        Case {
            name: "shared_tuple_keys_100k",
            build: || shared_tuple_keys(100_000),
            expect: Ok(()),
        },
    ]
}
