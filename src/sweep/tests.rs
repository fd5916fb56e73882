use super::*;
use crate::pickle::{ByteOrder, DType, NdArray, Order, Scalar};
use std::sync::Arc;

/// Elements of a test array, little-endian C order.
enum ArrayData {
    F8(Vec<f64>),
    F4(Vec<f32>),
    I8(Vec<i64>),
    I4(Vec<i32>),
    U1(Vec<u8>),
    B1(Vec<bool>),
}

fn nd(shape: Vec<usize>, data: ArrayData) -> NdArray<'static> {
    let (dtype, bytes): (DType, Vec<u8>) = match data {
        ArrayData::F8(v) => (DType::F8, v.iter().flat_map(|x| x.to_le_bytes()).collect()),
        ArrayData::F4(v) => (DType::F4, v.iter().flat_map(|x| x.to_le_bytes()).collect()),
        ArrayData::I8(v) => (DType::I8, v.iter().flat_map(|x| x.to_le_bytes()).collect()),
        ArrayData::I4(v) => (DType::I4, v.iter().flat_map(|x| x.to_le_bytes()).collect()),
        ArrayData::U1(v) => (DType::U1, v),
        ArrayData::B1(v) => (DType::B1, v.iter().map(|&b| u8::from(b)).collect()),
    };
    NdArray::from_le_bytes(shape, dtype, bytes).expect("shape matches data")
}

fn arr(shape: Vec<usize>, data: ArrayData) -> Value<'static> {
    Value::Array(Arc::new(nd(shape, data)))
}

fn dict(items: Vec<(Value<'static>, Value<'static>)>) -> Value<'static> {
    Value::Dict(items.into())
}

fn post(rows: usize, cols: usize, data: Vec<f64>) -> Value<'static> {
    dict(vec![(
        Value::Str("post".into()),
        arr(vec![rows, cols], ArrayData::F8(data)),
    )])
}

fn f8<'s>(p: &'s Option<Post<'_>>) -> &'s Matrix<'s, f64> {
    match p {
        Some(Post::F8(m)) => m,
        other => panic!("expected a float64 post, got {other:?}"),
    }
}

fn row(p: &Option<Post<'_>>, r: usize) -> Vec<f64> {
    f8(p).row(r).collect()
}

#[test]
fn points_sorted_like_python_and_missing_post_kept() {
    let v = dict(vec![
        (Value::Float(0.5), post(1, 2, vec![0.1, 0.9])),
        (Value::Int(-3), post(1, 2, vec![0.2, 0.3])),
        (
            Value::Scalar(Scalar::Float {
                dtype: DType::F8,
                value: 0.25,
            }),
            dict(vec![(Value::Str("pre".into()), Value::None)]),
        ),
        (
            Value::Scalar(Scalar::Int {
                dtype: DType::I8,
                value: 2,
            }),
            post(1, 2, vec![0.0, 1.0]),
        ),
    ]);
    let s = from_value("x", &v).unwrap();
    let labels: Vec<_> = s.points.iter().map(|p| p.value.label()).collect();
    assert_eq!(labels, ["-3", "0.25", "0.5", "2"]);
    assert!(s.points[1].post.is_none());
    assert_eq!(row(&s.points[0].post, 0), [0.2, 0.3]);
    assert_eq!(s.hparam, "x");
}

#[test]
fn equal_keys_merge_first_key_last_value() {
    let v = dict(vec![
        (Value::Int(1), post(1, 2, vec![0.1, 0.1])),
        (Value::Float(2.0), post(1, 2, vec![0.2, 0.2])),
        (Value::Float(1.0), post(1, 2, vec![0.7, 0.7])),
        (Value::Float(-0.0), post(1, 2, vec![0.3, 0.3])),
        (Value::Int(0), post(1, 2, vec![0.4, 0.4])),
    ]);
    let s = from_value("x", &v).unwrap();
    let keys: Vec<_> = s.points.iter().map(|p| p.value.clone()).collect();
    assert_eq!(
        keys,
        [HValue::Float(-0.0), HValue::Int(1), HValue::Float(2.0)]
    );
    assert_eq!(row(&s.points[0].post, 0), [0.4, 0.4]);
    assert_eq!(row(&s.points[1].post, 0), [0.7, 0.7]);
}

