//! A tiny pickle writer for exactly the form numpy 1.26 + CPython 3.11 emit for a sweep file
//! `{float key: {'post': float64 C-order matrix}}` at protocols 2, 4 and 5 (memo, framing and all), so that
//! benches can build multi-MB inputs without committing them. `tests/pickle_fixtures.rs` checks it
//! byte-for-byte against Python-made fixtures (`np1_p{2,4,5}_benchform.pkl`).
#![allow(dead_code)]

const FRAME_TARGET: usize = 64 * 1024;

struct W {
    proto: u8,
    out: Vec<u8>,
    frame: Vec<u8>,
    memo: u32,
}

impl W {
    fn w(&mut self, b: &[u8]) {
        if self.proto >= 4 {
            self.frame.extend_from_slice(b)
        } else {
            self.out.extend_from_slice(b)
        }
    }
    fn commit(&mut self, force: bool) {
        if self.proto < 4 || self.frame.is_empty() || (!force && self.frame.len() < FRAME_TARGET) {
            return;
        }
        if self.frame.len() >= 4 {
            self.out.push(0x95);
            self.out
                .extend_from_slice(&(self.frame.len() as u64).to_le_bytes());
        }
        self.out.append(&mut self.frame);
    }
    /// Opcode boundary at the start of each `save()`.
    fn boundary(&mut self) {
        self.commit(false)
    }
    fn large(&mut self, header: &[u8], payload: &[u8]) {
        if payload.len() >= FRAME_TARGET && self.proto >= 4 {
            self.commit(true);
            self.out.extend_from_slice(header);
            self.out.extend_from_slice(payload);
        } else {
            self.w(header);
            self.w(payload);
        }
    }
    /// Memoises the object just written; returns its memo index.
    fn put(&mut self) -> u32 {
        let i = self.memo;
        self.memo += 1;
        if self.proto >= 4 {
            self.w(&[0x94]);
        } else if i < 256 {
            self.w(&[b'q', i as u8]);
        } else {
            self.w(b"r");
            self.w(&i.to_le_bytes());
        }
        i
    }
    fn get(&mut self, i: u32) {
        if i < 256 {
            self.w(&[b'h', i as u8]);
        } else {
            self.w(b"j");
            self.w(&i.to_le_bytes());
        }
    }
    fn int(&mut self, v: u32) {
        if v < 256 {
            self.w(&[b'K', v as u8]);
        } else if v < 65536 {
            self.w(b"M");
            self.w(&(v as u16).to_le_bytes());
        } else {
            self.w(b"J");
            self.w(&v.to_le_bytes());
        }
    }
    fn str(&mut self, s: &str) -> u32 {
        let b = s.as_bytes();
        if self.proto >= 4 && b.len() < 256 {
            self.w(&[0x8c, b.len() as u8]);
            self.w(b);
        } else {
            let mut h = vec![b'X'];
            h.extend_from_slice(&(b.len() as u32).to_le_bytes());
            self.large(&h, b);
        }
        self.put()
    }
    fn global(&mut self, module: &str, name: &str) -> u32 {
        if self.proto >= 4 {
            self.str(module);
            self.str(name);
            self.w(&[0x93]);
        } else {
            self.w(format!("c{module}\n{name}\n").as_bytes());
        }
        self.put()
    }
    /// `global` for the dtype at protocol 4, where 'numpy' is an already memoised string.
    fn global_with_module_memo(&mut self, module_memo: u32, name: &str) -> u32 {
        self.get(module_memo);
        self.str(name);
        self.w(&[0x93]);
        self.put()
    }
}