#[test]
fn a_replaced_bad_value_is_never_read() {
    let v = dict(vec![
        (Value::Int(1), Value::List(Vec::new().into())),
        (Value::Float(1.0), post(1, 2, vec![0.7, 0.7])),
    ]);
    assert!(from_value("x", &v).is_ok());
}

#[test]
fn many_keys_are_ordered_and_merged() {
    // The most values a sweep may have, given in reverse, plus a float duplicate of every tenth key (the
    // later value wins): sorted once, equal keys merged in one walk.
    let n = MAX_VALUES as i128;
    let shared = post(1, 2, vec![0.5, 0.5]);
    let mut items: Vec<(Value, Value)> = (0..n)
        .rev()
        .map(|i| (Value::Int(i), shared.clone()))
        .collect();
    items.extend(
        (0..n)
            .step_by(10)
            .map(|i| (Value::Float(i as f64), post(1, 2, vec![1.0, 0.0]))),
    );
    let s = from_value("x", &Value::Dict(items.into())).unwrap();
    assert_eq!(s.points.len(), n as usize);
    assert!(s
        .points
        .windows(2)
        .all(|w| w[0].value.py_cmp(&w[1].value) == Some(std::cmp::Ordering::Less)));
    assert_eq!(s.points[10].value, HValue::Int(10));
    assert_eq!(row(&s.points[10].post, 0), [1.0, 0.0]);
    assert_eq!(row(&s.points[11].post, 0), [0.5, 0.5]);
}

#[test]
fn more_values_than_a_figure_can_show_are_refused() {
    // 200k keys (the file that took 57 s with one linear search per key): refused by count, after one
    // O(n log n) sort and merge.
    let shared = post(1, 2, vec![0.5, 0.5]);
    let items: Vec<(Value, Value)> = (0..200_000)
        .map(|i| (Value::Int(i), shared.clone()))
        .collect();
    let v = Value::Dict(items.into());
    let e = from_value("x", &v).unwrap_err();
    assert_eq!(
        e,
        SweepError::TooManyValues {
            n: 200_000,
            max: MAX_VALUES
        }
    );
    assert!(e.to_string().contains("split"), "{e}");
    assert!(matches!(
        png_from_value("x", &v),
        Err(SweepError::TooManyValues { n: 200_000, .. })
    ));
    // One more than the most is refused, the most is not (many_keys_are_ordered_and_merged).
    let items: Vec<(Value, Value)> = (0..MAX_VALUES as i128 + 1)
        .map(|i| (Value::Int(i), shared.clone()))
        .collect();
    assert_eq!(
        from_value("x", &Value::Dict(items.into())),
        Err(SweepError::TooManyValues {
            n: MAX_VALUES + 1,
            max: MAX_VALUES
        })
    );
    // Equal keys count once.
    let items: Vec<(Value, Value)> = (0..MAX_VALUES as i128 + 1)
        .map(|i| (Value::Float((i / 2) as f64), shared.clone()))
        .collect();
    assert!(from_value("x", &Value::Dict(items.into())).is_ok());
}

#[test]
fn strings_sort_by_code_point_and_mixed_keys_are_refused() {
    let v = dict(vec![
        (Value::Str("b".into()), post(1, 2, vec![0.0, 0.0])),
        (Value::Str("B".into()), post(1, 2, vec![0.0, 0.0])),
    ]);
    let s = from_value("x", &v).unwrap();
    assert_eq!(s.points[0].value, HValue::Str("B".into()));
    let v = dict(vec![
        (Value::Str("b\u{1b}[2J".into()), post(1, 2, vec![0.0, 0.0])),
        (Value::Int(1), post(1, 2, vec![0.0, 0.0])),
    ]);
    let e = from_value("x", &v).unwrap_err();
    assert_eq!(
        e,
        SweepError::MixedKeys {
            number: "1".into(),
            string: "\"b\\u{1b}[2J\"".into()
        }
    );
    assert!(!e.to_string().contains('\u{1b}'), "{e}");
}

#[test]
fn nan_and_bool_keys_are_refused() {
    let v = dict(vec![(Value::Float(f64::NAN), post(1, 2, vec![0.0, 0.0]))]);
    assert_eq!(from_value("x", &v), Err(SweepError::NanKey));
    let v = dict(vec![(Value::Bool(true), post(1, 2, vec![0.0, 0.0]))]);
    assert_eq!(
        from_value("x", &v),
        Err(SweepError::BadKey { found: "bool" })
    );
}

#[test]
fn information_post_refusals_name_the_escaped_key() {
    let one_d = dict(vec![(
        Value::Str("k\n".into()),
        dict(vec![(
            Value::Str("post".into()),
            arr(vec![4], ArrayData::F8(vec![0.5; 4])),
        )]),
    )]);
    assert_eq!(
        from_value("x", &one_d),
        Err(SweepError::PostShape {
            key: "\"k\\n\"".into(),
            shape: "(4,)".into(),
            expected: "(n_trials, n_neurons)"
        })
    );
    assert_eq!(
        from_value("x", &Value::List(Vec::new().into())),
        Err(SweepError::NotADict {
            found: "list",
            file: INFO_FILE_NAME
        })
    );
    let ints = dict(vec![(
        Value::Int(1),
        dict(vec![(
            Value::Str("post".into()),
            arr(vec![1, 2], ArrayData::I8(vec![0, 1])),
        )]),
    )]);
    assert!(matches!(
        from_value("x", &ints),
        Err(SweepError::PostDtype { dtype: "int64", .. })
    ));
    let empty = dict(vec![(Value::Int(1), post(0, 2, vec![]))]);
    assert!(matches!(
        from_value("x", &empty),
        Err(SweepError::EmptyPost { .. })
    ));
    let not_dict = dict(vec![(
        Value::Int(1),
        arr(vec![3, 1], ArrayData::F8(vec![1.0; 3])),
    )]);
    assert_eq!(
        from_value("x", &not_dict),
        Err(SweepError::ValueNotADict {
            key: "1".into(),
            found: "numpy array"
        })
    );
    let not_array = dict(vec![(
        Value::Int(1),
        dict(vec![(
            Value::Str("post".into()),
            Value::List(Vec::new().into()),
        )]),
    )]);
    assert_eq!(
        from_value("x", &not_array),
        Err(SweepError::PostNotArray {
            key: "1".into(),
            found: "list"
        })
    );
}

#[test]
fn one_neuron_information_is_a_sweep_not_a_guess() {
    // (3, 1) float64 is what png_counts_sweep_layers_4.pkl holds, but the file name decides what it is.
    let v = dict(vec![(Value::Int(1), post(3, 1, vec![0.1, 0.9, 0.5]))]);
    let s = from_value("x", &v).unwrap();
    assert_eq!(f8(&s.points[0].post).cols(), 1);
    let p = png_from_value("x", &v).unwrap();
    assert_eq!(
        p.points[0].post,
        Some(LayerCounts::F8(vec![0.1, 0.9, 0.5].into()))
    );
}