/// Pickle bytes of `{keys[i]: {'post': arrays[i] reshaped (rows, cols)}}` as numpy 1.26 writes them.
pub fn sweep_pickle(
    protocol: u8,
    keys: &[f64],
    arrays: &[Vec<f64>],
    rows: u32,
    cols: u32,
) -> Vec<u8> {
    assert!(matches!(protocol, 2 | 4 | 5));
    let mut w = W {
        proto: protocol,
        out: vec![0x80, protocol],
        frame: vec![],
        memo: 0,
    };
    w.w(b"}");
    w.put();
    let batched = keys.len() > 1;
    if batched {
        w.w(b"(");
    }
    let (
        mut post,
        mut recon,
        mut ndarray,
        mut bb,
        mut codecs,
        mut latin1,
        mut dtype,
        mut numpy,
        mut cstr,
    ) = (None, None, None, None, None, None, None, None, None);
    for (k, data) in keys.iter().zip(arrays) {
        w.boundary();
        w.w(b"G");
        w.w(&k.to_be_bytes());
        w.w(b"}");
        w.put();
        match post {
            Some(i) => w.get(i),
            None => post = Some(w.str("post")),
        }
        let raw: Vec<u8> = data.iter().flat_map(|x| x.to_le_bytes()).collect();
        // dtype('f8', False, True) + BUILD, memoised after the first array
        let mut dtype_form = |w: &mut W, numpy: &mut Option<u32>| match dtype {
            Some(i) => w.get(i),
            None => {
                if protocol >= 4 {
                    match *numpy {
                        Some(n) => {
                            w.global_with_module_memo(n, "dtype");
                        }
                        None => {
                            *numpy = Some(w.str("numpy"));
                            w.str("dtype");
                            w.w(&[0x93]);
                            w.put();
                        }
                    }
                } else {
                    w.global("numpy", "dtype");
                }
                w.str("f8");
                w.w(&[0x89, 0x88, 0x87]);
                w.put();
                w.w(b"R");
                dtype = Some(w.put());
                w.w(&[b'(', b'K', 3]);
                w.str("<");
                w.w(b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00t");
                w.put();
                w.w(b"b");
            }
        };
        if protocol == 5 {
            match recon {
                Some(i) => w.get(i),
                None => recon = Some(w.global("numpy.core.numeric", "_frombuffer")),
            }
            w.w(b"(");
            let mut h = vec![0x96];
            h.extend_from_slice(&(raw.len() as u64).to_le_bytes());
            w.boundary();
            w.large(&h, &raw);
            w.put();
            dtype_form(&mut w, &mut numpy);
            w.int(rows);
            w.int(cols);
            w.w(&[0x86]);
            w.put();
            match cstr {
                Some(i) => w.get(i),
                None => cstr = Some(w.str("C")),
            }
            w.w(b"t");
            w.put();
            w.w(b"R");
            w.put();
        } else {
            match recon {
                Some(i) => w.get(i),
                None => recon = Some(w.global("numpy.core.multiarray", "_reconstruct")),
            }
            match ndarray {
                Some(i) => w.get(i),
                None if protocol >= 4 => {
                    numpy = Some(w.str("numpy"));
                    w.str("ndarray");
                    w.w(&[0x93]);
                    ndarray = Some(w.put());
                }
                None => ndarray = Some(w.global("numpy", "ndarray")),
            }
            w.w(&[b'K', 0, 0x85]);
            w.put();
            match bb {
                Some(i) => w.get(i),
                None if protocol >= 4 => {
                    w.w(&[b'C', 1, b'b']);
                    bb = Some(w.put());
                }
                None => {
                    codecs = Some(w.global("_codecs", "encode"));
                    w.str("b");
                    latin1 = Some(w.str("latin1"));
                    w.w(&[0x86]);
                    w.put();
                    w.w(b"R");
                    bb = Some(w.put());
                }
            }
            w.w(&[0x87]);
            w.put();
            w.w(b"R");
            w.put();
            w.w(&[b'(', b'K', 1]);
            w.int(rows);
            w.int(cols);
            w.w(&[0x86]);
            w.put();
            dtype_form(&mut w, &mut numpy);
            w.w(&[0x89]);
            if protocol >= 4 {
                w.boundary();
                if raw.len() < 256 {
                    w.w(&[b'C', raw.len() as u8]);
                    w.w(&raw);
                } else {
                    let mut h = vec![b'B'];
                    h.extend_from_slice(&(raw.len() as u32).to_le_bytes());
                    w.large(&h, &raw);
                }
                w.put();
            } else {
                w.get(codecs.unwrap_or(0));
                let text: String = raw.iter().map(|&b| b as char).collect();
                w.str(&text);
                w.get(latin1.unwrap_or(0));
                w.w(&[0x86]);
                w.put();
                w.w(b"R");
                w.put();
            }
            w.w(b"t");
            w.put();
            w.w(b"b");
        }
        w.w(b"s");
    }
    if batched {
        w.w(b"u");
    }
    w.w(b".");
    w.commit(true);
    w.out
}