#[test]
fn png_counts_take_layer_zero_of_any_integer_dtype() {
    let counts = |shape: Vec<usize>, data: ArrayData| {
        dict(vec![
            (Value::Str("pre".into()), Value::None),
            (Value::Str("post".into()), arr(shape, data)),
        ])
    };
    let v = dict(vec![
        (
            Value::Float(0.04),
            counts(vec![2, 3], ArrayData::I8(vec![i64::MAX, 1, 2, -4, 5, 6])),
        ),
        (
            Value::Float(0.02),
            counts(vec![1, 1], ArrayData::U1(vec![255])),
        ),
        (
            Value::Float(0.03),
            counts(vec![2, 1], ArrayData::B1(vec![true, false])),
        ),
        (
            Value::Float(0.05),
            counts(vec![1, 2], ArrayData::F4(vec![0.1, 2.0])),
        ),
        (
            Value::Float(0.06),
            counts(vec![0, 4], ArrayData::I4(vec![])),
        ),
        (
            Value::Float(0.07),
            dict(vec![(
                Value::Str("pre".into()),
                arr(vec![1, 1], ArrayData::I8(vec![1])),
            )]),
        ),
    ]);
    let s = png_from_value("lrate", &v).unwrap();
    let posts: Vec<_> = s.points.iter().map(|p| p.post.clone()).collect();
    assert_eq!(
        posts,
        [
            Some(LayerCounts::F8(vec![255.0].into())),
            Some(LayerCounts::F8(vec![1.0, 0.0].into())),
            Some(LayerCounts::F8(vec![9.223372036854776e18, -4.0].into())),
            Some(LayerCounts::F4(vec![0.1].into())),
            Some(LayerCounts::F8(vec![].into())),
            None,
        ]
    );
    let cols: Vec<&LayerCounts> = s.points.iter().filter_map(|p| p.post.as_ref()).collect();
    assert_eq!(
        cols.iter().map(|c| c.is_empty()).collect::<Vec<_>>(),
        [false, false, false, false, true]
    );
    assert_eq!(cols[0].len(), 1);
    assert!(cols[0].same_array(cols[0]) && !cols[0].same_array(cols[1]));
    assert!(!cols[3].same_array(cols[4]));
    let no_layer = dict(vec![(
        Value::Int(1),
        counts(vec![2, 0], ArrayData::I8(vec![])),
    )]);
    assert!(matches!(
        png_from_value("x", &no_layer),
        Err(SweepError::NoLayer { layer: 0, .. })
    ));
    let three_d = dict(vec![(
        Value::Int(1),
        counts(vec![1, 1, 1], ArrayData::I8(vec![1])),
    )]);
    assert!(matches!(
        png_from_value("x", &three_d),
        Err(SweepError::PostShape { .. })
    ));
}

#[test]
fn file_kind_is_told_by_name() {
    assert_eq!(
        SweepFile::from_file_name("information_sweep_max_convex.pkl"),
        Some(SweepFile::Information)
    );
    assert_eq!(
        SweepFile::from_file_name("png_counts_sweep_layers_4.pkl"),
        Some(SweepFile::PngCounts)
    );
    assert_eq!(
        SweepFile::from_file_name("png_counts_sweep_layers_3.pkl"),
        None
    );
    for f in [SweepFile::Information, SweepFile::PngCounts] {
        assert_eq!(SweepFile::from_file_name(f.file_name()), Some(f));
    }
}

#[test]
fn sweeps_sort_by_folder_bytes() {
    let mk = |h: &str| Sweep {
        hparam: h.into(),
        points: vec![],
    };
    let mut s = vec![mk("lrate"), mk("delay_max"), mk("I2E")];
    sort_sweeps(&mut s);
    let names: Vec<_> = s.iter().map(|s| s.hparam.as_str()).collect();
    assert_eq!(names, ["I2E", "delay_max", "lrate"]);
}

/// A 2x3 float64 array [[0, 1, 2], [3, 4, 5]] stored in `order` and byte order `bo`.
fn stored(order: Order, bo: ByteOrder) -> Arc<NdArray<'static>> {
    let c = [0.0f64, 1.0, 2.0, 3.0, 4.0, 5.0];
    let seq: Vec<f64> = match order {
        Order::C => c.to_vec(),
        Order::Fortran => vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0],
    };
    let bytes: Vec<u8> = seq
        .iter()
        .flat_map(|v| match bo {
            ByteOrder::Little => v.to_le_bytes(),
            ByteOrder::Big => v.to_be_bytes(),
        })
        .collect();
    Arc::new(NdArray {
        shape: vec![2, 3],
        dtype: DType::F8,
        byte_order: bo,
        order,
        data: bytes.into(),
    })
}

#[test]
fn matrix_reads_elements_in_any_storage() {
    for order in [Order::C, Order::Fortran] {
        for bo in [ByteOrder::Little, ByteOrder::Big] {
            let m: Matrix<f64> = Matrix::new(stored(order, bo)).unwrap();
            assert_eq!((m.rows(), m.cols()), (2, 3));
            assert_eq!(m.get(1, 0), Some(3.0), "{order:?} {bo:?}");
            assert_eq!(m.get(0, 2), Some(2.0), "{order:?} {bo:?}");
            assert_eq!(m.get(1, 2), Some(5.0), "{order:?} {bo:?}");
            assert_eq!(m.get(2, 0), None);
            assert_eq!(m.get(0, 3), None);
            assert_eq!(m.row(1).collect::<Vec<_>>(), [3.0, 4.0, 5.0]);
            let s = m.storage();
            assert_eq!(s.by_columns, order == Order::Fortran);
            assert_eq!(s.big_endian, bo == ByteOrder::Big);
            assert_eq!(s.bytes.len(), 48);
        }
    }
    // A wrong dtype or a shape that does not match the bytes is no matrix.
    assert!(Matrix::<f32>::new(stored(Order::C, ByteOrder::Little)).is_none());
    let mut bad = (*stored(Order::C, ByteOrder::Little)).clone();
    bad.shape = vec![3, 3];
    assert!(Matrix::<f64>::new(Arc::new(bad)).is_none());
    let mut three_d = (*stored(Order::C, ByteOrder::Little)).clone();
    three_d.shape = vec![1, 2, 3];
    assert!(Matrix::<f64>::new(Arc::new(three_d)).is_none());
}

#[test]
fn matrices_compare_by_value_and_tell_shared_arrays_apart() {
    let a = stored(Order::C, ByteOrder::Little);
    let m1: Matrix<f64> = Matrix::new(a.clone()).unwrap();
    let m2: Matrix<f64> = Matrix::new(a).unwrap();
    let f: Matrix<f64> = Matrix::new(stored(Order::Fortran, ByteOrder::Big)).unwrap();
    assert!(m1.same_array(&m2) && m1.array_id() == m2.array_id());
    assert!(!m1.same_array(&f) && m1.array_id() != f.array_id());
    // Same values in another storage: equal, not the same array.
    assert_eq!(m1, f);
    let other = Matrix::<f64>::new(Arc::new(
        NdArray::from_f64(vec![2, 3], &[0.0, 1.0, 2.0, 3.0, 4.0, 6.0]).unwrap(),
    ))
    .unwrap();
    assert_ne!(m1, other);
    let wide = Matrix::<f64>::new(Arc::new(
        NdArray::from_f64(vec![3, 2], &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]).unwrap(),
    ))
    .unwrap();
    assert_ne!(m1, wide);
    let one_row = Matrix::<f64>::new(Arc::new(
        NdArray::from_f64(vec![1, 3], &[0.0, 1.0, 2.0]).unwrap(),
    ))
    .unwrap();
    assert_ne!(m1, one_row);
    let post = Post::F8(m1.clone());
    assert_eq!((post.rows(), post.cols(), post.len()), (2, 3, 6));
    assert!(!post.is_empty() && !post.is_f32());
    assert!(post.same_array(&Post::F8(m2)));
    assert!(!post.same_array(&Post::F8(f)));
    let empty =
        Post::F8(Matrix::new(Arc::new(NdArray::from_f64(vec![0, 3], &[]).unwrap())).unwrap());
    assert!(empty.is_empty());
    assert_eq!(empty.len(), 0);
}

#[test]
fn png_counts_read_layer_zero_of_fortran_and_big_endian_arrays() {
    // counts_arr = [[3000, 7], [3100, 8], [2900, 9]] stored column-major, big-endian int32.
    let stored: Vec<i32> = vec![3000, 3100, 2900, 7, 8, 9];
    let a = NdArray {
        shape: vec![3, 2],
        dtype: DType::I4,
        byte_order: ByteOrder::Big,
        order: Order::Fortran,
        data: stored
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect::<Vec<u8>>()
            .into(),
    };
    let v = dict(vec![(
        Value::Int(1),
        dict(vec![(Value::Str("post".into()), Value::Array(Arc::new(a)))]),
    )]);
    let s = png_from_value("x", &v).unwrap();
    assert_eq!(
        s.points[0].post,
        Some(LayerCounts::F8(vec![3000.0, 3100.0, 2900.0].into()))
    );
}
